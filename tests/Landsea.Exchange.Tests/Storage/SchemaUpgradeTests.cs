using Landsea.Exchange.Storage;
using Microsoft.Data.Sqlite;

namespace Landsea.Exchange.Tests.Storage;

/// <summary>SQLite specifics of the exchange's migrations (the upgrade of existing databases is in <see cref="SchemaUpgradeSuite"/>).</summary>
public sealed class SchemaUpgradeTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "landsea-exchange-tests", $"upgrade-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Apply_EmptySqliteFile_SwitchesToWalAndRecordsEveryScript()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        await using var c = new SqliteConnection($"Data Source={_path};Pooling=false");
        await c.OpenAsync();

        IReadOnlyList<string> ran = await ExchangeMigrations.ApplyAsync(c);

        Assert.Equal(["exchange/0001_exchange.sql", "exchange/0002_inbox_evidence.sql", "exchange/0003_records.sql", "exchange/0004_stored_time.sql",
            "exchange/0005_inbox_quarantine.sql", "exchange/0006_signed_head.sql", "exchange/0007_partner_keys.sql"], ran);
        Assert.Equal("wal", await Scalar(c, "PRAGMA journal_mode"));
        Assert.Equal(7L, await Scalar(c, "SELECT COUNT(*) FROM exchange_schema_version"));
        Assert.Empty(await ExchangeMigrations.ApplyAsync(c));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    private static async Task<object> Scalar(SqliteConnection c, string sql)
    {
        await using SqliteCommand command = c.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())!;
    }
}
