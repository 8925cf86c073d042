using System.Data.Common;
using Dapper;
using Landsea.Exchange.Outbox;
using Landsea.Exchange.Storage;

namespace Landsea.Exchange.Delivery;

/// <summary>An envelope that delivery gave up on, and why; <paramref name="WithdrawnBy"/> names the withdrawal that filled its slot, if any.</summary>
public sealed record DeadLetter(string EnvelopeId, string Recipient, string Conversation, long Sequence, string Type, long Attempts, string Reason, DateTimeOffset DeadAt,
    string? WithdrawnBy = null, string? WithdrawalReason = null);

/// <summary>What <see cref="DeadLetters.WithdrawAsync"/> did.</summary>
public enum WithdrawOutcome
{
    /// <summary>A withdrawal envelope now fills the dead letter's slot and is in the outbox.</summary>
    Withdrawn,

    /// <summary>No dead letter with that id.</summary>
    NotFound,

    /// <summary>Already withdrawn; nothing changed.</summary>
    AlreadyWithdrawn,
}

/// <summary>
/// Dead letters (<c>exchange_dead_letter</c>): listing; the operator's retry, which puts the envelope back in the outbox; and
/// withdrawal, which gives up on it for good and fills its place in the conversation so that later envelopes are not held
/// behind the gap at the partner. A dead letter is never deleted by withdrawal: it stays, marked with the withdrawal.
/// </summary>
public sealed class DeadLetters : IDeadLetters
{
    private readonly AuditTrail _audit;
    private readonly TimeProvider _time;
    private readonly ExchangeOutbox? _outbox;

    public DeadLetters(AuditTrail audit, TimeProvider time, ExchangeOutbox? outbox = null)
    {
        _audit = audit;
        _time = time;
        _outbox = outbox;
    }

    /// <inheritdoc/>
    public Task<List<DeadLetter>> ListAsync(DbConnection connection, CancellationToken ct) => Queries.MessageLog.DeadLettersAsync(connection, ct);

    /// <summary>
    /// Gives up on a dead letter for good: enqueues a signed withdrawal in its sequence slot (see
    /// <see cref="ExchangeOutbox.WithdrawalType"/>), marks the dead letter withdrawn and records it in the audit trail, all in the
    /// caller's transaction. A withdrawn dead letter can no longer be retried.
    /// </summary>
    public async Task<(WithdrawOutcome Outcome, QueuedEnvelope? Withdrawal)> WithdrawAsync(UnitOfWork work, string envelopeId, string reason, CancellationToken ct)
    {
        (DbConnection connection, DbTransaction transaction) = (work.Connection, work.Transaction);
        if (_outbox is null)
        {
            throw new InvalidOperationException("Withdrawal needs the outbox; construct DeadLetters with it.");
        }

        var dead = (await connection.QueryAsync<(string To, string Conv, long Seq, string? Filler)>(new CommandDefinition(
            """
            SELECT d.recipient, d.conversation, d.seq, w.filler_id FROM exchange_dead_letter d
            LEFT JOIN exchange_withdrawn w ON w.envelope_id = d.envelope_id WHERE d.envelope_id = @id
            """, new { id = envelopeId }, transaction, cancellationToken: ct))).ToList();
        if (dead.Count == 0)
        {
            return (WithdrawOutcome.NotFound, null);
        }

        if (dead[0].Filler is not null)
        {
            return (WithdrawOutcome.AlreadyWithdrawn, null);
        }

        QueuedEnvelope withdrawal = await _outbox.EnqueueWithdrawalAsync(work, dead[0].To, dead[0].Conv, dead[0].Seq, envelopeId, reason, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO exchange_withdrawn (envelope_id, filler_id, reason, withdrawn_at) VALUES (@id, @filler, @reason, @at)",
            new { id = envelopeId, filler = withdrawal.Envelope.Id, reason, at = StoredTime.IsoMilliseconds(_time.GetUtcNow()) }, transaction, cancellationToken: ct));
        await _audit.AppendAsync(work, new AuditRecord("dead-letter-withdrawn", envelopeId, dead[0].To, null, null, $"slot filled by {withdrawal.Envelope.Id}: {reason}"), ct);
        return (WithdrawOutcome.Withdrawn, withdrawal);
    }

    /// <summary>Moves a dead letter back to the outbox, due now with fresh counters. False when no such dead letter exists or it was withdrawn.</summary>
    public async Task<bool> RetryAsync(UnitOfWork work, string envelopeId, CancellationToken ct)
    {
        (DbConnection connection, DbTransaction transaction) = (work.Connection, work.Transaction);
        int moved = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO exchange_outbox (envelope_id, recipient, conversation, seq, type, digest, wire, created_at, attempts, failures, next_attempt_at)
            SELECT envelope_id, recipient, conversation, seq, type, digest, wire, created_at, 0, 0, @now FROM exchange_dead_letter
            WHERE envelope_id = @id AND NOT EXISTS (SELECT 1 FROM exchange_withdrawn w WHERE w.envelope_id = @id)
            """, new { now = StoredTime.IsoMilliseconds(_time.GetUtcNow()), id = envelopeId }, transaction, cancellationToken: ct));
        if (moved == 0)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM exchange_dead_letter WHERE envelope_id = @id", new { id = envelopeId }, transaction, cancellationToken: ct));
        await _audit.AppendAsync(work, new AuditRecord("dead-letter-retry", envelopeId, null, null, null, null), ct);
        return true;
    }
}
