using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json.Serialization;

namespace Landsea.Shared;

/// <summary>An ISO 3166-1 alpha-2 country, with its names from the shipped list.</summary>
public sealed record Country(string Alpha2, string Alpha3, string Name, string? NameChinese, string? CurrencyCode);

/// <summary>
/// A country code as customs declarations carry it: an ISO 3166-1 alpha-2 country in the shipped list
/// (<see cref="IsIso"/>), or a well-formed code that ISO 3166-1 leaves to users or reserves and administrations use for
/// national purposes (<see cref="IsNational"/>): AA, QM-QZ, XA-XZ and ZZ (user-assigned), the rest of the Z range, and
/// the exceptionally or transitionally reserved codes of <see cref="ReservedCodes"/> (EU, UK, ...). XI (Northern
/// Ireland) is such a code. This is the one definition: declaration rules accept exactly the codes <see cref="Parse"/>
/// accepts, and warn (LS034) for national ones. Fields that must name an ISO country (an MRN's, a UN/LOCODE's, an
/// EORI's prefix, a customs office's) check <see cref="IsIsoCountry"/>.
/// </summary>
/// <remarks>The default value is not a valid country code: it formats as the empty string, is neither ISO nor national,
/// and compares equal only to itself; values come from <c>Parse</c>.</remarks>
[JsonConverter(typeof(CountryCodeJsonConverter))]
public readonly record struct CountryCode
{
    private static readonly Lazy<FrozenDictionary<string, Country>> s_countries = new(Load);

    private CountryCode(string value) => Value = value;

    /// <summary>The two capital letters.</summary>
    public string Value { get; }

    /// <summary>True when the code is an ISO 3166-1 country in the shipped list.</summary>
    public bool IsIso => Value is not null && s_countries.Value.ContainsKey(Value);

    /// <summary>True when the code is a user-assigned, reserved or national code rather than an ISO 3166-1 country.</summary>
    public bool IsNational => Value is not null && !IsIso;

    /// <summary>The country with its names; null for a national code (and the default value).</summary>
    public Country? Country => Value is not null && s_countries.Value.TryGetValue(Value, out Country? country) ? country : null;

    /// <summary>All ISO countries, ordered by code.</summary>
    public static IEnumerable<Country> All => s_countries.Value.Values.OrderBy(c => c.Alpha2, StringComparer.Ordinal);

    /// <summary>ISO 3166-1 exceptionally or transitionally reserved codes used in customs practice (EU, UK, ...).</summary>
    public static IReadOnlySet<string> ReservedCodes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "EU", "UK", "EZ", "UN", "AC", "CP", "DG", "EA", "FX", "IC", "SU", "TA", "AN", "CS", "YU",
    };

    /// <summary>Reads a country code (surrounding spaces ignored): an ISO country or a national code, see the type's summary.</summary>
    /// <returns>The code, or LS110 (empty), LS111 (not two capital letters), LS112 (neither ISO nor national).</returns>
    public static Result<CountryCode> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Result<CountryCode>.Fail(ValueErrorCodes.CountryEmpty, "A country code is required.");
        }

        string code = text.Trim();
        if (code.Length != 2 || !char.IsAsciiLetterUpper(code[0]) || !char.IsAsciiLetterUpper(code[1]))
        {
            return Result<CountryCode>.Fail(ValueErrorCodes.CountrySyntax, $"Country code '{text}' is not two capital letters (ISO 3166-1 alpha-2).");
        }

        return s_countries.Value.ContainsKey(code) || IsNationalCode(code)
            ? Result<CountryCode>.Ok(new CountryCode(code))
            : Result<CountryCode>.Fail(ValueErrorCodes.CountryUnknown, $"Country code '{code}' is not an ISO 3166-1 country, nor a user-assigned, reserved or national code.");
    }

    /// <summary>True when <paramref name="text"/> parses as a country code that is an ISO 3166-1 country (not a national code).</summary>
    public static bool IsIsoCountry(string? text) => Parse(text) is { IsValid: true } code && code.Value.IsIso;

    public override string ToString() => Value ?? "";

    // ISO 3166 leaves AA, QM-QZ, XA-XZ and ZZ to users; administrations use them (and the Z range) for national codes
    // such as XI (Northern Ireland), beside the reserved codes. Invariant: code is two capital letters.
    private static bool IsNationalCode(string code) =>
        code[0] is 'X' or 'Z' || code == "AA" || (code[0] == 'Q' && code[1] >= 'M') || ReservedCodes.Contains(code);

    private static FrozenDictionary<string, Country> Load()
    {
        string[] header = EmbeddedData.Header("Landsea.data.iso.country-codes.csv");
        int a2 = Array.IndexOf(header, "ISO3166-1-Alpha-2");
        int a3 = Array.IndexOf(header, "ISO3166-1-Alpha-3");
        int name = Array.IndexOf(header, "UNTERM English Short");
        int cldr = Array.IndexOf(header, "CLDR display name");
        int cn = Array.IndexOf(header, "official_name_cn");
        int cur = Array.IndexOf(header, "ISO4217-currency_alphabetic_code");
        var map = new Dictionary<string, Country>(StringComparer.Ordinal);
        foreach (string[] row in EmbeddedData.ReadCsv("Landsea.data.iso.country-codes.csv"))
        {
            if (row.Length <= a2 || row[a2].Length != 2)
            {
                continue;
            }

            string display = cldr >= 0 && row[cldr].Length > 0 ? row[cldr] : name >= 0 ? row[name] : row[a2];
            map[row[a2].ToUpper(CultureInfo.InvariantCulture)] = new Country(
                row[a2], a3 >= 0 ? row[a3] : "", display, cn >= 0 && row[cn].Length > 0 ? row[cn] : null,
                cur >= 0 && row[cur].Length == 3 ? row[cur] : null);
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
