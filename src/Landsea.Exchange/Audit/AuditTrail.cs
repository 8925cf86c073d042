using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Dapper;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Storage;

namespace Landsea.Exchange;

/// <summary>
/// The append-only, hash-chained audit log in <c>exchange_audit</c>. Appends join the caller's transaction; the head row
/// (<c>exchange_audit_head</c>) is updated first, which serializes appenders on both providers.
/// Every <see cref="CheckpointEvery"/> entries a signed head is stored in <c>exchange_audit_checkpoint</c>.
/// </summary>
public sealed class AuditTrail
{
    public const string SignedHeadJwsType = "landsea-audit-head+jws";

    private readonly NodeIdentity _identity;
    private readonly TimeProvider _time;

    public AuditTrail(NodeIdentity identity, TimeProvider time, int checkpointEvery = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(checkpointEvery, 1);
        _identity = identity;
        _time = time;
        CheckpointEvery = checkpointEvery;
    }

    public int CheckpointEvery { get; }

    /// <summary>Appends one entry inside <paramref name="work"/> and returns the new head (chaining staged entries first).</summary>
    public async Task<AuditHead> AppendAsync(UnitOfWork work, AuditRecord record, CancellationToken ct) =>
        (await AppendManyAsync(work, [record], ct))[0];

    /// <summary>
    /// Stages an entry inside <paramref name="work"/> without touching the head row, so concurrent business transactions
    /// (enqueues) do not serialize on it until commit. Staged entries are chained, in staging order and with their own time, by
    /// the next append (<see cref="AppendManyAsync"/>, which the sender runs on every pass, before any receipt for them is recorded).
    /// </summary>
    public async Task StageAsync(UnitOfWork work, AuditRecord record, CancellationToken ct) =>
        await work.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO exchange_audit_pending (recorded_at, kind, envelope_id, partner, outcome, digest, detail) VALUES (@at, @kind, @id, @partner, @outcome, @digest, @detail)",
            new { at = StoredTime.IsoMilliseconds(_time.GetUtcNow()), kind = record.Kind, id = record.EnvelopeId, partner = record.Partner, outcome = record.Outcome, digest = record.Digest, detail = record.Detail },
            work.Transaction, cancellationToken: ct));

    /// <summary>Chains staged entries, if there are any, in a transaction of its own.</summary>
    public async Task ChainStagedAsync(DbConnection connection, CancellationToken ct)
    {
        if (await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM exchange_audit_pending LIMIT 1", cancellationToken: ct)) is null)
        {
            return;
        }

        await using UnitOfWork work = await UnitOfWork.BeginAsync(connection, _time, ct);
        await AppendManyAsync(work, [], ct);
        await work.CommitAsync(ct);
    }

    /// <summary>
    /// Appends <paramref name="records"/> in order inside <paramref name="work"/> with one head update for the whole
    /// batch (one lock on <c>exchange_audit_head</c>, taken first, then multi-row inserts), after chaining every staged entry
    /// (<see cref="StageAsync"/>). Returns the head after each of <paramref name="records"/>: entry <c>i</c>'s receipt carries
    /// heads[i]. With no records it only chains staged entries.
    /// </summary>
    public async Task<IReadOnlyList<AuditHead>> AppendManyAsync(UnitOfWork work, IReadOnlyList<AuditRecord> records, CancellationToken ct)
    {
        (DbConnection connection, DbTransaction transaction) = (work.Connection, work.Transaction);
        // The head row is locked first: appenders serialize here, and the staged rows read next are all committed ones.
        (long seq, string previous) = await connection.QuerySingleAsync<(long, string)>(new CommandDefinition(
            "UPDATE exchange_audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash", transaction: transaction, cancellationToken: ct));
        List<(long Id, DateTimeOffset At, AuditRecord Record)> staged = (await connection.QueryAsync<AuditRow>(new CommandDefinition(
            "SELECT id AS seq, recorded_at, kind, envelope_id, partner, outcome, digest, detail FROM exchange_audit_pending ORDER BY id", transaction: transaction, cancellationToken: ct)))
            .Select(r => (r.seq, StoredTime.Parse(r.recorded_at), r.ToRecord())).ToList();
        if (staged.Count == 0 && records.Count == 0)
        {
            return [];
        }

        // Whole milliseconds, as the hash carries them (staged rows were truncated when staged).
        DateTimeOffset now = StoredTime.ToMilliseconds(_time.GetUtcNow());
        var all = new List<(DateTimeOffset At, AuditRecord Record)>(staged.Count + records.Count);
        all.AddRange(staged.Select(p => (p.At, p.Record)));
        all.AddRange(records.Select(r => (now, r)));
        var rows = new object?[all.Count][];
        var heads = new AuditHead[all.Count];
        string prev = previous;
        for (int i = 0; i < all.Count; i++)
        {
            (DateTimeOffset at, AuditRecord record) = all[i];
            string hash = AuditChain.ComputeHash(prev, at, record);
            rows[i] = [seq + 1 + i, StoredTime.Iso(at), record.Kind, record.EnvelopeId, record.Partner, record.Outcome, record.Digest, record.Detail, prev, hash];
            heads[i] = new AuditHead(seq + 1 + i, hash);
            prev = hash;
        }

        await MultiRow.InsertAsync(connection, transaction, "exchange_audit",
            ["seq", "recorded_at", "kind", "envelope_id", "partner", "outcome", "digest", "detail", "prev_hash", "hash"], rows, null, ct);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE exchange_audit_head SET seq = @seq, hash = @hash, signed_head = @signed WHERE id = 1",
            new { seq = heads[^1].Sequence, hash = prev, signed = SignHead(heads[^1]) }, transaction, cancellationToken: ct));
        for (int start = 0; start < staged.Count; start += 500)
        {
            // Exactly the rows chained (on PostgreSQL a lower id may commit later and must stay staged). The ids are integers read
            // from the table; the text differs with every batch, so it is not kept in Dapper's statement cache.
            string ids = string.Join(",", staged.Skip(start).Take(500).Select(p => p.Id.ToString(CultureInfo.InvariantCulture)));
            await connection.ExecuteAsync(new CommandDefinition($"DELETE FROM exchange_audit_pending WHERE id IN ({ids})", transaction: transaction,
                flags: CommandFlags.NoCache, cancellationToken: ct));
        }

        foreach (AuditHead head in heads)
        {
            if (head.Sequence % CheckpointEvery == 0)
            {
                await StoreCheckpointAsync(connection, transaction, head, ct);
            }
        }

        return heads[staged.Count..];
    }

    /// <summary>Signs the current head and stores it as a checkpoint; returns the signed head (compact JWS).</summary>
    public async Task<string> CheckpointAsync(UnitOfWork work, CancellationToken ct)
    {
        AuditHead head = await ReadHeadAsync(work.Connection, work.Transaction, ct);
        return await StoreCheckpointAsync(work.Connection, work.Transaction, head, ct);
    }

    /// <summary>The chain's current head.</summary>
    public static Task<AuditHead> ReadHeadAsync(DbConnection connection, CancellationToken ct) => ReadHeadAsync(connection, null, ct);

    private static async Task<AuditHead> ReadHeadAsync(DbConnection connection, DbTransaction? transaction, CancellationToken ct)
    {
        (long seq, string hash) = await connection.QuerySingleAsync<(long, string)>(new CommandDefinition(
            "SELECT seq, hash FROM exchange_audit_head WHERE id = 1", transaction: transaction, cancellationToken: ct));
        return new AuditHead(seq, hash);
    }

    /// <summary>All entries in sequence order (for the verifier and the officers' log).</summary>
    public static async Task<List<AuditEntry>> ReadAllAsync(DbConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync<AuditRow>(new CommandDefinition(
            "SELECT seq, recorded_at, kind, envelope_id, partner, outcome, digest, detail, prev_hash, hash FROM exchange_audit ORDER BY seq", cancellationToken: ct)))
        .Select(r => new AuditEntry(r.seq, StoredTime.Parse(r.recorded_at), r.ToRecord(), r.prev_hash, r.hash)).ToList();

    /// <summary>Stored checkpoints as (sequence, hash, signed head JWS).</summary>
    public static async Task<List<(long Sequence, string Hash, string SignedHead)>> ReadCheckpointsAsync(DbConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync<(long, string, string)>(new CommandDefinition(
            "SELECT seq, hash, signed_head FROM exchange_audit_checkpoint ORDER BY seq", cancellationToken: ct))).ToList();

    /// <summary>Reads a signed head's content after checking its signature with the issuing node's certificate; null when it does not verify.</summary>
    public static AuditHead? VerifySignedHead(string signedHead, KeyRing keys) =>
        VerifySignedHead(signedHead, keys.ForStored(Jws.TryParse(signedHead)?.KeyId));

    /// <summary>Reads a signed head's content after checking its signature with <paramref name="certificate"/>; null when it does not verify.</summary>
    public static AuditHead? VerifySignedHead(string signedHead, X509Certificate2 certificate)
    {
        JwsParts? parts = Jws.TryParse(signedHead);
        using var key = certificate.GetECDsaPublicKey();
        if (parts is null || key is null || parts.Type != SignedHeadJwsType || parts.KeyId != CertificateThumbprint.Of(certificate) || !Jws.Verify(parts, key))
        {
            return null;
        }

        string[] fields = Encoding.UTF8.GetString(parts.Payload).Split(':');
        return fields.Length == 3 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out long seq) ? new AuditHead(seq, fields[2]) : null;
    }

    /// <summary>
    /// Verifies the whole log on <paramref name="connection"/>, read in one snapshot: the chain; the node's stored head
    /// (<c>exchange_audit_head</c>: it must be the last entry, and with <paramref name="certificate"/> its signature must verify
    /// and match it); the stored checkpoints (each must match the chain, none may lie beyond its end, none may be missing where
    /// their spacing puts one, and with <paramref name="certificate"/> each signature must verify); and any heads held by
    /// partners (from their receipts). An empty log is intact only with the empty head and no checkpoint. Issue 17 item 3.
    /// </summary>
    public static Task<AuditReport> VerifyAsync(DbConnection connection, IEnumerable<AuditHead>? heldHeads, X509Certificate2? certificate, CancellationToken ct) =>
        VerifyWithKeysAsync(connection, heldHeads, certificate is null ? null : new KeyRing(certificate), ct);

    /// <summary>
    /// <see cref="VerifyAsync(DbConnection, IEnumerable{AuditHead}?, X509Certificate2?, CancellationToken)"/> with every key the
    /// node held: each signature is checked with the certificate its <c>kid</c> names, so checkpoints signed before a key rollover
    /// still verify after it.
    /// </summary>
    public static async Task<AuditReport> VerifyWithKeysAsync(DbConnection connection, IEnumerable<AuditHead>? heldHeads, KeyRing? certificate, CancellationToken ct)
    {
        List<AuditEntry> entries;
        List<(long Sequence, string Hash, string SignedHead)> checkpoints;
        StoredHead stored;
        await using (DbTransaction snapshot = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct))
        {
            // A database not yet migrated to script 0006 (read by the CLI, which never migrates) has no signed head yet.
            bool signedColumn;
            await using (var view = new UnitOfWork(connection, snapshot, TimeProvider.System))
            {
                signedColumn = await MigrationRunner.ColumnExistsAsync(view, "exchange_audit_head", "signed_head", ct);
            }

            stored = await connection.QuerySingleAsync<StoredHead>(new CommandDefinition(
                signedColumn ? "SELECT seq, hash, signed_head FROM exchange_audit_head WHERE id = 1" : "SELECT seq, hash, NULL AS signed_head FROM exchange_audit_head WHERE id = 1",
                transaction: snapshot, cancellationToken: ct));
            entries = (await connection.QueryAsync<AuditRow>(new CommandDefinition(
                "SELECT seq, recorded_at, kind, envelope_id, partner, outcome, digest, detail, prev_hash, hash FROM exchange_audit ORDER BY seq", transaction: snapshot, cancellationToken: ct)))
                .Select(r => new AuditEntry(r.seq, StoredTime.Parse(r.recorded_at), r.ToRecord(), r.prev_hash, r.hash)).ToList();
            checkpoints = (await connection.QueryAsync<(long, string, string)>(new CommandDefinition(
                "SELECT seq, hash, signed_head FROM exchange_audit_checkpoint ORDER BY seq", transaction: snapshot, cancellationToken: ct))).ToList();
            await snapshot.CommitAsync(ct);
        }

        var heads = new List<AuditHead>(heldHeads ?? []);
        var extra = new List<AuditFinding>();
        long last = entries.Count == 0 ? 0 : entries[^1].Sequence;
        foreach ((long seq, string hash, string signed) in checkpoints)
        {
            if (certificate is not null)
            {
                AuditHead? verified = VerifySignedHead(signed, certificate);
                if (verified is null || verified.Sequence != seq || verified.Hash != hash)
                {
                    extra.Add(new AuditFinding(AuditFindingKind.CheckpointMismatch, seq, "checkpoint signature does not verify or does not match"));
                    continue;
                }
            }

            heads.Add(new AuditHead(seq, hash));
        }

        // Checkpoints are stored every N entries: with two or more, the first one's sequence gives N when every other is a
        // multiple of it (a checkpoint taken on demand, at any head, makes no spacing and this check is skipped).
        if (checkpoints.Count > 1 && checkpoints[0].Sequence > 0 && checkpoints.All(c => c.Sequence % checkpoints[0].Sequence == 0))
        {
            long every = checkpoints[0].Sequence;
            var present = checkpoints.Select(c => c.Sequence).ToHashSet();
            long missing = 0, firstMissing = 0;
            for (long at = every; at <= last; at += every)
            {
                if (!present.Contains(at))
                {
                    firstMissing = missing++ == 0 ? at : firstMissing;
                }
            }

            if (missing > 0)
            {
                extra.Add(new AuditFinding(AuditFindingKind.CheckpointMismatch, firstMissing,
                    $"{missing} checkpoint(s) missing from {firstMissing} (one every {every} entries up to the log's end at {last})"));
            }
        }

        // The node's own head: after every append it names the last entry, signed.
        if (stored.seq > last)
        {
            extra.Add(new AuditFinding(AuditFindingKind.Truncated, last + 1, $"the node's stored head is at {stored.seq} but the log ends at {last}"));
        }
        else if (stored.seq < last || (last > 0 && entries[^1].Hash != stored.hash) || (last == 0 && stored.hash != AuditChain.GenesisHash))
        {
            extra.Add(new AuditFinding(AuditFindingKind.HeadMismatch, Math.Max(1, Math.Min(stored.seq, last)),
                $"the node's stored head {stored.seq}:{Short(stored.hash)} is not the log's last entry {last}:{Short(last == 0 ? AuditChain.GenesisHash : entries[^1].Hash)}"));
        }

        if (certificate is not null && stored.seq > 0)
        {
            AuditHead? signedHead = stored.signed_head is null ? null : VerifySignedHead(stored.signed_head, certificate);
            if (signedHead is null || signedHead.Sequence != stored.seq || signedHead.Hash != stored.hash)
            {
                extra.Add(new AuditFinding(AuditFindingKind.HeadMismatch, stored.seq,
                    stored.signed_head is null ? "the node's stored head is not signed" : "the node's stored head signature does not verify or does not match the head"));
            }
        }

        AuditReport report = AuditVerifier.Verify(entries, heads);
        return extra.Count == 0 ? report : report with
        {
            Findings = [.. report.Findings.Concat(extra).GroupBy(f => (f.Kind, f.Sequence)).Select(g => g.First()).OrderBy(f => f.Sequence).ThenBy(f => f.Kind)],
        };
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;

    /// <summary>A signed head: payload <c>"&lt;node code&gt;:&lt;seq&gt;:&lt;hash&gt;"</c>, <c>typ</c> <see cref="SignedHeadJwsType"/>.</summary>
    private string SignHead(AuditHead head) =>
        _identity.Sign(SignedHeadJwsType, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{_identity.Code}:{head.Sequence}:{head.Hash}")));

    private async Task<string> StoreCheckpointAsync(DbConnection connection, DbTransaction transaction, AuditHead head, CancellationToken ct)
    {
        string signed = SignHead(head);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO exchange_audit_checkpoint (seq, hash, signed_head, recorded_at) VALUES (@seq, @hash, @signed, @at) ON CONFLICT DO NOTHING",
            new { seq = head.Sequence, hash = head.Hash, signed, at = StoredTime.IsoMilliseconds(_time.GetUtcNow()) }, transaction, cancellationToken: ct));
        return signed;
    }

#pragma warning disable IDE1006, CA1812 // Dapper row types: column names as in SQL; instantiated by Dapper.
    private sealed class StoredHead
    {
        public long seq { get; set; }
        public string hash { get; set; } = "";
        public string? signed_head { get; set; }
    }

    private sealed class AuditRow
    {
        public long seq { get; set; }
        public string recorded_at { get; set; } = "";
        public string kind { get; set; } = "";
        public string? envelope_id { get; set; }
        public string? partner { get; set; }
        public string? outcome { get; set; }
        public string? digest { get; set; }
        public string? detail { get; set; }
        public string prev_hash { get; set; } = "";
        public string hash { get; set; } = "";

        public AuditRecord ToRecord() => new(kind, envelope_id, partner, outcome, digest, detail);
    }
#pragma warning restore IDE1006, CA1812
}
