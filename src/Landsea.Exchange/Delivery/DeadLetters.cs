using System.Data.Common;
using Landsea.Exchange.Storage;

namespace Landsea.Exchange.Delivery;

/// <summary>An envelope that delivery gave up on, and why.</summary>
public sealed record DeadLetter(string EnvelopeId, string Recipient, string Conversation, long Sequence, string Type, long Attempts, string Reason, DateTimeOffset DeadAt);

/// <summary>Dead letters (<c>exchange_dead_letter</c>): listing, and the operator's retry, which puts the same signed bytes back in the outbox.</summary>
public sealed class DeadLetters
{
    private readonly AuditTrail _audit;
    private readonly TimeProvider _time;

    public DeadLetters(AuditTrail audit, TimeProvider time)
    {
        _audit = audit;
        _time = time;
    }

    public static Task<List<DeadLetter>> ListAsync(DbConnection connection, CancellationToken ct) =>
        Sql.QueryAsync(connection, null,
            "SELECT envelope_id, recipient, conversation, seq, type, attempts, reason, dead_at FROM exchange_dead_letter ORDER BY dead_at, envelope_id",
            r => new DeadLetter(r.GetString(0), r.GetString(1), r.GetString(2), r.Long(3), r.GetString(4), r.Long(5), r.GetString(6), Sql.Time(r.Long(7))), ct);

    /// <summary>Moves a dead letter back to the outbox, due now with fresh counters. False when no such dead letter exists.</summary>
    public async Task<bool> RetryAsync(DbConnection connection, DbTransaction transaction, string envelopeId, CancellationToken ct)
    {
        long now = Sql.Ms(_time.GetUtcNow());
        int moved = await Sql.ExecuteAsync(connection, transaction,
            """
            INSERT INTO exchange_outbox (envelope_id, recipient, conversation, seq, type, digest, wire, created_at, attempts, failures, next_attempt_at)
            SELECT envelope_id, recipient, conversation, seq, type, digest, wire, created_at, 0, 0, @now FROM exchange_dead_letter WHERE envelope_id = @id
            """, ct, ("@now", now), ("@id", envelopeId));
        if (moved == 0)
        {
            return false;
        }

        await Sql.ExecuteAsync(connection, transaction, "DELETE FROM exchange_dead_letter WHERE envelope_id = @id", ct, ("@id", envelopeId));
        await _audit.AppendAsync(connection, transaction, new AuditRecord("dead-letter-retry", envelopeId, null, null, null, null), ct);
        return true;
    }
}
