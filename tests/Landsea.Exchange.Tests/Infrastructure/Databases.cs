using Landsea.Exchange.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Landsea.Exchange.Tests.Infrastructure;

/// <summary>Two empty databases (node A and node B) owned by one test class, reset before each test.</summary>
public interface IDatabasePair : IAsyncLifetime
{
    ExchangeDatabase A { get; }

    ExchangeDatabase B { get; }

    Task ResetAsync();
}

/// <summary>One SQLite file per node per test class, in a fresh temp directory removed afterwards.</summary>
public sealed class SqliteDatabases : IDatabasePair
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "landsea-exchange-tests", Guid.NewGuid().ToString("N"));

    public ExchangeDatabase A { get; private set; } = null!;

    public ExchangeDatabase B { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        A = ExchangeDatabase.Sqlite(Path.Combine(_directory, "a.db"));
        B = ExchangeDatabase.Sqlite(Path.Combine(_directory, "b.db"));
        return Task.CompletedTask;
    }

    public Task ResetAsync() => Databases.ResetAsync(A, B);

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>Two uniquely named PostgreSQL databases per test class, dropped afterwards. Inert when LANDSEA_TEST_POSTGRES is absent (the tests skip).</summary>
public sealed class PostgresDatabases : IDatabasePair
{
    private readonly string _prefix = "landsea_xt_" + Guid.NewGuid().ToString("N")[..12];

    public ExchangeDatabase A { get; private set; } = null!;

    public ExchangeDatabase B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (RequiresPostgresAttribute.ConnectionString is not { } admin)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        foreach (string suffix in new[] { "a", "b" })
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_prefix}_{suffix}", connection);
            await create.ExecuteNonQueryAsync();
        }

        A = ExchangeDatabase.Postgres(new NpgsqlConnectionStringBuilder(admin) { Database = _prefix + "_a" }.ToString());
        B = ExchangeDatabase.Postgres(new NpgsqlConnectionStringBuilder(admin) { Database = _prefix + "_b" }.ToString());
    }

    public Task ResetAsync() => Databases.ResetAsync(A, B);

    public async Task DisposeAsync()
    {
        if (RequiresPostgresAttribute.ConnectionString is not { } admin)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        foreach (string suffix in new[] { "a", "b" })
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_prefix}_{suffix} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}

internal static class Databases
{
    public static async Task ResetAsync(params ExchangeDatabase[] databases)
    {
        foreach (ExchangeDatabase database in databases)
        {
            await using var connection = await database.OpenAsync(CancellationToken.None);
            await ExchangeMigrations.ApplyAsync(connection);
            foreach (string table in ExchangeMigrations.Tables)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"DELETE FROM {table}";
                await command.ExecuteNonQueryAsync();
            }

            await using var head = connection.CreateCommand();
            head.CommandText = $"INSERT INTO exchange_audit_head (id, seq, hash) VALUES (1, 0, '{AuditChain.GenesisHash}'); DROP TABLE IF EXISTS test_business";
            await head.ExecuteNonQueryAsync();
        }
    }
}
