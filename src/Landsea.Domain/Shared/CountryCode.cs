using System.Collections.Frozen;
using System.Globalization;

namespace Landsea.Shared;

/// <summary>An ISO 3166-1 alpha-2 country, with its names from the shipped list.</summary>
public sealed record Country(string Alpha2, string Alpha3, string Name, string? NameChinese, string? CurrencyCode);

/// <summary>An ISO 3166-1 alpha-2 country code that exists in the shipped list.</summary>
/// <remarks>The default value is not a valid country code: it formats as the empty string and compares equal only to itself; values come from <c>Parse</c>.</remarks>
public readonly record struct CountryCode
{
    private static readonly Lazy<FrozenDictionary<string, Country>> s_countries = new(Load);

    private CountryCode(string value) => Value = value;

    public string Value { get; }

    public Country Country => s_countries.Value[Value];

    /// <summary>All countries, ordered by code.</summary>
    public static IEnumerable<Country> All => s_countries.Value.Values.OrderBy(c => c.Alpha2, StringComparer.Ordinal);

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

        return s_countries.Value.ContainsKey(code)
            ? Result<CountryCode>.Ok(new CountryCode(code))
            : Result<CountryCode>.Fail(ValueErrorCodes.CountryUnknown, $"Country code '{code}' is not an ISO 3166-1 country.");
    }

    public override string ToString() => Value ?? "";

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
