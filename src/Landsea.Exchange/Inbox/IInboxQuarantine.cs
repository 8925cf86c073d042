using System.Data.Common;
using Landsea.Exchange.Storage;

namespace Landsea.Exchange.Inbox;

/// <summary>
/// Received envelopes the node could not apply after <see cref="InboxOptions.MaxAttempts"/> attempts (the receiving side's dead
/// letters, beside <see cref="IMessageInbox"/> and <c>IDeadLetters</c> in Wolverine's manner): listed, retried (back to the inbox,
/// applied on the next pass) or discarded for good with a reason. Either way their conversation has already gone on without them.
/// </summary>
public interface IInboxQuarantine
{
    /// <summary>Every quarantined envelope, oldest first, discarded ones included (marked).</summary>
    Task<List<QuarantinedEnvelope>> ListAsync(DbConnection connection, CancellationToken ct);

    /// <summary>Puts a quarantined envelope back in the inbox with fresh attempts, in the caller's transaction. False when there is no such envelope or it was discarded.</summary>
    Task<bool> RetryAsync(UnitOfWork work, string envelopeId, CancellationToken ct);

    /// <summary>Gives up on a quarantined envelope for good, in the caller's transaction; audited with <paramref name="reason"/>.</summary>
    Task<DiscardOutcome> DiscardAsync(UnitOfWork work, string envelopeId, string reason, CancellationToken ct);
}

/// <summary>A received envelope taken out of its conversation's line because its application kept failing.</summary>
/// <param name="Reason">Why: the attempts and the last error (exception type and message).</param>
/// <param name="NoticeId">The refused-application notice sent back to the sender, if one could be sent.</param>
public sealed record QuarantinedEnvelope(string EnvelopeId, string Sender, string Conversation, long Sequence, string Type, long Attempts, string Reason,
    DateTimeOffset QuarantinedAt, string? NoticeId, DateTimeOffset? DiscardedAt = null, string? DiscardReason = null);

/// <summary>What <see cref="IInboxQuarantine.DiscardAsync"/> did.</summary>
public enum DiscardOutcome
{
    /// <summary>Discarded: it stays listed, marked, and is never applied.</summary>
    Discarded,

    /// <summary>No quarantined envelope with that id.</summary>
    NotFound,

    /// <summary>Already discarded; nothing changed.</summary>
    AlreadyDiscarded,
}
