using Dapper;
using Landsea.Data;
using Npgsql;

namespace Landsea.Data.Tests;

/// <summary>Creates one fresh database per test class: a SQLite file, or a PostgreSQL database dropped afterwards.</summary>
public static class StoreTestDatabases
{
    /// <summary>Why a PostgreSQL suite skips (null when LANDSEA_TEST_POSTGRES names a server).</summary>
    public static string? PostgresUnavailable => string.IsNullOrEmpty(Environment.GetEnvironmentVariable("LANDSEA_TEST_POSTGRES"))
        ? "PostgreSQL not configured: set LANDSEA_TEST_POSTGRES to a connection string (bash .ci/run does)."
        : null;

    public static NodeDatabase NewSqlite(string name)
    {
        string dir = Path.Combine(Path.GetTempPath(), "landsea-tests");
        Directory.CreateDirectory(dir);
        string file = Path.Combine(dir, $"{name}-{Guid.NewGuid():N}.db");
        return NodeDatabase.FromArgument(file);
    }

    public static async Task<(NodeDatabase Db, Func<Task> Drop)> NewPostgresAsync(string name)
    {
        string admin = Environment.GetEnvironmentVariable("LANDSEA_TEST_POSTGRES")!;
        string database = $"landsea_t_{name.ToLowerInvariant()}_{Guid.NewGuid():N}";
        await using (var c = new NpgsqlConnection(admin))
        {
            await c.ExecuteAsync($"CREATE DATABASE \"{database}\"");
        }

        var b = new NpgsqlConnectionStringBuilder(admin) { Database = database, Pooling = false };
        return (NodeDatabase.FromArgument(b.ConnectionString), async () =>
        {
            await using var c = new NpgsqlConnection(admin);
            await c.ExecuteAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        });
    }
}

/// <summary>
/// A store suite run once per dialect: each test gets a new database, migrated, dropped afterwards; a dialect whose
/// server is missing leaves <see cref="Db"/> unset and says why in <see cref="Unavailable"/> (its tests skip with it).
/// </summary>
public abstract class MigratedStoreSuite : IAsyncLifetime
{
    private NodeDatabase? _db;
    private Func<Task> _cleanup = () => Task.CompletedTask;

    /// <summary>The test's migrated database (only when <see cref="Unavailable"/> is null).</summary>
    protected NodeDatabase Db => _db ?? throw new InvalidOperationException(Unavailable ?? "The database is not created yet.");

    protected virtual string? Unavailable => null;

    protected abstract Task<(NodeDatabase Db, Func<Task> Cleanup)> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        if (Unavailable is null)
        {
            (_db, _cleanup) = await CreateDatabaseAsync();
            await _db.MigrateAsync();
        }
    }

    public Task DisposeAsync() => _cleanup();
}
