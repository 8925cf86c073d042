using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Data.Risk;
using Landsea.Web.Features.Access;
using Microsoft.AspNetCore.Mvc;

namespace Landsea.Web.Features.Risk;

/// <summary>An officer's record of a control: <paramref name="Found"/> true when an irregularity was found; <paramref name="What"/> in words.</summary>
public sealed record OutcomeRequest(bool? Found, string? What);

/// <summary>A retraining request: the learner's seed (default 1) and whether to promote the new model at once.</summary>
public sealed record RetrainRequest(int? Seed, bool? Promote);

/// <summary>What the node decided about a declaration, and what controls found.</summary>
public sealed record RiskView(RiskDecision Decision, IReadOnlyList<InspectionOutcome> Outcomes);

/// <summary>
/// Risk API: a declaration's decision and outcomes; officer rules (versioned); the model registry (retrain, promote,
/// roll back). Officers and auditors read; officers write. Traders and partners see nothing of risk.
/// </summary>
public static partial class RiskApi
{
    public static void MapRiskApi(this WebApplication app)
    {
        RouteGroupBuilder declarations = app.MapGroup("/api/declarations/{mrn}").RequireAuthorization().WithTags("Risk");
        declarations.MapGet("/risk", GetDecisionAsync).WithSummary("The risk decision: channel, score, rule hits, model factors, and the outcomes of controls");
        declarations.MapGet("/outcomes", GetOutcomesAsync).WithSummary("Outcomes of controls of a declaration (local and from partners)");
        declarations.MapPost("/outcomes", RecordOutcomeAsync).WithSummary("Record the outcome of a control (officers): found or not, and what");

        RouteGroupBuilder risk = app.MapGroup("/api/risk").RequireAuthorization().WithTags("Risk");
        risk.MapGet("/rules", ListRulesAsync).WithSummary("Current version of every officer rule");
        risk.MapGet("/rules/{id}", RuleVersionsAsync).WithSummary("Every version of one rule, oldest first");
        risk.MapPost("/rules", CreateRuleAsync).Accepts<RiskRule>("application/json").WithSummary("Add a rule (officers); the author is the caller; 400 names each invalid field");
        risk.MapPut("/rules/{id}", EditRuleAsync).Accepts<RiskRule>("application/json").WithSummary("Save a new version of a rule (officers)");
        risk.MapGet("/models", ListModelsAsync).WithSummary("The model registry: fingerprint, parameters and metrics of each model; which one is promoted");
        risk.MapPost("/models/retrain", RetrainAsync).WithSummary("Train a model from the node's controlled declarations and their outcomes (officers)");
        risk.MapPost("/models/{id}/promote", PromoteAsync).WithSummary("Score new declarations with this model (officers)");
        risk.MapPost("/models/rollback", RollBackAsync).WithSummary("Return to the model promoted before (or to rules only) (officers)");
    }

    private static IResult Forbidden(AccessScope scope, string what) =>
        Results.Problem($"{scope.Role} accounts may not {what}.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    private static IResult NotFound(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static async Task<IResult> GetDecisionAsync(string mrn, ClaimsPrincipal user, DeclarationQueries declarations, RiskStore store, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.SeesAll)
        {
            return Forbidden(scope, "see risk decisions");
        }

        if (await declarations.GetAsync(scope, mrn, ct) is null)
        {
            return NotFound($"No declaration '{mrn}' that you may see.");
        }

        return await store.DecisionAsync(mrn, ct) is { } decision
            ? Results.Ok(new RiskView(decision, await store.OutcomesAsync(mrn, ct)))
            : NotFound($"Declaration '{mrn}' has no risk decision (it was not accepted by this node, or was accepted before risk was enabled).");
    }

    public static async Task<IResult> GetOutcomesAsync(string mrn, ClaimsPrincipal user, DeclarationQueries declarations, RiskStore store, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.SeesAll)
        {
            return Forbidden(scope, "see control outcomes");
        }

        return await declarations.GetAsync(scope, mrn, ct) is null ? NotFound($"No declaration '{mrn}' that you may see.") : Results.Ok(await store.OutcomesAsync(mrn, ct));
    }

    public static async Task<IResult> RecordOutcomeAsync(string mrn, OutcomeRequest request, ClaimsPrincipal user, DeclarationQueries declarations,
        InspectionRecording recording, TimeProvider time, ILoggerFactory logs, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        Result<InspectionOutcome> outcome = await OutcomeOfAsync(scope, mrn, request.Found, request.What, declarations, time, ct);
        if (outcome.Error is { } error)
        {
            return error;
        }

        await recording.RecordAsync(outcome.Value!, ct);
        Log.OutcomeRecorded(logs.CreateLogger("Landsea.Risk"), mrn, outcome.Value!.Found, scope.User);
        return Results.Created($"/api/declarations/{mrn}/outcomes", outcome.Value);
    }

    /// <summary>A value or the HTTP answer that refuses it.</summary>
    internal readonly record struct Result<T>(T? Value, IResult? Error);

    /// <summary>Checks an outcome request (officer, visible declaration, found given) and builds the outcome.</summary>
    internal static async Task<Result<InspectionOutcome>> OutcomeOfAsync(AccessScope scope, string mrn, bool? found, string? what, DeclarationQueries declarations, TimeProvider time, CancellationToken ct)
    {
        if (!scope.CanAct)
        {
            return new(null, Forbidden(scope, "record control outcomes"));
        }

        if (await declarations.GetAsync(scope, mrn, ct) is null)
        {
            return new(null, NotFound($"No declaration '{mrn}' that you may see."));
        }

        if (found is null)
        {
            return new(null, Results.ValidationProblem(new Dictionary<string, string[]> { ["found"] = ["found is required: true when the control found an irregularity, false when not"] }));
        }

        if (what is { Length: > 2000 })
        {
            return new(null, Results.ValidationProblem(new Dictionary<string, string[]> { ["what"] = ["what is longer than 2,000 characters"] }));
        }

        return new(new InspectionOutcome(mrn, found.Value, string.IsNullOrWhiteSpace(what) ? null : what.Trim(), scope.OfficeCode!, false, time.GetUtcNow(), scope.User), null);
    }

    public static async Task<IResult> ListRulesAsync(ClaimsPrincipal user, RiskStore store, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        return scope.SeesAll ? Results.Ok((await store.CurrentRulesAsync(ct)).Select(r => r.Rule)) : Forbidden(scope, "see risk rules");
    }

    public static async Task<IResult> RuleVersionsAsync(string id, ClaimsPrincipal user, RiskStore store, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.SeesAll)
        {
            return Forbidden(scope, "see risk rules");
        }

        IReadOnlyList<StoredRule> versions = await store.RuleVersionsAsync(id, ct);
        return versions.Count == 0 ? NotFound($"No rule '{id}'.") : Results.Ok(versions);
    }

    public static Task<IResult> CreateRuleAsync(HttpRequest request, ClaimsPrincipal user, RiskStore store, TimeProvider time, ILoggerFactory logs, CancellationToken ct) =>
        SaveRuleAsync(null, request, user, store, time, logs, ct);

    public static Task<IResult> EditRuleAsync(string id, HttpRequest request, ClaimsPrincipal user, RiskStore store, TimeProvider time, ILoggerFactory logs, CancellationToken ct) =>
        SaveRuleAsync(id, request, user, store, time, logs, ct);

    private static async Task<IResult> SaveRuleAsync(string? id, HttpRequest request, ClaimsPrincipal user, RiskStore store, TimeProvider time, ILoggerFactory logs, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.CanAct)
        {
            return Forbidden(scope, "edit risk rules");
        }

        using var reader = new StreamReader(request.Body);
        string body = await reader.ReadToEndAsync(ct);
        (RiskRule? rule, IReadOnlyList<RuleProblem> problems) = ParseRule(body, id, scope.User);
        if (rule is null)
        {
            return Results.ValidationProblem(problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Reason).ToArray()),
                detail: string.Join("; ", problems), title: "The rule is invalid");
        }

        if (id is not null && (await store.RuleVersionsAsync(id, ct)).Count == 0)
        {
            return NotFound($"No rule '{id}' to edit; add it with POST /api/risk/rules.");
        }

        if (id is null && (await store.RuleVersionsAsync(rule.Id, ct)).Count > 0)
        {
            return Results.Problem($"Rule '{rule.Id}' exists; save a new version with PUT /api/risk/rules/{rule.Id}.", statusCode: StatusCodes.Status409Conflict, title: "Conflict");
        }

        StoredRule saved = await store.SaveRuleAsync(rule, time.GetUtcNow(), ct);
        Log.RuleSaved(logs.CreateLogger("Landsea.Risk"), saved.Rule.Id, saved.Rule.Version, scope.User);
        return id is null ? Results.Created($"/api/risk/rules/{saved.Rule.Id}", saved.Rule) : Results.Ok(saved.Rule);
    }

    /// <summary>
    /// Reads a rule from JSON. The author is always the caller and the version is assigned by the store, so both
    /// may be left out; the id comes from the route when editing.
    /// </summary>
    internal static (RiskRule? Rule, IReadOnlyList<RuleProblem> Problems) ParseRule(string json, string? routeId, string author)
    {
        JsonObject? obj;
        try
        {
            obj = JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException e)
        {
            return (null, [new RuleProblem("$", $"not valid JSON: {e.Message}")]);
        }

        if (obj is null)
        {
            return (null, [new RuleProblem("$", "a rule must be a JSON object")]);
        }

        if (routeId is not null)
        {
            if (obj["id"] is JsonValue given && given.ToString() != routeId)
            {
                return (null, [new RuleProblem("id", $"id '{given}' differs from the rule edited ('{routeId}')")]);
            }

            obj["id"] = routeId;
        }

        obj["author"] = author;
        obj["version"] = 1;
        return RuleSetJson.ParseOne(obj.ToJsonString());
    }

    public static async Task<IResult> ListModelsAsync(ClaimsPrincipal user, RiskStore store, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        return scope.SeesAll ? Results.Ok(await store.ModelsAsync(ct)) : Forbidden(scope, "see risk models");
    }

    public static async Task<IResult> RetrainAsync(RetrainRequest? request, ClaimsPrincipal user, RiskStore store, IRiskModelEngine engine, TimeProvider time, ILoggerFactory logs, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.CanAct)
        {
            return Forbidden(scope, "retrain risk models");
        }

        IReadOnlyList<LabelledCase> cases = await store.TrainingCasesAsync(ct);
        Landsea.Shared.Result<TrainedModel> trained = await Task.Run(() => engine.Train(cases, request?.Seed ?? 1, 2, time), ct);
        if (!trained.IsValid)
        {
            return Results.Problem(trained.Failure!.Reason, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Cannot retrain", extensions: new Dictionary<string, object?> { ["code"] = trained.Failure.Code });
        }

        await store.AddModelAsync(trained.Value, time.GetUtcNow(), scope.User, ct);
        if (request?.Promote == true)
        {
            await store.PromoteAsync(trained.Value.ModelId, time.GetUtcNow(), scope.User, ct);
        }

        Log.ModelTrained(logs.CreateLogger("Landsea.Risk"), trained.Value.ModelId, trained.Value.Cases, scope.User);
        return Results.Created($"/api/risk/models", (await store.ModelsAsync(ct)).First(m => m.ModelId == trained.Value.ModelId));
    }

    public static async Task<IResult> PromoteAsync(string id, ClaimsPrincipal user, RiskStore store, TimeProvider time, ILoggerFactory logs, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.CanAct)
        {
            return Forbidden(scope, "promote risk models");
        }

        if (!await store.PromoteAsync(id, time.GetUtcNow(), scope.User, ct))
        {
            return NotFound($"No model '{id}' in the registry.");
        }

        Log.ModelPromoted(logs.CreateLogger("Landsea.Risk"), id, scope.User);
        return Results.Ok(new { promoted = id });
    }

    public static async Task<IResult> RollBackAsync(ClaimsPrincipal user, RiskStore store, TimeProvider time, ILoggerFactory logs, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.CanAct)
        {
            return Forbidden(scope, "roll back risk models");
        }

        (bool rolledBack, string? current) = await store.RollBackAsync(time.GetUtcNow(), scope.User, ct);
        if (!rolledBack)
        {
            return Results.Problem("No model is promoted: the node already scores with rules only.", statusCode: StatusCodes.Status409Conflict, title: "Nothing to roll back");
        }

        Log.ModelPromoted(logs.CreateLogger("Landsea.Risk"), current ?? "(rules only)", scope.User);
        return Results.Ok(new { promoted = current });
    }

    private static partial class Log
    {
        [LoggerMessage(4001, LogLevel.Information, "Risk rule {RuleId} v{Version} saved by {User}")]
        public static partial void RuleSaved(ILogger logger, string ruleId, int version, string user);

        [LoggerMessage(4002, LogLevel.Information, "Control outcome for {Mrn} recorded by {User}: found {Found}")]
        public static partial void OutcomeRecorded(ILogger logger, string mrn, bool found, string user);

        [LoggerMessage(4003, LogLevel.Information, "Risk model {ModelId} trained on {Cases} cases by {User}")]
        public static partial void ModelTrained(ILogger logger, string modelId, int cases, string user);

        [LoggerMessage(4004, LogLevel.Information, "Risk model {ModelId} now scores declarations (by {User})")]
        public static partial void ModelPromoted(ILogger logger, string modelId, string user);
    }
}
