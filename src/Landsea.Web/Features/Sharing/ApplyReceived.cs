using System.Text;
using Landsea.Data.CorridorSupervision;
using Landsea.Data.Declarations;
using Landsea.Data.Scans;
using Landsea.Data.Sharing;
using Landsea.Data.Transit;
using Landsea.Exchange.Inbox;
using Landsea.Exchange.Records;
using Landsea.Exchange.Storage;
using Landsea.Shared;
using Landsea.Sharing;
using Landsea.Transit;
using Landsea.Web.Features.Exchange;
using Microsoft.Extensions.Options;

namespace Landsea.Web.Features.Sharing;

/// <summary>
/// Applies one partner envelope inside the hand-over transaction: the domain reads what it means
/// (<see cref="ReceivedMessage.Read"/>), this records it in the message records and acts on it (answers a pre-arrival,
/// keeps a partner's control result, confirms arrivals or inspects held goods when the demo options say so). Never throws on
/// a partner's content: an unreadable payload is recorded as <c>unreadable</c> and handed over.
/// </summary>
public sealed class ApplyReceived(NodeExchange exchange, SharingOutbox outbox, RecordInspection inspection, ConfirmArrival confirmation,
    IEnumerable<IInspectionOutcomeSink> sinks, IOptions<ExchangeNodeOptions> options, TransitStore transit, CorridorStore corridor) : IEnvelopeApplier
{
    private readonly IInspectionOutcomeSink[] _partnerOutcomeSinks = sinks.Where(s => s is not ForwardControlResult).ToArray();

    public async Task ApplyAsync(InboundEnvelope envelope, UnitOfWork work, CancellationToken ct)
    {
        DateTimeOffset now = exchange.Time.GetUtcNow();
        Result<ReceivedMessage> read = ReceivedMessage.Read(envelope.Type, envelope.Sender, envelope.Conversation, envelope.Sequence, envelope.Payload, now);
        if (!read.IsValid)
        {
            await RecordAsync("unreadable", read.Failure!.Reason, null);
            if (envelope.Type != MessageTypes.RefusedApplication)
            {
                // The sender learns that its envelope was handed over but could not be applied, and why (the code only: the
                // reason may quote the payload). A notice is never answered with another notice.
                await outbox.SendAsync(work, new PlannedMessage(envelope.Sender, MessageTypes.RefusedApplication, envelope.Conversation,
                    SharedDocuments.RefusedApplication(envelope.Id, envelope.Type, envelope.Sequence, $"unreadable payload ({read.Failure.Code})"),
                    $"refused application of {envelope.Type} seq {envelope.Sequence}: unreadable ({read.Failure.Code})"), ct);
            }

            return;
        }

        ReceivedMessage message = read.Value;
        switch (message)
        {
            // Certificates of origin (issue 13): stored only when intact and signed by the sender, revoked only when the sender
            // sent them; a refusal is recorded with its code as the message's state, nothing stored.
            case OriginCertificateReceived certificate:
                Result<Landsea.Data.Origin.StoredCertificate> accepted = await Landsea.Data.Origin.CertificateReceipt.AcceptAsync(work, envelope.Sender, certificate.Document, ct);
                await RecordAsync(accepted.IsValid ? message.State : "refused", accepted.IsValid ? message.Summary : $"{message.Summary}: refused ({accepted.Failure!.Code})",
                    Encoding.UTF8.GetString(envelope.Payload.Span));
                return;
            case OriginRevocationReceived revocation:
                Result<Landsea.Data.Origin.StoredCertificate> revoked = await Landsea.Data.Origin.CertificateReceipt.RevokeAsync(work, envelope.Sender, revocation.Number,
                    revocation.TargetHash, revocation.RevokedAt, revocation.Reason, ct);
                await RecordAsync(revoked.IsValid ? message.State : "refused", revoked.IsValid ? message.Summary : $"{message.Summary}: refused ({revoked.Failure!.Code})",
                    Encoding.UTF8.GetString(envelope.Payload.Span));
                return;
        }

        await RecordAsync(message.State, message.Summary, message.KeepsDocument ? Encoding.UTF8.GetString(envelope.Payload.Span) : null);
        switch (message)
        {
            case PreArrivalReceived pre:
                await outbox.SendAsync(work, new PlannedMessage(envelope.Sender, MessageTypes.PreArrivalDecision, pre.Mrn,
                    SharedDocuments.PreArrivalDecision(pre.Mrn, pre.Assessment, now), $"decision: {pre.Assessment.Decision} ({pre.Assessment.Reason})"), ct);
                if (pre.Assessment.Hold && options.Value.AutoInspectHeld)
                {
                    bool found = DeclarationSharing.DemoInspectionFinds(pre.Mrn);
                    await inspection.RecordAsync(work, pre.Mrn, found, found ? "goods do not match the description" : "goods match the declaration",
                        "auto-inspection", ct);
                }

                break;

            case ArrivalAnnounced when options.Value.AutoConfirmArrivals:
                await confirmation.ConfirmAsync(work, message.Mrn, "auto-confirmation", ct);
                break;

            case ApplicationRefusedReceived { Refused: { } refusedId }:
                // The partner quarantined an envelope this node sent: its own "out" record says so (issue 17).
                await MessageRecords.SetStateForEnvelopeAsync(work, MessageRecords.Out, refusedId, ApplicationRefusedReceived.Refusal, ct);
                break;

            case TransitRecordReceived { Record: var record }:
                // NCTS office to office: the transit store opens or moves the movement in this transaction; a refusal
                // (not this node's office, unknown movement, out of sequence) leaves the record with its code.
                TransitOutcome applied = await transit.ApplyRecordAsync(work, record, envelope.Sender, ct);
                if (applied.Status != TransitOutcome.Accepted)
                {
                    await MessageRecords.SetStateForEnvelopeAsync(work, MessageRecords.In, envelope.Id, "refused " + applied.Errors[0].Code, ct);
                }

                break;

            case SealIncidentReceived { Incident: { } incident }:
                // Corridor supervision (issue 11 item 5): the incident joins the consignment's timeline and alerts the office
                // of departure; a consignment this node does not supervise leaves the record refused with its code.
                Result<string> recorded = await corridor.ApplyIncidentAsync(work, incident, envelope.Sender, ct);
                if (!recorded.IsValid)
                {
                    await MessageRecords.SetStateForEnvelopeAsync(work, MessageRecords.In, envelope.Id, "refused " + recorded.Failure!.Code, ct);
                }

                break;

            case ScanPartReceived { Part: var part }:
                // Issue 12: a part of a scan sent to this review centre; the last part stores and queues the scan.
                Result<PartOutcome> got = await ScanTransfers.ReceivePartAsync(work, envelope.Sender, part, ct);
                if (!got.IsValid)
                {
                    await MessageRecords.SetStateForEnvelopeAsync(work, MessageRecords.In, envelope.Id, "refused " + got.Failure!.Code, ct);
                }

                break;

            case ScanVerdictReceived verdict:
                Result<StoredVerdict> returned = await ScanTransfers.ApplyReturnedVerdictAsync(work, envelope.Sender, verdict, ct);
                if (!returned.IsValid)
                {
                    await MessageRecords.SetStateForEnvelopeAsync(work, MessageRecords.In, envelope.Id, "refused " + returned.Failure!.Code, ct);
                }

                break;

            case ControlResultReceived result:
                var outcome = new InspectionOutcome(result.Mrn, result.Found, result.What, envelope.Sender, true, result.At, $"partner {envelope.Sender}");
                foreach (IInspectionOutcomeSink sink in _partnerOutcomeSinks)
                {
                    await sink.RecordAsync(work, outcome, ct);
                }

                break;
        }

        Task RecordAsync(string state, string summary, string? document) =>
            MessageRecords.AddAsync(work, new MessageRecord(envelope.Id, MessageRecords.In, envelope.Sender, envelope.Type, envelope.Conversation,
                envelope.Sequence, state, summary, document, now), ct);
    }
}
