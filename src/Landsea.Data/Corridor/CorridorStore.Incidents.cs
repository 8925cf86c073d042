using System.Data.Common;
using System.Text.Json;
using Dapper;
using Landsea.CorridorSupervision;
using Landsea.Data.Declarations;
using Landsea.Exchange.Storage;
using Landsea.Shared;

namespace Landsea.Data.CorridorSupervision;

/// <summary>
/// Sends a seal incident to the node of the consignment's office of departure in the seal check's transaction (the node
/// host registers one over the exchange: Data/Sharing/ShareSealIncidents). Returns the nodes it was sent to.
/// </summary>
public interface ISealIncidentPublisher
{
    Task<IReadOnlyList<string>> PublishAsync(UnitOfWork work, SealIncident incident, CancellationToken ct);
}

/// <summary>A seal incident as stored: sent to a partner, or received from one.</summary>
public sealed record StoredIncident(SealIncident Incident, string Direction, string PartnerNode);

/// <summary>Seal incidents over the exchange (issue 11 item 5, table <c>corridor_incidents</c> of migration 0020_corridor_priority).</summary>
public sealed partial class CorridorStore
{
    public const string Sent = "sent";
    public const string Received = "received";

    private static async Task InsertIncidentAsync(UnitOfWork work, SealIncident i, string direction, string partner, DateTimeOffset now, CancellationToken ct) =>
        await work.Connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO corridor_incidents (incident_id, direction, consignment_id, office_code, partner_node, equipment_reference, outcome, found, expected, reason, checked_at, recorded_at)
            VALUES (@IncidentId, @direction, @ConsignmentId, @OfficeCode, @partner, @EquipmentReference, @Outcome, @Found, @Expected, @Reason, @CheckedAt, @now)
            ON CONFLICT (incident_id, direction) DO NOTHING
            """, new
        {
            i.IncidentId, direction, i.ConsignmentId, i.OfficeCode, partner, i.EquipmentReference, Outcome = i.Outcome.ToString().ToLowerInvariant(),
            Found = string.Join(',', i.Found), Expected = string.Join(',', i.Expected), i.Reason, CheckedAt = StoredTime.Iso(i.CheckedAt), now = StoredTime.Iso(now),
        }, work.Transaction, cancellationToken: ct));

    /// <summary>
    /// Records a seal incident received from <paramref name="sender"/> in the exchange's hand-over transaction: joined to
    /// the consignment by its id, else its transport document (LS934 when neither is supervised here: nothing changes), kept
    /// once per incident id, and raised as a seal-mismatch alert for the office of departure (once, as every alert).
    /// </summary>
    public async Task<Result<string>> ApplyIncidentAsync(UnitOfWork work, SealIncident incident, string sender, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(incident);
        string? json = await work.Connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT model_json FROM corridor_consignments WHERE id = @ConsignmentId", new { incident.ConsignmentId }, work.Transaction, cancellationToken: ct));
        if (json is null && incident.TransportDocumentReference.Length > 0)
        {
            json = await work.Connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
                "SELECT model_json FROM corridor_consignments WHERE transport_document = @doc ORDER BY created_at DESC", new { doc = incident.TransportDocumentReference }, work.Transaction, cancellationToken: ct));
        }

        if (json is null)
        {
            return Result<string>.Fail(CorridorErrorCodes.IncidentUnknownConsignment,
                $"consignment {incident.ConsignmentId} (transport document {incident.TransportDocumentReference}) is not supervised by this node.");
        }

        Consignment c = JsonSerializer.Deserialize<Consignment>(json, StoreJson.Options)!;
        DateTimeOffset now = time.GetUtcNow();
        SealIncident own = incident with { ConsignmentId = c.Id };
        await InsertIncidentAsync(work, own, Received, sender, now, ct);
        string departure = routes.Find(c.RouteId)?.Legs[0].From.OfficeCode ?? incident.DepartureOffice;
        var alert = new Alert(c.Id, AlertKind.SealMismatch, own.OfficeCode, $"{own.Reason} (incident {own.IncidentId} from {sender})", [departure], now);
        await work.Connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO corridor_alerts (alert_key, consignment_id, kind, place, reason, notify, raised_at)
            VALUES (@Key, @ConsignmentId, @Kind, @Place, @Reason, @Notify, @At) ON CONFLICT (alert_key) DO NOTHING
            """, new { alert.Key, alert.ConsignmentId, Kind = alert.Kind.ToString(), alert.Place, alert.Reason, Notify = string.Join(',', alert.Notify), At = StoredTime.Iso(now) },
            work.Transaction, cancellationToken: ct));
        return c.Id;
    }

    /// <summary>The seal incidents of a consignment, sent and received, by the check's time.</summary>
    public async Task<IReadOnlyList<StoredIncident>> IncidentsAsync(string consignmentId, CancellationToken ct = default)
    {
        await using DbConnection conn = await db.OpenAsync(ct);
        return await IncidentsAsync(conn, consignmentId, ct);
    }

    private static async Task<IReadOnlyList<StoredIncident>> IncidentsAsync(DbConnection conn, string consignmentId, CancellationToken ct) =>
        [.. (await conn.QueryAsync<IncidentRow>(new CommandDefinition("""
            SELECT incident_id AS IncidentId, direction AS Direction, consignment_id AS ConsignmentId, office_code AS OfficeCode, partner_node AS PartnerNode,
                equipment_reference AS EquipmentReference, outcome AS Outcome, found AS Found, expected AS Expected, reason AS Reason, checked_at AS CheckedAt
            FROM corridor_incidents WHERE consignment_id = @consignmentId ORDER BY checked_at, id
            """, new { consignmentId }, cancellationToken: ct)))
            .Select(r => new StoredIncident(new SealIncident(r.IncidentId, r.ConsignmentId, "", r.OfficeCode, "", r.EquipmentReference,
                Enum.Parse<SealOutcome>(r.Outcome, ignoreCase: true), Split(r.Found), Split(r.Expected), r.Reason, StoredTime.Parse(r.CheckedAt)), r.Direction, r.PartnerNode))];

    private sealed class IncidentRow
    {
        public string IncidentId { get; set; } = "";
        public string Direction { get; set; } = "";
        public string ConsignmentId { get; set; } = "";
        public string OfficeCode { get; set; } = "";
        public string PartnerNode { get; set; } = "";
        public string EquipmentReference { get; set; } = "";
        public string Outcome { get; set; } = "";
        public string Found { get; set; } = "";
        public string Expected { get; set; } = "";
        public string Reason { get; set; } = "";
        public string CheckedAt { get; set; } = "";
    }
}
