using Landsea.Exchange.Signing;
using Microsoft.Data.Sqlite;

namespace Landsea.Cli.Tests;

/// <summary><c>landsea dead-letter list|retry|withdraw</c> on a node's database.</summary>
public class DeadLetterCommandTests
{
    private static Task<(int Exit, string Out, string Err)> Run(params string[] args) => CliHarness.Run(args);

    /// <summary>A node folder with an identity and one dead letter (sequence 2 of a conversation with Singapore).</summary>
    private static async Task<string> NodeWithDeadLetterAsync()
    {
        string dir = Path.Combine(Path.GetTempPath(), "landsea-tests", $"dead-{Guid.NewGuid():N}");
        using (NodeIdentity identity = NodeIdentity.Create("CNCQI", "Chongqing Customs", TimeProvider.System))
        {
            identity.Save(Path.Combine(dir, "node"));
        }

        string db = Path.Combine(dir, "landsea.db");
        (int exit, _, string error) = await Run("dead-letter", "list", "--db", db); // creates the tables
        Assert.True(exit == 0, error);
        await using var c = new SqliteConnection($"Data Source={db};Pooling=false");
        await c.OpenAsync();
        await using SqliteCommand insert = c.CreateCommand();
        insert.CommandText = """
            INSERT INTO exchange_dead_letter (envelope_id, recipient, conversation, seq, type, digest, wire, created_at, attempts, reason, receipt, dead_at)
            VALUES ('env-dead-1', 'SGSIN', '26CNCQI0000000042', 2, 'risk-alert', 'ab', x'7b7d', '1970-01-01T00:00:00.0000000Z', 1, 'refused by SGSIN: NAGR', NULL, '1970-01-01T00:00:00.0000000Z')
            """;
        await insert.ExecuteNonQueryAsync();
        return db;
    }

    [Fact]
    public async Task Withdraw_DeadLetter_FillsItsSlotKeepsItMarked_NoRetryNoSecondWithdrawal()
    {
        string db = await NodeWithDeadLetterAsync();

        (int exit, string output, string error) = await Run("dead-letter", "withdraw", "--db", db, "env-dead-1", "--reason", "risk alerts are not agreed with Singapore");
        (_, string listed, _) = await Run("dead-letter", "list", "--db", db);
        (int retry, string retried, _) = await Run("dead-letter", "retry", "--db", db, "env-dead-1");
        (int again, string twice, _) = await Run("dead-letter", "withdraw", "--db", db, "env-dead-1", "--reason", "again");

        Assert.True(exit == 0, error);
        Assert.Contains("fills 26CNCQI0000000042#2", output, StringComparison.Ordinal);
        Assert.Contains("withdrawn by", listed, StringComparison.Ordinal);
        Assert.Contains("risk alerts are not agreed with Singapore", listed, StringComparison.Ordinal);
        Assert.Equal(1, retry);
        Assert.Contains("withdrawn", retried, StringComparison.Ordinal);
        Assert.Equal(1, again);
        Assert.Contains("already withdrawn", twice, StringComparison.Ordinal);
        await using var c = new SqliteConnection($"Data Source={db};Pooling=false");
        await c.OpenAsync();
        await using SqliteCommand count = c.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM exchange_outbox WHERE type = 'exchange-withdrawal' AND seq = 2 AND recipient = 'SGSIN'";
        Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Withdraw_WithoutReason_UsageError2_NothingChanged()
    {
        string db = await NodeWithDeadLetterAsync();

        (int exit, _, string error) = await Run("dead-letter", "withdraw", "--db", db, "env-dead-1");
        (_, string listed, _) = await Run("dead-letter", "list", "--db", db);

        Assert.Equal(2, exit);
        Assert.Contains("--reason", error, StringComparison.Ordinal);
        Assert.DoesNotContain("withdrawn by", listed, StringComparison.Ordinal);
    }
}
