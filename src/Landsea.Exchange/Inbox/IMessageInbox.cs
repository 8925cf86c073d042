using System.Data.Common;
using Landsea.Exchange.Storage;

namespace Landsea.Exchange.Inbox;

/// <summary>
/// Received, verified envelopes waiting for the node (Wolverine's <c>IMessageInbox</c>): handed over in order per
/// conversation, each hand-over in the same transaction as its business effect.
/// </summary>
public interface IMessageInbox
{
    /// <summary>Envelopes whose predecessors in their conversation have all been handed over, oldest received first, at most <paramref name="max"/>.</summary>
    Task<List<InboundEnvelope>> TakeReadyAsync(DbConnection connection, int max, CancellationToken ct);

    /// <summary>Marks <paramref name="envelope"/> handed over in the caller's transaction and opens its successor. Throws if another consumer got there first.</summary>
    Task MarkHandedOverAsync(UnitOfWork work, InboundEnvelope envelope, CancellationToken ct);

    /// <summary>Hands over every ready envelope through <paramref name="apply"/>, group-committed; returns how many were handed over.</summary>
    Task<int> HandOverAsync(ExchangeDatabase database, Func<InboundEnvelope, UnitOfWork, CancellationToken, Task> apply, CancellationToken ct, int batchSize = 100);

    /// <summary>Counts of pending envelopes: all not yet handed over, and those ready now (the rest wait behind a gap).</summary>
    Task<(long Pending, long Ready)> CountPendingAsync(DbConnection connection, CancellationToken ct);
}
