using System.Data.Common;
using System.Text.Json;
using Dapper;
using Landsea.Exchange.Storage;
using Landsea.Scans;
using Landsea.Shared;
using Landsea.Sharing;

namespace Landsea.Data.Scans;

/// <summary>What receiving a scan part did: still waiting for parts, or the scan stored (new or already held), or refused.</summary>
public sealed record PartOutcome(bool Complete, string ScanId, bool Duplicate, string Status);

/// <summary>
/// Scans over the exchange (issue 12 items 1 and 2), in the caller's unit of work (the exchange's hand-over or the node's
/// outbox transaction): at the scanning node, a scan marked sent to the centre and the centre's verdict recorded when it
/// comes back; at the centre, parts kept until the whole is here and hash-checked (table <c>scan_transfer_parts</c>), then
/// the scan stored once by content hash as a locally lodged one, and queued with the node it came from.
/// </summary>
public static class ScanTransfers
{
    /// <summary>Records an action on a scan (who, what, when: the unit of work's clock).</summary>
    public static Task RecordAsync(UnitOfWork work, string scanId, string action, string actor, string detail, CancellationToken ct) =>
        ReviewStore.EventAsync(work.Connection, work.Transaction, scanId, action, actor, work.Time.GetUtcNow(), detail, ct);

    /// <summary>At the scanning node: the scan went to <paramref name="centre"/> in <paramref name="parts"/> parts; it leaves the local queue.</summary>
    public static async Task MarkSentAsync(UnitOfWork work, string scanId, string centre, int parts, string actor, CancellationToken ct)
    {
        DateTimeOffset at = work.Time.GetUtcNow();
        await work.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE scan_reviews SET stage = 'sent-to-centre', assigned_to = NULL, stage_since = @at WHERE scan_id = @scanId",
            new { at = ReviewStore.Text(at), scanId }, work.Transaction, cancellationToken: ct));
        await ReviewStore.EventAsync(work.Connection, work.Transaction, scanId, "sent-to-centre", actor, at, $"sent to the review centre {centre} in {parts} part(s)", ct);
    }

    /// <summary>
    /// At the centre: keeps a part from <paramref name="sender"/>; when all parts are here and reassemble to the announced
    /// SHA-256 (<see cref="ScanTransfer.Assemble"/>), stores the scan once by content hash, checks its images as a lodged
    /// scan's (against the containers the sender's declaration lists), queues it with its origin, risk and goods, and drops
    /// the parts. LS955/LS956 when the parts disagree or the whole does not match its hash (the parts are dropped: the
    /// sender must send again); a scan whose images do not pass is kept as received, refused, and not queued.
    /// </summary>
    public static async Task<Result<PartOutcome>> ReceivePartAsync(UnitOfWork work, string sender, ScanPart part, CancellationToken ct)
    {
        DbConnection c = work.Connection;
        DbTransaction tx = work.Transaction;
        DateTimeOffset now = work.Time.GetUtcNow();
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO scan_transfer_parts (sender, scan_id, part, parts, bundle_sha256, mrn, data, received_at) VALUES (@sender, @ScanId, @Part, @Parts, @BundleSha256, @Mrn, @Data, @now)
            ON CONFLICT (sender, scan_id, part) DO NOTHING
            """, new { sender, part.ScanId, part.Part, part.Parts, part.BundleSha256, part.Mrn, part.Data, now = ReviewStore.Text(now) }, tx, cancellationToken: ct));
        List<ScanPart> held = [.. (await c.QueryAsync<PartRow>(new CommandDefinition(
            "SELECT part AS Part, parts AS Parts, bundle_sha256 AS Hash, mrn AS Mrn, data AS Data FROM scan_transfer_parts WHERE sender = @sender AND scan_id = @ScanId",
            new { sender, part.ScanId }, tx, cancellationToken: ct))).Select(r => new ScanPart(part.ScanId, r.Mrn, (int)r.Part, (int)r.Parts, r.Hash, r.Data))];
        Result<byte[]?> whole = ScanTransfer.Assemble(held);
        if (whole.IsValid && whole.Value is null)
        {
            return new PartOutcome(false, part.ScanId, false, "waiting");
        }

        await c.ExecuteAsync(new CommandDefinition("DELETE FROM scan_transfer_parts WHERE sender = @sender AND scan_id = @ScanId", new { sender, part.ScanId }, tx, cancellationToken: ct));
        if (!whole.IsValid)
        {
            return whole.Failure!;
        }

        Result<ScanBundle> read = ScanTransfer.Decode(whole.Value!);
        if (!read.IsValid)
        {
            return read.Failure!;
        }

        ScanBundle b = read.Value;
        string id = ScanLodging.ScanId(b.Metadata, ScanLodging.Hash(b.Low), ScanLodging.Hash(b.High));
        if (id != part.ScanId || id != b.ScanId)
        {
            return new Failure(ScanErrorCodes.TransferCorrupt, $"The scan's content hashes to {id[..12]}…, not the announced scan {part.ScanId[..Math.Min(12, part.ScanId.Length)]}….");
        }

        if (await ScanStore.FindAsync(c, tx, id, ct) is { } existing)
        {
            return new PartOutcome(true, id, true, existing.Status);
        }

        Result<ScanMetadata> meta = ScanLodging.ReadMetadata(b.Metadata);
        Failure? failure = meta.IsValid ? ScanLodging.Check(meta.Value, b.Low, b.High, b.Containers).Failure : meta.Failure;
        string lodgedBy = $"{sender}/{b.LodgedBy}";
        await ScanStore.StoreAsync(c, tx, id, failure, meta.IsValid ? meta.Value : null, b.Metadata, b.Low, b.High, now, lodgedBy, ct);
        if (failure is not null)
        {
            return new PartOutcome(true, id, false, ScanStore.Refused);
        }

        await ReviewStore.EnqueueAsync(c, tx, id, b.Chapters, now, lodgedBy, ct);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE scan_reviews SET origin_node = @sender, risk_channel = @Channel, risk_score = @RiskScore, declared_goods = @goods WHERE scan_id = @id",
            new { sender, b.Channel, b.RiskScore, goods = JsonSerializer.Serialize(b.Goods), id }, tx, cancellationToken: ct));
        return new PartOutcome(true, id, false, ScanStore.Lodged);
    }

    /// <summary>
    /// At the scanning node: records the centre's verdict on a scan this node sent it (the reviewer named with the centre's
    /// node), and decides the scan here. LS953 when this node sent no such scan to <paramref name="sender"/>, or it is decided.
    /// </summary>
    public static async Task<Result<StoredVerdict>> ApplyReturnedVerdictAsync(UnitOfWork work, string sender, ScanVerdictReceived v, CancellationToken ct)
    {
        DbConnection c = work.Connection;
        ReviewState? state = v.ScanId is null ? null : await ReviewStore.StateAsync(c, work.Transaction, v.ScanId, ct);
        if (state is null || state.Stage != ReviewStage.SentToCentre)
        {
            return new Failure(ScanErrorCodes.ReviewClosed, $"This node holds no scan {v.ScanId} waiting for the centre's verdict.");
        }

        if (v.Verdict is not (ReviewCentre.Clear or ReviewCentre.Inspect))
        {
            return new Failure(ScanErrorCodes.VerdictInvalid, $"The centre's verdict '{v.Verdict}' is not clear or inspect.");
        }

        DateTimeOffset now = work.Time.GetUtcNow();
        string reviewer = $"{sender}/{v.Reviewer}";
        StoredVerdict stored = await ScanStore.InsertVerdictAsync(c, work.Transaction, state.ScanId, v.Verdict, v.Reason ?? "", v.RegionsJson, reviewer, v.Office ?? sender, v.At, ct);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE scan_reviews SET stage = 'decided', stage_since = @now, decided_verdict_id = @id, decided_at = @at WHERE scan_id = @scanId",
            new { now = ReviewStore.Text(now), id = stored.VerdictId, at = ReviewStore.Text(v.At), scanId = state.ScanId }, work.Transaction, cancellationToken: ct));
        await ReviewStore.EventAsync(c, work.Transaction, state.ScanId, "verdict-returned", reviewer, now, $"{v.Verdict} from the review centre {sender}: {v.Reason}", ct);
        return stored;
    }

    private sealed class PartRow
    {
        public long Part { get; set; }
        public long Parts { get; set; }
        public string Hash { get; set; } = "";
        public string Mrn { get; set; } = "";
        public byte[] Data { get; set; } = [];
    }
}
