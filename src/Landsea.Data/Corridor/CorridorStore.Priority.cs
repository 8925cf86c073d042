using System.Data.Common;
using System.Text.Json;
using Dapper;
using Landsea.CorridorSupervision;
using Landsea.Data.Declarations;
using Landsea.Exchange.Storage;
using Landsea.Shared;

namespace Landsea.Data.CorridorSupervision;

/// <summary>A priority consignment's pre-clearance as the node recorded it (null when not pre-cleared).</summary>
public sealed record PreClearedMark(DateTimeOffset At, string Note);

/// <summary>
/// The priority lane (issue 11 item 7, migration 0020_corridor_priority): lane changes with who, why and when;
/// pre-clearance on pre-arrival data; "is this MRN or container on a priority consignment"; clearance samples per lane.
/// Reads <c>declarations</c>, <c>declaration_events</c>, <c>risk_decisions</c>, <c>transit_movements</c> and
/// <c>transit_transitions</c> (owned by declarations, risk and transit) for the state of the covering MRNs; writes none of them.
/// </summary>
public sealed partial class CorridorStore
{
    /// <summary>
    /// Flags or unflags a consignment under <see cref="PriorityLane.Change"/> (checked inside the transaction, against the
    /// stored consignment): the change is recorded with who, role, reason and when; unflagging drops a pre-clearance mark.
    /// </summary>
    public async Task<Result<Consignment>> ChangePriorityAsync(string id, bool priority, PriorityActor actor, string? reason,
        IReadOnlyCollection<string> authorisedTraders, CancellationToken ct = default)
    {
        await using DbConnection conn = await db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(conn, time, ct);
        if (await FindAsync(conn, work.Transaction, id, ct) is not { } c)
        {
            return Result<Consignment>.Fail(CorridorErrorCodes.ConsignmentUnknown, $"consignment {id} is not supervised by this node.");
        }

        Result<PriorityChange> change = PriorityLane.Change(c, priority, actor, reason, authorisedTraders, time.GetUtcNow());
        if (!change.IsValid)
        {
            return change.Failure!;
        }

        Consignment changed = c with { Priority = priority };
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE corridor_consignments SET priority = @P, priority_by = @By, model_json = @Json"
            + (priority ? "" : ", pre_cleared_at = NULL, pre_cleared_note = NULL") + " WHERE id = @Id",
            new { P = priority ? 1 : 0, By = priority ? actor.User : null, Json = JsonSerializer.Serialize(changed, StoreJson.Options), Id = id }, work.Transaction, cancellationToken: ct));
        await InsertChangeAsync(work, change.Value, ct);
        await work.CommitAsync(ct);
        return changed;
    }

    private static Task<int> InsertChangeAsync(UnitOfWork work, PriorityChange change, CancellationToken ct) =>
        work.Connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO corridor_priority_changes (consignment_id, priority, by_user, role, trader_id, reason, at)
            VALUES (@ConsignmentId, @P, @By, @Role, @TraderId, @Reason, @At)
            """, new { change.ConsignmentId, P = change.Priority ? 1 : 0, change.By, change.Role, change.TraderId, change.Reason, At = StoredTime.Iso(change.At) },
            work.Transaction, cancellationToken: ct));

    /// <summary>Every lane change of a consignment, oldest first.</summary>
    public async Task<IReadOnlyList<PriorityChange>> PriorityHistoryAsync(string consignmentId, CancellationToken ct = default)
    {
        await using DbConnection conn = await db.OpenAsync(ct);
        return await HistoryAsync(conn, consignmentId, ct);
    }

    private static async Task<IReadOnlyList<PriorityChange>> HistoryAsync(DbConnection conn, string consignmentId, CancellationToken ct) =>
        [.. (await conn.QueryAsync<(string, long, string, string, string?, string, string)>(new CommandDefinition(
            "SELECT consignment_id, priority, by_user, role, trader_id, reason, at FROM corridor_priority_changes WHERE consignment_id = @consignmentId ORDER BY id",
            new { consignmentId }, cancellationToken: ct)))
            .Select(r => new PriorityChange(r.Item1, r.Item2 != 0, r.Item3, r.Item4, r.Item5, r.Item6, StoredTime.Parse(r.Item7)))];

    /// <summary>
    /// True when <paramref name="mrnOrContainer"/> is an MRN covering a consignment in the priority lane, or a container
    /// (ISO 6346) whose latest consignment on this node is in the priority lane. For other capabilities' queues (the
    /// scans review queue puts these first).
    /// </summary>
    public async Task<bool> IsPriorityAsync(string mrnOrContainer, CancellationToken ct = default)
    {
        string key = (mrnOrContainer ?? "").Trim().ToUpperInvariant();
        if (key.Length == 0)
        {
            return false;
        }

        await using DbConnection conn = await db.OpenAsync(ct);
        if (ContainerNumber.Parse(key) is { IsValid: true } box)
        {
            long? flag = await conn.QueryFirstOrDefaultAsync<long?>(new CommandDefinition("""
                SELECT c.priority FROM corridor_equipment e JOIN corridor_consignments c ON c.id = e.consignment_id
                WHERE e.equipment_reference = @box ORDER BY e.created_at DESC, c.id DESC
                """, new { box = box.Value.Value }, cancellationToken: ct));
            return flag == 1;
        }

        return await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            SELECT COUNT(*) FROM corridor_consignment_mrns m JOIN corridor_consignments c ON c.id = m.consignment_id WHERE m.mrn = @key AND c.priority = 1
            """, new { key }, cancellationToken: ct)) > 0;
    }

    /// <summary>The pre-clearance verdict of a consignment now (null when the node does not supervise it).</summary>
    public async Task<PreClearanceVerdict?> PreClearanceAsync(string consignmentId, CancellationToken ct = default)
    {
        await using DbConnection conn = await db.OpenAsync(ct);
        if (await FindAsync(conn, null, consignmentId, ct) is not { } c)
        {
            return null;
        }

        return PreClearance.Decide(c, await CoversAsync(conn, c, await EventsOfAsync(conn, c.Id, ct), ct));
    }

    /// <summary>The recorded pre-clearance mark of a consignment, if any.</summary>
    public async Task<PreClearedMark?> PreClearedAsync(string consignmentId, CancellationToken ct = default)
    {
        await using DbConnection conn = await db.OpenAsync(ct);
        return await MarkAsync(conn, consignmentId, ct);
    }

    private static async Task<PreClearedMark?> MarkAsync(DbConnection conn, string consignmentId, CancellationToken ct)
    {
        (string? at, string? note) = await conn.QuerySingleOrDefaultAsync<(string?, string?)>(new CommandDefinition(
            "SELECT pre_cleared_at, pre_cleared_note FROM corridor_consignments WHERE id = @consignmentId", new { consignmentId }, cancellationToken: ct));
        return at is null ? null : new PreClearedMark(StoredTime.Parse(at), note ?? "");
    }

    /// <summary>
    /// One round of pre-clearance (run by the alert job): every open priority consignment not yet marked is decided on its
    /// covering MRNs; those pre-cleared are marked with the instant and the verdict's words. Returns the ids marked.
    /// </summary>
    public async Task<IReadOnlyList<string>> PreClearPendingAsync(CancellationToken ct = default)
    {
        DateTimeOffset now = time.GetUtcNow();
        await using DbConnection conn = await db.OpenAsync(ct);
        List<string> pending = [.. await conn.QueryAsync<string>(new CommandDefinition(
            "SELECT model_json FROM corridor_consignments WHERE priority = 1 AND arrived_at IS NULL AND pre_cleared_at IS NULL ORDER BY id", cancellationToken: ct))];
        var marked = new List<string>();
        foreach (string json in pending)
        {
            Consignment c = JsonSerializer.Deserialize<Consignment>(json, StoreJson.Options)!;
            PreClearanceVerdict verdict = PreClearance.Decide(c, await CoversAsync(conn, c, await EventsOfAsync(conn, c.Id, ct), ct));
            if (!verdict.PreCleared)
            {
                continue;
            }

            int n = await conn.ExecuteAsync(new CommandDefinition(
                "UPDATE corridor_consignments SET pre_cleared_at = @At, pre_cleared_note = @Note WHERE id = @Id AND priority = 1 AND pre_cleared_at IS NULL",
                new { At = StoredTime.Iso(now), Note = verdict.Summary, c.Id }, cancellationToken: ct));
            if (n == 1)
            {
                marked.Add(c.Id);
            }
        }

        return marked;
    }

    /// <summary>The state of each MRN covering <paramref name="c"/>: a declaration, else a transit movement, else unknown.</summary>
    private static async Task<IReadOnlyList<CoverState>> CoversAsync(DbConnection conn, Consignment c, IReadOnlyList<CorridorEvent> events, CancellationToken ct)
    {
        HashSet<Guid> retracted = [.. events.Where(e => e.RetractsEventId is not null).Select(e => e.RetractsEventId!.Value)];
        List<CorridorEvent> arrivals = [.. events.Where(e => e.EventType == DcsaSchema.Transport && e.TypeCode == "ARRI" && e.Classifier == "ACT"
            && e.RetractsEventId is null && !retracted.Contains(e.EventId) && e.OfficeCode is not null).OrderBy(e => e.EventDateTime)];
        DateTimeOffset? ArrivedAt(string? office) => arrivals.FirstOrDefault(e => e.OfficeCode == office)?.EventDateTime;

        var covers = new List<CoverState>();
        foreach (string mrn in c.Mrns.Distinct(StringComparer.Ordinal))
        {
            CoverRow? d = await conn.QuerySingleOrDefaultAsync<CoverRow>(new CommandDefinition("""
                SELECT d.status AS Status, d.office_code AS OfficeCode, d.lodged_at AS Since, r.channel AS Channel,
                    (SELECT MIN(e.at) FROM declaration_events e WHERE e.declaration_id = d.id AND e.status = 'Accepted') AS AcceptedAt
                FROM declarations d LEFT JOIN risk_decisions r ON r.mrn = d.mrn WHERE d.mrn = @mrn
                """, new { mrn }, cancellationToken: ct));
            if (d is not null)
            {
                covers.Add(new CoverState(mrn, CoverKind.Declaration, d.Status, Accepted(d), d.Channel, d.OfficeCode, ArrivedAt(d.OfficeCode)));
                continue;
            }

            CoverRow? t = await conn.QuerySingleOrDefaultAsync<CoverRow>(new CommandDefinition("""
                SELECT m.state AS Status, m.departure_office AS OfficeCode, m.submitted_at AS Since, r.channel AS Channel,
                    (SELECT MIN(t.at) FROM transit_transitions t WHERE t.movement_id = m.id AND t.to_state = 'MrnAllocated') AS AcceptedAt
                FROM transit_movements m LEFT JOIN risk_decisions r ON r.mrn = m.mrn WHERE m.mrn = @mrn
                """, new { mrn }, cancellationToken: ct));
            covers.Add(t is null
                ? new CoverState(mrn, CoverKind.Unknown, null, null, null, null, null)
                : new CoverState(mrn, CoverKind.Transit, t.Status, Accepted(t), t.Channel, t.OfficeCode, ArrivedAt(t.OfficeCode)));
        }

        return covers;

        // A declaration accepted at lodging has its Accepted event; one that never passed through Accepted (for example
        // released at once) counts from lodging.
        static DateTimeOffset? Accepted(CoverRow r) => StoredTime.ParseNullable(r.AcceptedAt) ?? StoredTime.ParseNullable(r.Since);
    }

    /// <summary>
    /// Clearance samples (per consignment and office, <see cref="ClearanceTimes.Samples"/>) of releases from
    /// <paramref name="from"/> to <paramref name="to"/> (UTC, either open; callers pad a day so local days are whole).
    /// </summary>
    public async Task<IReadOnlyList<ClearanceSample>> ClearanceSamplesAsync(DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken ct = default)
    {
        await using DbConnection conn = await db.OpenAsync(ct);
        string range = (from is null ? "" : " AND event_at >= @from") + (to is null ? "" : " AND event_at <= @to");
        List<string> ids = [.. await conn.QueryAsync<string>(new CommandDefinition(
            "SELECT DISTINCT consignment_id FROM corridor_events WHERE source = 'customs' AND type_code = 'RELS'" + range,
            new { from = from is { } f ? StoredTime.Iso(f) : null, to = to is { } t ? StoredTime.Iso(t) : null }, cancellationToken: ct))];
        var samples = new List<ClearanceSample>();
        foreach (string id in ids.Order(StringComparer.Ordinal))
        {
            (string? json, string? created) = await conn.QuerySingleOrDefaultAsync<(string?, string?)>(new CommandDefinition(
                "SELECT model_json, created_at FROM corridor_consignments WHERE id = @id", new { id }, cancellationToken: ct));
            if (json is null || JsonSerializer.Deserialize<Consignment>(json, StoreJson.Options) is not { } c || routes.Find(c.RouteId) is not { } route)
            {
                continue;
            }

            samples.AddRange(ClearanceTimes.Samples(c, route, await EventsOfAsync(conn, id, ct), await HistoryAsync(conn, id, ct), StoredTime.Parse(created!)));
        }

        return samples;
    }

    private sealed class CoverRow
    {
        public string? Status { get; set; }
        public string? OfficeCode { get; set; }
        public string? Since { get; set; }
        public string? Channel { get; set; }
        public string? AcceptedAt { get; set; }
    }
}
