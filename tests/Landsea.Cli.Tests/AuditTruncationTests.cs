using Landsea.Exchange;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Storage;
using Microsoft.Data.Sqlite;

namespace Landsea.Cli.Tests;

/// <summary>
/// Issue 17 item 3: <c>landsea audit verify</c> said "intact" (exit 0) after each of these attacks on a node's audit trail,
/// because it ignored the node's own stored head. The trail here has 3,136 entries with a signed checkpoint every 1,000.
/// </summary>
public sealed class AuditTruncationTests
{
    private const int Entries = 3136;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Issue_17_last_100_rows_deleted_reported_truncated(bool withCertificate)
    {
        (string db, string cert) = await TrailAsync();
        await ExecAsync(db, $"DELETE FROM exchange_audit WHERE seq > {Entries - 100}");

        (int exit, string output, _) = await VerifyAsync(db, withCertificate ? cert : null);

        Assert.Equal(1, exit);
        Assert.Contains($"entry {Entries - 99}: truncated: the node's stored head is at {Entries} but the log ends at {Entries - 100}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_17_last_1100_rows_and_their_checkpoints_deleted_reported_truncated()
    {
        (string db, string cert) = await TrailAsync();
        await ExecAsync(db, $"DELETE FROM exchange_audit WHERE seq > {Entries - 1100}; DELETE FROM exchange_audit_checkpoint WHERE seq > {Entries - 1100};");

        (int exit, string output, _) = await VerifyAsync(db, cert);

        Assert.Equal(1, exit);
        Assert.Contains("truncated: the node's stored head is at 3136 but the log ends at 2036", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_17_whole_log_and_checkpoints_deleted_never_intact()
    {
        (string db, _) = await TrailAsync();
        await ExecAsync(db, "DELETE FROM exchange_audit; DELETE FROM exchange_audit_checkpoint;");

        (int exit, string output, _) = await VerifyAsync(db, null);

        Assert.Equal(1, exit);
        Assert.StartsWith("checked 0 entries", output, StringComparison.Ordinal);
        Assert.Contains("the node's stored head is at 3136 but the log ends at 0", output, StringComparison.Ordinal);
        Assert.Contains("NOT INTACT", output, StringComparison.Ordinal);
    }

    /// <summary>The attacker changes entry 2500, re-hashes every entry after it, deletes the checkpoints from 2500 on and
    /// points the head row at the new last hash: the chain is self-consistent, but the head's signature is not theirs to make.</summary>
    [Fact]
    public async Task Issue_17_entry_changed_rest_rehashed_checkpoints_deleted_head_moved_caught_with_certificate()
    {
        (string db, string cert) = await TrailAsync();
        string newHead = await RewriteFromAsync(db, 2500);
        await ExecAsync(db, $"DELETE FROM exchange_audit_checkpoint WHERE seq >= 2500; UPDATE exchange_audit_head SET hash = '{newHead}' WHERE id = 1;");

        (int exit, string output, _) = await VerifyAsync(db, cert);

        Assert.Equal(1, exit);
        Assert.Contains($"entry {Entries}: headmismatch: the node's stored head signature does not verify or does not match the head", output, StringComparison.Ordinal);
        Assert.Contains("entry 3000: checkpointmismatch: 1 checkpoint(s) missing from 3000", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_UntouchedTrailWithCertificate_Intact()
    {
        (string db, string cert) = await TrailAsync();

        (int exit, string output, _) = await VerifyAsync(db, cert);

        Assert.Equal(0, exit);
        Assert.Contains($"checked {Entries} entries", output, StringComparison.Ordinal);
        Assert.EndsWith("intact", output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_StoredHeadBehindTheLog_HeadMismatch()
    {
        (string db, _) = await TrailAsync();
        await ExecAsync(db, "UPDATE exchange_audit_head SET seq = 2000, hash = (SELECT hash FROM exchange_audit WHERE seq = 2000) WHERE id = 1");

        (int exit, string output, _) = await VerifyAsync(db, null);

        Assert.Equal(1, exit);
        Assert.Contains("headmismatch: the node's stored head 2000:", output, StringComparison.Ordinal);
    }

    private static Task<(int Exit, string Out, string Err)> VerifyAsync(string db, string? cert) =>
        cert is null ? CliHarness.Run(["audit", "verify", "--db", db]) : CliHarness.Run(["audit", "verify", "--db", db, "--cert", cert]);

    /// <summary>A node's trail of <see cref="Entries"/> entries appended 100 at a time, and the node's certificate file.</summary>
    private static async Task<(string Db, string Cert)> TrailAsync()
    {
        string dir = Path.Combine(Path.GetTempPath(), "landsea-tests", $"audit-cut-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        string db = Path.Combine(dir, "node.db");
        using NodeIdentity identity = NodeIdentity.Create("CNCQI", "Chongqing Customs", TimeProvider.System);
        string cert = Path.Combine(dir, "node.crt.pem");
        await File.WriteAllTextAsync(cert, identity.CertificatePem);
        var trail = new AuditTrail(identity, TimeProvider.System);
        await using var c = new SqliteConnection($"Data Source={db};Pooling=false");
        await c.OpenAsync();
        await ExchangeMigrations.ApplyAsync(c);
        for (int start = 0; start < Entries; start += 100)
        {
            await using UnitOfWork work = await UnitOfWork.BeginAsync(c, TimeProvider.System, CancellationToken.None);
            await trail.AppendManyAsync(work, Enumerable.Range(start, Math.Min(100, Entries - start))
                .Select(i => new AuditRecord("inbound", $"env-{i}", "SGSIN", "RECE", new string('a', 64), null)).ToList(), CancellationToken.None);
            await work.CommitAsync(CancellationToken.None);
        }

        return (db, cert);
    }

    /// <summary>Changes entry <paramref name="from"/>'s detail and re-hashes it and every later entry; returns the new last hash.</summary>
    private static async Task<string> RewriteFromAsync(string db, long from)
    {
        await using var c = new SqliteConnection($"Data Source={db};Pooling=false");
        await c.OpenAsync();
        List<AuditEntry> entries = await AuditTrail.ReadAllAsync(c, CancellationToken.None);
        await using SqliteTransaction tx = c.BeginTransaction();
        string previous = entries.Single(e => e.Sequence == from).PreviousHash;
        foreach (AuditEntry e in entries.Where(e => e.Sequence >= from))
        {
            AuditRecord record = e.Sequence == from ? e.Record with { Outcome = "BSIG" } : e.Record;
            string hash = AuditChain.ComputeHash(previous, e.RecordedAt, record);
            await using SqliteCommand update = c.CreateCommand();
            update.Transaction = tx;
            update.CommandText = "UPDATE exchange_audit SET outcome = $outcome, prev_hash = $prev, hash = $hash WHERE seq = $seq";
            update.Parameters.AddWithValue("$outcome", record.Outcome);
            update.Parameters.AddWithValue("$prev", previous);
            update.Parameters.AddWithValue("$hash", hash);
            update.Parameters.AddWithValue("$seq", e.Sequence);
            await update.ExecuteNonQueryAsync();
            previous = hash;
        }

        await tx.CommitAsync();
        return previous;
    }

    private static async Task ExecAsync(string db, string sql)
    {
        await using var c = new SqliteConnection($"Data Source={db};Pooling=false");
        await c.OpenAsync();
        await using SqliteCommand command = c.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
