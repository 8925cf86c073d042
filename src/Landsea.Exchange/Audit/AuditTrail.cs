using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
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

    /// <summary>Appends one entry inside <paramref name="transaction"/> and returns the new head.</summary>
    public async Task<AuditHead> AppendAsync(DbConnection connection, DbTransaction transaction, AuditRecord record, CancellationToken ct)
    {
        (long seq, string previous) = (await Sql.QueryAsync(connection, transaction,
            "UPDATE exchange_audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash",
            r => (r.Long(0), r.GetString(1)), ct)).Single();
        DateTimeOffset at = DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());
        string hash = AuditChain.ComputeHash(previous, at, record);
        await Sql.ExecuteAsync(connection, transaction,
            """
            INSERT INTO exchange_audit (seq, recorded_at, kind, envelope_id, partner, outcome, digest, detail, prev_hash, hash)
            VALUES (@seq, @at, @kind, @id, @partner, @outcome, @digest, @detail, @prev, @hash);
            UPDATE exchange_audit_head SET hash = @hash WHERE id = 1;
            """, ct,
            ("@seq", seq), ("@at", Sql.Ms(at)), ("@kind", record.Kind), ("@id", record.EnvelopeId), ("@partner", record.Partner),
            ("@outcome", record.Outcome), ("@digest", record.Digest), ("@detail", record.Detail), ("@prev", previous), ("@hash", hash));
        var head = new AuditHead(seq, hash);
        if (seq % CheckpointEvery == 0)
        {
            await StoreCheckpointAsync(connection, transaction, head, ct);
        }

        return head;
    }

    /// <summary>Signs the current head and stores it as a checkpoint; returns the signed head (compact JWS).</summary>
    public async Task<string> CheckpointAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        AuditHead head = await ReadHeadAsync(connection, transaction, ct);
        return await StoreCheckpointAsync(connection, transaction, head, ct);
    }

    public static async Task<AuditHead> ReadHeadAsync(DbConnection connection, DbTransaction? transaction, CancellationToken ct) =>
        (await Sql.QueryAsync(connection, transaction, "SELECT seq, hash FROM exchange_audit_head WHERE id = 1", r => new AuditHead(r.Long(0), r.GetString(1)), ct)).Single();

    /// <summary>All entries in sequence order (for the verifier and the officers' log).</summary>
    public static Task<List<AuditEntry>> ReadAllAsync(DbConnection connection, CancellationToken ct) =>
        Sql.QueryAsync(connection, null,
            "SELECT seq, recorded_at, kind, envelope_id, partner, outcome, digest, detail, prev_hash, hash FROM exchange_audit ORDER BY seq",
            r => new AuditEntry(r.Long(0), Sql.Time(r.Long(1)),
                new AuditRecord(r.GetString(2), r.NullableString(3), r.NullableString(4), r.NullableString(5), r.NullableString(6), r.NullableString(7)),
                r.GetString(8), r.GetString(9)), ct);

    /// <summary>Stored checkpoints as (sequence, hash, signed head JWS).</summary>
    public static Task<List<(long Sequence, string Hash, string SignedHead)>> ReadCheckpointsAsync(DbConnection connection, CancellationToken ct) =>
        Sql.QueryAsync(connection, null, "SELECT seq, hash, signed_head FROM exchange_audit_checkpoint ORDER BY seq", r => (r.Long(0), r.GetString(1), r.GetString(2)), ct);

    /// <summary>Reads a signed head's content after checking its signature with the issuing node's certificate; null when it does not verify.</summary>
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
    /// Verifies the whole log on <paramref name="connection"/>: the chain, the stored checkpoints (hash, and signature when
    /// <paramref name="certificate"/> is given) and any heads held by partners (from their receipts), which reveal truncation.
    /// </summary>
    public static async Task<AuditReport> VerifyAsync(DbConnection connection, IEnumerable<AuditHead>? heldHeads, X509Certificate2? certificate, CancellationToken ct)
    {
        List<AuditEntry> entries = await ReadAllAsync(connection, ct);
        var checkpoints = await ReadCheckpointsAsync(connection, ct);
        var heads = new List<AuditHead>(heldHeads ?? []);
        var extra = new List<AuditFinding>();
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

        AuditReport report = AuditVerifier.Verify(entries, heads);
        return extra.Count == 0 ? report : report with { Findings = [.. report.Findings, .. extra] };
    }

    private async Task<string> StoreCheckpointAsync(DbConnection connection, DbTransaction transaction, AuditHead head, CancellationToken ct)
    {
        // Payload: "<node code>:<seq>:<hash>".
        string signed = _identity.Sign(SignedHeadJwsType, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{_identity.Code}:{head.Sequence}:{head.Hash}")));
        await Sql.ExecuteAsync(connection, transaction,
            "INSERT INTO exchange_audit_checkpoint (seq, hash, signed_head, recorded_at) VALUES (@seq, @hash, @signed, @at) ON CONFLICT DO NOTHING", ct,
            ("@seq", head.Sequence), ("@hash", head.Hash), ("@signed", signed), ("@at", Sql.Ms(_time.GetUtcNow())));
        return signed;
    }
}
