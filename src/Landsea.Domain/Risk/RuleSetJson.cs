using System.Text.Json;
using System.Text.Json.Serialization;
using Landsea.Shared;

namespace Landsea.Risk;

/// <summary>
/// JSON form of rules (camelCase, dates as YYYY-MM-DD, channels as names, unknown fields refused). Parsing validates
/// every rule.
/// </summary>
public static class RuleSetJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static string Serialize(IReadOnlyList<RiskRule> rules) => JsonSerializer.Serialize(rules, Options);

    public static string Serialize(RiskRule rule) => JsonSerializer.Serialize(rule, Options);

    /// <summary>Parses a JSON array of rules; refuses the whole set, with the reasons, if any rule is invalid.</summary>
    public static Result<IReadOnlyList<RiskRule>> Parse(string json)
    {
        List<RiskRule?>? rules;
        try
        {
            rules = JsonSerializer.Deserialize<List<RiskRule?>>(json, Options);
        }
        catch (JsonException e)
        {
            return Result<IReadOnlyList<RiskRule>>.Fail(RiskErrors.RuleJson, Describe(e));
        }

        if (rules is null)
        {
            return Result<IReadOnlyList<RiskRule>>.Fail(RiskErrors.RuleJson, "rules must be a JSON array");
        }

        var problems = new List<string>();
        var seen = new HashSet<(string, int)>();
        for (int i = 0; i < rules.Count; i++)
        {
            RiskRule? rule = rules[i];
            if (rule is null)
            {
                problems.Add($"rule {i + 1}: null");
                continue;
            }

            problems.AddRange(rule.Problems().Select(p => $"rule {i + 1} ('{rule.Id}' v{rule.Version}): {p.Reason}"));
            if (!seen.Add((rule.Id, rule.Version)))
            {
                problems.Add($"rule {i + 1} ('{rule.Id}' v{rule.Version}): this id and version appear twice");
            }
        }

        return problems.Count > 0
            ? Result<IReadOnlyList<RiskRule>>.Fail(RiskErrors.RuleInvalid, string.Join("; ", problems))
            : Result<IReadOnlyList<RiskRule>>.Ok(rules.Select(r => r!).ToList());
    }

    /// <summary>
    /// Reads one rule; on failure, every problem names its field (a JSON syntax or type error names the JSON path
    /// where it happened; a missing required member names that member).
    /// </summary>
    public static (RiskRule? Rule, IReadOnlyList<RuleProblem> Problems) ParseOne(string json)
    {
        RiskRule? rule;
        try
        {
            rule = JsonSerializer.Deserialize<RiskRule>(json, Options);
        }
        catch (JsonException e)
        {
            string field = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "$";
            if (e.Message.Contains("missing required properties", StringComparison.Ordinal))
            {
                field = e.Message.Split(':', 2) is [_, string names] ? names.Split('.')[0].Trim().Trim('\'') : field;
            }

            return (null, [new RuleProblem(field, Describe(e))]);
        }

        if (rule is null)
        {
            return (null, [new RuleProblem("$", "a rule must be a JSON object")]);
        }

        IReadOnlyList<RuleProblem> problems = rule.Problems();
        return problems.Count > 0 ? (null, problems) : (rule, []);
    }

    private static string Describe(JsonException e)
    {
        string where = e.LineNumber is { } line ? $" at line {line + 1}, position {e.BytePositionInLine + 1}" : "";
        return $"not valid rule JSON{where}: {e.Message}";
    }
}
