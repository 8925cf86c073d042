using Landsea.Exchange.Storage;
using Microsoft.Data.Sqlite;

namespace Landsea.Exchange.Tests.Storage;

/// <summary>A node created before a column existed gets it at start-up, keeping its rows.</summary>
public sealed class SchemaUpgradeTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "landsea-exchange-tests", $"upgrade-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task EnsureCreated_InboxWithoutEvidence_ColumnAddedRowsKept_IdempotentAfterwards()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        await using var c = new SqliteConnection($"Data Source={_path};Pooling=false");
        await c.OpenAsync();
        await Exec(c, """
            CREATE TABLE exchange_inbox (
                envelope_id TEXT PRIMARY KEY, sender TEXT NOT NULL, conversation TEXT NOT NULL, seq BIGINT NOT NULL,
                type TEXT NOT NULL, version TEXT NOT NULL, digest TEXT NOT NULL, payload BLOB NOT NULL,
                created_at BIGINT NOT NULL, received_at BIGINT NOT NULL, handed_over_at BIGINT,
                UNIQUE (sender, conversation, seq));
            INSERT INTO exchange_inbox VALUES ('old-1', 'SGSIN', 'C1', 1, 'control-result', '1', 'ab', x'7b7d', 0, 0, NULL);
            """);

        await ExchangeSchema.EnsureCreatedAsync(c);
        await ExchangeSchema.EnsureCreatedAsync(c);

        Assert.Equal(1L, await Scalar(c, "SELECT COUNT(*) FROM pragma_table_info('exchange_inbox') WHERE name = 'evidence'"));
        Assert.Equal(1L, await Scalar(c, "SELECT COUNT(*) FROM exchange_inbox WHERE envelope_id = 'old-1' AND evidence IS NULL"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    private static async Task Exec(SqliteConnection c, string sql)
    {
        await using SqliteCommand command = c.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> Scalar(SqliteConnection c, string sql)
    {
        await using SqliteCommand command = c.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
