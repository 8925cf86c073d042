using Dapper;
using Landsea.Data;
using Npgsql;

namespace Landsea.Data.Tests;

/// <summary>Creates one fresh database per test class: a SQLite file, or a PostgreSQL database dropped afterwards.</summary>
public static class StoreTestDatabases
{
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
