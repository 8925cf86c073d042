using System.Data.Common;
using System.Globalization;
using Dapper;
using Landsea.Exchange.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Landsea.Data;

/// <summary>
/// The node's database: SQLite (a file, the default) or PostgreSQL (a connection string). One schema, two dialects,
/// migrated by <see cref="MigrateAsync"/>: the node's scripts embedded under Migrations/, then the exchange's own
/// (<see cref="ExchangeMigrations"/>), each owner with its own version record.
/// </summary>
public sealed class NodeDatabase
{
    private NodeDatabase(SqlDialect provider, string connectionString, string display)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Display = display;
    }

    public SqlDialect Provider { get; }

    public string ConnectionString { get; }

    /// <summary>Where the data lives, without any password: a file path or host/database.</summary>
    public string Display { get; }

    /// <summary>
    /// Server-side prepared statements for the node's repeated SQL (parse and plan once per connection), unless the
    /// connection string sets <c>Max Auto Prepare</c> itself: the node runs a few dozen statements thousands of times.
    /// </summary>
    private static NpgsqlConnectionStringBuilder WithAutoPrepare(NpgsqlConnectionStringBuilder b)
    {
        if (b.MaxAutoPrepare == 0)
        {
            b.MaxAutoPrepare = 64;
            b.AutoPrepareMinUsages = 3;
        }

        return b;
    }

    /// <summary>
    /// Interprets <paramref name="db"/>: a PostgreSQL connection string (contains "Host=" or starts with
    /// postgres:// / postgresql://) or else a SQLite file path (created on first use).
    /// </summary>
    public static NodeDatabase FromArgument(string db)
    {
        if (db.Contains("Host=", StringComparison.OrdinalIgnoreCase))
        {
            var b = WithAutoPrepare(new NpgsqlConnectionStringBuilder(db));
            return new NodeDatabase(SqlDialect.Postgres, b.ConnectionString, $"postgresql://{b.Host}:{b.Port}/{b.Database}");
        }

        if (db.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || db.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            var uri = new Uri(db);
            string[] user = uri.UserInfo.Split(':', 2);
            var b = new NpgsqlConnectionStringBuilder
            {
                Host = uri.Host,
                Port = uri.Port > 0 ? uri.Port : 5432,
                Database = uri.AbsolutePath.Trim('/'),
                Username = Uri.UnescapeDataString(user[0]),
                Password = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : null,
            };
            WithAutoPrepare(b);
            return new NodeDatabase(SqlDialect.Postgres, b.ConnectionString, $"postgresql://{b.Host}:{b.Port}/{b.Database}");
        }

        string path = Path.GetFullPath(db);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var s = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 };
        return new NodeDatabase(SqlDialect.Sqlite, s.ConnectionString, path);
    }

    /// <summary>
    /// Test hook (a connection interceptor): run on every connection right after it opens, before the node's own settings.
    /// Tests simulate storage faults with it (<c>PRAGMA query_only = ON</c> is a read-only database, <c>PRAGMA max_page_count</c> a
    /// full disk). Null in production.
    /// </summary>
    public Func<DbConnection, CancellationToken, Task>? OnOpened { get; set; }

    /// <summary>
    /// Whether the database takes a write now: SQLite rewrites its header's <c>user_version</c> with its own value (a read-only
    /// file or connection refuses it), PostgreSQL reports whether it is a read-only standby or in a read-only transaction
    /// mode. Throws the database's exception when the connection itself fails. A full disk is not seen here (nothing grows).
    /// </summary>
    public async Task<bool> AcceptsWritesAsync(CancellationToken ct = default)
    {
        await using DbConnection c = await OpenAsync(ct);
        if (Provider == SqlDialect.Sqlite)
        {
            long version = await c.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA user_version", cancellationToken: ct));
            try
            {
                await c.ExecuteAsync(new CommandDefinition(string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {version}"), cancellationToken: ct));
                return true;
            }
            catch (SqliteException e) when (StorageFault.Reason(e) is not null)
            {
                return false;
            }
        }

        return await c.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT NOT pg_is_in_recovery() AND current_setting('transaction_read_only') = 'off' AND current_setting('default_transaction_read_only') = 'off'",
            cancellationToken: ct));
    }

    /// <summary>
    /// SQLite only: checkpoints the write-ahead log into the database and truncates it to zero bytes
    /// (<c>PRAGMA wal_checkpoint(TRUNCATE)</c>). A reader still holding an old snapshot makes it <see cref="WalCheckpoint.Busy"/>
    /// (nothing truncated; try again when readers finish). Null on PostgreSQL.
    /// </summary>
    public async Task<WalCheckpoint?> CheckpointWalAsync(CancellationToken ct = default)
    {
        if (Provider != SqlDialect.Sqlite)
        {
            return null;
        }

        string wal = Display + "-wal";
        long before = File.Exists(wal) ? new FileInfo(wal).Length : 0;
        await using DbConnection c = await OpenAsync(ct);
        // No waiting for readers: a TRUNCATE checkpoint that waits holds writers off meanwhile. Busy now, the next one succeeds.
        await c.ExecuteAsync(new CommandDefinition("PRAGMA busy_timeout = 0", cancellationToken: ct));
        long busy, frames, checkpointed;
        try
        {
            (busy, frames, checkpointed) = await c.QuerySingleAsync<(long, long, long)>(new CommandDefinition("PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken: ct));
        }
        finally
        {
            await c.ExecuteAsync(new CommandDefinition("PRAGMA busy_timeout = 10000", cancellationToken: CancellationToken.None));
        }

        long after = File.Exists(wal) ? new FileInfo(wal).Length : 0;
        return new WalCheckpoint(busy != 0, before, after, frames, checkpointed);
    }

    /// <summary>Opens a connection, with SQLite set for durable, concurrent use (WAL, full sync, busy timeout).</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        DbConnection connection = Provider == SqlDialect.Sqlite
            ? new SqliteConnection(ConnectionString)
            : new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        if (OnOpened is { } hook)
        {
            await hook(connection, ct);
        }

        if (Provider == SqlDialect.Sqlite)
        {
            // Durability stays WAL + synchronous=FULL. Reads come from a memory map (up to 256 MiB) and a 16 MiB page cache per
            // connection, sorts stay in memory: profiled, this cut the sending node's disk reads about fivefold (docs/exchange.md).
            await connection.ExecuteAsync("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA mmap_size=268435456; PRAGMA cache_size=-16384; PRAGMA temp_store=MEMORY;");
        }

        return connection;
    }

    /// <summary>
    /// The node's own tables: the scripts embedded under Migrations/Sqlite and Migrations/Postgres, recorded in
    /// <c>schema_version</c> (the table every node database has had since its first version).
    /// </summary>
    public static readonly MigrationSet Migrations = new("data", "schema_version",
        dialect => MigrationSet.Embedded(typeof(NodeDatabase).Assembly, "Landsea.Data.Migrations", dialect));

    /// <summary>
    /// Creates or upgrades the schema: the node's tables, then the exchange's, in one transaction. Safe to call on every start;
    /// concurrent callers on PostgreSQL serialise on an advisory lock (<see cref="MigrationRunner"/>).
    /// </summary>
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using DbConnection c = await OpenAsync(ct);
        await MigrationRunner.RunAsync(c, [Migrations, ExchangeMigrations.Set], ct: ct);
    }
}

/// <summary>What one <see cref="NodeDatabase.CheckpointWalAsync"/> did: the WAL file's size before and after (bytes), and SQLite's answer.</summary>
/// <param name="Busy">A reader or writer kept the checkpoint from completing; the WAL was not truncated.</param>
/// <param name="Frames">Frames in the WAL when checkpointed (-1 when not in WAL mode).</param>
/// <param name="Checkpointed">Frames moved into the database.</param>
public sealed record WalCheckpoint(bool Busy, long WalBytesBefore, long WalBytesAfter, long Frames, long Checkpointed);
