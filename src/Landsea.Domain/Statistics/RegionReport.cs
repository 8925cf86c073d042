using System.Globalization;
using Landsea.Shared;

namespace Landsea.Statistics;

/// <summary>Foreign trade in US dollars, converted at <see cref="CnyPerUsd"/>.</summary>
public sealed record UsdFigures(decimal TotalBn, decimal? ExportsBn, decimal? ImportsBn, decimal CnyPerUsd, string RateSource);

/// <summary>
/// A region's year from the published aggregates: totals in billions of yuan with year-on-year growth, its rank among the
/// 12 western provincial regions and share of their total, and the USD figures at the year's rate. <see cref="Derived"/>
/// names each figure that is computed here or by the compiler of the source rather than stated by it; <see cref="Notes"/>
/// says how, and what is partial.
/// </summary>
public sealed record RegionReport(
    string Region,
    int Year,
    string Currency,
    decimal TotalBn,
    decimal? TotalYoyPct,
    decimal? ExportsBn,
    decimal? ExportsYoyPct,
    decimal? ImportsBn,
    decimal? ImportsYoyPct,
    int Rank,
    int Of,
    decimal? SharePct,
    UsdFigures Usd,
    IReadOnlyList<string> Derived,
    IReadOnlyList<string> Notes);

/// <summary>The 12 western provincial regions of China (the Western Development region), by their English names in data/provincial-trade.</summary>
public static class WesternRegions
{
    public static readonly IReadOnlyList<string> All =
        ["Chongqing", "Sichuan", "Guizhou", "Yunnan", "Tibet (Xizang)", "Shaanxi", "Gansu", "Qinghai", "Ningxia", "Xinjiang", "Guangxi", "Inner Mongolia"];

    /// <summary>The name of the aggregate row for the 12 regions together.</summary>
    public const string Total = "Western region (12)";

    public static bool Contains(string region) => All.Contains(region, StringComparer.OrdinalIgnoreCase);
}

/// <summary>Builds <see cref="RegionReport"/> from aggregate rows; pure.</summary>
public static class RegionReports
{
    private static readonly string[] s_reported = ["reported"];

    /// <summary>
    /// The report of <paramref name="region"/> for <paramref name="year"/>. Growth is the source's when it states it (the
    /// regions file, or the region's cumulative Jan-Dec row), otherwise computed from the year before (derived). Rank counts
    /// the western regions whose full-year value is higher; regions without a full-year value are named in the notes.
    /// </summary>
    public static Result<RegionReport> Build(IReadOnlyList<OfficialTradeRow> rows, string region, int year, decimal cnyPerUsd, string rateSource)
    {
        OfficialTradeRow? row = FullYear(rows, region, year);
        if (row?.TotalBn is not decimal total)
        {
            string known = string.Join(", ", rows.Where(r => r.IsFullYear && r.TotalBn is not null).Select(r => $"{r.Region} {r.Year}").Distinct().Order(StringComparer.Ordinal));
            return Result<RegionReport>.Fail(StatisticsErrorCodes.RegionYearNotFound, $"no full-year figure for region '{region}' in {year} (the aggregates have: {known}).");
        }

        region = row.Region;
        var derived = new List<string>();
        var notes = new List<string>();
        if (!s_reported.Contains(row.Status))
        {
            derived.Add("totalBn");
            notes.Add($"totalBn is {row.Status} in the source: {row.SourceNote}");
        }

        OfficialTradeRow? cumulative = rows.FirstOrDefault(r => Same(r.Region, region) && r.Year == year && r.Period == OfficialTradeFile.CumulativeFullYear);
        OfficialTradeRow? before = FullYear(rows, region, year - 1);
        decimal? exports = row.ExportsBn ?? cumulative?.ExportsBn;
        decimal? imports = row.ImportsBn ?? cumulative?.ImportsBn;
        decimal? totalYoy = Growth("totalYoyPct", row.TotalYoyPct ?? cumulative?.TotalYoyPct, total, before?.TotalBn, derived, notes);
        decimal? exportsYoy = exports is null ? null : Growth("exportsYoyPct", row.ExportsYoyPct ?? cumulative?.ExportsYoyPct, exports.Value, before?.ExportsBn, derived, notes);
        decimal? importsYoy = imports is null ? null : Growth("importsYoyPct", row.ImportsYoyPct ?? cumulative?.ImportsYoyPct, imports.Value, before?.ImportsBn, derived, notes);

        int rank = 1;
        var without = new List<string>();
        var lowerBounds = new List<string>();
        foreach (string other in WesternRegions.All.Where(w => !Same(w, region)))
        {
            OfficialTradeRow? o = FullYear(rows, other, year);
            if (o?.TotalBn is not decimal v)
            {
                without.Add(other);
                continue;
            }

            if (o.Status == "lower-bound")
            {
                lowerBounds.Add($"{other} (at least {Format(v)})");
            }

            if (v > total)
            {
                rank++;
            }
        }

        if (without.Count > 0 || lowerBounds.Count > 0)
        {
            derived.Add("rank");
            notes.Add($"rank is computed among the western regions with a full-year {year} value; none in the aggregates for: {string.Join(", ", without)}"
                + (lowerBounds.Count > 0 ? $"; lower bounds only: {string.Join(", ", lowerBounds)}" : "") + ".");
        }

        decimal? share = null;
        OfficialTradeRow? western = FullYear(rows, WesternRegions.Total, year);
        if (western?.TotalBn is decimal westernTotal && westernTotal > 0)
        {
            share = Math.Round(total / westernTotal * 100m, 1, MidpointRounding.AwayFromZero);
            if (!s_reported.Contains(western.Status))
            {
                derived.Add("sharePct");
                notes.Add($"sharePct divides by a western-region total that is {western.Status} in the source ({Format(westernTotal)} bn: {western.SourceNote}).");
            }
        }
        else
        {
            notes.Add($"sharePct: no western-region total for {year} in the aggregates.");
        }

        var usd = new UsdFigures(Usd(total, cnyPerUsd), exports is null ? null : Usd(exports.Value, cnyPerUsd), imports is null ? null : Usd(imports.Value, cnyPerUsd), cnyPerUsd, rateSource);
        derived.Add("usd");
        notes.Add($"usd converts the yuan figures at {cnyPerUsd.ToString(CultureInfo.InvariantCulture)} CNY per USD ({rateSource}); figures published in USD may differ (they use other rates).");
        if (row.SourceNote is { } said)
        {
            notes.Add($"the source says: {said}");
        }

        if (row.SourceUrl is { } url)
        {
            notes.Add($"source: {url}");
        }

        return new RegionReport(region, year, "CNY", total, totalYoy, exports, exportsYoy, imports, importsYoy, rank, WesternRegions.All.Count, share, usd, derived, notes);
    }

    private static decimal? Growth(string name, decimal? stated, decimal value, decimal? previous, List<string> derived, List<string> notes)
    {
        if (stated is not null)
        {
            return stated;
        }

        if (previous is decimal p && p > 0)
        {
            derived.Add(name);
            notes.Add($"{name} is computed here from the year before ({Format(value)} / {Format(p)}).");
            return Math.Round((value / p - 1m) * 100m, 1, MidpointRounding.AwayFromZero);
        }

        return null;
    }

    private static OfficialTradeRow? FullYear(IReadOnlyList<OfficialTradeRow> rows, string region, int year) =>
        rows.FirstOrDefault(r => Same(r.Region, region) && r.Year == year && r.IsFullYear && r.TotalBn is not null)
        ?? rows.FirstOrDefault(r => Same(r.Region, region) && r.Year == year && r.Period == OfficialTradeFile.CumulativeFullYear && r.TotalBn is not null);

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static decimal Usd(decimal cny, decimal rate) => Math.Round(cny / rate, 2, MidpointRounding.AwayFromZero);

    private static string Format(decimal d) => d.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The aggregates and rates shipped in the assembly (data/provincial-trade, data/fx).</summary>
public static class ShippedStatistics
{
    /// <summary>The shipped files, each with the region of a cumulative file.</summary>
    public static readonly IReadOnlyList<(string Name, string? Region)> Files =
        [("western-regions-foreign-trade-2021-2022.csv", null), ("chongqing-2022-cumulative.csv", "Chongqing")];

    /// <summary>All rows of the shipped aggregate files.</summary>
    public static IReadOnlyList<OfficialTradeRow> Rows() =>
        [.. Files.SelectMany(f => OfficialTradeFile.Parse(EmbeddedData.ReadText("Landsea.data.provincial-trade." + f.Name), f.Region).OrThrow())];

    /// <summary>The year's CNY per USD: the US Federal Reserve H.10 annual average (FRED, data/fx/fred-yearly.csv, China row).</summary>
    public static Result<decimal> CnyPerUsd(int year)
    {
        string date = $"{year:D4}-01-01";
        foreach (string[] r in EmbeddedData.ReadCsv("Landsea.data.fx.fred-yearly.csv"))
        {
            if (r.Length >= 3 && r[0] == date && r[1] == "China"
                && decimal.TryParse(r[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal rate) && rate > 0)
            {
                return rate;
            }
        }

        return Result<decimal>.Fail(StatisticsErrorCodes.RateNotFound, $"no CNY/USD annual rate for {year} in data/fx/fred-yearly.csv.");
    }

    public const string RateSource = "US Federal Reserve H.10 annual average, FRED via data/fx/fred-yearly.csv";
}
