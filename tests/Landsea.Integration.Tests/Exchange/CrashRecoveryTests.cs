using System.Globalization;
using Landsea.Integration.Tests.Exchange;

namespace Landsea.Integration.Tests.Exchange;

/// <summary>
/// kill -9 of either node in the middle of a stream of envelopes, then restart: every envelope applied exactly once, in
/// order per conversation. 10,000 envelopes by default, the figure (about 25 s for the three tests on 2 cores); LANDSEA_TEST_ENVELOPES overrides it.
/// </summary>
public sealed class CrashRecoveryTests
{
    private static readonly int Count = int.TryParse(Environment.GetEnvironmentVariable("LANDSEA_TEST_ENVELOPES"), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 10_000;

    [Fact]
    public async Task ReceiverKilledMidStream_Restarted_EachAppliedOnceInOrder()
    {
        await using TwoNodes nodes = await TwoNodes.CreateAsync();
        await ReceiverKilledAsync(nodes);
    }

    [SkippableFact]
    public async Task ReceiverOnPostgresKilledMidStream_Restarted_EachAppliedOnceInOrder()
    {
        string? server = Environment.GetEnvironmentVariable("LANDSEA_TEST_POSTGRES");
        Skip.If(string.IsNullOrEmpty(server), "PostgreSQL not configured: set LANDSEA_TEST_POSTGRES to a connection string (.ci/run does)");
        await using var database = await PostgresDatabase.CreateAsync(server!);
        await using TwoNodes nodes = await TwoNodes.CreateAsync(databaseB: database.ConnectionString);
        await ReceiverKilledAsync(nodes);
    }

    [Fact]
    public async Task SenderKilledMidStream_Restarted_NothingLostNothingTwice()
    {
        await using TwoNodes nodes = await TwoNodes.CreateAsync();
        await Task.WhenAll(nodes.StartAsync(nodes.A), nodes.StartAsync(nodes.B));
        await nodes.EnqueueAsync(nodes.A, "SGSIN", Count, 50);
        await TwoNodes.WaitUntilAsync(async () => (await nodes.AppliedAsync(nodes.B)).Count >= Count / 5, TimeSpan.FromMinutes(2), "a fifth applied");

        nodes.A.Kill();
        await nodes.StartAsync(nodes.A);

        await TwoNodes.WaitUntilAsync(async () => (await nodes.AppliedAsync(nodes.B)).Count >= Count, TimeSpan.FromMinutes(4), $"{Count} applied");
        await nodes.WaitUntilQuietAsync(nodes.A, nodes.B, TimeSpan.FromMinutes(1));
        TwoNodes.AssertExactlyOnceInOrder(await nodes.AppliedAsync(nodes.B), Count);
        Assert.Equal(0, (await nodes.StatsAsync(nodes.A)).Pending);
    }

    private static async Task ReceiverKilledAsync(TwoNodes nodes)
    {
        await Task.WhenAll(nodes.StartAsync(nodes.A), nodes.StartAsync(nodes.B));
        await nodes.EnqueueAsync(nodes.A, "SGSIN", Count, 50);
        await TwoNodes.WaitUntilAsync(async () => (await nodes.AppliedAsync(nodes.B)).Count >= Count / 5, TimeSpan.FromMinutes(2), "a fifth applied");

        nodes.B.Kill();
        await nodes.StartAsync(nodes.B);

        await TwoNodes.WaitUntilAsync(async () => (await nodes.AppliedAsync(nodes.B)).Count >= Count, TimeSpan.FromMinutes(4), $"{Count} applied");
        await nodes.WaitUntilQuietAsync(nodes.A, nodes.B, TimeSpan.FromMinutes(1));
        TwoNodes.AssertExactlyOnceInOrder(await nodes.AppliedAsync(nodes.B), Count);
    }
}

/// <summary>A fresh PostgreSQL database for one test, dropped afterwards.</summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _name;

    private PostgresDatabase(string server, string name, string connectionString)
    {
        _server = server;
        _name = name;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<PostgresDatabase> CreateAsync(string server)
    {
        string name = "landsea_it_" + Guid.NewGuid().ToString("N")[..12];
        await using (var c = new Npgsql.NpgsqlConnection(server))
        {
            await c.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", c);
            await cmd.ExecuteNonQueryAsync();
        }

        return new PostgresDatabase(server, name, new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await using var c = new Npgsql.NpgsqlConnection(_server);
        await c.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", c);
        await cmd.ExecuteNonQueryAsync();
    }
}
