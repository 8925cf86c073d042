using System.Data.Common;
using Landsea.Exchange.Outbox;
using Landsea.Exchange.Storage;

namespace Landsea.Exchange.Delivery;

/// <summary>
/// Envelopes that delivery gave up on (Wolverine's <c>IDeadLetters</c>): listed, retried (back to the outbox) or withdrawn
/// for good (their sequence slot filled so that later envelopes are not held behind the gap).
/// </summary>
public interface IDeadLetters
{
    /// <summary>Every dead letter, oldest first, with its withdrawal if any.</summary>
    Task<List<DeadLetter>> ListAsync(DbConnection connection, CancellationToken ct);

    /// <summary>Moves a dead letter back to the outbox in the caller's transaction. False when there is no such dead letter or it was withdrawn.</summary>
    Task<bool> RetryAsync(UnitOfWork work, string envelopeId, CancellationToken ct);

    /// <summary>Gives up on a dead letter for good in the caller's transaction: a withdrawal fills its slot.</summary>
    Task<(WithdrawOutcome Outcome, QueuedEnvelope? Withdrawal)> WithdrawAsync(UnitOfWork work, string envelopeId, string reason, CancellationToken ct);
}
