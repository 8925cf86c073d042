using System.Globalization;
using Landsea.Shared;

namespace Landsea.Tariffs;

/// <summary>
/// One product-specific rule of origin: under an agreement, goods whose HS code starts with <paramref name="Prefix"/>
/// (2, 4 or 6 digits; empty for the agreement's general rule) originate when <paramref name="Rule"/> (the rule language,
/// <see cref="OriginRules"/>) is met.
/// </summary>
/// <param name="HsEdition">The HS edition the prefix is written in (RCEP Annex 3A is written in HS 2012).</param>
public sealed record ProductRule(string Agreement, string HsEdition, string Prefix, string Rule, bool Sample, string Source)
{
    /// <summary>"general rule" or "HS 8501" / "HS 8471.30" / "chapter 84".</summary>
    public string Scope => Prefix.Length switch
    {
        0 => "general rule",
        2 => $"chapter {Prefix}",
        4 => $"heading {Prefix}",
        _ => $"subheading {Prefix[..4]}.{Prefix[4..]}",
    };
}

/// <summary>
/// The product-specific rules file (CSV, formatVersion 1, docs/tariffs.md): read whole or refused whole, like
/// <see cref="TariffScheduleReader"/>; errors are LS740 (format) and LS734 (rule text).
/// </summary>
public static class ProductRuleReader
{
    public const int FormatVersion = 1;

    public static readonly IReadOnlyList<string> Columns = ["formatVersion", "agreement", "hsEdition", "prefix", "rule", "sample", "source"];

    private static readonly string[] s_editions = ["HS2012", "HS2017", "HS2022"];

    public static (IReadOnlyList<ProductRule> Rules, IReadOnlyList<ScheduleError> Errors) Read(TextReader reader)
    {
        var rules = new List<ProductRule>();
        var errors = new List<ScheduleError>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        int number = 0;
        foreach (string[] row in Csv.Read(reader))
        {
            number++;
            if (number == 1)
            {
                if (!row.Select(c => c.Trim()).SequenceEqual(Columns))
                {
                    errors.Add(new ScheduleError(1, "header", TariffErrorCodes.PsrInvalid, $"The header must be exactly: {string.Join(",", Columns)}."));
                    return ([], errors);
                }

                continue;
            }

            if (row.Length == 1 && row[0].Trim().Length == 0)
            {
                continue;
            }

            if (row.Length != Columns.Count)
            {
                errors.Add(new ScheduleError(number, "line", TariffErrorCodes.PsrInvalid, $"Expected {Columns.Count} fields, found {row.Length}."));
                continue;
            }

            int before = errors.Count;
            string F(int i) => row[i].Trim();
            void Error(int i, string code, string reason) => errors.Add(new ScheduleError(number, Columns[i], code, reason));

            if (F(0) != FormatVersion.ToString(CultureInfo.InvariantCulture))
            {
                Error(0, TariffErrorCodes.PsrInvalid, $"formatVersion '{F(0)}' is not supported (this reader knows {FormatVersion}).");
            }

            if (F(1) is not (Agreements.Rcep or Agreements.Acfta))
            {
                Error(1, TariffErrorCodes.PsrInvalid, $"Agreement '{F(1)}' is not RCEP or ACFTA.");
            }

            if (!s_editions.Contains(F(2)))
            {
                Error(2, TariffErrorCodes.PsrInvalid, $"hsEdition '{F(2)}' is not one of {string.Join(", ", s_editions)}.");
            }

            string prefix = F(3) == "*" ? "" : F(3).Replace(".", "", StringComparison.Ordinal);
            if (F(3) != "*" && (prefix.Length is not (2 or 4 or 6) || !prefix.All(char.IsAsciiDigit)))
            {
                Error(3, TariffErrorCodes.PsrInvalid, $"prefix '{F(3)}' is not '*' (general rule) or a chapter, heading or subheading (2, 4 or 6 digits).");
            }
            else if (prefix.Length > 0 && F(2) is "HS2017" or "HS2022"
                && (F(2) == "HS2022" ? HsNomenclature.Hs2022 : HsNomenclature.Hs2017).Find(prefix) is null)
            {
                Error(3, TariffErrorCodes.PsrInvalid, $"prefix '{F(3)}' does not exist in {F(2)}.");
            }

            Result<string> rule = OriginRules.Parse(F(4));
            if (F(4).Length == 0)
            {
                Error(4, TariffErrorCodes.PsrInvalid, "The rule is required.");
            }
            else if (!rule.IsValid)
            {
                Error(4, rule.Failure!.Code, rule.Failure.Reason);
            }

            if (F(5) is not ("true" or "false"))
            {
                Error(5, TariffErrorCodes.PsrInvalid, $"sample '{F(5)}' must be true or false.");
            }

            if (F(6).Length == 0)
            {
                Error(6, TariffErrorCodes.PsrInvalid, "Every rule names its source (an id in SOURCES.md, a URL or a document).");
            }

            if (errors.Count > before)
            {
                continue;
            }

            string key = $"{F(1)}|{prefix}";
            if (seen.TryGetValue(key, out int first))
            {
                Error(3, TariffErrorCodes.PsrInvalid, $"Same agreement and prefix as line {first}.");
                continue;
            }

            seen[key] = number;
            rules.Add(new ProductRule(F(1), F(2), prefix, rule.Value, F(5) == "true", F(6)));
        }

        if (number == 0)
        {
            errors.Add(new ScheduleError(1, "header", TariffErrorCodes.PsrInvalid, "The file is empty."));
        }

        return errors.Count > 0 ? ([], errors) : (rules, errors);
    }
}

/// <summary>Product-specific rules searched by agreement and HS code: the longest prefix wins, then the general rule.</summary>
public sealed class ProductRuleBook
{
    private static readonly Lazy<ProductRuleBook> s_shipped = new(() =>
    {
        (IReadOnlyList<ProductRule> rules, IReadOnlyList<ScheduleError> errors) = ProductRuleReader.Read(new StringReader(EmbeddedData.ReadText("Landsea.data.tariffs.psr.csv")));
        return errors.Count > 0 ? throw new FormatException(string.Join("; ", errors)) : new ProductRuleBook(rules);
    });

    private readonly IReadOnlyList<ProductRule> _rules;

    public ProductRuleBook(IEnumerable<ProductRule> rules) =>
        _rules = [.. rules.OrderByDescending(r => r.Prefix.Length)];

    /// <summary>The rules shipped in data/tariffs/psr.csv (embedded), samples included.</summary>
    public static ProductRuleBook Shipped => s_shipped.Value;

    public IReadOnlyList<ProductRule> All => _rules;

    /// <summary>The rule for the code under the agreement, or LS741 when neither a product-specific nor a general rule covers it.</summary>
    /// <remarks>Prefixes are compared on the digits as given: a code of another HS edition than the rule's is not transposed.</remarks>
    public Result<ProductRule> Find(string agreement, HsCode code)
    {
        foreach (ProductRule r in _rules)
        {
            if (r.Agreement == agreement && code.Digits.StartsWith(r.Prefix, StringComparison.Ordinal))
            {
                return r;
            }
        }

        return Result<ProductRule>.Fail(TariffErrorCodes.NoOriginRule, $"No {agreement} rule of origin for {code} is shipped or loaded (data/tariffs/psr.csv).");
    }
}
