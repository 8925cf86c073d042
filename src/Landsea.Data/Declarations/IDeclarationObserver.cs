using System.Data.Common;
using Landsea.Declarations;

namespace Landsea.Data.Declarations;

/// <summary>
/// Told of every status change inside the transaction that records it, so that a capability can write its own rows
/// (for example an outgoing envelope in the exchange outbox) atomically with the change: both commit or neither does.
/// </summary>
public interface IDeclarationObserver
{
    /// <param name="connection">The store's connection; write with it and <paramref name="transaction"/> only.</param>
    /// <param name="declaration">The declaration after the change, with its full history.</param>
    /// <param name="change">The change just recorded (its last history entry).</param>
    Task OnChangedAsync(DbConnection connection, DbTransaction transaction, DeclarationDetail declaration, StatusChange change, CancellationToken ct);
}
