using System.Data.Common;
using Dapper;
using Landsea.Offices;
using Landsea.Statistics;

namespace Landsea.Data.Statistics;

/// <summary>
/// The node's own foreign-trade figures: one GROUP BY over <c>trade_lines</c> (migration 0016) for a year and the year
/// before, in the database, on indexed columns; the same SQL on SQLite and PostgreSQL. Integer sums, so both give the same
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
        // The sums read only indexed columns (ix_trade_lines_year, ix_trade_lines_partner); the lines stored with value 0
        // are counted by a second query over their partial index.
        string sql = $"""
            SELECT local_year AS Year, {key} AS Key, flow AS Flow, CAST(SUM(value_minor) AS BIGINT) AS ValueMinor,
                CAST(SUM(value_usd_minor) AS BIGINT) AS ValueUsdMinor, COUNT(*) AS Lines
            FROM trade_lines
            WHERE local_year IN (@year, @previous) AND counted = 1
            GROUP BY local_year, {key}, flow
            """;
        string unvaluedSql = $"""
            SELECT local_year AS Year, {key} AS Key, flow AS Flow, COUNT(*) AS Lines
            FROM trade_lines
            WHERE local_year IN (@year, @previous) AND counted = 1 AND value_status <> 'ok'
            GROUP BY local_year, {key}, flow
            """;
        await using DbConnection c = await db.OpenAsync(ct);
        var args = new { year, previous = year - 1 };
        IEnumerable<Cell> rows = await c.QueryAsync<Cell>(new CommandDefinition(sql, args, commandTimeout: 0, cancellationToken: ct));
        var unvalued = (await c.QueryAsync<Cell>(new CommandDefinition(unvaluedSql, args, commandTimeout: 0, cancellationToken: ct)))
            .ToDictionary(u => (u.Year, u.Key ?? "", u.Flow), u => u.Lines);
        return [.. rows.Select(r => new TradeCell((int)r.Year, r.Key ?? "", r.Flow, r.ValueMinor, r.ValueUsdMinor, r.Lines,
            unvalued.GetValueOrDefault((r.Year, r.Key ?? "", r.Flow))))];
    }

    /// <summary>The column a breakdown groups by (a fixed list: never text from a request).</summary>
    internal static string KeyColumn(TradeBreakdown by) => by switch
    {
        TradeBreakdown.Month or TradeBreakdown.Quarter => "local_month",
        TradeBreakdown.Year => "CAST(local_year AS TEXT)",
        TradeBreakdown.Partner => "COALESCE(partner_country, '')",
        TradeBreakdown.Chapter => "hs_chapter",
        TradeBreakdown.Section => "hs_section",
        TradeBreakdown.Mode => "COALESCE(mode, '')",
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
    }
#pragma warning restore CA1812
}
