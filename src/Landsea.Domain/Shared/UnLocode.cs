using System.Collections.Frozen;
using System.Globalization;

namespace Landsea.Shared;

/// <summary>
/// A UN/LOCODE entry. <see cref="Functions"/> is the 8-position function string:
/// 1 port, 2 rail, 3 road, 4 airport, 5 postal, 6 inland clearance depot, 7 fixed transport, B border crossing.
/// </summary>
public sealed record UnLocation(string Code, string Name, string? Subdivision, string Functions, double? Latitude, double? Longitude)
{
    public bool IsSeaPort => Functions.Length > 0 && Functions[0] == '1';

    public bool IsRail => Functions.Length > 1 && Functions[1] == '2';

    public bool IsRoad => Functions.Length > 2 && Functions[2] == '3';

    public bool IsBorderCrossing => Functions.Contains('B', StringComparison.Ordinal);
}

/// <summary>A five-character UN/LOCODE (country + three-character location) that exists in the shipped list.</summary>
/// <remarks>The default value is not a valid UN/LOCODE: it formats as the empty string and compares equal only to itself; values come from <c>Parse</c>.</remarks>
public readonly record struct UnLocode
{
    private static readonly Lazy<FrozenDictionary<string, UnLocation>> s_locations = new(Load);

    private UnLocode(string value) => Value = value;

    public string Value { get; }

    public string CountryPart => Value[..2];

    public UnLocation Location => s_locations.Value[Value];

    /// <summary>Number of locations shipped.</summary>
    public static int Count => s_locations.Value.Count;

    /// <summary>Checks the form only: two letters, then three letters or digits 2-9. Does not look the code up.</summary>
    public static bool IsWellFormed(string? text) =>
        text is { Length: 5 }
        && char.IsAsciiLetterUpper(text[0]) && char.IsAsciiLetterUpper(text[1])
        && text.Skip(2).All(c => char.IsAsciiLetterUpper(c) || c is >= '2' and <= '9');

    public static Result<UnLocode> Parse(string? text)
    {
        string code = (text ?? "").Trim().Replace(" ", "", StringComparison.Ordinal);
        if (!IsWellFormed(code))
        {
            return Result<UnLocode>.Fail(ValueErrorCodes.LocodeSyntax, $"'{text}' is not a UN/LOCODE (two-letter country then three letters or digits 2-9).");
        }

        if (!CountryCode.IsIsoCountry(code[..2]))
        {
            return Result<UnLocode>.Fail(ValueErrorCodes.LocodeCountry, $"UN/LOCODE '{code}' starts with '{code[..2]}', which is not an ISO 3166 country.");
        }

        return s_locations.Value.ContainsKey(code)
            ? Result<UnLocode>.Ok(new UnLocode(code))
            : Result<UnLocode>.Fail(ValueErrorCodes.LocodeUnknown, $"UN/LOCODE '{code}' is not in the UN/LOCODE list.");
    }

    public override string ToString() => Value ?? "";

    private static FrozenDictionary<string, UnLocation> Load()
    {
        var map = new Dictionary<string, UnLocation>(130_000, StringComparer.Ordinal);
        foreach (string[] row in EmbeddedData.ReadCsv("Landsea.data.unlocode.unlocode.csv"))
        {
            // country,location,name,subdivision,function,lat,lon
            if (row.Length < 7 || row[0].Length != 2 || row[1].Length != 3)
            {
                continue;
            }

            string code = row[0] + row[1];
            map[code] = new UnLocation(code, row[2], row[3].Length > 0 ? row[3] : null, row[4], ParseCoordinate(row[5]), ParseCoordinate(row[6]));
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static double? ParseCoordinate(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : null;
}
