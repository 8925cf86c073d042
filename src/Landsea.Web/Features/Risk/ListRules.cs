using System.Security.Claims;
using Landsea.Data.Access;
using Landsea.Data.Risk;
using Landsea.Web.Features.Access;

namespace Landsea.Web.Features.Risk;

/// <summary><c>GET /api/risk/rules</c>: the current version of every officer rule; officers and auditors.</summary>
public static class ListRules
{
    public static void Map(RouteGroupBuilder risk) =>
        risk.MapGet("/rules", HandleAsync).WithSummary("Current version of every officer rule");

    public static async Task<IResult> HandleAsync(ClaimsPrincipal user, RiskStore store, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        return scope.SeesAll ? Results.Ok((await store.CurrentRulesAsync(ct)).Select(r => r.Rule)) : RiskFeature.Forbidden(scope, "see risk rules");
    }
}
