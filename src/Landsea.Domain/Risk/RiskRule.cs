using System.Globalization;
using System.Text.Json.Serialization;

namespace Landsea.Risk;

/// <summary>Control channel: green = release, yellow = documentary check, red = physical inspection or scan.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Channel>))]
public enum Channel
{
    Green,
    Yellow,
    Red,
}

/// <summary>
/// What a rule reads of one goods item of a declaration, as known at lodgement. <see cref="UnitValue"/> is the
/// declared value per kilogram (NaN when the net mass is unknown or zero).
/// </summary>
public sealed record RuleSubject(
    string HsCode,
    string OriginCountry,
    string DepartureCountry,
    string TraderId,
    string DeclarantId,
    string OfficeCode,
    string TransportMode,
    double UnitValue);

/// <summary>One reason a rule is invalid. <see cref="Field"/> is the camelCase JSON path, for example <c>conditions.hsPrefixes[0]</c>.</summary>
public sealed record RuleProblem(string Field, string Reason)
{
    public override string ToString() => $"{Field}: {Reason}";
}

/// <summary>
/// What a declaration must match for a rule to hit. Every condition given must hold (AND); within one list any value
/// may match (OR). An empty or null list does not constrain. HS prefixes match the code's leading digits, so
/// "61" is a chapter, "6109" a heading and "610910" a subheading.
/// </summary>
public sealed record RuleConditions
{
    public IReadOnlyList<string>? HsPrefixes { get; init; }

    public IReadOnlyList<string>? OriginCountries { get; init; }

    public IReadOnlyList<string>? DepartureCountries { get; init; }

    /// <summary>Importer ids (the trader).</summary>
    public IReadOnlyList<string>? Traders { get; init; }

    public IReadOnlyList<string>? Declarants { get; init; }

    public IReadOnlyList<string>? Offices { get; init; }

    public IReadOnlyList<string>? TransportModes { get; init; }

    /// <summary>Hits when value per kg is at most this multiple of the typical value for the HS code and origin (undervaluation).</summary>
    public double? MaxUnitValueRatio { get; init; }

    /// <summary>Hits when value per kg is at least this multiple of the typical value for the HS code and origin (overvaluation).</summary>
    public double? MinUnitValueRatio { get; init; }

    [JsonIgnore]
    public bool IsEmpty =>
        IsNullOrEmpty(HsPrefixes) && IsNullOrEmpty(OriginCountries) && IsNullOrEmpty(DepartureCountries) && IsNullOrEmpty(Traders)
        && IsNullOrEmpty(Declarants) && IsNullOrEmpty(Offices) && IsNullOrEmpty(TransportModes)
        && MaxUnitValueRatio is null && MinUnitValueRatio is null;

    private static bool IsNullOrEmpty(IReadOnlyList<string>? list) => list is null || list.Count == 0;
}

/// <summary>Typical value per kilogram of goods with an HS code and origin; null when unknown.</summary>
public delegate double? TypicalUnitValue(string hsCode, string originCountry);

/// <summary>
/// An officer-authored risk profile. Versioned: an edit is a new version with the same id.
/// Exactly one of the weight (adds risk to the score) or the fixed channel (forces a channel) is set.
/// Valid from its first day to its last day, both inclusive (open-ended when either is not set).
/// </summary>
public sealed record RiskRule
{
    public required string Id { get; init; }

    public int Version { get; init; } = 1;

    public required string Title { get; init; }

    public required string Author { get; init; }

    public required DateOnly ValidFrom { get; init; }

    public DateOnly? ValidTo { get; init; }

    public required RuleConditions Conditions { get; init; }

    /// <summary>Risk added when the rule hits, in (0, 1]: the combined score is 1 − (1 − model) × Π(1 − weight).</summary>
    public double? Weight { get; init; }

    public Channel? FixedChannel { get; init; }

    public bool IsActiveOn(DateOnly day) => day >= ValidFrom && (ValidTo is null || day <= ValidTo);

    /// <summary>True when every condition holds for <paramref name="d"/> (validity dates are checked separately).</summary>
    public bool Matches(RuleSubject d, TypicalUnitValue? typical)
    {
        RuleConditions c = Conditions;
        if (c.HsPrefixes is { Count: > 0 } hs && !hs.Any(p => d.HsCode.StartsWith(p, StringComparison.Ordinal)))
        {
            return false;
        }

        if (!In(c.OriginCountries, d.OriginCountry) || !In(c.DepartureCountries, d.DepartureCountry) || !In(c.Traders, d.TraderId)
            || !In(c.Declarants, d.DeclarantId) || !In(c.Offices, d.OfficeCode) || !In(c.TransportModes, d.TransportMode))
        {
            return false;
        }

        if (c.MaxUnitValueRatio is null && c.MinUnitValueRatio is null)
        {
            return true;
        }

        double? reference = typical?.Invoke(d.HsCode, d.OriginCountry);
        if (reference is null or <= 0 || double.IsNaN(d.UnitValue))
        {
            return false; // no typical value known: a value condition cannot hit
        }

        double ratio = d.UnitValue / reference.Value;
        return (c.MaxUnitValueRatio is null || ratio <= c.MaxUnitValueRatio) && (c.MinUnitValueRatio is null || ratio >= c.MinUnitValueRatio);
    }

    /// <summary>The rule in a reason's words: <c>ID vN 'title' by author: channel Red</c> or <c>...: weight 0.9</c>.</summary>
    public string Describe() =>
        $"{Id} v{Version} '{Title}' by {Author}: {(FixedChannel is { } fc ? $"channel {fc}" : string.Create(CultureInfo.InvariantCulture, $"weight {Weight:0.###}"))}";

    /// <summary>True when every condition holds for the case <paramref name="c"/> (validity dates are checked separately).</summary>
    public bool Matches(RiskCase c, TypicalUnitValue? typical) => Matches(c.ToRuleSubject(), typical);

    /// <summary>Every reason this rule is invalid, each naming its field; empty when the rule is valid.</summary>
    public IReadOnlyList<RuleProblem> Problems()
    {
        var problems = new List<RuleProblem>();
        if (string.IsNullOrWhiteSpace(Id))
        {
            problems.Add(new("id", "id is empty"));
        }

        if (Version < 1)
        {
            problems.Add(new("version", $"version {Version} is not positive"));
        }

        if (string.IsNullOrWhiteSpace(Title))
        {
            problems.Add(new("title", "title is empty"));
        }

        if (string.IsNullOrWhiteSpace(Author))
        {
            problems.Add(new("author", "author is empty"));
        }

        if (ValidTo is { } to && to < ValidFrom)
        {
            problems.Add(new("validTo", $"validTo {to:yyyy-MM-dd} is before validFrom {ValidFrom:yyyy-MM-dd}"));
        }

        if ((Weight is null) == (FixedChannel is null))
        {
            problems.Add(new("weight", "exactly one of weight and fixedChannel must be set"));
        }

        if (Weight is { } w && !(w > 0 && w <= 1))
        {
            problems.Add(new("weight", string.Create(CultureInfo.InvariantCulture, $"weight {w} is not in (0, 1]")));
        }

        if (Conditions is null)
        {
            problems.Add(new("conditions", "conditions are missing"));
            return problems;
        }

        if (Conditions.IsEmpty)
        {
            problems.Add(new("conditions", "no condition: a rule must constrain at least one field"));
        }

        IReadOnlyList<string> hs = Conditions.HsPrefixes ?? [];
        for (int i = 0; i < hs.Count; i++)
        {
            if (hs[i] is not { Length: >= 2 and <= 10 } p || !p.All(char.IsAsciiDigit))
            {
                problems.Add(new($"conditions.hsPrefixes[{i}]", $"HS prefix '{hs[i]}' is not 2 to 10 digits"));
            }
        }

        foreach ((string name, string field, IReadOnlyList<string>? list) in new[] { ("origin", "originCountries", Conditions.OriginCountries), ("departure", "departureCountries", Conditions.DepartureCountries) })
        {
            for (int i = 0; i < (list?.Count ?? 0); i++)
            {
                string country = list![i];
                if (country is null || country.Length != 2 || !country.All(char.IsAsciiLetterUpper))
                {
                    problems.Add(new($"conditions.{field}[{i}]", $"{name} country '{country}' is not a two-letter code"));
                }
            }
        }

        foreach ((string name, string field, IReadOnlyList<string>? list) in new[] { ("trader", "traders", Conditions.Traders), ("declarant", "declarants", Conditions.Declarants), ("office", "offices", Conditions.Offices), ("transport mode", "transportModes", Conditions.TransportModes) })
        {
            if (list is not null && list.Any(string.IsNullOrWhiteSpace))
            {
                problems.Add(new($"conditions.{field}", $"a {name} value is empty"));
            }
        }

        if (Conditions.MaxUnitValueRatio is <= 0)
        {
            problems.Add(new("conditions.maxUnitValueRatio", "unit value ratios must be positive"));
        }

        if (Conditions.MinUnitValueRatio is <= 0)
        {
            problems.Add(new("conditions.minUnitValueRatio", "unit value ratios must be positive"));
        }

        if (Conditions.MaxUnitValueRatio is { } max && Conditions.MinUnitValueRatio is { } min && min > max)
        {
            problems.Add(new("conditions.minUnitValueRatio", string.Create(CultureInfo.InvariantCulture, $"minUnitValueRatio {min} exceeds maxUnitValueRatio {max}: the rule can never hit")));
        }

        return problems;
    }

    private static bool In(IReadOnlyList<string>? allowed, string value) =>
        allowed is null || allowed.Count == 0 || allowed.Contains(value, StringComparer.Ordinal);
}
