using System.Data.Common;
using Dapper;
using Landsea.CorridorSupervision;
using Landsea.Exchange.Storage;
using Landsea.Shared;

namespace Landsea.Data.CorridorSupervision;

/// <summary>An open consignment on the map: the leg it is on (0 before departure), its state, next stop and ETA (UTC), open alerts.</summary>
public sealed record ConsignmentPosition(Consignment Consignment, Route Route, int Leg, string State, PlannedStop? Next, DateTimeOffset Eta, bool Alerted)
{
    /// <summary>When the node marked the (priority) consignment pre-cleared on pre-arrival data; null when not.</summary>
    public DateTimeOffset? PreClearedAt { get; init; }
}

public sealed partial class CorridorStore
{
    /// <summary>
    /// One scan of the alert job: computes every open consignment's alerts at the clock's now and stores the new ones;
    /// an alert whose key is stored already is not raised again (INSERT ... ON CONFLICT DO NOTHING), so a restart or a second
    /// scan raises nothing twice. Marks consignments whose last stop saw an arrival as arrived. Returns the alerts raised.
    /// </summary>
    public async Task<IReadOnlyList<Alert>> ScanAlertsAsync(AlertSettings settings, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        DateTimeOffset now = time.GetUtcNow();
        var raised = new List<Alert>();
        await using DbConnection conn = await db.OpenAsync(ct);
        List<string> open = [.. await conn.QueryAsync<string>(new CommandDefinition(
            "SELECT model_json FROM corridor_consignments WHERE arrived_at IS NULL AND departure_at <= @now ORDER BY id", new { now = StoredTime.Iso(now) }, cancellationToken: ct))];
        foreach (string json in open)
        {
            Consignment c = System.Text.Json.JsonSerializer.Deserialize<Consignment>(json, Declarations.StoreJson.Options)!;
            if (routes.Find(c.RouteId) is not { } route)
            {
                continue;
            }

            IReadOnlyList<CorridorEvent> events = await EventsOfAsync(conn, c.Id, ct);
            IReadOnlyList<SealCheck> seals = await SealChecksAsync(conn, c.Id, ct);
            IReadOnlyList<Alert> alerts = AlertRules.Compute(c, route, events, seals, now, settings, code => Offices.Corridor.FindOffice(code) is not null);
            await using UnitOfWork work = await UnitOfWork.BeginAsync(conn, time, ct);
            foreach (Alert a in alerts)
            {
                int n = await conn.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO corridor_alerts (alert_key, consignment_id, kind, place, reason, notify, raised_at)
                    VALUES (@Key, @ConsignmentId, @Kind, @Place, @Reason, @Notify, @At) ON CONFLICT (alert_key) DO NOTHING
                    """, new { a.Key, a.ConsignmentId, Kind = a.Kind.ToString(), a.Place, a.Reason, Notify = string.Join(',', a.Notify), At = StoredTime.Iso(now) },
                    work.Transaction, cancellationToken: ct));
                if (n == 1)
                {
                    raised.Add(a);
                }
            }

            if (Timelines.StateOf(c, route, events, []) == "arrived")
            {
                DateTimeOffset arrived = events.Where(e => e.Locode == route.Legs[^1].To.Locode).Max(e => e.EventDateTime);
                await conn.ExecuteAsync(new CommandDefinition("UPDATE corridor_consignments SET arrived_at = @At WHERE id = @Id",
                    new { At = StoredTime.Iso(arrived), c.Id }, work.Transaction, cancellationToken: ct));
            }

            await work.CommitAsync(ct);
        }

        return raised;
    }

    /// <summary>
    /// Where every open consignment is (the map and the arrivals dashboard): its route, the leg it is on, its state, and its
    /// next stop with the ETA. At most <paramref name="limit"/> consignments, latest departures first.
    /// </summary>
    public async Task<IReadOnlyList<ConsignmentPosition>> PositionsAsync(int limit = 500, CancellationToken ct = default)
    {
        await using DbConnection conn = await db.OpenAsync(ct);
        List<(string Json, string? PreCleared)> open = [.. await conn.QueryAsync<(string, string?)>(new CommandDefinition(
            "SELECT model_json, pre_cleared_at FROM corridor_consignments WHERE arrived_at IS NULL ORDER BY departure_at DESC, id LIMIT @limit", new { limit }, cancellationToken: ct))];
        HashSet<string> alerted = [.. await conn.QueryAsync<string>(new CommandDefinition(
            "SELECT DISTINCT consignment_id FROM corridor_alerts WHERE acknowledged_at IS NULL", cancellationToken: ct))];
        var list = new List<ConsignmentPosition>();
        foreach ((string json, string? preCleared) in open)
        {
            Consignment c = System.Text.Json.JsonSerializer.Deserialize<Consignment>(json, Declarations.StoreJson.Options)!;
            if (routes.Find(c.RouteId) is not { } route)
            {
                continue;
            }

            IReadOnlyList<CorridorEvent> events = await EventsOfAsync(conn, c.Id, ct);
            (int _, PlannedStop? next, DateTimeOffset eta) = AlertRules.Progress(c, route, AlertRules.Actual(events));
            IReadOnlyList<Alert> marker = alerted.Contains(c.Id) ? [new Alert(c.Id, AlertKind.Overdue, "", "", [], eta)] : [];
            list.Add(new ConsignmentPosition(c, route, Timelines.LegOf(route, AlertRules.Actual(events)), Timelines.StateOf(c, route, events, marker), next, eta, alerted.Contains(c.Id))
            {
                PreClearedAt = StoredTime.ParseNullable(preCleared),
            });
        }

        return list;
    }

    /// <summary>Alerts, newest first: of a consignment, or told to an office, open ones only when asked.</summary>
    public async Task<IReadOnlyList<StoredAlert>> AlertsAsync(string? consignmentId = null, string? office = null, bool openOnly = false, int limit = 500, CancellationToken ct = default)
    {
        await using DbConnection conn = await db.OpenAsync(ct);
        var where = new List<string> { "1 = 1" };
        if (consignmentId is not null)
        {
            where.Add("consignment_id = @consignmentId");
        }

        if (openOnly)
        {
            where.Add("acknowledged_at IS NULL");
        }

        IEnumerable<AlertRow> rows = await conn.QueryAsync<AlertRow>(new CommandDefinition($"""
            SELECT consignment_id AS ConsignmentId, kind AS Kind, place AS Place, reason AS Reason, notify AS Notify, raised_at AS RaisedAt,
                acknowledged_at AS AcknowledgedAt, acknowledged_by AS AcknowledgedBy
            FROM corridor_alerts WHERE {string.Join(" AND ", where)} ORDER BY raised_at DESC, alert_key LIMIT @limit
            """, new { consignmentId, limit = office is null ? limit : limit * 20 }, cancellationToken: ct));
        return [.. rows.Select(r => new StoredAlert(new Alert(r.ConsignmentId, Enum.Parse<AlertKind>(r.Kind), r.Place, r.Reason, r.Notify.Split(','), StoredTime.Parse(r.RaisedAt)),
                StoredTime.ParseNullable(r.AcknowledgedAt), r.AcknowledgedBy))
            .Where(a => office is null || a.Alert.Notify.Contains(office)).Take(limit)];
    }

    /// <summary>Acknowledges an alert by its key (who and when); LS920 when unknown or acknowledged already.</summary>
    public async Task<Result<string>> AcknowledgeAsync(string key, string by, CancellationToken ct = default)
    {
        await using DbConnection conn = await db.OpenAsync(ct);
        int n = await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE corridor_alerts SET acknowledged_at = @At, acknowledged_by = @by WHERE alert_key = @key AND acknowledged_at IS NULL",
            new { At = StoredTime.Iso(time.GetUtcNow()), by, key }, cancellationToken: ct));
        return n == 1 ? key : Result<string>.Fail(CorridorErrorCodes.AlertUnknown, $"alert {key} does not exist or is acknowledged already.");
    }

    /// <summary>Counts for the demo and the bench: consignments, events and alerts.</summary>
    public async Task<(long Consignments, long Events, long Alerts)> CountsAsync(CancellationToken ct = default)
    {
        await using DbConnection conn = await db.OpenAsync(ct);
        return (await conn.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM corridor_consignments", cancellationToken: ct)),
            await conn.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM corridor_events", cancellationToken: ct)),
            await conn.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM corridor_alerts", cancellationToken: ct)));
    }

    /// <summary>The timeline of a consignment (null when unknown): its events, seal checks, every contributor's entries, its alerts.</summary>
    public async Task<Timeline?> TimelineAsync(string consignmentId, CancellationToken ct = default)
    {
        await using DbConnection conn = await db.OpenAsync(ct);
        if (await FindAsync(conn, null, consignmentId, ct) is not { } c || routes.Find(c.RouteId) is not { } route)
        {
            return null;
        }

        IReadOnlyList<CorridorEvent> events = await EventsOfAsync(conn, c.Id, ct);
        IReadOnlyList<SealCheck> seals = await SealChecksAsync(conn, c.Id, ct);
        HashSet<Guid> retracted = [.. events.Where(e => e.RetractsEventId is not null).Select(e => e.RetractsEventId!.Value)];
        var entries = new List<TimelineEntry>(events.Count + seals.Count);
        entries.AddRange(events.Select(e => Timelines.Of(e, retracted.Contains(e.EventId), routes)));
        foreach (SealCheck s in seals)
        {
            Place? p = PlaceOfOffice(s.OfficeCode);
            entries.Add(new TimelineEntry(s.CheckedAt, p?.LocalTime(s.CheckedAt) ?? CustomsEvents.Iso(s.CheckedAt), p?.TimeZoneId, s.OfficeCode, p?.Locode,
                "seal", $"seal {s.Outcome.ToString().ToLowerInvariant()}", s.Reason, null, false));
        }

        foreach (StoredIncident i in await IncidentsAsync(conn, c.Id, ct))
        {
            Place? p = PlaceOfOffice(i.Incident.OfficeCode);
            string text = i.Direction == Received
                ? $"seal incident (IE180) from {i.PartnerNode}: {i.Incident.Reason}"
                : $"seal incident (IE180) sent to {i.PartnerNode}, the office of departure's node: {i.Incident.Reason}";
            entries.Add(new TimelineEntry(i.Incident.CheckedAt, p?.LocalTime(i.Incident.CheckedAt) ?? CustomsEvents.Iso(i.Incident.CheckedAt), p?.TimeZoneId,
                i.Incident.OfficeCode, p?.Locode, "incident", $"seal incident {i.Direction}", text, null, false));
        }

        Place origin = route.Legs[0].From;
        foreach (PriorityChange p in await HistoryAsync(conn, c.Id, ct))
        {
            entries.Add(new TimelineEntry(p.At, origin.LocalTime(p.At), origin.TimeZoneId, null, null, "lane", p.Priority ? "priority flagged" : "priority unflagged",
                $"{(p.Priority ? "flagged for" : "taken out of")} the priority lane by {p.By} ({p.Role}): {p.Reason}", null, false));
        }

        if (await MarkAsync(conn, c.Id, ct) is { } mark)
        {
            entries.Add(new TimelineEntry(mark.At, origin.LocalTime(mark.At), origin.TimeZoneId, null, null, "lane", "pre-cleared", mark.Note, null, false));
        }

        foreach (ITimelineContributor contributor in _contributors)
        {
            entries.AddRange(await contributor.EntriesAsync(c, ct));
        }

        IReadOnlyList<StoredAlert> alerts = await AlertsAsync(c.Id, ct: ct);
        List<Alert> open = [.. alerts.Where(a => a.AcknowledgedAt is null).Select(a => a.Alert)];
        return new Timeline(c, route, ConsignmentRules.Plan(c, route), [.. entries.OrderBy(e => e.At).ThenBy(e => e.Source, StringComparer.Ordinal)],
            [.. alerts.Select(a => a.Alert)], Timelines.StateOf(c, route, events, open));
    }

    private static async Task<IReadOnlyList<SealCheck>> SealChecksAsync(DbConnection conn, string consignmentId, CancellationToken ct) =>
        [.. (await conn.QueryAsync<SealRow>(new CommandDefinition("""
            SELECT consignment_id AS ConsignmentId, office_code AS OfficeCode, equipment_reference AS EquipmentReference, outcome AS Outcome, found AS Found,
                new_seals AS NewSeals, checked_at AS CheckedAt, mismatch AS Mismatch, reason AS Reason
            FROM corridor_seal_checks WHERE consignment_id = @consignmentId ORDER BY checked_at, id
            """, new { consignmentId }, cancellationToken: ct)))
            .Select(r => new SealCheck(r.ConsignmentId, r.OfficeCode, r.EquipmentReference, Enum.Parse<SealOutcome>(r.Outcome, ignoreCase: true),
                Split(r.Found), Split(r.NewSeals), StoredTime.Parse(r.CheckedAt), r.Mismatch != 0, r.Reason))];

    private static string[] Split(string s) => s.Length == 0 ? [] : s.Split(',');

    private sealed class AlertRow
    {
        public string ConsignmentId { get; set; } = "";
        public string Kind { get; set; } = "";
        public string Place { get; set; } = "";
        public string Reason { get; set; } = "";
        public string Notify { get; set; } = "";
        public string RaisedAt { get; set; } = "";
        public string? AcknowledgedAt { get; set; }
        public string? AcknowledgedBy { get; set; }
    }

    private sealed class SealRow
    {
        public string ConsignmentId { get; set; } = "";
        public string OfficeCode { get; set; } = "";
        public string EquipmentReference { get; set; } = "";
        public string Outcome { get; set; } = "";
        public string Found { get; set; } = "";
        public string NewSeals { get; set; } = "";
        public string CheckedAt { get; set; } = "";
        public long Mismatch { get; set; }
        public string Reason { get; set; } = "";
    }
}
