using Landsea.Data.Declarations;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Storage;
using Landsea.Sharing;

namespace Landsea.Data.Sharing;

/// <summary>
/// Forwards a local inspection outcome (not one received from a partner) as a control result to every partner whose
/// agreement covers control results, inside the recording transaction.
/// </summary>
public sealed class ForwardControlResult(SharingOutbox outbox) : IInspectionOutcomeSink
{
    public async Task RecordAsync(UnitOfWork work, InspectionOutcome outcome, CancellationToken ct)
    {
        if (outcome.FromPartner)
        {
            return;
        }

        byte[] payload = SharedDocuments.ControlResult(outcome.Mrn, outcome.Found, outcome.What, outcome.Source, outcome.At, outcome.RecordedBy);
        string summary = $"control result ({(outcome.Found ? "irregularity found" : "nothing found")}) at {outcome.Source}";
        foreach (Partner partner in await PartnerRegistry.ListAsync(work, ct))
        {
            await outbox.SendIfAgreedAsync(work, new PlannedMessage(partner.Code, MessageTypes.ControlResult, outcome.Mrn, payload, summary), ct);
        }
    }
}
