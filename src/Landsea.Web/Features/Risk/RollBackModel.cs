using System.Security.Claims;
using Landsea.Data.Access;
using Landsea.Data.Risk;
using Landsea.Web.Features.Access;

namespace Landsea.Web.Features.Risk;

/// <summary><c>POST /api/risk/models/rollback</c>: returns to the model promoted before (or to rules only) (officers).</summary>
public static class RollBackModel
{
    public static void Map(RouteGroupBuilder risk) =>
        risk.MapPost("/models/rollback", HandleAsync).WithSummary("Return to the model promoted before (or to rules only) (officers)");

    public static async Task<IResult> HandleAsync(ClaimsPrincipal user, RiskStore store, TimeProvider time, ILoggerFactory logs, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.CanAct)
        {
            return RiskFeature.Forbidden(scope, "roll back risk models");
        }

        (bool rolledBack, string? current) = await store.RollBackAsync(time.GetUtcNow(), scope.User, ct);
        if (!rolledBack)
        {
            return Results.Problem("No model is promoted: the node already scores with rules only.", statusCode: StatusCodes.Status409Conflict, title: "Nothing to roll back");
        }

        RiskFeature.Log.ModelPromoted(RiskFeature.Logger(logs), current ?? "(rules only)", scope.User);
        return Results.Ok(new { promoted = current });
    }
}
