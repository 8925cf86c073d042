using System.Text.Json;
using Landsea.Exchange.Signing;
using Microsoft.Data.Sqlite;

namespace Landsea.Cli.Tests;

/// <summary><c>landsea inbox quarantine list|retry|discard</c> on a node's database (issue 17).</summary>
public class InboxQuarantineCommandTests
{
    private static Task<(int Exit, string Out, string Err)> Run(params string[] args) => CliHarness.Run(args);

    /// <summary>A node folder with an identity and two quarantined envelopes from Singapore, as the hand-over leaves them.</summary>
    private static async Task<string> NodeWithQuarantineAsync()
    {
        string dir = Path.Combine(Path.GetTempPath(), "landsea-tests", $"quarantine-{Guid.NewGuid():N}");
        using (NodeIdentity identity = NodeIdentity.Create("CNCQI", "Chongqing Customs", TimeProvider.System))
        {
            identity.Save(Path.Combine(dir, "node"));
        }

        string db = Path.Combine(dir, "landsea.db");
        (int exit, _, string error) = await Run("dead-letter", "list", "--db", db); // creates the tables
        Assert.True(exit == 0, error);
        await ExecAsync(db, """
            INSERT INTO exchange_inbox (envelope_id, sender, conversation, seq, type, version, digest, payload, created_at, received_at, attempts, last_error, quarantined_at)
            VALUES ('env-q-1', 'SGSIN', '26SGSIN0000000017', 1, 'pre-arrival-decision', '1', 'ab', x'7b7d', '2026-12-01T08:00:00.0000000Z', '2026-12-01T08:00:00.0000000Z', 5, 'FormatException: bad', '2026-12-01T08:05:00.0000000Z'),
                   ('env-q-2', 'SGSIN', '26SGSIN0000000018', 1, 'control-result', '1', 'cd', x'7b7d', '2026-12-01T08:00:00.0000000Z', '2026-12-01T08:00:00.0000000Z', 5, 'InvalidOperationException: x', '2026-12-01T08:06:00.0000000Z');
            INSERT INTO exchange_quarantine (envelope_id, sender, conversation, seq, type, attempts, reason, quarantined_at, notice_id)
            VALUES ('env-q-1', 'SGSIN', '26SGSIN0000000017', 1, 'pre-arrival-decision', 5, 'application failed 5 times; last: FormatException: bad', '2026-12-01T08:05:00.0000000Z', 'notice-1'),
                   ('env-q-2', 'SGSIN', '26SGSIN0000000018', 1, 'control-result', 5, 'application failed 5 times; last: InvalidOperationException: x', '2026-12-01T08:06:00.0000000Z', 'notice-2');
            """);
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

    private static async Task<long> CountAsync(string db, string sql)
    {
        await using var c = new SqliteConnection($"Data Source={db};Pooling=false");
        await c.OpenAsync();
        await using SqliteCommand command = c.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Issue_17_QuarantineList_Json_OnlyJsonWithReasonAndAttempts()
    {
        string db = await NodeWithQuarantineAsync();

        (int exit, string output, string error) = await Run("inbox", "quarantine", "list", "--db", db, "--json");
        (int plainExit, string plain, _) = await Run("inbox", "quarantine", "list", "--db", db);

        Assert.True(exit == 0, error);
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.Equal(["env-q-1", "env-q-2"], doc.RootElement.EnumerateArray().Select(e => e.GetProperty("envelopeId").GetString()));
        Assert.Equal(5, doc.RootElement[0].GetProperty("attempts").GetInt64());
        Assert.Contains("FormatException", doc.RootElement[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, plainExit);
        Assert.Contains("env-q-1\tSGSIN\tpre-arrival-decision\t26SGSIN0000000017#1\t5 attempts", plain, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_17_QuarantineRetry_BackInTheInboxOutOfLine_UnknownIdExit1()
    {
        string db = await NodeWithQuarantineAsync();

        (int exit, string output, string error) = await Run("inbox", "quarantine", "retry", "--db", db, "env-q-1");
        (int unknown, string missing, _) = await Run("inbox", "quarantine", "retry", "--db", db, "env-q-1", "no-such-envelope");
        (_, string listed, _) = await Run("inbox", "quarantine", "list", "--db", db);

        Assert.True(exit == 0, error);
        Assert.Contains("env-q-1: back in the inbox", output, StringComparison.Ordinal);
        Assert.Equal(1, unknown);
        Assert.Contains("no-such-envelope: no such quarantined envelope", missing, StringComparison.Ordinal);
        Assert.DoesNotContain("env-q-1", listed, StringComparison.Ordinal);
        Assert.Equal(1L, await CountAsync(db, "SELECT COUNT(*) FROM exchange_inbox WHERE envelope_id = 'env-q-1' AND quarantined_at IS NULL AND attempts = 0 AND out_of_line = 1"));
        Assert.Equal(1L, await CountAsync(db, "SELECT COUNT(*) FROM exchange_audit WHERE kind = 'quarantine-retry' AND envelope_id = 'env-q-1'"));
    }

    [Fact]
    public async Task Issue_17_QuarantineDiscard_KeptMarkedAudited_NoRetryNoSecondDiscard()
    {
        string db = await NodeWithQuarantineAsync();

        (int exit, string output, string error) = await Run("inbox", "quarantine", "discard", "--db", db, "env-q-2", "--reason", "Singapore resent a corrected copy", "--json");
        (int retry, _, _) = await Run("inbox", "quarantine", "retry", "--db", db, "env-q-2");
        (int again, string twice, _) = await Run("inbox", "quarantine", "discard", "--db", db, "env-q-2", "--reason", "again");
        (_, string listed, _) = await Run("inbox", "quarantine", "list", "--db", db);

        Assert.True(exit == 0, error);
        using (JsonDocument doc = JsonDocument.Parse(output))
        {
            Assert.Equal("discarded", doc.RootElement.GetProperty("outcome").GetString());
        }

        Assert.Equal(1, retry);
        Assert.Equal(1, again);
        Assert.Contains("already discarded", twice, StringComparison.Ordinal);
        Assert.Contains("discarded", listed, StringComparison.Ordinal);
        Assert.Contains("Singapore resent a corrected copy", listed, StringComparison.Ordinal);
        Assert.Equal(1L, await CountAsync(db, "SELECT COUNT(*) FROM exchange_audit WHERE kind = 'quarantine-discarded' AND envelope_id = 'env-q-2' AND detail = 'Singapore resent a corrected copy'"));
    }

    [Theory]
    [InlineData("discard", "env-q-1")] // no --reason
    [InlineData("retry")] // no envelope id
    public async Task QuarantineCommand_MissingArgument_UsageError2(params string[] args)
    {
        string db = await NodeWithQuarantineAsync();

        (int exit, _, _) = await Run(["inbox", "quarantine", .. args, "--db", db]);

        Assert.Equal(2, exit);
        Assert.Equal(0L, await CountAsync(db, "SELECT COUNT(*) FROM exchange_audit WHERE kind LIKE 'quarantine-%'"));
    }

    [Fact]
    public async Task QuarantineList_NoDatabaseFile_Exit2NothingCreated()
    {
        string db = Path.Combine(Path.GetTempPath(), "landsea-tests", $"none-{Guid.NewGuid():N}", "landsea.db");

        (int exit, _, string error) = await Run("inbox", "quarantine", "list", "--db", db);

        Assert.Equal(2, exit);
        Assert.Contains("no node database", error, StringComparison.Ordinal);
        Assert.False(File.Exists(db));
    }

    [Fact]
    public async Task QuarantineHelp_NamesEveryVerbWithExamples()
    {
        (int exit, string output, _) = await Run("inbox", "quarantine", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("list", output, StringComparison.Ordinal);
        Assert.Contains("retry", output, StringComparison.Ordinal);
        Assert.Contains("discard", output, StringComparison.Ordinal);
        Assert.Contains("landsea inbox quarantine discard --db landsea.db", output, StringComparison.Ordinal);
    }
}
