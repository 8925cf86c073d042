using System.Globalization;
using Landsea.Shared;

namespace Landsea.Statistics;

/// <summary>Error codes of the statistics capability (LS750-LS799); listed in docs/error-codes.md.</summary>
public static class StatisticsErrorCodes
{
    /// <summary>The statistics file is empty or its header names none of the known shapes.</summary>
    public const string FileShape = "LS750";

    /// <summary>A column the file's shape needs is missing from the header.</summary>
    public const string ColumnMissing = "LS751";

    /// <summary>A figure (billions, growth, year) is not a number.</summary>
    public const string NotNumeric = "LS752";

    /// <summary>A required value (region, year, period) is empty, or a row has fewer fields than the header.</summary>
    public const string ValueMissing = "LS753";

    /// <summary>The same region, year and period appears twice in one file.</summary>
    public const string DuplicateRow = "LS754";

    /// <summary>No full-year figure for that region and year among the aggregates.</summary>
    public const string RegionYearNotFound = "LS755";

    /// <summary>No CNY/USD rate for the year in the repository's rates (data/fx).</summary>
    public const string RateNotFound = "LS756";

    /// <summary>The node's figures were asked for by a breakdown that does not exist (not month, quarter, year, partner, chapter, section, mode, line or region).</summary>
    public const string BreakdownUnknown = "LS780";

    /// <summary>The year of the node's figures is missing or out of range (1990-9999).</summary>
    public const string YearInvalid = "LS781";

    /// <summary>The statistics of an unknown node were asked for (--node is not one of the corridor's nodes).</summary>
    public const string NodeUnknown = "LS782";
}

/// <summary>
/// One published aggregate: a region's foreign trade over a period of a year, in billions of yuan, with the growth on the
/// year before and how the source gives it (<see cref="Status"/>: reported, reported-partial, derived, derived-partial,
/// lower-bound, missing; see data/provincial-trade/SOURCES.md).
/// </summary>
public sealed record OfficialTradeRow(
    string Region,
    string? RegionZh,
    int Year,
    string Period,
    decimal? TotalBn,
    decimal? ExportsBn,
    decimal? ImportsBn,
    decimal? TotalYoyPct,
    decimal? ExportsYoyPct,
    decimal? ImportsYoyPct,
    string Status,
    string? SourceUrl,
    string? SourceNote)
{
    /// <summary>The period name of a whole calendar year.</summary>
    public const string FullYear = "full-year";

    public bool IsFullYear => Period == FullYear;
}

/// <summary>
/// Reads the two published-aggregate CSV shapes of data/provincial-trade: the regions file (one row per region, year and
/// period, with <c>province_en</c>) and a region's cumulative file (<c>period_end</c>, <c>months</c>; the region is given,
/// because the file does not name it). A cumulative Jan-Dec row is stored as the region's full-year period
/// "full-year (cumulative)", so it never hides the regions file's own full-year row. All or nothing: the first bad line
/// refuses the whole file, naming the line (1 = header) and the column.
/// </summary>
public static class OfficialTradeFile
{
    private static readonly string[] s_regionsColumns = ["province_en", "year", "period", "total_bn_cny", "exports_bn_cny", "imports_bn_cny", "total_yoy_pct", "value_status"];
    private static readonly string[] s_cumulativeColumns = ["period_end", "months", "total_bn_cny", "exports_bn_cny", "imports_bn_cny", "total_yoy_pct", "exports_yoy_pct", "imports_yoy_pct"];

    /// <summary>The period name under which a cumulative file's Jan-Dec row is kept.</summary>
    public const string CumulativeFullYear = "full-year (cumulative)";

    /// <summary>Parses one file's text. <paramref name="region"/> names the region of a cumulative file (ignored for the regions shape).</summary>
    public static Result<IReadOnlyList<OfficialTradeRow>> Parse(string text, string? region = null)
    {
        using var reader = new StringReader(text);
        List<string[]> lines = [.. Csv.Read(reader)];
        if (lines.Count == 0 || lines[0].All(string.IsNullOrWhiteSpace))
        {
            return Result<IReadOnlyList<OfficialTradeRow>>.Fail(StatisticsErrorCodes.FileShape, "line 1: the file is empty; expected a CSV header (province_en,year,period,... or period_end,months,...).");
        }

        string[] header = [.. lines[0].Select(h => h.Trim().TrimStart('\uFEFF'))];
        bool cumulative = header.Contains("period_end") && !header.Contains("province_en");
        string[] required = cumulative ? s_cumulativeColumns : s_regionsColumns;
        foreach (string column in required)
        {
            if (!header.Contains(column))
            {
                return Result<IReadOnlyList<OfficialTradeRow>>.Fail(StatisticsErrorCodes.ColumnMissing,
                    $"line 1: column '{column}' is missing from the header (this {(cumulative ? "cumulative" : "regions")} file needs {string.Join(", ", required)}).");
            }
        }

        if (cumulative && string.IsNullOrWhiteSpace(region))
        {
            return Result<IReadOnlyList<OfficialTradeRow>>.Fail(StatisticsErrorCodes.ValueMissing, "line 1: a cumulative file (period_end, months) does not name its region; give the region (--region).");
        }

        var rows = new List<OfficialTradeRow>();
        var seen = new HashSet<(string, int, string)>();
        for (int i = 1; i < lines.Count; i++)
        {
            int lineNo = i + 1;
            string[] fields = lines[i];
            if (fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            if (Csv.Exceeds(fields))
            {
                return Result<IReadOnlyList<OfficialTradeRow>>.Fail(SecurityErrorCodes.LineTooLong, Csv.ExceedsReason(lineNo));
            }

            if (fields.Length < header.Length)
            {
                return Result<IReadOnlyList<OfficialTradeRow>>.Fail(StatisticsErrorCodes.ValueMissing, $"line {lineNo}: {fields.Length} fields, the header has {header.Length}.");
            }

            var row = new Row(header, fields, lineNo);
            Result<OfficialTradeRow> parsed = cumulative ? ReadCumulative(row, region!.Trim()) : ReadRegions(row);
            if (!parsed.IsValid)
            {
                return Result<IReadOnlyList<OfficialTradeRow>>.Fail(parsed.Failure!);
            }

            OfficialTradeRow r = parsed.Value;
            if (!seen.Add((r.Region, r.Year, r.Period)))
            {
                return Result<IReadOnlyList<OfficialTradeRow>>.Fail(StatisticsErrorCodes.DuplicateRow, $"line {lineNo}: {r.Region} {r.Year} {r.Period} appears twice in the file.");
            }

            rows.Add(r);
        }

        return rows;
    }

    private static Result<OfficialTradeRow> ReadRegions(Row row)
    {
        string region = row.Text("province_en");
        if (region.Length == 0)
        {
            return row.Missing("province_en");
        }

        string period = row.Text("period");
        if (period.Length == 0)
        {
            return row.Missing("period");
        }

        string status = row.Text("value_status");
        if (status.Length == 0)
        {
            return row.Missing("value_status");
        }

        Result<int> year = row.Year("year");
        if (!year.IsValid)
        {
            return year.Failure!;
        }

        Result<decimal?>[] figures = [row.Number("total_bn_cny"), row.Number("exports_bn_cny"), row.Number("imports_bn_cny"), row.Number("total_yoy_pct"), row.Number("exports_yoy_pct"), row.Number("imports_yoy_pct")];
        if (figures.FirstOrDefault(f => !f.IsValid) is { Failure: { } failure })
        {
            return failure;
        }

        return new OfficialTradeRow(region, row.Optional("province_zh"), year.Value, period,
            figures[0].Value, figures[1].Value, figures[2].Value, figures[3].Value, figures[4].Value, figures[5].Value,
            status, row.Optional("source_url"), row.Optional("source_note"));
    }

    private static Result<OfficialTradeRow> ReadCumulative(Row row, string region)
    {
        string end = row.Text("period_end");
        if (end.Length < 7 || !int.TryParse(end.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out int year)
            || !int.TryParse(end.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int month) || month is < 1 or > 12)
        {
            return Result<OfficialTradeRow>.Fail(StatisticsErrorCodes.NotNumeric, $"line {row.LineNo}, field period_end: '{end}' is not a YYYY-MM month.");
        }

        string months = row.Text("months");
        if (months.Length == 0)
        {
            return row.Missing("months");
        }

        Result<decimal?>[] figures = [row.Number("total_bn_cny"), row.Number("exports_bn_cny"), row.Number("imports_bn_cny"), row.Number("total_yoy_pct"), row.Number("exports_yoy_pct"), row.Number("imports_yoy_pct")];
        if (figures.FirstOrDefault(f => !f.IsValid) is { Failure: { } failure })
        {
            return failure;
        }

        string period = month == 12 ? CumulativeFullYear : months;
        string status = month == 12 ? "reported" : "reported-partial";
        return new OfficialTradeRow(region, null, year, period,
            figures[0].Value, figures[1].Value, figures[2].Value, figures[3].Value, figures[4].Value, figures[5].Value,
            status, row.Optional("source_url"), $"cumulative {months} {year}");
    }

    private readonly struct Row(string[] header, string[] fields, int lineNo)
    {
        public int LineNo => lineNo;

        public string Text(string column)
        {
            int i = Array.IndexOf(header, column);
            return i < 0 ? "" : fields[i].Trim();
        }

        public string? Optional(string column) => Text(column) is { Length: > 0 } t ? t : null;

        public Failure Missing(string column) => new(StatisticsErrorCodes.ValueMissing, $"line {lineNo}, field {column}: a value is required.");

        public Result<int> Year(string column)
        {
            string t = Text(column);
            if (t.Length == 0)
            {
                return Missing(column);
            }

            return int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out int y) && y is >= 1900 and <= 2999
                ? y
                : Result<int>.Fail(StatisticsErrorCodes.NotNumeric, $"line {lineNo}, field {column}: '{t}' is not a year.");
        }

        public Result<decimal?> Number(string column)
        {
            string t = Text(column);
            if (t.Length == 0)
            {
                return Result<decimal?>.Ok(null);
            }

            return decimal.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal d)
                ? Result<decimal?>.Ok(d)
                : Result<decimal?>.Fail(StatisticsErrorCodes.NotNumeric, $"line {lineNo}, field {column}: '{t}' is not a number.");
        }
    }
}
