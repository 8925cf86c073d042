using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Landsea.Integration.Tests.Exchange;

/// <summary>
/// Issue 17 item 3 with real node processes: <c>landsea audit verify --db DB --partners</c> asks each partner node for the
/// newest head it holds from this node (the receipts it keeps, signed by this node) and so reveals a trail emptied and reset
/// to look new, which nothing in the node's own database can show.
/// </summary>
public sealed class AuditPartnersTests
{
    [Fact]
    public async Task Issue_17_trail_emptied_and_head_reset_revealed_by_the_partners_held_head()
    {
        await using TwoNodes nodes = await TwoNodes.CreateAsync();
        await Task.WhenAll(nodes.StartAsync(nodes.A), nodes.StartAsync(nodes.B));
        await nodes.EnqueueAsync(nodes.A, "SGSIN", 20, 2);
        await nodes.WaitUntilQuietAsync(nodes.A, nodes.B, TimeSpan.FromSeconds(60));
        await nodes.B.StopAsync(TimeSpan.FromSeconds(20));

        (int intactExit, string intact) = await VerifyAsync(nodes.SetupB.Database, "--partners");
        await using (var c = new SqliteConnection($"Data Source={nodes.SetupB.Database};Pooling=false"))
        {
            await c.OpenAsync();
            await using SqliteCommand wipe = c.CreateCommand();
            wipe.CommandText = """
                DELETE FROM exchange_audit; DELETE FROM exchange_audit_checkpoint; DELETE FROM exchange_audit_pending;
                UPDATE exchange_audit_head SET seq = 0, hash = '0000000000000000000000000000000000000000000000000000000000000000', signed_head = NULL WHERE id = 1;
                """;
            await wipe.ExecuteNonQueryAsync();
        }

        (int aloneExit, string alone) = await VerifyAsync(nodes.SetupB.Database);
        (int askedExit, string asked) = await VerifyAsync(nodes.SetupB.Database, "--partners");

        Assert.True(intactExit == 0, intact);
        Assert.Matches(@"partner CNCQI: holds head [1-9][0-9]*:[0-9a-f]{64}", intact);
        Assert.True(aloneExit == 0, alone); // the node's own database alone: an empty log with the empty head
        Assert.True(askedExit == 1, asked);
        Assert.Contains("entry 1: truncated: a held head is at", asked, StringComparison.Ordinal);
        Assert.Contains("NOT INTACT", asked, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output)> VerifyAsync(string db, params string[] more)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "landsea.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", dll, "audit", "verify", "--db", db, .. more]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + await error);
    }
}
