using System.Data.Common;
using Dapper;
using Landsea.Exchange.Storage;

namespace Landsea.Exchange.Inbox;

/// <summary>
/// The quarantine (<c>exchange_quarantine</c>): the operator's list, retry and discard. Envelopes get here from
/// <see cref="ExchangeInbox.HandOverAsync"/>. The inbox row of a quarantined envelope is never deleted: a copy the sender sends
/// again is still answered as a duplicate.
/// </summary>
public sealed class InboxQuarantine : IInboxQuarantine
{
    private readonly AuditTrail _audit;
    private readonly TimeProvider _time;

    public InboxQuarantine(AuditTrail audit, TimeProvider time)
    {
        _audit = audit;
        _time = time;
    }

    /// <inheritdoc/>
    public async Task<List<QuarantinedEnvelope>> ListAsync(DbConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT envelope_id, sender, conversation, seq, type, attempts, reason, quarantined_at, notice_id, discarded_at, discard_reason
            FROM exchange_quarantine ORDER BY quarantined_at, envelope_id
            """, cancellationToken: ct)))
        .Select(r => new QuarantinedEnvelope(r.envelope_id, r.sender, r.conversation, r.seq, r.type, r.attempts, r.reason, StoredTime.Parse(r.quarantined_at),
            r.notice_id, StoredTime.ParseNullable(r.discarded_at), r.discard_reason))
        .ToList();

    /// <summary>
    /// Puts the envelope back in the inbox: attempts start again and it is ready on the next pass, out of line (its conversation
    /// moved on when it was quarantined, so it does not wait for its old place). The quarantine row goes; the retry is audited.
    /// </summary>
    public async Task<bool> RetryAsync(UnitOfWork work, string envelopeId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(work);
        int back = await work.Connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE exchange_inbox SET quarantined_at = NULL, attempts = 0, last_error = NULL, next_attempt_at = NULL, out_of_line = 1
            WHERE envelope_id = @id AND quarantined_at IS NOT NULL AND handed_over_at IS NULL
              AND EXISTS (SELECT 1 FROM exchange_quarantine q WHERE q.envelope_id = @id AND q.discarded_at IS NULL)
            """, new { id = envelopeId }, work.Transaction, cancellationToken: ct));
        if (back == 0)
        {
            return false;
        }

        string? sender = await work.Connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT sender FROM exchange_quarantine WHERE envelope_id = @id", new { id = envelopeId }, work.Transaction, cancellationToken: ct));
        await work.Connection.ExecuteAsync(new CommandDefinition("DELETE FROM exchange_quarantine WHERE envelope_id = @id", new { id = envelopeId }, work.Transaction, cancellationToken: ct));
        await _audit.AppendAsync(work, new AuditRecord("quarantine-retry", envelopeId, sender, null, null, null), ct);
        return true;
    }

    /// <summary>Marks the quarantined envelope discarded (kept in the list, never applied) and audits it with the reason.</summary>
    public async Task<DiscardOutcome> DiscardAsync(UnitOfWork work, string envelopeId, string reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(work);
        var found = (await work.Connection.QueryAsync<(string Sender, string? DiscardedAt)>(new CommandDefinition(
            "SELECT sender, discarded_at FROM exchange_quarantine WHERE envelope_id = @id", new { id = envelopeId }, work.Transaction, cancellationToken: ct))).ToList();
        if (found.Count == 0)
        {
            return DiscardOutcome.NotFound;
        }

        if (found[0].DiscardedAt is not null)
        {
            return DiscardOutcome.AlreadyDiscarded;
        }

        await work.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE exchange_quarantine SET discarded_at = @at, discard_reason = @reason WHERE envelope_id = @id",
            new { id = envelopeId, reason, at = StoredTime.IsoMilliseconds(_time.GetUtcNow()) }, work.Transaction, cancellationToken: ct));
        await _audit.AppendAsync(work, new AuditRecord("quarantine-discarded", envelopeId, found[0].Sender, null, null, reason), ct);
        return DiscardOutcome.Discarded;
    }

#pragma warning disable IDE1006, CA1812 // Dapper row type: column names as in SQL; instantiated by Dapper.
    private sealed class Row
    {
        public string envelope_id { get; set; } = "";
        public string sender { get; set; } = "";
        public string conversation { get; set; } = "";
        public long seq { get; set; }
        public string type { get; set; } = "";
        public long attempts { get; set; }
        public string reason { get; set; } = "";
        public string quarantined_at { get; set; } = "";
        public string? notice_id { get; set; }
        public string? discarded_at { get; set; }
        public string? discard_reason { get; set; }
    }
#pragma warning restore IDE1006, CA1812
}
