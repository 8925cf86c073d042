using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Landsea.Exchange.Storage;

/// <summary>
/// Opens connections to the node's database for the exchange's own background work (delivery loop, receiver, hand-over).
/// Calls that join a caller's transaction take the caller's <see cref="DbConnection"/> and <see cref="DbTransaction"/> instead.
/// </summary>
public sealed class ExchangeDatabase
{
    private readonly Func<CancellationToken, Task<DbConnection>> _open;

    public ExchangeDatabase(Func<DbConnection> createConnection)
    {
        _open = async ct =>
        {
            DbConnection connection = createConnection();
            try
            {
                await connection.OpenAsync(ct);
                return connection;
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        };
    }

    private ExchangeDatabase(Func<CancellationToken, Task<DbConnection>> open)
    {
        _open = open;
    }

    /// <summary>Uses the host's own opener (for example one that applies the node's connection settings); it returns an open connection.</summary>
    public static ExchangeDatabase FromOpener(Func<CancellationToken, Task<DbConnection>> open) => new(open);

    /// <summary>A SQLite file (pooled connections; WAL is switched on by <see cref="MigrationRunner.RunAsync"/>).</summary>
    public static ExchangeDatabase Sqlite(string path) =>
        new(() => new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 60 }.ToString()));

    public static ExchangeDatabase Postgres(string connectionString) => new(() => new NpgsqlConnection(connectionString));

    public Task<DbConnection> OpenAsync(CancellationToken ct) => _open(ct);
}
