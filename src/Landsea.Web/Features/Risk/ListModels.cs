using System.Security.Claims;
using Landsea.Data.Access;
using Landsea.Data.Risk;
using Landsea.Web.Features.Access;

namespace Landsea.Web.Features.Risk;

/// <summary><c>GET /api/risk/models</c>: the model registry (fingerprint, parameters and metrics of each model; which one is promoted); officers and auditors.</summary>
public static class ListModels
{
    public static void Map(RouteGroupBuilder risk) =>
        risk.MapGet("/models", HandleAsync).WithSummary("The model registry: fingerprint, parameters and metrics of each model; which one is promoted");

    public static async Task<IResult> HandleAsync(ClaimsPrincipal user, RiskStore store, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        return scope.SeesAll ? Results.Ok(await store.ModelsAsync(ct)) : RiskFeature.Forbidden(scope, "see risk models");
    }
}
