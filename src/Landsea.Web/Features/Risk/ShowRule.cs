using System.Security.Claims;
using Landsea.Data.Access;
using Landsea.Data.Risk;
using Landsea.Web.Features.Access;

namespace Landsea.Web.Features.Risk;

/// <summary><c>GET /api/risk/rules/{id}</c>: every version of one rule, oldest first, with when it was saved; officers and auditors.</summary>
public static class ShowRule
{
    public static void Map(RouteGroupBuilder risk) =>
        risk.MapGet("/rules/{id}", HandleAsync).WithSummary("Every version of one rule, oldest first");

    public static async Task<IResult> HandleAsync(string id, ClaimsPrincipal user, RiskStore store, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.SeesAll)
        {
            return RiskFeature.Forbidden(scope, "see risk rules");
        }

        IReadOnlyList<StoredRule> versions = await store.RuleVersionsAsync(id, ct);
        return versions.Count == 0 ? RiskFeature.NotFound($"No rule '{id}'.") : Results.Ok(versions);
    }
}
