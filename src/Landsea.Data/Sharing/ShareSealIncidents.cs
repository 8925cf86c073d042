using Landsea.CorridorSupervision;
using Landsea.Data.CorridorSupervision;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Storage;
using Landsea.Offices;
using Landsea.Sharing;

namespace Landsea.Data.Sharing;

/// <summary>
/// Sends a seal incident (IE180-style, <see cref="MessageTypes.SealIncident"/>) to the node of the consignment's office of
/// departure, inside the seal check's transaction, when that node is a registered partner whose agreement covers the type.
/// Nothing is sent when the office of departure is this node's own (its alert tells it already).
/// </summary>
public sealed class ShareSealIncidents(SharingOutbox outbox, CustomsNode self) : ISealIncidentPublisher
{
    public async Task<IReadOnlyList<string>> PublishAsync(UnitOfWork work, SealIncident incident, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(incident);
        string? node = Corridor.FindOffice(incident.DepartureOffice)?.NodeCode;
        if (node is null || node == self.Code || !(await PartnerRegistry.ListAsync(work, ct)).Any(p => p.Code == node))
        {
            return [];
        }

        var message = new PlannedMessage(node, MessageTypes.SealIncident, incident.ConsignmentId, SharedDocuments.SealIncident(incident),
            $"seal incident on {incident.EquipmentReference} at {incident.OfficeCode}: {incident.Outcome.ToString().ToLowerInvariant()}");
        return await outbox.SendIfAgreedAsync(work, message, ct) ? [node] : [];
    }
}
