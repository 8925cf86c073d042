using System.Diagnostics;
using Dapper;
using Landsea.Data;
using Landsea.Data.Access;
using Landsea.Exchange;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Storage;
using Npgsql;

namespace Landsea.Cli.Tests.Operations;

/// <summary>
/// Issue 16 item 7 on PostgreSQL: the documented pg_dump -Fc / pg_restore (docs/operations.md) on a node database into a new
/// database keeps its rows and its audit chain. Skipped with the reason when PostgreSQL or the client binaries are missing
/// (bash .ci/run installs both).
/// </summary>
public sealed class PostgresDumpRestoreTests
{
    private static string? Admin => Environment.GetEnvironmentVariable("LANDSEA_TEST_POSTGRES");

    private static readonly string[] s_binaryFolders = ["/usr/bin", "/usr/local/bin"];

    private static string? Binary(string name) =>
        s_binaryFolders.Concat(Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")) : [])
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static async Task RunAsync(string file, string arguments, NpgsqlConnectionStringBuilder b)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment["PGPASSWORD"] = b.Password ?? "";
        using Process p = Process.Start(start)!;
        string stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"{Path.GetFileName(file)} {arguments}: exit {p.ExitCode}: {stderr}");
    }

    [SkippableFact]
    public async Task PgDumpThenPgRestore_IntoANewDatabase_KeepsTheRows_AndAuditVerifyPasses()
    {
        Skip.If(string.IsNullOrEmpty(Admin), "PostgreSQL not configured: set LANDSEA_TEST_POSTGRES to a connection string (bash .ci/run does).");
        string? pgDump = Binary("pg_dump"), pgRestore = Binary("pg_restore");
        Skip.If(pgDump is null || pgRestore is null, "pg_dump/pg_restore not found: apt-get install postgresql-client (bash .ci/run installs postgresql).");

        string source = $"landsea_t_dump_{Guid.NewGuid():N}", target = $"landsea_t_restore_{Guid.NewGuid():N}";
        await using (var c = new NpgsqlConnection(Admin))
        {
            await c.ExecuteAsync($"CREATE DATABASE \"{source}\"");
            await c.ExecuteAsync($"CREATE DATABASE \"{target}\"");
        }

        var sourceCs = new NpgsqlConnectionStringBuilder(Admin) { Database = source, Pooling = false };
        var targetCs = new NpgsqlConnectionStringBuilder(Admin) { Database = target, Pooling = false };
        string dump = Path.Combine(Path.GetTempPath(), "landsea-tests", $"{source}.dump");
        Directory.CreateDirectory(Path.GetDirectoryName(dump)!);
        try
        {
            var db = NodeDatabase.FromArgument(sourceCs.ConnectionString);
            await db.MigrateAsync();
            var users = new UserStore(db);
            await users.UpsertAsync(new UserAccount("chief", Role.Administrator, null, null, "Chief"), "chief long password", "installer");
            Assert.Equal(AccountErrorCodes.LastAdministrator, (await users.DisableAsync("chief", "installer")).Failure!.Code); // a refusal records nothing
            var trail = new AuditTrail(NodeIdentity.Create("CNCQI", "Chongqing Customs", TimeProvider.System), TimeProvider.System);
            for (int i = 0; i < 20; i++)
            {
                await using var c = await db.OpenAsync();
                await using UnitOfWork work = await UnitOfWork.BeginAsync(c, TimeProvider.System, CancellationToken.None);
                await trail.AppendAsync(work, new AuditRecord("sent", $"env-{i}", "SGSIN", "RECE", new string('a', 64), null), CancellationToken.None);
                await work.CommitAsync(CancellationToken.None);
            }

            // The commands of docs/operations.md.
            await RunAsync(pgDump!, $"-Fc -h {sourceCs.Host} -p {sourceCs.Port} -U {sourceCs.Username} -d {source} -f {dump}", sourceCs);
            await RunAsync(pgRestore!, $"--no-owner --exit-on-error -h {targetCs.Host} -p {targetCs.Port} -U {targetCs.Username} -d {target} {dump}", targetCs);

            var restored = NodeDatabase.FromArgument(targetCs.ConnectionString);
            Assert.NotNull(await new UserStore(restored).VerifyAsync("chief", "chief long password"));
            Assert.Equal(["added"], (await AccountEvents.ListAsync(restored, "chief")).Select(e => e.Action));
            var (exit, output, err) = await CliHarness.Run("audit", "verify", "--db", targetCs.ConnectionString);
            Assert.True(exit == 0, output + err);
            Assert.StartsWith("checked 20 entries", output, StringComparison.Ordinal);
            var (migrateExit, pending, _) = await CliHarness.Run("migrate", "--db", targetCs.ConnectionString, "--dry-run", "--json");
            Assert.Equal(0, migrateExit);
            Assert.Contains("\"pending\":[]", pending, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(dump);
            NpgsqlConnection.ClearAllPools();
            await using var c = new NpgsqlConnection(Admin);
            await c.ExecuteAsync($"DROP DATABASE IF EXISTS \"{source}\" WITH (FORCE)");
            await c.ExecuteAsync($"DROP DATABASE IF EXISTS \"{target}\" WITH (FORCE)");
        }
    }
}
