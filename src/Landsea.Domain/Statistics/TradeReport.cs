using System.Collections.Frozen;
using System.Globalization;
using Landsea.Shared;

namespace Landsea.Statistics;

/// <summary>What the node's own figures are broken down by.</summary>
public enum TradeBreakdown
{
    Month,
    Quarter,
    Year,
    Partner,
    Chapter,
    Section,
    Mode,
    Line,
    Region,
}

/// <summary>
/// One sum from the database: the counted lines of <paramref name="Year"/> with one key and flow, in integer minor units
/// (node currency, US cents); <paramref name="Unvalued"/> counts lines stored with value 0 (no amount or no rate).
/// For months and quarters the key is the local month (yyyy-MM).
/// </summary>
public sealed record TradeCell(int Year, string Key, string Flow, long ValueMinor, long ValueUsdMinor, long Lines, long Unvalued);

/// <summary>
/// One row of a report: exports, imports and their total in the node's currency and in USD (decimal amounts, exact:
/// minor units divided by 10^minor unit), the same for the year before, year-on-year growth in percent (one decimal,
/// half away from zero; null when the year before is zero), share of the year's total and rank (1 = largest total; equal
/// totals share a rank).
/// </summary>
public sealed record TradeRow(
    string Key,
    string Label,
    decimal Exports,
    decimal Imports,
    decimal Total,
    decimal ExportsUsd,
    decimal ImportsUsd,
    decimal TotalUsd,
    decimal PreviousExports,
    decimal PreviousImports,
    decimal PreviousTotal,
    decimal? ExportsYoyPct,
    decimal? ImportsYoyPct,
    decimal? TotalYoyPct,
    decimal? SharePct,
    int Rank,
    long Lines);

/// <summary>A year's figures from the node's own declarations, by <see cref="By"/>, with the year's total row.</summary>
public sealed record TradeReport(int Year, TradeBreakdown By, string Currency, TradeRow Total, IReadOnlyList<TradeRow> Rows, long Unvalued, IReadOnlyList<string> Notes)
{
    /// <summary>The report as CSV (header, then one line per row, then the total), amounts with '.' decimals.</summary>
    public string ToCsv()
    {
        var b = new System.Text.StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"key,label,exports_{Currency},imports_{Currency},total_{Currency},exports_usd,imports_usd,total_usd,previous_total_{Currency},total_yoy_pct,exports_yoy_pct,imports_yoy_pct,share_pct,rank,lines\n");
        foreach (TradeRow r in Rows.Append(Total))
        {
            b.Append(CultureInfo.InvariantCulture, $"{Csv(r.Key)},{Csv(r.Label)},{r.Exports},{r.Imports},{r.Total},{r.ExportsUsd},{r.ImportsUsd},{r.TotalUsd},{r.PreviousTotal},{r.TotalYoyPct},{r.ExportsYoyPct},{r.ImportsYoyPct},{r.SharePct},{r.Rank},{r.Lines}\n");
        }

        return b.ToString();

        static string Csv(string s) => s.Contains(',', StringComparison.Ordinal) || s.Contains('"', StringComparison.Ordinal) ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
    }
}

/// <summary>Builds <see cref="TradeReport"/>s from the database's sums: growth, share and rank are computed here, exactly, from integer minor units.</summary>
public static class TradeReports
{
    private static readonly Lazy<FrozenDictionary<string, string>> s_sections = new(() => EmbeddedData.ReadCsv("Landsea.data.hs.sections.csv")
        .Where(r => r.Length >= 2 && r[0] != "section").ToFrozenDictionary(r => r[0], r => r[1], StringComparer.Ordinal));

    /// <summary>The breakdown named <paramref name="text"/> (month, quarter, year, partner, chapter, section, mode, line, region); LS780 otherwise.</summary>
    public static Result<TradeBreakdown> ParseBreakdown(string? text) =>
        Enum.TryParse(text?.Trim(), ignoreCase: true, out TradeBreakdown by) && Enum.IsDefined(by) && !int.TryParse(text, out _)
            ? by
            : Result<TradeBreakdown>.Fail(StatisticsErrorCodes.BreakdownUnknown, $"'{text}' is not a breakdown; use one of month, quarter, year, partner, chapter, section, mode, line, region.");

    /// <summary>A year the node's figures can be asked for (1990-9999); LS781 otherwise.</summary>
    public static Result<int> CheckYear(int year) =>
        year is >= 1990 and <= 9999 ? year : Result<int>.Fail(StatisticsErrorCodes.YearInvalid, $"{year} is not a year the figures cover (1990-9999).");

    /// <summary>The report of <paramref name="year"/> from the sums of it and of the year before.</summary>
    public static TradeReport Build(int year, TradeBreakdown by, CurrencyCode currency, IEnumerable<TradeCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        CurrencyCode usd = CurrencyCode.Parse("USD").Value;
        var sums = new Dictionary<string, Sum>(StringComparer.Ordinal);
        var total = new Sum();
        long unvalued = 0;
        foreach (TradeCell c in cells)
        {
            if (c.Year != year && c.Year != year - 1)
            {
                continue;
            }

            string key = KeyOf(by, c);
            if (!sums.TryGetValue(key, out Sum? s))
            {
                sums[key] = s = new Sum();
            }

            s.Add(c, year);
            total.Add(c, year);
            if (c.Year == year)
            {
                unvalued += c.Unvalued;
            }
        }

        List<(string Key, Sum Sum)> present = [.. sums.Where(kv => kv.Value.Lines > 0 || kv.Value.PreviousTotal != 0).Select(kv => (kv.Key, kv.Value))];
        var rows = present.Select(x => Row(x.Key, Label(by, year, x.Key), x.Sum, total, present.Count(o => o.Sum.Total > x.Sum.Total) + 1)).ToList();
        rows = by is TradeBreakdown.Month or TradeBreakdown.Quarter or TradeBreakdown.Year
            ? [.. rows.OrderBy(r => r.Key, StringComparer.Ordinal)]
            : [.. rows.OrderBy(r => r.Rank).ThenBy(r => r.Key, StringComparer.Ordinal)];
        TradeRow totalRow = Row("total", "Total", total, total, 1);

        var notes = new List<string>
        {
            $"From the node's accepted declarations (not invalidated or rejected), by office local day; values are the items' invoice amounts converted to {currency.Value} and USD at the FRED monthly average of each line's month (data/fx/fred-monthly.csv).",
        };
        if (unvalued > 0)
        {
            notes.Add($"{unvalued} line(s) of {year} count with value 0: no invoice amount, or a currency without a shipped rate.");
        }

        return new TradeReport(year, by, currency.Value, totalRow, rows, unvalued, notes);

        TradeRow Row(string key, string label, Sum s, Sum all, int rank) => new(key, label,
            Amount(s.Exports, currency), Amount(s.Imports, currency), Amount(s.Total, currency),
            Amount(s.ExportsUsd, usd), Amount(s.ImportsUsd, usd), Amount(s.ExportsUsd + s.ImportsUsd, usd),
            Amount(s.PreviousExports, currency), Amount(s.PreviousImports, currency), Amount(s.PreviousTotal, currency),
            Growth(s.Exports, s.PreviousExports), Growth(s.Imports, s.PreviousImports), Growth(s.Total, s.PreviousTotal),
            all.Total == 0 ? null : Math.Round(s.Total * 100m / all.Total, 1, MidpointRounding.AwayFromZero), rank, s.Lines);
    }

    /// <summary>Minor units as a decimal amount of <paramref name="currency"/> (exact).</summary>
    public static decimal Amount(long minor, CurrencyCode currency)
    {
        decimal d = minor;
        for (int i = 0; i < currency.MinorUnit; i++)
        {
            d /= 10;
        }

        return d;
    }

    /// <summary>Growth on the year before in percent, one decimal, half away from zero; null when the year before is zero.</summary>
    public static decimal? Growth(long current, long previous) =>
        previous == 0 ? null : Math.Round((current - previous) * 100m / previous, 1, MidpointRounding.AwayFromZero);

    // Months and quarters compare with the same month or quarter of the year before: the key drops the year.
    private static string KeyOf(TradeBreakdown by, TradeCell c) => by switch
    {
        TradeBreakdown.Month => c.Key.Length >= 7 ? c.Key[5..7] : c.Key,
        TradeBreakdown.Quarter => c.Key.Length >= 7 && int.TryParse(c.Key[5..7], NumberStyles.None, CultureInfo.InvariantCulture, out int m)
            ? "Q" + ((m + 2) / 3).ToString(CultureInfo.InvariantCulture) : c.Key,
        TradeBreakdown.Year => "year",
        _ => c.Key,
    };

    /// <summary>A key as people read it: a month, a quarter, a country's name, a chapter's or section's description, a mode's name.</summary>
    public static string Label(TradeBreakdown by, int year, string key) => by switch
    {
        TradeBreakdown.Month => $"{year}-{key}",
        TradeBreakdown.Quarter => $"{year} {key}",
        TradeBreakdown.Year => year.ToString(CultureInfo.InvariantCulture),
        TradeBreakdown.Partner => key.Length == 0 ? "not stated" : CountryCode.Parse(key) is { IsValid: true } c && c.Value.Country is { } country ? $"{key} {country.Name}" : key,
        TradeBreakdown.Chapter => key.Length == 0 ? "no commodity code" : HsNomenclature.Hs2022.Find(key) is { } e ? $"{key} {e.Description}" : key,
        TradeBreakdown.Section => key.Length == 0 ? "no commodity code" : s_sections.Value.TryGetValue(key, out string? name) ? $"{key} {name}" : key,
        TradeBreakdown.Mode => key switch
        {
            "1" => "1 sea",
            "2" => "2 rail",
            "3" => "3 road",
            "4" => "4 air",
            "5" => "5 post",
            "7" => "7 fixed installation",
            "8" => "8 inland waterway",
            "" => "not stated",
            _ => key,
        },
        _ => key,
    };

    private sealed class Sum
    {
        public long Exports { get; private set; }
        public long Imports { get; private set; }
        public long ExportsUsd { get; private set; }
        public long ImportsUsd { get; private set; }
        public long PreviousExports { get; private set; }
        public long PreviousImports { get; private set; }
        public long Lines { get; private set; }

        public long Total => Exports + Imports;

        public long PreviousTotal => PreviousExports + PreviousImports;

        public void Add(TradeCell c, int year)
        {
            bool export = c.Flow == TradeLines.Export;
            if (c.Year == year)
            {
                Lines += c.Lines;
                if (export)
                {
                    Exports += c.ValueMinor;
                    ExportsUsd += c.ValueUsdMinor;
                }
                else
                {
                    Imports += c.ValueMinor;
                    ImportsUsd += c.ValueUsdMinor;
                }
            }
            else if (export)
            {
                PreviousExports += c.ValueMinor;
            }
            else
            {
                PreviousImports += c.ValueMinor;
            }
        }
    }
}

/// <summary>One western provincial region's full-year trade from the published aggregates, ranked (1 = largest); null figures rank last.</summary>
public sealed record RankedRegion(int Rank, string Region, decimal? TotalBn, decimal? TotalYoyPct, string Status);

/// <summary>The 12 western provincial regions ranked by their published full-year total (item 7's chart).</summary>
public static class WesternRanking
{
    /// <summary>Regions without a full-year figure are listed last with status "missing".</summary>
    public static IReadOnlyList<RankedRegion> Of(IEnumerable<OfficialTradeRow> rows, int year)
    {
        var fullYear = rows.Where(r => r.Year == year && r.IsFullYear).GroupBy(r => r.Region, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var figures = WesternRegions.All.Select(name => fullYear.TryGetValue(name, out OfficialTradeRow? r)
            ? (Region: name, r.TotalBn, r.TotalYoyPct, r.TotalBn is null ? "missing" : r.Status)
            : (Region: name, TotalBn: (decimal?)null, TotalYoyPct: (decimal?)null, "missing")).ToList();
        return [.. figures
            .Select(f => new RankedRegion(f.TotalBn is { } t ? 1 + figures.Count(o => o.TotalBn > t) : figures.Count(o => o.TotalBn is not null) + 1, f.Region, f.TotalBn, f.TotalYoyPct, f.Item4))
            .OrderBy(r => r.Rank).ThenBy(r => r.Region, StringComparer.Ordinal)];
    }
}
