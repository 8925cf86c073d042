using System.Data.Common;
using Dapper;
using Landsea.Offices;
using Landsea.Statistics;

namespace Landsea.Data.Statistics;

/// <summary>
/// The node's own foreign-trade figures: one GROUP BY over the roll-up <c>trade_months</c> (migration 0016, kept with
/// <c>trade_lines</c> by <see cref="TradeLineStore"/>) for a year and the year before, in the database, by primary key; the same SQL on SQLite and PostgreSQL. Integer sums, so both give the same
/// figures to the last minor unit; growth, share and rank are <see cref="TradeReports.Build"/>'s.
/// </summary>
public sealed class TradeQueries(NodeDatabase db, CustomsNode node)
{
    /// <summary>The report of <paramref name="year"/> by <paramref name="by"/>.</summary>
    public async Task<TradeReport> ReportAsync(int year, TradeBreakdown by, CancellationToken ct = default) =>
        TradeReports.Build(year, by, TradeLines.CurrencyOf(node), await CellsAsync(year, by, ct));

    /// <summary>The sums of <paramref name="year"/> and the year before, by key and flow.</summary>
    public async Task<IReadOnlyList<TradeCell>> CellsAsync(int year, TradeBreakdown by, CancellationToken ct = default)
    {
        string key = KeyColumn(by);
        // The roll-up trade_months (a row per month and key combination), not the lines: the sums are the same integers.
        string sql = $"""
            SELECT local_year AS Year, {key} AS Key, flow AS Flow, CAST(SUM(value_minor) AS BIGINT) AS ValueMinor,
                CAST(SUM(value_usd_minor) AS BIGINT) AS ValueUsdMinor, CAST(SUM(lines) AS BIGINT) AS Lines, CAST(SUM(unvalued) AS BIGINT) AS Unvalued
            FROM trade_months
            WHERE local_year IN (@year, @previous)
            GROUP BY local_year, {key}, flow
            """;
        await using DbConnection c = await db.OpenAsync(ct);
        IEnumerable<Cell> rows = await c.QueryAsync<Cell>(new CommandDefinition(sql, new { year, previous = year - 1 }, commandTimeout: 0, cancellationToken: ct));
        return [.. rows.Where(r => r.Lines != 0).Select(r => new TradeCell((int)r.Year, r.Key ?? "", r.Flow, r.ValueMinor, r.ValueUsdMinor, r.Lines, r.Unvalued))];
    }

    /// <summary>The column a breakdown groups by (a fixed list: never text from a request).</summary>
    internal static string KeyColumn(TradeBreakdown by) => by switch
    {
        TradeBreakdown.Month or TradeBreakdown.Quarter => "local_month",
        TradeBreakdown.Year => "CAST(local_year AS TEXT)",
        TradeBreakdown.Partner => "partner_country",
        TradeBreakdown.Chapter => "hs_chapter",
        TradeBreakdown.Section => "hs_section",
        TradeBreakdown.Mode => "mode",
        TradeBreakdown.Line => "corridor_line",
        TradeBreakdown.Region => "region",
        _ => throw new ArgumentOutOfRangeException(nameof(by)),
    };

#pragma warning disable CA1812 // Dapper instantiates it.
    private sealed class Cell
    {
        public long Year { get; set; }
        public string? Key { get; set; }
        public string Flow { get; set; } = "";
        public long ValueMinor { get; set; }
        public long ValueUsdMinor { get; set; }
        public long Lines { get; set; }
        public long Unvalued { get; set; }
    }
#pragma warning restore CA1812
}
