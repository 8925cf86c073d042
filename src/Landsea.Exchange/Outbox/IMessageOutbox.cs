using Landsea.Exchange.Storage;

namespace Landsea.Exchange.Outbox;

/// <summary>
/// The transactional outbox, as the node's business code sees it (Wolverine's <c>IMessageOutbox</c>): enqueue in the caller's
/// transaction, so the business change and its outgoing envelope commit or roll back together.
/// </summary>
public interface IMessageOutbox
{
    /// <summary>Raised after a successful enqueue (before the caller commits): a delivery loop may use it as a hint to wake.</summary>
    event EventHandler? Enqueued;

    /// <summary>Enqueues one message in the caller's transaction; a refusal (no partner, not agreed, not JSON) writes nothing.</summary>
    Task<EnqueueResult> EnqueueAsync(UnitOfWork work, OutgoingMessage message, CancellationToken ct);

    /// <summary>Enqueues many messages in the caller's transaction; results in input order, refusals write nothing.</summary>
    Task<EnqueueResult[]> EnqueueManyAsync(UnitOfWork work, IReadOnlyList<OutgoingMessage> messages, CancellationToken ct);

    /// <summary>Enqueues this node's key-rollover announcement to <paramref name="recipient"/>, signed by the key it replaces
    /// and due before anything else to that partner (<c>landsea node rotate-key</c>).</summary>
    Task<QueuedEnvelope> EnqueueKeyRolloverAsync(UnitOfWork work, string recipient, Signing.NodeIdentity next, DateTimeOffset oldKeyAcceptedUntil, CancellationToken ct);
}
