using System.Data.Common;

namespace Landsea.Exchange.Storage;

/// <summary>
/// One database transaction of the node's work: its connection, its transaction, the clock the work runs on and the
/// dialect. Every exchange operation that joins a caller's transaction takes one, so a business write and its outbox row,
/// inbox hand-over or audit entry commit together. Created over a caller's own connection and transaction (which the caller
/// still owns), or begun by <c>BeginAsync</c> (which then owns what it began and disposes it).
/// </summary>
public sealed class UnitOfWork : IAsyncDisposable
{
    private readonly bool _ownsConnection;
    private readonly bool _ownsTransaction;

    /// <summary>A view of the caller's open connection and transaction; disposing it leaves both to the caller.</summary>
    public UnitOfWork(DbConnection connection, DbTransaction transaction, TimeProvider time)
        : this(connection, transaction, time, ownsConnection: false, ownsTransaction: false)
    {
    }

    private UnitOfWork(DbConnection connection, DbTransaction transaction, TimeProvider time, bool ownsConnection, bool ownsTransaction)
    {
        Connection = connection;
        Transaction = transaction;
        Time = time;
        Dialect = SqlDialects.Of(connection);
        _ownsConnection = ownsConnection;
        _ownsTransaction = ownsTransaction;
    }

    public DbConnection Connection { get; }

    public DbTransaction Transaction { get; }

    /// <summary>The clock of the work (the node's; a fake one in tests).</summary>
    public TimeProvider Time { get; }

    public SqlDialect Dialect { get; }

    /// <summary>Begins a transaction on <paramref name="connection"/> (the caller keeps the connection); disposing the work rolls back unless committed.</summary>
    public static async Task<UnitOfWork> BeginAsync(DbConnection connection, TimeProvider time, CancellationToken ct)
    {
        DbTransaction transaction = await connection.BeginTransactionAsync(ct);
        return new UnitOfWork(connection, transaction, time, ownsConnection: false, ownsTransaction: true);
    }

    /// <summary>Opens a connection from <paramref name="database"/> and begins a transaction on it; disposing the work closes both.</summary>
    public static async Task<UnitOfWork> BeginAsync(ExchangeDatabase database, TimeProvider time, CancellationToken ct)
    {
        DbConnection connection = await database.OpenAsync(ct);
        try
        {
            DbTransaction transaction = await connection.BeginTransactionAsync(ct);
            return new UnitOfWork(connection, transaction, time, ownsConnection: true, ownsTransaction: true);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public Task CommitAsync(CancellationToken ct) => Transaction.CommitAsync(ct);

    public Task RollbackAsync(CancellationToken ct) => Transaction.RollbackAsync(ct);

    public async ValueTask DisposeAsync()
    {
        if (_ownsTransaction)
        {
            await Transaction.DisposeAsync();
        }

        if (_ownsConnection)
        {
            await Connection.DisposeAsync();
        }
    }
}
