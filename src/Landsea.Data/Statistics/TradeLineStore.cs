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

    private const int Width = 24;

    /// <summary>Replaces the lines of each declaration with those of its current model and status.</summary>
    public static async Task WriteAsync(UnitOfWork work, CustomsNode node, IReadOnlyList<TradeLineSource> declarations, bool fresh = false)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(declarations);
        if (declarations.Count == 0)
        {
            return;
        }

        if (!fresh)
        {
            foreach (TradeLineSource[] chunk in declarations.Chunk(500))
            {
                long[] ids = [.. chunk.Select(d => d.DeclarationId)];
                string sql = work.Dialect == SqlDialect.Postgres
                    ? "DELETE FROM trade_lines WHERE declaration_id = ANY(@ids)"
                    : "DELETE FROM trade_lines WHERE declaration_id IN @ids";
                await work.Connection.ExecuteAsync(sql, new { ids }, work.Transaction);
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
            }
        }

        await InsertAsync(work, rows);
    }

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

        long lines = await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM trade_lines", cancellationToken: ct));
        return (declarations, lines);
    }

    private static async Task InsertAsync(UnitOfWork work, List<object?[]> rows)
    {
        foreach (object?[][] chunk in rows.Chunk(8000 / Width))
        {
            await using DbCommand command = work.Connection.CreateCommand();
            command.Transaction = work.Transaction;
            var sql = new StringBuilder("INSERT INTO ").Append(Columns).Append(" VALUES ");
            for (int r = 0; r < chunk.Length; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                for (int col = 0; col < Width; col++)
                {
                    string name = string.Create(CultureInfo.InvariantCulture, $"@t{r}_{col}");
                    sql.Append(col == 0 ? "" : ", ").Append(name);
                    DbParameter parameter = command.CreateParameter();
                    parameter.ParameterName = name;
                    parameter.Value = chunk[r][col] ?? DBNull.Value;
                    command.Parameters.Add(parameter);
                }

                sql.Append(')');
            }

            command.CommandText = sql.ToString();
            await command.ExecuteNonQueryAsync();
        }
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
#pragma warning restore IDE1006, CA1812
}
