using System.Data.Common;
using System.Text;
using Landsea.Exchange.Delivery;
using Landsea.Exchange.Outbox;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Receiving;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Storage;
using Landsea.Exchange.Tests.Infrastructure;

namespace Landsea.Exchange.Tests.Signing;

/// <summary>
/// Issue 16 item 6: a node rolls its key over. The announcement, signed by the old key, reaches the partner before anything
/// the new key signs; the partner then accepts both keys for the stated overlap and only the new one after it; receipts,
/// and audit checkpoints signed before the rollover, still verify.
/// </summary>
public abstract class KeyRolloverSuite<TDatabases>
    where TDatabases : IDatabasePair
{
    protected KeyRolloverSuite(TDatabases databases)
    {
        Databases = databases;
    }

    protected TDatabases Databases { get; }

    [StoreFact]
    public async Task Rollover_reaches_the_partner_first_then_both_keys_are_accepted_for_the_overlap_and_only_the_new_one_after()
    {
        using NodePair pair = await NodePair.CreateAsync(Databases);
        NodeIdentity old = pair.A.Identity;
        await pair.SendAsync(NodePair.PreArrival, "26CNCQI0000000001", """{"mrn":"26CNCQI0000000001"}"""); // waiting, unsigned, before the rollover
        using NodeIdentity next = old.CreateSuccessor(pair.Time);
        DateTimeOffset until = pair.Time.GetUtcNow().AddDays(7);
        await pair.InTransactionAsync(pair.A, work => pair.A.Outbox.EnqueueKeyRolloverAsync(work, "SGSIN", next, until, default));

        // The node restarts with the new key: the waiting envelope is now signed by it, the announcement by the old one.
        using ExchangeGateway restarted = Restart(pair, next);
        DeliveryPass pass = await restarted.Sender.DeliverDueAsync(default);

        Assert.Equal(new DeliveryPass(2, 0, 0), pass);
        Partner pinned = await PartnerAtBAsync(pair);
        Assert.Equal(next.KeyId, pinned.KeyId);
        PastKey past = Assert.Single(pinned.PastKeys);
        Assert.Equal((old.KeyId, StoredTime.ToMilliseconds(until)), (past.KeyId, past.AcceptedUntil));
        Assert.Contains(await NodePair.AuditAsync(pair.B), e => e.Record.Kind == "partner-key" && e.Record.Digest == next.KeyId);

        Assert.Equal(ReceiptOutcome.Received, (await ReceiveAtBAsync(pair, pair.Forge(old, conversation: "26CNCQI0000000002"))).Outcome);
        Assert.Equal(ReceiptOutcome.Received, (await ReceiveAtBAsync(pair, pair.Forge(next, conversation: "26CNCQI0000000003"))).Outcome);
        pair.Time.Advance(TimeSpan.FromDays(8));
        Assert.Equal(ReceiptOutcome.BadSignature, (await ReceiveAtBAsync(pair, pair.Forge(old, conversation: "26CNCQI0000000004"))).Outcome);
        Assert.Equal(ReceiptOutcome.Received, (await ReceiveAtBAsync(pair, pair.Forge(next, conversation: "26CNCQI0000000005"))).Outcome);
    }

    [StoreFact]
    public async Task After_the_rollover_the_partner_verifies_the_receipts_the_new_key_signs()
    {
        using NodePair pair = await NodePair.CreateAsync(Databases);
        using NodeIdentity next = pair.A.Identity.CreateSuccessor(pair.Time);
        await pair.InTransactionAsync(pair.A, work => pair.A.Outbox.EnqueueKeyRolloverAsync(work, "SGSIN", next, pair.Time.GetUtcNow().AddDays(7), default));
        using ExchangeGateway restarted = Restart(pair, next);
        Assert.Equal(new DeliveryPass(1, 0, 0), await restarted.Sender.DeliverDueAsync(default));

        await pair.InTransactionAsync(pair.B, work => pair.B.Outbox.EnqueueAsync(work,
            new OutgoingMessage("CNCQI", NodePair.Decision, "1", "26CNCQI0000000001", Encoding.UTF8.GetBytes("""{"decision":"accept"}""")), default));
        DeliveryPass fromB = await pair.B.Sender.DeliverDueAsync(default);

        Assert.Equal(new DeliveryPass(1, 0, 0), fromB);
    }

    [StoreFact]
    public async Task A_rollover_is_refused_and_changes_no_pin_when_it_names_another_node_an_overlap_too_long_or_is_signed_by_another_key()
    {
        using NodePair pair = await NodePair.CreateAsync(Databases);
        NodeIdentity old = pair.A.Identity;
        using NodeIdentity next = old.CreateSuccessor(pair.Time);
        using NodeIdentity elsewhere = NodeIdentity.Create("VNHPH", "Hai Phong", pair.Time);
        using NodeIdentity impostor = NodeIdentity.Create("CNCQI", "Not Chongqing", pair.Time);
        DateTimeOffset now = pair.Time.GetUtcNow();
        string Announce(NodeIdentity successor, string previous, DateTimeOffset until) => Encoding.UTF8.GetString(KeyRolloverMessage.Write(successor, previous, until));

        var attempts = new (NodeIdentity Signer, string Payload, ReceiptOutcome Expected)[]
        {
            (old, Announce(elsewhere, old.KeyId, now.AddDays(7)), ReceiptOutcome.BadEnvelope),       // another node's key
            (old, Announce(next, old.KeyId, now.AddDays(200)), ReceiptOutcome.BadEnvelope),          // overlap beyond 90 days
            (old, Announce(next, old.KeyId, now.AddDays(-1)), ReceiptOutcome.BadEnvelope),           // overlap already over
            (old, Announce(next, "not-the-old-key", now.AddDays(7)), ReceiptOutcome.BadEnvelope),    // names another key as replaced
            (old, """{"node":"CNCQI"}""", ReceiptOutcome.BadEnvelope),                                // fields missing
            (impostor, Announce(next, impostor.KeyId, now.AddDays(7)), ReceiptOutcome.BadSignature), // not the pinned key
        };
        int n = 0;
        foreach ((NodeIdentity signer, string payload, ReceiptOutcome expected) in attempts)
        {
            ReceiveResult result = await ReceiveAtBAsync(pair, pair.Forge(signer, KeyRolloverMessage.Type, "keys-" + n++, 1, payload: payload));
            Assert.Equal(expected, result.Outcome);
        }

        Partner pinned = await PartnerAtBAsync(pair);
        Assert.Equal(old.KeyId, pinned.KeyId);
        Assert.Empty(pinned.PastKeys);
    }

    [StoreFact]
    public async Task Audit_checkpoints_signed_before_the_rollover_still_verify_with_the_nodes_previous_certificate()
    {
        using NodePair pair = await NodePair.CreateAsync(Databases);
        for (int i = 0; i < 6; i++)
        {
            await pair.SendAsync(NodePair.ControlResult, $"26CNCQI000000001{i}", "{}");
        }

        await pair.A.Sender.DeliverDueAsync(default); // entries and checkpoints under the old key
        using NodeIdentity next = pair.A.Identity.CreateSuccessor(pair.Time);
        using ExchangeGateway restarted = Restart(pair, next);
        for (int i = 0; i < 6; i++)
        {
            await pair.InTransactionAsync(restarted, work => restarted.Outbox.EnqueueAsync(work,
                new OutgoingMessage("SGSIN", NodePair.ControlResult, "1", $"26CNCQI000000002{i}", "{}"u8.ToArray()), default));
        }

        await restarted.Sender.DeliverDueAsync(default); // and more under the new one

        await using DbConnection connection = await pair.A.Database.OpenAsync(default);
        AuditReport withBoth = await AuditTrail.VerifyWithKeysAsync(connection, null, new KeyRing(next.Certificate, [new PastKey(pair.A.Identity.Certificate, DateTimeOffset.MinValue)]), default);
        AuditReport newOnly = await AuditTrail.VerifyWithKeysAsync(connection, null, new KeyRing(next.Certificate), default);

        Assert.True(withBoth.IsIntact, string.Join("; ", withBoth.Findings.Select(f => f.Detail)));
        Assert.Contains(newOnly.Findings, f => f.Kind == AuditFindingKind.CheckpointMismatch);
    }

    /// <summary>Node A as it runs after a restart with <paramref name="identity"/>, on the same database; the pair's transport routes to it.</summary>
    private ExchangeGateway Restart(NodePair pair, NodeIdentity identity)
    {
        var gateway = new ExchangeGateway(Databases.A, identity, pair.Transport, pair.Time, new ExchangeOptions { CheckpointEvery = 5 });
        pair.Transport.Route("CNCQI", gateway.Receiver);
        return gateway;
    }

    private static Task<ReceiveResult> ReceiveAtBAsync(NodePair pair, SignedEnvelope envelope) =>
        pair.B.Receiver.ReceiveAsync(EnvelopeCodec.ToWire(envelope), default);

    private static async Task<Partner> PartnerAtBAsync(NodePair pair)
    {
        await using DbConnection connection = await pair.B.Database.OpenAsync(default);
        return (await PartnerRegistry.FindAsync(connection, "CNCQI", default))!;
    }
}

public sealed class SqliteKeyRolloverTests(SqliteDatabases databases) : KeyRolloverSuite<SqliteDatabases>(databases), IClassFixture<SqliteDatabases>;

[RequiresPostgres]
public sealed class PostgresKeyRolloverTests(PostgresDatabases databases) : KeyRolloverSuite<PostgresDatabases>(databases), IClassFixture<PostgresDatabases>;
