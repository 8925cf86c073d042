using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Landsea.Data.Access;
using Landsea.Data.Risk;
using Landsea.Risk;
using Landsea.Web.Features.Access;

namespace Landsea.Web.Features.Risk;

/// <summary>
/// <c>POST /api/risk/rules</c> adds a rule, <c>PUT /api/risk/rules/{id}</c> saves a new version of one (officers). The
/// input is a rule's JSON; the author is the caller and the version is assigned by the store; 400 names each invalid field.
/// </summary>
public static class SaveRule
{
    public static void Map(RouteGroupBuilder risk)
    {
        risk.MapPost("/rules", CreateRuleAsync).Accepts<RiskRule>("application/json").WithSummary("Add a rule (officers); the author is the caller; 400 names each invalid field");
        risk.MapPut("/rules/{id}", EditRuleAsync).Accepts<RiskRule>("application/json").WithSummary("Save a new version of a rule (officers)");
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
            return RiskFeature.Forbidden(scope, "edit risk rules");
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
            return RiskFeature.NotFound($"No rule '{id}' to edit; add it with POST /api/risk/rules.");
        }

        if (id is null && (await store.RuleVersionsAsync(rule.Id, ct)).Count > 0)
        {
            return Results.Problem($"Rule '{rule.Id}' exists; save a new version with PUT /api/risk/rules/{rule.Id}.", statusCode: StatusCodes.Status409Conflict, title: "Conflict");
        }

        StoredRule saved = await store.SaveRuleAsync(rule, time.GetUtcNow(), ct);
        RiskFeature.Log.RuleSaved(RiskFeature.Logger(logs), saved.Rule.Id, saved.Rule.Version, scope.User);
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
}
