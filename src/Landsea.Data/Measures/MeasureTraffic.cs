using System.Data.Common;
using System.Globalization;
using Dapper;
using Landsea.Offices;
using Landsea.Statistics;

namespace Landsea.Data.Measures;

/// <summary>A trader's part of the traffic a measure concerns.</summary>
public sealed record AffectedTrader(string TraderId, long Lines, long ValueMinor);

/// <summary>
/// The node's own exports a notification concerns over a period: goods items (and their declarations) whose HS code falls
/// under one of its codes, to the notifying member, counted in statistics (accepted, not invalidated); with their value in
/// the node's currency (minor units) and the traders with most value.
/// </summary>
public sealed record MeasureTrafficRow(string Symbol, long Lines, long Declarations, long ValueMinor, long ValueUsdMinor, IReadOnlyList<AffectedTrader> TopTraders);

/// <summary>
/// Matches the register's products and markets (<c>measure_hs</c>) with the node's trade lines (<c>trade_lines</c>, owned
/// by Statistics, read only) in the database: a range join on the lines' index (hs_chapter, hs_code, partner_country,
/// local_day), never loading the declarations. Exports only: a member's measure applies to goods entering its market.
/// </summary>
public sealed class MeasureTraffic(NodeDatabase db, CustomsNode node)
{
    /// <summary>Traders listed per measure.</summary>
    public const int TopTraders = 5;

    /// <summary>The node's currency, in which <see cref="MeasureTrafficRow.ValueMinor"/> is given.</summary>
    public string Currency => TradeLines.CurrencyOf(node).Value;

    /// <summary>The traffic of every notification that has any, from <paramref name="from"/> to <paramref name="to"/> (office local days, inclusive); only <paramref name="officeCode"/>'s when given.</summary>
    public async Task<IReadOnlyDictionary<string, MeasureTrafficRow>> ForPeriodAsync(DateOnly from, DateOnly to, string? officeCode = null, CancellationToken ct = default)
    {
        const string Join = """
            FROM measure_hs h
            JOIN trade_lines t ON t.hs_chapter = h.hs_chapter AND t.hs_code >= h.hs_prefix AND t.hs_code < h.hs_end AND t.partner_country = h.member
            WHERE t.flow = 'export' AND t.counted = 1 AND t.local_day >= @from AND t.local_day <= @to AND (@office IS NULL OR t.office_code = @office)
            """;
        var args = new { from = Day(from), to = Day(to), office = officeCode };
        await using DbConnection c = await db.OpenAsync(ct);
        var totals = await c.QueryAsync<(string Symbol, long Lines, long Declarations, long ValueMinor, long ValueUsdMinor)>(new CommandDefinition($"""
            SELECT h.symbol, COUNT(*), COUNT(DISTINCT t.declaration_id), CAST(SUM(t.value_minor) AS BIGINT), CAST(SUM(t.value_usd_minor) AS BIGINT)
            {Join}
            GROUP BY h.symbol
            """, args, commandTimeout: 0, cancellationToken: ct));
        var traders = (await c.QueryAsync<(string Symbol, string TraderId, long Lines, long ValueMinor)>(new CommandDefinition($"""
            SELECT h.symbol, t.trader_id, COUNT(*), CAST(SUM(t.value_minor) AS BIGINT)
            {Join}
            GROUP BY h.symbol, t.trader_id
            """, args, commandTimeout: 0, cancellationToken: ct)))
            .GroupBy(r => r.Symbol, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<AffectedTrader>)[.. g.OrderByDescending(r => r.ValueMinor).ThenByDescending(r => r.Lines)
                .ThenBy(r => r.TraderId, StringComparer.Ordinal).Take(TopTraders).Select(r => new AffectedTrader(r.TraderId, r.Lines, r.ValueMinor))], StringComparer.Ordinal);
        return totals.ToDictionary(t => t.Symbol, t => new MeasureTrafficRow(t.Symbol, t.Lines, t.Declarations, t.ValueMinor, t.ValueUsdMinor,
            traders.TryGetValue(t.Symbol, out IReadOnlyList<AffectedTrader>? top) ? top : []), StringComparer.Ordinal);
    }

    /// <summary>The twelve months up to <paramref name="today"/>: from the same day a year before (the day after it) to today.</summary>
    public static (DateOnly From, DateOnly To) LastTwelveMonths(DateOnly today) => (today.AddYears(-1).AddDays(1), today);

    /// <summary>Today in the node's time zone.</summary>
    public DateOnly Today(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(node.TimeZoneId)).DateTime);
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
