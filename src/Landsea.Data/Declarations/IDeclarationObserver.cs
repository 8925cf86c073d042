using Landsea.Declarations;
using Landsea.Exchange.Storage;

namespace Landsea.Data.Declarations;

/// <summary>
/// Told of every status change inside the transaction that records it, so that a capability can write its own rows
/// (for example an outgoing envelope in the exchange outbox) atomically with the change: both commit or neither does.
/// </summary>
public interface IDeclarationObserver
{
    /// <param name="work">The store's transaction (its connection, transaction and the writer's clock); write within it only.</param>
    /// <param name="declaration">The declaration after the change, with its full history.</param>
    /// <param name="change">The change just recorded (its last history entry).</param>
    Task OnChangedAsync(UnitOfWork work, DeclarationDetail declaration, StatusChange change, CancellationToken ct);
}
