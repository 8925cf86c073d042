using System.Data.Common;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Tests.Infrastructure;

namespace Landsea.Exchange.Tests.Audit;

/// <summary>Audit trail tampering detected on real databases. Run by the SQLite and PostgreSQL classes below.</summary>
public abstract class AuditStoreSuite<TDatabases>
    where TDatabases : IDatabasePair
{
    protected AuditStoreSuite(TDatabases databases)
    {
        Databases = databases;
    }

    protected TDatabases Databases { get; }

    [StoreFact]
    public async Task Verify_UntouchedLog_IntactWithCountAndCheckpoints()
    {
        using NodePair pair = await TrafficAsync();

        AuditReport report = await VerifyAsync(Databases.B, pair.B.Identity);

        Assert.True(report.IsIntact, string.Join("; ", report.Findings));
        Assert.Equal(await NodePair.CountAsync(Databases.B, "SELECT COUNT(*) FROM exchange_audit"), report.Checked);
        Assert.True(await NodePair.CountAsync(Databases.B, "SELECT COUNT(*) FROM exchange_audit_checkpoint") >= 1);
    }

    [StoreFact]
    public async Task Verify_EntryChanged_NamesTheEntry()
    {
        using NodePair pair = await TrafficAsync();
        await NodePair.ExecuteAsync(Databases.B, "UPDATE exchange_audit SET outcome = 'BSIG' WHERE seq = 6");

        AuditReport report = await VerifyAsync(Databases.B, pair.B.Identity);

        AuditFinding finding = Assert.Single(report.Findings);
        Assert.Equal(new AuditFinding(AuditFindingKind.Changed, 6, finding.Detail), finding);
    }

    [StoreFact]
    public async Task Verify_EntryRemoved_NamesTheGap()
    {
        using NodePair pair = await TrafficAsync();
        await NodePair.ExecuteAsync(Databases.B, "DELETE FROM exchange_audit WHERE seq = 7");

        AuditReport report = await VerifyAsync(Databases.B, pair.B.Identity);

        Assert.Contains(report.Findings, f => f.Kind == AuditFindingKind.Removed && f.Sequence == 7);
        Assert.DoesNotContain(report.Findings, f => f.Kind is AuditFindingKind.Changed or AuditFindingKind.Reordered);
    }

    [StoreFact]
    public async Task Verify_TwoEntriesSwapped_NamesBothReordered()
    {
        using NodePair pair = await TrafficAsync();
        await NodePair.ExecuteAsync(Databases.B, "UPDATE exchange_audit SET seq = -1 WHERE seq = 8");
        await NodePair.ExecuteAsync(Databases.B, "UPDATE exchange_audit SET seq = 8 WHERE seq = 9");
        await NodePair.ExecuteAsync(Databases.B, "UPDATE exchange_audit SET seq = 9 WHERE seq = -1");

        AuditReport report = await VerifyAsync(Databases.B, pair.B.Identity);

        // The last row is no longer the node's stored head (issue 17 item 3): named as well.
        Assert.Equal([(AuditFindingKind.Reordered, 8L), (AuditFindingKind.Reordered, 9L), (AuditFindingKind.HeadMismatch, 9L)], report.Findings.Select(f => (f.Kind, f.Sequence)));
    }

    /// <summary>Issue 17 item 3: cutting the tail and its checkpoints off, even with the head row moved to the new end, is
    /// caught by the node's own signed head.</summary>
    [StoreFact]
    public async Task Verify_TailCutOffHeadRowMoved_StoredSignedHeadRevealsIt()
    {
        using NodePair pair = await TrafficAsync();
        long last = await NodePair.CountAsync(Databases.B, "SELECT MAX(seq) FROM exchange_audit");
        await NodePair.ExecuteAsync(Databases.B, $"DELETE FROM exchange_audit WHERE seq > {last - 2}; DELETE FROM exchange_audit_checkpoint");
        AuditReport headLeft = await VerifyAsync(Databases.B, pair.B.Identity);
        await NodePair.ExecuteAsync(Databases.B, $"UPDATE exchange_audit_head SET seq = {last - 2}, hash = (SELECT hash FROM exchange_audit WHERE seq = {last - 2}) WHERE id = 1");

        AuditReport headMoved = await VerifyAsync(Databases.B, pair.B.Identity);

        Assert.Contains(headLeft.Findings, f => (f.Kind, f.Sequence) == (AuditFindingKind.Truncated, last - 1));
        Assert.Contains(headMoved.Findings, f => (f.Kind, f.Sequence) == (AuditFindingKind.HeadMismatch, last - 2));
    }

    /// <summary>Rolled back to its last checkpoint (head row, signature and all), the log is consistent with everything the
    /// node itself signed: only a head a partner holds from a later receipt reveals the cut.</summary>
    [StoreFact]
    public async Task Verify_RolledBackToACheckpoint_OnlyThePartnersHeldHeadRevealsIt()
    {
        using NodePair pair = await TrafficAsync();
        long last = await NodePair.CountAsync(Databases.B, "SELECT MAX(seq) FROM exchange_audit");
        long checkpoint = await NodePair.CountAsync(Databases.B, "SELECT MAX(seq) FROM exchange_audit_checkpoint");
        Assert.True(checkpoint < last);
        await NodePair.ExecuteAsync(Databases.B, $"""
            DELETE FROM exchange_audit WHERE seq > {checkpoint};
            UPDATE exchange_audit_head SET seq = {checkpoint}, hash = (SELECT hash FROM exchange_audit_checkpoint WHERE seq = {checkpoint}),
                signed_head = (SELECT signed_head FROM exchange_audit_checkpoint WHERE seq = {checkpoint}) WHERE id = 1
            """);

        AuditReport alone = await VerifyAsync(Databases.B, pair.B.Identity);
        AuditReport withHeads = await VerifyAsync(Databases.B, pair.B.Identity, await HeadsHeldByAAsync(pair));

        Assert.True(alone.IsIntact);
        AuditFinding truncated = Assert.Single(withHeads.Findings);
        Assert.Equal((AuditFindingKind.Truncated, checkpoint + 1), (truncated.Kind, truncated.Sequence));
    }

    /// <summary>A sends 6 envelopes to B (delivered, receipted) and one B refuses: B's log has partner, agreement, inbound entries.</summary>
    private async Task<NodePair> TrafficAsync()
    {
        NodePair pair = await NodePair.CreateAsync(Databases);
        for (int i = 0; i < 6; i++)
        {
            await pair.SendAsync(NodePair.ControlResult, "26CN0000000000009", "{}");
        }

        await pair.A.Sender.DeliverDueAsync(default);
        await pair.B.Receiver.ReceiveAsync("not json"u8.ToArray(), default);
        await pair.SendAsync(NodePair.ControlResult, "26CN0000000000009", "{}");
        await pair.A.Sender.DeliverDueAsync(default);
        return pair;
    }

    private static async Task<List<AuditHead>> HeadsHeldByAAsync(NodePair pair)
    {
        await using DbConnection connection = await pair.A.Database.OpenAsync(default);
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = "SELECT receipt FROM exchange_outbox WHERE receipt IS NOT NULL";
        var heads = new List<AuditHead>();
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            heads.Add(ReceiptCodec.Verify(reader.GetString(0), pair.B.Identity.Certificate)!.AuditHead);
        }

        return heads;
    }

    private static async Task<AuditReport> VerifyAsync(Landsea.Exchange.Storage.ExchangeDatabase database, NodeIdentity node, IEnumerable<AuditHead>? heads = null)
    {
        await using DbConnection connection = await database.OpenAsync(default);
        return await AuditTrail.VerifyAsync(connection, heads, node.Certificate, default);
    }
}

public sealed class SqliteAuditStoreTests(SqliteDatabases databases) : AuditStoreSuite<SqliteDatabases>(databases), IClassFixture<SqliteDatabases>;

[RequiresPostgres]
public sealed class PostgresAuditStoreTests(PostgresDatabases databases) : AuditStoreSuite<PostgresDatabases>(databases), IClassFixture<PostgresDatabases>;
