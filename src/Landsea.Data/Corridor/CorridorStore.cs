using System.Data.Common;
using System.Text.Json;
using Dapper;
using Landsea.CorridorSupervision;
using Landsea.Data.Declarations;
using Landsea.Exchange.Storage;
using Landsea.Shared;

namespace Landsea.Data.CorridorSupervision;

/// <summary>
/// The extension point of the timeline (issue 11 item 4): a later capability (image review: scan verdicts) registers one
/// to add its entries to every consignment's timeline without the corridor knowing it.
/// </summary>
public interface ITimelineContributor
{
    Task<IReadOnlyList<TimelineEntry>> EntriesAsync(Consignment consignment, CancellationToken ct);
}

/// <summary>What became of one received event: accepted (its id and consignment) or refused (its faults, first first).</summary>
public sealed record IngestOutcome(int Index, Guid? EventId, string? ConsignmentId, IReadOnlyList<EventFault> Faults)
{
    public bool Accepted => Faults.Count == 0;
}

/// <summary>
/// The DCSA filters of <c>GET /api/corridor/v2/events</c>: every part optional; <paramref name="CreatedFrom"/> and
/// <paramref name="CreatedTo"/> bound <c>eventCreatedDateTime</c> (inclusive); <paramref name="After"/> is the cursor (a seq);
/// <paramref name="DeclaredBy"/> keeps a trader to its own consignments.
/// </summary>
public sealed record EventQuery(string? EquipmentReference = null, string? TransportDocumentReference = null, IReadOnlyList<string>? EventTypes = null,
    DateTimeOffset? CreatedFrom = null, DateTimeOffset? CreatedTo = null, string? ConsignmentId = null, long After = 0, int Limit = 100, string? DeclaredBy = null);

/// <summary>An event with its position in the node's order (seq: the events API's cursor).</summary>
public sealed record StoredEvent(long Seq, CorridorEvent Event);

/// <summary>A page of events; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record EventPage(IReadOnlyList<StoredEvent> Events, long? NextCursor);

/// <summary>An alert as stored, with its acknowledgement.</summary>
public sealed record StoredAlert(Alert Alert, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy);

/// <summary>
/// Corridor supervision's tables (migration 0014): consignments, their events (carrier and customs, DCSA-shaped), refused
/// events as received, seal checks, alerts and subscriptions. Events are only ever added: a correction retracts.
/// </summary>
public sealed partial class CorridorStore(NodeDatabase db, TimeProvider time, RouteBook routes, IEnumerable<ITimelineContributor>? contributors = null,
    ISealIncidentPublisher? incidents = null)
{
    public const int MaxPage = 1000;

    private readonly ITimelineContributor[] _contributors = [.. contributors ?? []];

    public RouteBook Routes => routes;

    public NodeDatabase Database => db;

    /// <summary>
    /// Stores a consignment; the same content again is accepted (idempotent), other content under its id is LS909. A
    /// consignment declared in the priority lane needs the <paramref name="flag"/> that records who flagged it and why.
    /// </summary>
    public async Task<Result<Consignment>> AddConsignmentAsync(Consignment c, PriorityChange? flag = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (c.Priority && flag is not { Priority: true })
        {
            return Result<Consignment>.Fail(CorridorErrorCodes.PriorityReason, "/priorityReason: a consignment declared in the priority lane needs who flagged it and why.");
        }

        await using DbConnection conn = await db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(conn, time, ct);
        string json = JsonSerializer.Serialize(c, StoreJson.Options);
        string? existing = await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT model_json FROM corridor_consignments WHERE id = @Id", new { c.Id }, work.Transaction, cancellationToken: ct));
        if (existing is not null)
        {
            return existing == json ? c : Result<Consignment>.Fail(CorridorErrorCodes.ConsignmentConflict, $"/consignmentID: consignment {c.Id} exists with other content; nothing changed.");
        }

        string now = StoredTime.Iso(time.GetUtcNow());
        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO corridor_consignments (id, transport_document, route, departure_at, priority, priority_by, declared_by, model_json, created_at)
            VALUES (@Id, @Doc, @Route, @Departure, @Priority, @PriorityBy, @By, @Json, @Now)
            """, new { c.Id, Doc = c.TransportDocumentReference, Route = c.RouteId, Departure = StoredTime.Iso(c.DepartureAt), Priority = c.Priority ? 1 : 0,
            PriorityBy = c.Priority ? flag!.By : null, By = c.DeclaredBy, Json = json, Now = now }, work.Transaction, cancellationToken: ct));
        foreach (Equipment e in c.Equipment)
        {
            await conn.ExecuteAsync(new CommandDefinition("INSERT INTO corridor_equipment (equipment_reference, consignment_id, created_at) VALUES (@Ref, @Id, @Now)",
                new { Ref = e.EquipmentReference, c.Id, Now = now }, work.Transaction, cancellationToken: ct));
        }

        foreach (string mrn in c.Mrns.Distinct(StringComparer.Ordinal))
        {
            await conn.ExecuteAsync(new CommandDefinition("INSERT INTO corridor_consignment_mrns (mrn, consignment_id) VALUES (@mrn, @Id)",
                new { mrn, c.Id }, work.Transaction, cancellationToken: ct));
        }

        if (c.Priority)
        {
            await InsertChangeAsync(work, flag! with { ConsignmentId = c.Id }, ct);
        }

        await work.CommitAsync(ct);
        return c;
    }

    public async Task<Consignment?> FindConsignmentAsync(string id, CancellationToken ct = default)
    {
        await using DbConnection conn = await db.OpenAsync(ct);
        return await FindAsync(conn, null, id, ct);
    }

    /// <summary>The consignments, newest planned departure first (at most <paramref name="limit"/>); open ones only when asked.</summary>
    public async Task<IReadOnlyList<Consignment>> ConsignmentsAsync(bool openOnly, int limit = 500, CancellationToken ct = default)
    {
        await using DbConnection conn = await db.OpenAsync(ct);
        IEnumerable<string> rows = await conn.QueryAsync<string>(new CommandDefinition(
            $"SELECT model_json FROM corridor_consignments{(openOnly ? " WHERE arrived_at IS NULL" : "")} ORDER BY departure_at DESC, id LIMIT @limit",
            new { limit }, cancellationToken: ct));
        return [.. rows.Select(j => JsonSerializer.Deserialize<Consignment>(j, StoreJson.Options)!)];
    }

    private static async Task<Consignment?> FindAsync(DbConnection conn, DbTransaction? tx, string id, CancellationToken ct)
    {
        string? json = await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT model_json FROM corridor_consignments WHERE id = @id", new { id }, tx, cancellationToken: ct));
        return json is null ? null : JsonSerializer.Deserialize<Consignment>(json, StoreJson.Options);
    }

    /// <summary>The office at a UN/LOCODE: the route place's office, else a Landsea office seated there.</summary>
    public string? OfficeAt(string? locode)
    {
        if (locode is null)
        {
            return null;
        }

        if (routes.Places.TryGetValue(locode, out Place? p) && p.OfficeCode is not null)
        {
            return p.OfficeCode;
        }

        return Offices.Corridor.Offices.FirstOrDefault(o => o.UnLocode == locode)?.Code;
    }

    /// <summary>The place of an office: a route place, else the office's own UN/LOCODE and time zone (null when unknown).</summary>
    public Place? PlaceOfOffice(string officeCode)
    {
        if (routes.PlaceOfOffice(officeCode) is { } p)
        {
            return p;
        }

        if (Offices.Corridor.FindOffice(officeCode) is not { } o)
        {
            return null;
        }

        UnLocation? at = UnLocode.Parse(o.UnLocode) is { IsValid: true } u ? u.Value.Location : null;
        return new Place(o.UnLocode, o.Name, o.TimeZoneId, o.Code, at?.Latitude ?? 0, at?.Longitude ?? 0);
    }
}
