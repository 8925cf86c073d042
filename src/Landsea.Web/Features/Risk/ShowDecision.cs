using System.Security.Claims;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Data.Risk;
using Landsea.Risk;
using Landsea.Web.Features.Access;

namespace Landsea.Web.Features.Risk;

/// <summary>What the node decided about a declaration, and what controls found.</summary>
public sealed record RiskView(RiskDecision Decision, IReadOnlyList<InspectionOutcome> Outcomes);

/// <summary><c>GET /api/declarations/{mrn}/risk</c>: the risk decision (channel, score, rule hits, model factors) and the outcomes of controls; officers and auditors.</summary>
public static class ShowDecision
{
    public static void Map(RouteGroupBuilder declarations) =>
        declarations.MapGet("/risk", HandleAsync).WithSummary("The risk decision: channel, score, rule hits, model factors, and the outcomes of controls");

    public static async Task<IResult> HandleAsync(string mrn, ClaimsPrincipal user, DeclarationQueries declarations, RiskStore store, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.SeesAll)
        {
            return RiskFeature.Forbidden(scope, "see risk decisions");
        }

        if (await declarations.GetAsync(scope, mrn, ct) is null)
        {
            return RiskFeature.NotFound($"No declaration '{mrn}' that you may see.");
        }

        return await store.DecisionAsync(mrn, ct) is { } decision
            ? Results.Ok(new RiskView(decision, await store.OutcomesAsync(mrn, ct)))
            : RiskFeature.NotFound($"Declaration '{mrn}' has no risk decision (it was not accepted by this node, or was accepted before risk was enabled).");
    }
}
