using System.CommandLine;
using Landsea.Cli;
using Landsea.Exchange;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Storage;
using Microsoft.Data.Sqlite;

namespace Landsea.Cli.Tests;

public class AuditVerifyCommandTests
{
    private static Task<(int Exit, string Out, string Err)> Run(params string[] args) => CliHarness.Run(args);

    private static async Task<string> TrailAsync(int entries)
    {
        string db = Path.Combine(Path.GetTempPath(), "landsea-tests", $"audit-{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(db)!);
        var trail = new AuditTrail(NodeIdentity.Create("CNCQI", "Chongqing Customs", TimeProvider.System), TimeProvider.System);
        await using var c = new SqliteConnection($"Data Source={db};Pooling=false");
        await c.OpenAsync();
        await ExchangeMigrations.ApplyAsync(c);
        for (int i = 0; i < entries; i++)
        {
            await using UnitOfWork work = await UnitOfWork.BeginAsync(c, TimeProvider.System, CancellationToken.None);
            await trail.AppendAsync(work, new AuditRecord("sent", $"env-{i}", "SGSIN", "RECE", new string('a', 64), null), CancellationToken.None);
            await work.CommitAsync(CancellationToken.None);
        }

        return db;
    }

    private static async Task ExecAsync(string db, string sql)
    {
        await using var c = new SqliteConnection($"Data Source={db};Pooling=false");
        await c.OpenAsync();
        await using SqliteCommand command = c.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Verify_IntactChain_CountAndExit0()
    {
        string db = await TrailAsync(12);

        (int exit, string output, _) = await Run("audit", "verify", "--db", db);

        Assert.Equal(0, exit);
        Assert.StartsWith("checked 12 entries", output, StringComparison.Ordinal);
        Assert.Contains("intact", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ChangedAndRemovedEntries_NamedAndExit1()
    {
        string db = await TrailAsync(12);
        await ExecAsync(db, "UPDATE exchange_audit SET outcome = 'BSIG' WHERE seq = 5; DELETE FROM exchange_audit WHERE seq = 9;");

        (int exit, string output, _) = await Run("audit", "verify", "--db", db);

        Assert.Equal(1, exit);
        Assert.Contains("entry 5", output, StringComparison.Ordinal);
        Assert.Contains("entry 9", output, StringComparison.Ordinal);
        Assert.Contains("NOT INTACT", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_MissingDatabase_UsageError2()
    {
        (int exit, _, string error) = await Run("audit", "verify", "--db", "/no/such/landsea.db");
        Assert.Equal(2, exit);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }
}
