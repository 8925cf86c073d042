using System.Text.Json;
using Dapper;
using Landsea.Data;
using Landsea.Data.Access;
using Landsea.Exchange;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Storage;
using Microsoft.Data.Sqlite;

namespace Landsea.Cli.Tests.Operations;

/// <summary>Issue 16 items 7 and 8: landsea backup, restore and migrate on SQLite.</summary>
public sealed class BackupCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("landsea-backup-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>A migrated node database with an account and an audit trail of <paramref name="entries"/> entries.</summary>
    private async Task<(string Db, AuditTrail Trail)> NodeAsync(int entries)
    {
        string db = Path.Combine(_dir, "node.db");
        var database = NodeDatabase.FromArgument(db);
        await database.MigrateAsync();
        await new UserStore(database).UpsertAsync(new UserAccount("chief", Role.Administrator, null, null, "Chief"), "chief long password");
        var trail = new AuditTrail(NodeIdentity.Create("CNCQI", "Chongqing Customs", TimeProvider.System), TimeProvider.System);
        for (int i = 0; i < entries; i++)
        {
            await AppendAsync(database, trail, i);
        }

        return (db, trail);
    }

    private static async Task AppendAsync(NodeDatabase database, AuditTrail trail, int i)
    {
        await using var c = await database.OpenAsync();
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, TimeProvider.System, CancellationToken.None);
        await trail.AppendAsync(work, new AuditRecord("sent", $"env-{i}", "SGSIN", "RECE", new string('a', 64), null), CancellationToken.None);
        await work.CommitAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Backup_WhileWritesGoOn_IsConsistent_RestoreIntoNewFile_AuditVerifyPasses_AccountsKept()
    {
        (string db, AuditTrail trail) = await NodeAsync(50);
        string backup = Path.Combine(_dir, "backups", "node-backup.db");
        using var stop = new CancellationTokenSource();
        int written = 50;
        Task writer = Task.Run(async () =>
        {
            var database = NodeDatabase.FromArgument(db);
            while (!stop.IsCancellationRequested)
            {
                await AppendAsync(database, trail, Interlocked.Increment(ref written));
            }
        });

        var (exit, json, err) = await CliHarness.Run("backup", "--db", db, "--to", backup, "--json");
        await stop.CancelAsync();
        await writer;
        Assert.True(exit == 0, err);
        JsonElement report = JsonDocument.Parse(json).RootElement;
        Assert.Equal(new FileInfo(backup).Length, report.GetProperty("bytes").GetInt64());
        Assert.False(File.Exists(backup + "-wal"));

        string restored = Path.Combine(_dir, "restored", "node.db");
        (exit, _, err) = await CliHarness.Run("restore", "--from", backup, "--db", restored);
        Assert.True(exit == 0, err);

        var (auditExit, audit, _) = await CliHarness.Run("audit", "verify", "--db", restored);
        Assert.True(auditExit == 0, audit);
        Assert.Contains("intact", audit, StringComparison.Ordinal);
        Assert.NotNull(await new UserStore(NodeDatabase.FromArgument(restored)).VerifyAsync("chief", "chief long password"));
    }

    [Fact]
    public async Task Backup_ToAnExistingFile_Exit2_LS841_FileUntouched()
    {
        (string db, _) = await NodeAsync(1);
        string target = Path.Combine(_dir, "exists.db");
        await File.WriteAllTextAsync(target, "keep me");
        var (exit, _, err) = await CliHarness.Run("backup", "--db", db, "--to", target);
        Assert.Equal(2, exit);
        Assert.Contains("[LS841]", err, StringComparison.Ordinal);
        Assert.Equal("keep me", await File.ReadAllTextAsync(target));
    }

    [Fact]
    public async Task Backup_OfAMissingDatabase_Exit2_LS840()
    {
        var (exit, _, err) = await CliHarness.Run("backup", "--db", Path.Combine(_dir, "absent.db"), "--to", Path.Combine(_dir, "b.db"));
        Assert.Equal(2, exit);
        Assert.Contains("[LS840]", err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "absent.db")));
    }

    [Fact]
    public async Task Backup_OfPostgres_Exit2_NamesTheExactPgDumpCommand()
    {
        var (exit, _, err) = await CliHarness.Run("backup", "--db", "Host=db.example;Port=5432;Database=landsea;Username=landsea", "--to", "landsea.dump");
        Assert.Equal(2, exit);
        Assert.Contains("pg_dump -Fc -h db.example -p 5432 -U landsea -d landsea -f landsea.dump", err, StringComparison.Ordinal);
        Assert.Contains("[LS845]", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_OverAnExistingDatabase_RefusedWithoutForce_ReplacedWithForce()
    {
        (string db, _) = await NodeAsync(3);
        string backup = Path.Combine(_dir, "b.db");
        Assert.Equal(0, (await CliHarness.Run("backup", "--db", db, "--to", backup)).Exit);
        await new UserStore(NodeDatabase.FromArgument(db)).UpsertAsync(new UserAccount("later", Role.Auditor, null, null, "Later"), "later long password");

        var (exit, _, err) = await CliHarness.Run("restore", "--from", backup, "--db", db);
        Assert.Equal(2, exit);
        Assert.Contains("[LS844]", err, StringComparison.Ordinal);
        Assert.NotNull(await new UserStore(NodeDatabase.FromArgument(db)).FindAsync("later"));

        (exit, _, err) = await CliHarness.Run("restore", "--from", backup, "--db", db, "--force");
        Assert.True(exit == 0, err);
        Assert.Null(await new UserStore(NodeDatabase.FromArgument(db)).FindAsync("later"));
        Assert.Equal(0, (await CliHarness.Run("audit", "verify", "--db", db)).Exit);
    }

    [Fact]
    public async Task Restore_FromAFileThatIsNotALandseaDatabase_Exit1_LS842_NothingCreated()
    {
        string text = Path.Combine(_dir, "notes.txt");
        await File.WriteAllTextAsync(text, "not a database at all");
        string other = Path.Combine(_dir, "other.db");
        await using (var c = new SqliteConnection($"Data Source={other};Pooling=false"))
        {
            await c.OpenAsync();
            await c.ExecuteAsync("CREATE TABLE t (x INTEGER)");
        }

        string target = Path.Combine(_dir, "target.db");
        foreach (string file in new[] { text, other })
        {
            var (exit, _, err) = await CliHarness.Run("restore", "--from", file, "--db", target);
            Assert.Equal(1, exit);
            Assert.Contains("[LS842]", err, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task Restore_OfABackupFromANewerLandsea_Exit2_LS843()
    {
        (string db, _) = await NodeAsync(1);
        await using (var c = new SqliteConnection($"Data Source={db};Pooling=false"))
        {
            await c.OpenAsync();
            await c.ExecuteAsync("INSERT INTO schema_version (version, applied_at) VALUES (9999, '2030-01-01T00:00:00.0000000Z')");
        }

        var (exit, _, err) = await CliHarness.Run("restore", "--from", db, "--db", Path.Combine(_dir, "t.db"));
        Assert.Equal(2, exit);
        Assert.Contains("[LS843]", err, StringComparison.Ordinal);
        var (migrateExit, _, migrateErr) = await CliHarness.Run("migrate", "--db", db, "--dry-run");
        Assert.Equal(2, migrateExit);
        Assert.Contains("[LS843]", migrateErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_DryRunListsEveryPendingScriptOfBothOwners_ChangesNothing_ThenApplies_ThenNothingPending()
    {
        string db = Path.Combine(_dir, "empty.db");
        await using (var c = new SqliteConnection($"Data Source={db};Pooling=false"))
        {
            await c.OpenAsync(); // an empty SQLite file, as a new node's database before its first start
        }

        var (exit, json, err) = await CliHarness.Run("migrate", "--db", db, "--dry-run", "--json");
        Assert.True(exit == 0, err);
        JsonElement dry = JsonDocument.Parse(json).RootElement;
        string[] pending = [.. dry.GetProperty("pending").EnumerateArray().Select(p => $"{p.GetProperty("owner").GetString()}/{p.GetProperty("name").GetString()}")];
        Assert.Contains("data/0001_initial.sql", pending);
        Assert.Contains("data/0013_account_events.sql", pending);
        Assert.Contains("exchange/0001_exchange.sql", pending);
        Assert.Equal(NodeDatabase.Migrations.Scripts(SqlDialect.Sqlite).Count + ExchangeMigrations.Set.Scripts(SqlDialect.Sqlite).Count, pending.Length);
        Assert.Empty(dry.GetProperty("applied").EnumerateArray());
        await using (var c = new SqliteConnection($"Data Source={db};Pooling=false"))
        {
            await c.OpenAsync();
            Assert.Equal(0L, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'users'"));
        }

        (exit, json, err) = await CliHarness.Run("migrate", "--db", db, "--json");
        Assert.True(exit == 0, err);
        Assert.Equal(pending, JsonDocument.Parse(json).RootElement.GetProperty("applied").EnumerateArray().Select(a => a.GetString()));

        (exit, json, _) = await CliHarness.Run("migrate", "--db", db, "--dry-run", "--json");
        Assert.Equal(0, exit);
        Assert.Empty(JsonDocument.Parse(json).RootElement.GetProperty("pending").EnumerateArray());
    }
}
