using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using Landsea.Data.Declarations;
using Landsea.Declarations;
using Landsea.Exchange.Storage;
using Landsea.Offices;
using Landsea.Statistics;

namespace Landsea.Data.Statistics;

/// <summary>A declaration as statistics need it: its row id, MRN, model, declarant, office, acceptance instant and status.</summary>
public sealed record TradeLineSource(long DeclarationId, string Mrn, Declaration Declaration, string DeclarantId, string OfficeCode,
    DateTimeOffset AcceptedAt, DeclarationStatus Status);

/// <summary>
/// Writes table <c>trade_lines</c> (migration 0016, ADR 0402): the declaration writer calls <see cref="WriteAsync"/> inside
/// the transaction that accepts, amends or invalidates a declaration, so the lines and the declaration commit together.
/// The lines themselves are <see cref="TradeLines.Of"/>'s pure mapping.
/// </summary>
public static class TradeLineStore
{
    private const string Columns = """
        trade_lines (declaration_id, item_sequence, mrn, flow, hs_code, hs_chapter, hs_section, partner_country, trader_id, office_code,
            region, local_day, local_month, local_year, mode, corridor_line, value_minor, currency, value_usd_minor, item_currency,
            item_amount, rate_month, value_status, counted)
        """;

    /// <summary>Replaces the lines of each declaration with those of its current model and status.</summary>
    public static async Task WriteAsync(UnitOfWork work, CustomsNode node, IReadOnlyList<TradeLineSource> declarations, bool fresh = false)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(declarations);
        if (declarations.Count == 0)
        {
            return;
        }

        var deltas = new SortedDictionary<MonthKey, Delta>();
        if (!fresh)
        {
            foreach (TradeLineSource[] chunk in declarations.Chunk(500))
            {
                long[] ids = [.. chunk.Select(d => d.DeclarationId)];
                string among = work.Dialect == SqlDialect.Postgres ? "= ANY(@ids)" : "IN @ids";
                var old = await work.Connection.QueryAsync<MonthRow>($"""
                    SELECT {KeySelect}, CAST(SUM(value_minor) AS BIGINT) AS value_minor, CAST(SUM(value_usd_minor) AS BIGINT) AS value_usd_minor,
                        COUNT(*) AS lines, CAST(SUM(CASE WHEN value_status = 'ok' THEN 0 ELSE 1 END) AS BIGINT) AS unvalued
                    FROM trade_lines WHERE declaration_id {among} AND counted = 1 GROUP BY {KeyColumns}
                    """, new { ids }, work.Transaction);
                foreach (MonthRow o in old)
                {
                    Add(deltas, o.Key, -o.value_minor, -o.value_usd_minor, -o.lines, -o.unvalued);
                }

                await work.Connection.ExecuteAsync($"DELETE FROM trade_lines WHERE declaration_id {among}", new { ids }, work.Transaction);
            }
        }

        var rows = new List<object?[]>();
        var currency = TradeLines.CurrencyOf(node);
        foreach (TradeLineSource d in declarations)
        {
            int counted = TradeLines.Counts(d.Status) ? 1 : 0;
            foreach (TradeLine l in TradeLines.Of(d.Declaration, d.DeclarantId, d.OfficeCode, d.AcceptedAt, currency))
            {
                rows.Add([d.DeclarationId, l.ItemSequence, d.Mrn, l.Flow, l.HsCode, l.HsChapter, l.HsSection, l.PartnerCountry, l.TraderId, l.OfficeCode,
                    l.Region, l.LocalDayText, l.LocalMonthText, l.LocalDay.Year, l.Mode, l.CorridorLine, l.ValueMinor, l.NodeCurrency, l.ValueUsdMinor,
                    l.Currency, l.Amount?.ToString(CultureInfo.InvariantCulture), l.RateMonth?.ToString("yyyy-MM", CultureInfo.InvariantCulture), l.ValueStatus, counted]);
                if (counted == 1)
                {
                    var key = new MonthKey(l.LocalDay.Year, l.LocalMonthText, l.Flow, l.PartnerCountry ?? "", l.HsChapter, l.HsSection, l.Mode ?? "", l.CorridorLine, l.Region);
                    Add(deltas, key, l.ValueMinor, l.ValueUsdMinor, 1, l.ValueStatus == TradeLines.Ok ? 0 : 1);
                }
            }
        }

        await PositionalRows.InsertAsync(work, Columns, rows);
        // Keys in one order for every writer, so concurrent writers over one PostgreSQL database lock roll-up rows in the same order.
        List<object?[]> months = [.. deltas.Where(kv => kv.Value != default).Select(kv => new object?[]
        {
            kv.Key.Year, kv.Key.Month, kv.Key.Flow, kv.Key.Partner, kv.Key.Chapter, kv.Key.Section, kv.Key.Mode, kv.Key.Line, kv.Key.Region,
            kv.Value.Value, kv.Value.Usd, kv.Value.Lines, kv.Value.Unvalued,
        })];
        await PositionalRows.InsertAsync(work, MonthColumns, months, """
             ON CONFLICT (local_year, local_month, flow, partner_country, hs_chapter, hs_section, mode, corridor_line, region) DO UPDATE SET
                value_minor = trade_months.value_minor + excluded.value_minor, value_usd_minor = trade_months.value_usd_minor + excluded.value_usd_minor,
                lines = trade_months.lines + excluded.lines, unvalued = trade_months.unvalued + excluded.unvalued
            """);
    }

    /// <summary>Recomputes the roll-up <c>trade_months</c> from <c>trade_lines</c> in one transaction (rebuild, bench load).</summary>
    public static async Task RecomputeMonthsAsync(NodeDatabase db, TimeProvider time, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using DbConnection c = await db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, time, ct);
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM trade_months", transaction: work.Transaction, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO {MonthColumns}
            SELECT {KeySelect}, CAST(SUM(value_minor) AS BIGINT), CAST(SUM(value_usd_minor) AS BIGINT), COUNT(*),
                CAST(SUM(CASE WHEN value_status = 'ok' THEN 0 ELSE 1 END) AS BIGINT)
            FROM trade_lines WHERE counted = 1 GROUP BY {KeyColumns}
            """, transaction: work.Transaction, commandTimeout: 0, cancellationToken: ct));
        await work.CommitAsync(ct);
    }

    private const string KeyColumns = "local_year, local_month, flow, COALESCE(partner_country, ''), hs_chapter, hs_section, COALESCE(mode, ''), corridor_line, region";

    private const string KeySelect = "local_year, local_month, flow, COALESCE(partner_country, '') AS partner_country, hs_chapter, hs_section, COALESCE(mode, '') AS mode, corridor_line, region";

    private const string MonthColumns = "trade_months (local_year, local_month, flow, partner_country, hs_chapter, hs_section, mode, corridor_line, region, value_minor, value_usd_minor, lines, unvalued)";

    private static void Add(SortedDictionary<MonthKey, Delta> deltas, MonthKey key, long value, long usd, long lines, long unvalued)
    {
        Delta d = deltas.GetValueOrDefault(key);
        deltas[key] = new Delta(d.Value + value, d.Usd + usd, d.Lines + lines, d.Unvalued + unvalued);
    }

    private readonly record struct MonthKey(long Year, string Month, string Flow, string Partner, string Chapter, string Section, string Mode, string Line, string Region)
        : IComparable<MonthKey>
    {
        public int CompareTo(MonthKey other)
        {
            int c = Year.CompareTo(other.Year);
            foreach ((string a, string b) in new[] { (Month, other.Month), (Flow, other.Flow), (Partner, other.Partner), (Chapter, other.Chapter), (Section, other.Section), (Mode, other.Mode), (Line, other.Line), (Region, other.Region) })
            {
                if (c != 0)
                {
                    return c;
                }

                c = string.CompareOrdinal(a, b);
            }

            return c;
        }
    }

    private readonly record struct Delta(long Value, long Usd, long Lines, long Unvalued);

    /// <summary>
    /// Backfill ("landsea stats rebuild"): rewrites the lines of every stored declaration, a page of ids at a time, each
    /// page in its own transaction; returns the declarations and lines written.
    /// </summary>
    public static async Task<(long Declarations, long Lines)> RebuildAsync(NodeDatabase db, CustomsNode node, TimeProvider time, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        long after = 0, declarations = 0;
        await using DbConnection c = await db.OpenAsync(ct);
        while (true)
        {
            var page = (await c.QueryAsync<Row>(new CommandDefinition(
                "SELECT id, mrn, declarant_id, office_code, lodged_at, status, model_json FROM declarations WHERE id > @after ORDER BY id LIMIT 1000",
                new { after }, cancellationToken: ct))).ToList();
            if (page.Count == 0)
            {
                break;
            }

            await using (UnitOfWork work = await UnitOfWork.BeginAsync(c, time, ct))
            {
                await WriteAsync(work, node, [.. page.Select(r => new TradeLineSource(r.id, r.mrn, JsonSerializer.Deserialize<Declaration>(r.model_json, StoreJson.Options)!,
                    r.declarant_id, r.office_code, StoredTime.Parse(r.lodged_at), Enum.Parse<DeclarationStatus>(r.status)))]);
                await work.CommitAsync(ct);
            }

            declarations += page.Count;
            after = page[^1].id;
        }

        await RecomputeMonthsAsync(db, time, ct);
        long lines = await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM trade_lines", cancellationToken: ct));
        return (declarations, lines);
    }

#pragma warning disable IDE1006, CA1812 // Row type mirrors column names; Dapper instantiates it.
    private sealed class Row
    {
        public long id { get; set; }
        public string mrn { get; set; } = "";
        public string declarant_id { get; set; } = "";
        public string office_code { get; set; } = "";
        public string lodged_at { get; set; } = "";
        public string status { get; set; } = "";
        public string model_json { get; set; } = "";
    }
    private sealed class MonthRow
    {
        public long local_year { get; set; }
        public string local_month { get; set; } = "";
        public string flow { get; set; } = "";
        public string partner_country { get; set; } = "";
        public string hs_chapter { get; set; } = "";
        public string hs_section { get; set; } = "";
        public string mode { get; set; } = "";
        public string corridor_line { get; set; } = "";
        public string region { get; set; } = "";
        public long value_minor { get; set; }
        public long value_usd_minor { get; set; }
        public long lines { get; set; }
        public long unvalued { get; set; }

        public MonthKey Key => new(local_year, local_month, flow, partner_country, hs_chapter, hs_section, mode, corridor_line, region);
    }
#pragma warning restore IDE1006, CA1812
}
