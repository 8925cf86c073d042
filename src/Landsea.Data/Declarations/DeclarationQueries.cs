using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Landsea.Data.Access;
using Landsea.Declarations;
using Landsea.Exchange.Storage;
using Landsea.Offices;

namespace Landsea.Data.Declarations;

/// <summary>
/// Reads declarations, their histories and the stored submissions. Every query takes an <see cref="AccessScope"/> and
/// filters by it. Writes go through <see cref="DeclarationWriter"/>.
/// </summary>
public sealed class DeclarationQueries(NodeDatabase db)
{
    private readonly NodeDatabase _db = db;

    /// <summary>
    /// Goods a red or yellow channel holds: not yet released (or rejected, invalidated), and no control outcome recorded.
    /// The same rule as <see cref="ControlState.Holds"/>, in SQL over <c>risk_decisions</c> and <c>risk_outcomes</c> (owned by risk; read here for the work queue).
    /// </summary>
    private const string AwaitingSql =
        "(CASE WHEN r.channel IN ('Red', 'Yellow') AND d.status IN ('Accepted', 'UnderControl', 'DocumentsRequired') AND NOT EXISTS (SELECT 1 FROM risk_outcomes o WHERE o.mrn = d.mrn) THEN 1 ELSE 0 END)";

    /// <summary>
    /// The declaration's MRN covers a consignment in the corridor's priority lane (<c>corridor_consignment_mrns</c> and
    /// <c>corridor_consignments</c>, owned by Data/Corridor; read here for the work queue's lane).
    /// </summary>
    private const string PrioritySql =
        "EXISTS (SELECT 1 FROM corridor_consignment_mrns pm JOIN corridor_consignments pc ON pc.id = pm.consignment_id WHERE pm.mrn = d.mrn AND pc.priority = 1)";

    /// <summary>A priority-lane declaration still waiting for customs (not released, cleared, rejected or invalidated): first in the queue.</summary>
    private const string PriorityOpenSql =
        $"(CASE WHEN d.status IN ('Received', 'Accepted', 'UnderControl', 'DocumentsRequired') AND {PrioritySql} THEN 1 ELSE 0 END)";

    /// <summary>One page of the declarations the scope may see, in the filter's order (newest first by default).</summary>
    public async Task<Page<DeclarationSummary>> ListAsync(AccessScope scope, DeclarationFilter filter, CancellationToken ct = default)
    {
        (List<string> where, DynamicParameters args) = Where(scope, filter, withChannel: true);
        int size = Math.Clamp(filter.PageSize, 1, 200);
        int page = Math.Max(1, filter.Page);
        args.Add("limit", size);
        args.Add("offset", (page - 1) * size);
        string clause = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        bool risk = scope.SeesAll;
        string join = risk ? "LEFT JOIN risk_decisions r ON r.mrn = d.mrn" : "";
        string riskColumns = risk
            ? $", r.channel AS risk_channel, r.score AS risk_score, r.reasons_json AS risk_reasons, {AwaitingSql} AS awaiting"
            : "";
        string order = (risk ? filter.Sort : filter.Sort is DeclarationSort.Oldest ? DeclarationSort.Oldest : DeclarationSort.Newest) switch
        {
            DeclarationSort.Queue => $"{PriorityOpenSql} DESC, {AwaitingSql} DESC, CASE r.channel WHEN 'Red' THEN 2 WHEN 'Yellow' THEN 1 ELSE 0 END DESC, COALESCE(r.score, -1) DESC, d.lodged_at ASC, d.id ASC",
            DeclarationSort.Score => "COALESCE(r.score, -1) DESC, d.lodged_at DESC, d.id DESC",
            DeclarationSort.Oldest => "d.lodged_at ASC, d.id ASC",
            _ => "d.lodged_at DESC, d.id DESC",
        };

        await using DbConnection c = await _db.OpenAsync(ct);
        long total = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM declarations d {join} {clause}", args);
        var rows = await c.QueryAsync<SummaryRow>(
            $"SELECT {SummaryColumns}{riskColumns} FROM declarations d {join} {clause} ORDER BY {order} LIMIT @limit OFFSET @offset", args);
        return new Page<DeclarationSummary>(rows.Select(r => r.ToSummary(risk)).ToList(), page, size, total);
    }

    /// <summary>
    /// The work queue's counts: declarations per channel among those the filter selects (its channel and awaiting filters
    /// aside), and how many of them wait for a control outcome. Empty for a scope that may not see risk decisions.
    /// </summary>
    public async Task<IReadOnlyList<ChannelCount>> ChannelCountsAsync(AccessScope scope, DeclarationFilter filter, CancellationToken ct = default)
    {
        if (!scope.SeesAll)
        {
            return [];
        }

        (List<string> where, DynamicParameters args) = Where(scope, filter with { Channel = null, AwaitingControl = false }, withChannel: true);
        string clause = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        await using DbConnection c = await _db.OpenAsync(ct);
        var rows = await c.QueryAsync<(string? channel, long total, long awaiting)>(
            $"SELECT r.channel, COUNT(*), SUM({AwaitingSql}) FROM declarations d LEFT JOIN risk_decisions r ON r.mrn = d.mrn {clause} GROUP BY r.channel", args);
        return [.. rows.Select(r => new ChannelCount(r.channel is null ? null : Enum.Parse<Landsea.Risk.Channel>(r.channel), r.total, r.awaiting))
            .OrderByDescending(r => r.Channel is { } ch ? (int)ch : -1)];
    }

    private static (List<string> Where, DynamicParameters Args) Where(AccessScope scope, DeclarationFilter filter, bool withChannel)
    {
        var where = new List<string>();
        var args = new DynamicParameters();
        ApplyScope(scope, where, args);
        if (filter.Status is { } status)
        {
            where.Add("d.status = @status");
            args.Add("status", status.ToString());
        }

        if (!string.IsNullOrWhiteSpace(filter.TraderId))
        {
            where.Add("EXISTS (SELECT 1 FROM declaration_parties f WHERE f.declaration_id = d.id AND f.trader_id = @filterTrader)");
            args.Add("filterTrader", filter.TraderId.Trim().ToUpperInvariant());
        }

        if (!string.IsNullOrWhiteSpace(filter.Chapter))
        {
            where.Add("EXISTS (SELECT 1 FROM declaration_chapters c WHERE c.declaration_id = d.id AND c.chapter = @chapter)");
            args.Add("chapter", filter.Chapter.Trim().PadLeft(2, '0'));
        }

        if (!string.IsNullOrWhiteSpace(filter.Office))
        {
            where.Add("d.office_code = @office");
            args.Add("office", filter.Office.Trim().ToUpperInvariant());
        }

        if (filter.UpdatedSince is { } since)
        {
            where.Add("d.updated_at >= @since");
            args.Add("since", Iso(since));
        }

        if (filter.From is not null || filter.To is not null)
        {
            where.Add(LocalDays.Range("d.office_code", "d.lodged_at", filter.From, filter.To, args));
        }

        if (filter.PriorityLane is { } priority)
        {
            where.Add(priority ? PrioritySql : $"NOT {PrioritySql}");
        }

        if (withChannel && scope.SeesAll)
        {
            if (filter.Channel is { } channel)
            {
                where.Add("r.channel = @channel");
                args.Add("channel", channel.ToString());
            }

            if (filter.AwaitingControl)
            {
                where.Add($"{AwaitingSql} = 1");
            }
        }

        return (where, args);
    }

    /// <summary>The declaration with its history, or null when it does not exist or the scope may not see it.</summary>
    public async Task<DeclarationDetail?> GetAsync(AccessScope scope, string mrn, CancellationToken ct = default)
    {
        await using DbConnection c = await _db.OpenAsync(ct);
        return await GetAsync(c, null, scope, mrn);
    }

    /// <summary>The stored submission (bytes and decision), if the scope may see it.</summary>
    public async Task<SubmissionRecord?> GetSubmissionAsync(AccessScope scope, long id, CancellationToken ct = default)
    {
        await using DbConnection c = await _db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<SubmissionRow>(
            "SELECT s.id, s.received_at, s.submitted_by, s.format, s.declarant_id, s.functional_reference, s.content_sha256, s.bytes, s.outcome, s.errors_json, d.mrn FROM submissions s LEFT JOIN declarations d ON d.id = s.declaration_id WHERE s.id = @id",
            new { id });
        if (row is null || (!scope.SeesAll && !(scope.Role == Role.Trader && (row.declarant_id == scope.TraderId || row.submitted_by == scope.User))))
        {
            return null;
        }

        return new SubmissionRecord(row.id, StoredTime.Parse(row.received_at), row.submitted_by, row.format,
            row.declarant_id, row.functional_reference, row.content_sha256, row.bytes, row.outcome,
            JsonSerializer.Deserialize<List<DeclarationError>>(row.errors_json, StoreJson.Options) ?? [], row.mrn);
    }

    /// <summary>The declaration with its history inside the caller's connection and transaction (the writer reads what it changes).</summary>
    internal static async Task<DeclarationDetail?> GetAsync(DbConnection c, DbTransaction? tx, AccessScope scope, string mrn)
    {
        var where = new List<string> { "d.mrn = @mrn" };
        var args = new DynamicParameters(new { mrn });
        ApplyScope(scope, where, args);
        var row = await c.QuerySingleOrDefaultAsync<SummaryRow>(
            $"SELECT {SummaryColumns}, d.model_json, d.submission_id, d.id FROM declarations d WHERE {string.Join(" AND ", where)}", args, tx);
        if (row is null)
        {
            return null;
        }

        var history = (await c.QueryAsync<EventRow>(
            "SELECT id, event, status, at, office_code, actor, note FROM declaration_events WHERE declaration_id = @id ORDER BY id", new { row.id }, tx))
            .Select(e => new StatusChange(e.id, Enum.Parse<DeclarationEvent>(e.@event), Enum.Parse<DeclarationStatus>(e.status),
                StoredTime.Parse(e.at), e.office_code, ActorAsSeenBy(scope, e.actor), e.note))
            .ToList();
        return new DeclarationDetail(row.ToSummary(), JsonSerializer.Deserialize<Declaration>(row.model_json!, StoreJson.Options)!, history, row.submission_id);
    }

    /// <summary>The name a trader sees for who made a change: its own account and "validation" as they are; an officer as "customs".</summary>
    public const string CustomsActor = "customs";

    private static string ActorAsSeenBy(AccessScope scope, string actor) =>
        scope.Role != Role.Trader || actor == scope.User || actor == "validation" ? actor : CustomsActor;

    /// <summary>The one place where scope becomes SQL: traders see declarations naming them; partners nothing (yet).</summary>
    internal static void ApplyScope(AccessScope scope, List<string> where, DynamicParameters args)
    {
        switch (scope.Role)
        {
            case Role.Officer or Role.Auditor:
                break;
            case Role.Trader when scope.TraderId is not null:
                where.Add("EXISTS (SELECT 1 FROM declaration_parties p WHERE p.declaration_id = d.id AND p.trader_id = @scopeTrader)");
                args.Add("scopeTrader", scope.TraderId.ToUpperInvariant());
                break;
            default:
                where.Add("1 = 0");
                break;
        }
    }

    private static string Iso(DateTimeOffset at) => StoredTime.Iso(at);

    private const string SummaryColumns = "d.mrn, d.functional_reference, d.declarant_id, d.type_code, d.direction, d.status, d.office_code, d.lodged_at, d.updated_at, d.version, d.item_count, d.invoice_amount, d.invoice_currency";

#pragma warning disable IDE1006, CA1812 // Row types mirror column names; Dapper instantiates them.
    private sealed class SummaryRow
    {
        public string mrn { get; set; } = "";
        public string functional_reference { get; set; } = "";
        public string declarant_id { get; set; } = "";
        public string type_code { get; set; } = "";
        public string direction { get; set; } = "";
        public string status { get; set; } = "";
        public string office_code { get; set; } = "";
        public string lodged_at { get; set; } = "";
        public string updated_at { get; set; } = "";
        public long version { get; set; }
        public long item_count { get; set; }
        public string? invoice_amount { get; set; }
        public string? invoice_currency { get; set; }
        public string? model_json { get; set; }
        public long submission_id { get; set; }
        public long id { get; set; }
        public string? risk_channel { get; set; }
        public double? risk_score { get; set; }
        public string? risk_reasons { get; set; }
        public long awaiting { get; set; }

        public DeclarationSummary ToSummary(bool withControl) => ToSummary() with
        {
            Control = withControl
                ? new ControlView(risk_channel is null ? null : Enum.Parse<Landsea.Risk.Channel>(risk_channel), risk_score, awaiting == 1,
                    risk_reasons is null ? [] : [.. (JsonSerializer.Deserialize<List<Landsea.Risk.DecisionReason>>(risk_reasons, StoreJson.Options) ?? []).Select(r => r.Text)])
                : null,
        };

        public DeclarationSummary ToSummary() => new(mrn, functional_reference, declarant_id, type_code, Enum.Parse<DeclarationDirection>(direction),
            Enum.Parse<DeclarationStatus>(status), office_code, StoredTime.Parse(lodged_at),
            StoredTime.Parse(updated_at), (int)version, (int)item_count,
            invoice_amount is null ? null : decimal.Parse(invoice_amount, CultureInfo.InvariantCulture), invoice_currency);
    }

    private sealed class EventRow
    {
        public long id { get; set; }
        public string @event { get; set; } = "";
        public string status { get; set; } = "";
        public string at { get; set; } = "";
        public string office_code { get; set; } = "";
        public string actor { get; set; } = "";
        public string? note { get; set; }
    }

    private sealed class SubmissionRow
    {
        public long id { get; set; }
        public string received_at { get; set; } = "";
        public string submitted_by { get; set; } = "";
        public string format { get; set; } = "";
        public string? declarant_id { get; set; }
        public string? functional_reference { get; set; }
        public string content_sha256 { get; set; } = "";
        public byte[] bytes { get; set; } = [];
        public string outcome { get; set; } = "";
        public string errors_json { get; set; } = "";
        public string? mrn { get; set; }
    }
#pragma warning restore IDE1006, CA1812
}
