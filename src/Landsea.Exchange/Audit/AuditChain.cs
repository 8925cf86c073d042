using System.Security.Cryptography;
using System.Text.Json;

namespace Landsea.Exchange;

/// <summary>What happened, as recorded in the audit trail. No payloads: ids, codes and digests only.</summary>
/// <param name="Kind">outbound, inbound, receipt, dead-letter, dead-letter-retry, partner, agreement.</param>
public sealed record AuditRecord(string Kind, string? EnvelopeId, string? Partner, string? Outcome, string? Digest, string? Detail);

/// <summary>One stored entry of the chain.</summary>
/// <param name="Sequence">Position in the log (1-based). Deliberately not hashed: the order is the chain of hashes itself, so a row
/// moved to another sequence number still matches its own hash and is reported as reordered, not changed.</param>
public sealed record AuditEntry(long Sequence, DateTimeOffset RecordedAt, AuditRecord Record, string PreviousHash, string Hash);

/// <summary>
/// The hash chain: <c>hash = SHA-256(previous hash bytes || canonical entry)</c>, where the canonical entry is UTF-8 JSON
/// with the fields in a fixed order: at (Unix ms), kind, envelopeId, partner, outcome, digest, detail (absent = null).
/// The first entry's previous hash is <see cref="GenesisHash"/>. The log stores <c>at</c> as <see cref="Storage.StoredTime"/>
/// text of the same whole millisecond, so the hash input is the same whichever encoding a row was written in.
/// </summary>
public static class AuditChain
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string ComputeHash(string previousHash, DateTimeOffset recordedAt, AuditRecord record)
    {
        var buffer = new MemoryStream(256);
        buffer.Write(Convert.FromHexString(previousHash));
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("at", recordedAt.ToUnixTimeMilliseconds());
            w.WriteString("kind", record.Kind);
            w.WriteString("envelopeId", record.EnvelopeId);
            w.WriteString("partner", record.Partner);
            w.WriteString("outcome", record.Outcome);
            w.WriteString("digest", record.Digest);
            w.WriteString("detail", record.Detail);
            w.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }
}

public enum AuditFindingKind
{
    /// <summary>The entry's content no longer matches its hash, or its successor's link.</summary>
    Changed,

    /// <summary>One or more sequence numbers are missing.</summary>
    Removed,

    /// <summary>The entry matches its own hash but sits at a position other than the one its chain link gives.</summary>
    Reordered,

    /// <summary>A head held elsewhere (a partner's receipt) lies beyond the end of the log: entries were cut off.</summary>
    Truncated,

    /// <summary>A checkpoint's signature or hash does not match the log, or a checkpoint is missing.</summary>
    CheckpointMismatch,

    /// <summary>The node's stored head is not the log's last entry, or its signature does not verify (issue 17 item 3).</summary>
    HeadMismatch,
}

/// <summary>One problem; <see cref="Sequence"/> names the entry (for Removed/Truncated, the first missing sequence).</summary>
public sealed record AuditFinding(AuditFindingKind Kind, long Sequence, string Detail);

/// <summary>The verifier's answer: how many entries were checked and what is wrong (empty when intact).</summary>
public sealed record AuditReport(int Checked, AuditHead Head, IReadOnlyList<AuditFinding> Findings)
{
    public bool IsIntact => Findings.Count == 0;
}

/// <summary>Verifies a log read in sequence order, optionally against heads held by others (which reveal truncation).</summary>
public static class AuditVerifier
{
    public static AuditReport Verify(IReadOnlyList<AuditEntry> entries, IEnumerable<AuditHead>? heldHeads = null)
    {
        var findings = new List<AuditFinding>();
        var byHash = new Dictionary<string, AuditEntry>(StringComparer.Ordinal);
        var selfValid = new bool[entries.Count];
        for (int i = 0; i < entries.Count; i++)
        {
            AuditEntry e = entries[i];
            selfValid[i] = AuditChain.ComputeHash(e.PreviousHash, e.RecordedAt, e.Record) == e.Hash;
            if (selfValid[i])
            {
                byHash.TryAdd(e.Hash, e);
            }
            else
            {
                findings.Add(new AuditFinding(AuditFindingKind.Changed, e.Sequence, "content does not match its hash"));
            }
        }

        // The position each self-consistent entry should have, following links back to the genesis or to a break.
        var chainPosition = new Dictionary<long, long>();
        long ChainPosition(AuditEntry start)
        {
            var path = new Stack<AuditEntry>();
            AuditEntry current = start;
            long basePosition;
            while (true)
            {
                if (chainPosition.TryGetValue(current.Sequence, out long known))
                {
                    basePosition = known;
                    break;
                }

                path.Push(current);
                if (current.PreviousHash == AuditChain.GenesisHash)
                {
                    basePosition = 0;
                    break;
                }

                if (!byHash.TryGetValue(current.PreviousHash, out AuditEntry? predecessor) || path.Count > entries.Count || path.Contains(predecessor))
                {
                    // A break: trust the stored number for the start of this segment.
                    basePosition = current.Sequence - 1;
                    break;
                }

                current = predecessor;
            }

            while (path.Count > 0)
            {
                AuditEntry e = path.Pop();
                chainPosition[e.Sequence] = ++basePosition;
            }

            return chainPosition[start.Sequence];
        }

        long expectedSequence = 1;
        AuditEntry? previous = null;
        for (int i = 0; i < entries.Count; i++)
        {
            AuditEntry e = entries[i];
            bool gap = e.Sequence > expectedSequence;
            if (gap)
            {
                string range = e.Sequence - 1 == expectedSequence ? $"{expectedSequence}" : $"{expectedSequence}-{e.Sequence - 1}";
                findings.Add(new AuditFinding(AuditFindingKind.Removed, expectedSequence, $"entries {range} are missing"));
            }

            if (selfValid[i])
            {
                long position = ChainPosition(e);
                if (position != e.Sequence && byHash.ContainsKey(e.PreviousHash))
                {
                    findings.Add(new AuditFinding(AuditFindingKind.Reordered, e.Sequence, $"its chain link places it at {position}"));
                }
                else if (!gap && previous is not null && selfValid[i - 1] && e.PreviousHash != previous.Hash && !byHash.ContainsKey(e.PreviousHash))
                {
                    findings.Add(new AuditFinding(AuditFindingKind.Changed, previous.Sequence, $"does not match the hash entry {e.Sequence} links to (changed and re-hashed, or an entry after it removed)"));
                }
                else if (previous is null && !gap && e.PreviousHash != AuditChain.GenesisHash && !byHash.ContainsKey(e.PreviousHash))
                {
                    findings.Add(new AuditFinding(AuditFindingKind.Removed, 1, "the log does not start at the genesis"));
                }
            }

            expectedSequence = Math.Max(expectedSequence, e.Sequence + 1);
            previous = e;
        }

        long last = entries.Count == 0 ? 0 : entries[^1].Sequence;
        foreach (AuditHead head in heldHeads ?? [])
        {
            if (head.Sequence == 0)
            {
                continue;
            }

            if (head.Sequence > last)
            {
                findings.Add(new AuditFinding(AuditFindingKind.Truncated, last + 1, $"a held head is at {head.Sequence} but the log ends at {last}"));
                continue;
            }

            AuditEntry? at = entries.FirstOrDefault(x => x.Sequence == head.Sequence);
            if (at is null)
            {
                continue; // already reported as removed
            }

            if (at.Hash != head.Hash)
            {
                findings.Add(new AuditFinding(AuditFindingKind.Changed, head.Sequence, "differs from a held head"));
            }
        }

        var ordered = findings
            .GroupBy(f => (f.Kind, f.Sequence)).Select(g => g.First())
            .OrderBy(f => f.Sequence).ThenBy(f => f.Kind).ToList();
        AuditHead logHead = entries.Count == 0 ? new AuditHead(0, AuditChain.GenesisHash) : new AuditHead(last, entries[^1].Hash);
        return new AuditReport(entries.Count, logHead, ordered);
    }
}
