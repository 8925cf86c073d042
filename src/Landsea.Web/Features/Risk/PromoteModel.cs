using System.Security.Claims;
using Landsea.Data.Access;
using Landsea.Data.Risk;
using Landsea.Web.Features.Access;

namespace Landsea.Web.Features.Risk;

/// <summary><c>POST /api/risk/models/{id}/promote</c>: new declarations are scored with this model (officers).</summary>
public static class PromoteModel
{
    public static void Map(RouteGroupBuilder risk) =>
        risk.MapPost("/models/{id}/promote", HandleAsync).WithSummary("Score new declarations with this model (officers)");

    public static async Task<IResult> HandleAsync(string id, ClaimsPrincipal user, RiskStore store, TimeProvider time, ILoggerFactory logs, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.CanAct)
        {
            return RiskFeature.Forbidden(scope, "promote risk models");
        }

        if (!await store.PromoteAsync(id, time.GetUtcNow(), scope.User, ct))
        {
            return RiskFeature.NotFound($"No model '{id}' in the registry.");
        }

        RiskFeature.Log.ModelPromoted(RiskFeature.Logger(logs), id, scope.User);
        return Results.Ok(new { promoted = id });
    }
}
