using System.Text.Json;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Data.Risk;
using Landsea.Data.Scans;
using Landsea.Data.Sharing;
using Landsea.Exchange.Outbox;
using Landsea.Exchange.Storage;
using Landsea.Risk;
using Landsea.Scans;
using Landsea.Sharing;
using Landsea.Web.Features.Exchange;
using Microsoft.Extensions.Options;

namespace Landsea.Web.Features.Scans;

/// <summary>
/// Scans between the scanning nodes and the review centre (issue 12 items 1 and 2): a scan lodged at a node that is not
/// the centre (<see cref="MessageTypes.ReviewCentreNode"/>) is sent there as <c>scan-part</c> messages when the agreement
/// with the centre covers that type (else it stays in the node's own queue); the centre's deciding verdict on a scan it
/// received goes back to the scanning node as <c>scan-verdict</c> when its agreement covers that type.
/// </summary>
public sealed partial class ScanExchange(NodeExchange exchange, SharingOutbox outbox, ScanStore scans, ReviewStore reviews, DeclarationQueries declarations, RiskStore risk,
    IOptions<ReviewOptions> options, ILogger<ScanExchange> logger)
{
    /// <summary>Whether this node is the review centre.</summary>
    public bool IsCentre => exchange.Node.Code == MessageTypes.ReviewCentreNode;

    /// <summary>Sends a just-lodged scan to the centre; the number of parts sent, or 0 when it was not sent (this is the centre, no agreement).</summary>
    public async Task<int> SendToCentreAsync(string scanId, CancellationToken ct)
    {
        if (IsCentre || await scans.FindAsync(scanId, ct) is not { Status: ScanStore.Lodged } scan)
        {
            return 0;
        }

        DeclarationDetail? detail = await declarations.GetAsync(AccessScope.System, scan.Mrn!, ct);
        RiskDecision? decision = await risk.DecisionAsync(scan.Mrn!, ct);
        var items = detail?.Declaration.Items ?? [];
        var bundle = new ScanBundle(scan.ScanId, (await scans.BlobAsync(scan.MetadataHash, ct))!, (await scans.BlobAsync(scan.LowHash, ct))!, (await scans.BlobAsync(scan.HighHash, ct))!,
            scan.LodgedBy, scan.LodgedAt, detail?.Declaration.Containers ?? [], ReviewCentre.ChaptersOf(items.Select(i => i.CommodityCode?.Subheading)),
            [.. items.Where(i => i.CommodityCode is not null).Select(i => new DeclaredGoods(i.CommodityCode!.Value.Subheading, i.Description ?? "", (double)(i.GrossMassKg ?? 0), 0))],
            decision?.Channel.ToString(), decision?.Score ?? 0);
        IReadOnlyList<ScanPart> parts = ScanTransfer.Split(scan.ScanId, scan.Mrn!, ScanTransfer.Encode(bundle), options.Value.PartBytes);
        string centre = MessageTypes.ReviewCentreNode;
        await using UnitOfWork work = await exchange.Gateway.BeginAsync(ct);
        if (!await SharingOutbox.AgreesAsync(work, centre, MessageTypes.ScanPart, ct))
        {
            LogNotSent(logger, scanId, centre);
            return 0;
        }

        foreach (ScanPart p in parts)
        {
            EnqueueResult sent = await outbox.SendAsync(work, new PlannedMessage(centre, MessageTypes.ScanPart, scan.Mrn!, ScanTransfer.PartPayload(p),
                $"scan {scanId[..12]} part {p.Part + 1} of {p.Parts}"), ct);
            if (sent.Envelope is null)
            {
                LogNotSent(logger, scanId, centre);
                return 0; // nothing committed: the scan stays in the local queue
            }
        }

        await ScanTransfers.MarkSentAsync(work, scanId, centre, parts.Count, ReviewStore.System, ct);
        await work.CommitAsync(ct);
        return parts.Count;
    }

    /// <summary>At the centre: sends a decided verdict back to the node the scan came from (when it came from one and the agreement allows).</summary>
    public async Task<bool> ReturnVerdictAsync(string scanId, StoredVerdict verdict, CancellationToken ct)
    {
        if (await reviews.StateAsync(scanId, ct) is not { OriginNode: { } origin, Stage: ReviewStage.Decided } || await scans.FindAsync(scanId, ct) is not { } scan)
        {
            return false;
        }

        byte[] payload = JsonSerializer.SerializeToUtf8Bytes(new
        {
            scanId, mrn = scan.Mrn, containerNumber = scan.ContainerNumber, verdict = verdict.Verdict, reason = verdict.Reason,
            regions = JsonDocument.Parse(verdict.RegionsJson).RootElement, reviewer = verdict.Reviewer, office = verdict.Office, decidedAt = verdict.DecidedAt,
        });
        await using UnitOfWork work = await exchange.Gateway.BeginAsync(ct);
        bool sent = await outbox.SendIfAgreedAsync(work, new PlannedMessage(origin, MessageTypes.ScanVerdict, scan.Mrn!, payload, $"scan {scanId[..12]} verdict {verdict.Verdict}"), ct);
        if (sent)
        {
            await ScanTransfers.RecordAsync(work, scanId, "verdict-sent", ReviewStore.System, $"{verdict.Verdict} sent to {origin}", ct);
        }

        await work.CommitAsync(ct);
        return sent;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scan {ScanId} not sent to the review centre {Centre} (no agreement for scan-part, or refused); reviewed here")]
    private static partial void LogNotSent(ILogger logger, string scanId, string centre);
}
