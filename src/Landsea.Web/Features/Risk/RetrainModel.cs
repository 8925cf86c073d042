using System.Security.Claims;
using Landsea.Data.Access;
using Landsea.Data.Risk;
using Landsea.Risk;
using Landsea.Shared;
using Landsea.Web.Features.Access;

namespace Landsea.Web.Features.Risk;

/// <summary>A retraining request: the learner's seed (default 1) and whether to promote the new model at once.</summary>
public sealed record RetrainRequest(int? Seed, bool? Promote);

/// <summary><c>POST /api/risk/models/retrain</c>: trains a model from the node's controlled declarations and their outcomes and adds it to the registry, promoted at once on request (officers); 422 with the LS2xx code when retraining is refused.</summary>
public static class RetrainModel
{
    public static void Map(RouteGroupBuilder risk) =>
        risk.MapPost("/models/retrain", HandleAsync).WithSummary("Train a model from the node's controlled declarations and their outcomes (officers)");

    public static async Task<IResult> HandleAsync(RetrainRequest? request, ClaimsPrincipal user, RiskStore store, IRiskModelEngine engine, TimeProvider time, ILoggerFactory logs, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.CanAct)
        {
            return RiskFeature.Forbidden(scope, "retrain risk models");
        }

        IReadOnlyList<LabelledCase> cases = await store.TrainingCasesAsync(ct);
        Result<TrainedModel> trained = await Task.Run(() => engine.Train(cases, request?.Seed ?? 1, 2, time), ct);
        if (!trained.IsValid)
        {
            return Results.Problem(trained.Failure!.Reason, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Cannot retrain", extensions: new Dictionary<string, object?> { ["code"] = trained.Failure.Code });
        }

        await store.AddModelAsync(trained.Value, time.GetUtcNow(), scope.User, ct);
        if (request?.Promote == true)
        {
            await store.PromoteAsync(trained.Value.ModelId, time.GetUtcNow(), scope.User, ct);
        }

        RiskFeature.Log.ModelTrained(RiskFeature.Logger(logs), trained.Value.ModelId, trained.Value.Cases, scope.User);
        return Results.Created($"/api/risk/models", (await store.ModelsAsync(ct)).First(m => m.ModelId == trained.Value.ModelId));
    }
}
