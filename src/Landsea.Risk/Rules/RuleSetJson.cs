using System.Text.Json;
using System.Text.Json.Serialization;

namespace Landsea.Risk.Rules;

/// <summary>JSON form of rules (camelCase, dates as YYYY-MM-DD, channels as names). Parsing validates every rule.</summary>
public static class RuleSetJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static string Serialize(IReadOnlyList<RiskRule> rules) => JsonSerializer.Serialize(rules, Options);

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
            string where = e.LineNumber is { } line ? $" at line {line + 1}, position {e.BytePositionInLine + 1}" : "";
            return new RiskError("rule.json", $"rules are not valid JSON{where}: {e.Message}");
        }

        if (rules is null)
        {
            return new RiskError("rule.json", "rules must be a JSON array");
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

            problems.AddRange(rule.Problems().Select(p => $"rule {i + 1} ('{rule.Id}' v{rule.Version}): {p}"));
            if (!seen.Add((rule.Id, rule.Version)))
            {
                problems.Add($"rule {i + 1} ('{rule.Id}' v{rule.Version}): this id and version appear twice");
            }
        }

        if (problems.Count > 0)
        {
            return new RiskError("rule.invalid", string.Join("; ", problems));
        }

        return rules.Select(r => r!).ToList();
    }
}
