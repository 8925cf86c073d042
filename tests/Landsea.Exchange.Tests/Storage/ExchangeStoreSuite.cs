using System.Data.Common;
using System.Text;
using Landsea.Exchange.Delivery;
using Landsea.Exchange.Inbox;
using Landsea.Exchange.Outbox;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Queries;
using Landsea.Exchange.Receiving;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Storage;
using Landsea.Exchange.Tests.Infrastructure;

namespace Landsea.Exchange.Tests.Storage;

/// <summary>
/// The one store suite: outbox, delivery, receiver, inbox, dead letters, agreements and audit, over real databases.
/// Run by <see cref="SqliteExchangeStoreTests"/> and <see cref="PostgresExchangeStoreTests"/>.
/// </summary>
public abstract class ExchangeStoreSuite<TDatabases>
    where TDatabases : IDatabasePair
{
    private const string Mrn = "26CNCQI0000000017";
    private const string PreArrivalJson = """
        {"mrn":"26CNCQI0000000017","consignor":{"name":"Chongqing Auto Parts Ltd","taxId":"91500000SECRET"},
         "goods":[{"hsCode":"870899","grossMass":1200,"invoiceValue":99000},{"hsCode":"870830","grossMass":300,"invoiceValue":15000}],
         "declarantPhone":"+86-23-5555-0100"}
        """;

    protected ExchangeStoreSuite(TDatabases databases)
    {
        Databases = databases;
    }

    protected TDatabases Databases { get; }

    [StoreFact]
    public async Task Enqueue_CallerRollsBack_NeitherBusinessRowNorEnvelopeRemains()
    {
        using NodePair pair = await NodePair.CreateAsync(Databases);
        await NodePair.ExecuteAsync(Databases.A, "CREATE TABLE test_business (id TEXT PRIMARY KEY)");

        await using (DbConnection connection = await Databases.A.OpenAsync(default))
        {
            await using DbTransaction tx = await connection.BeginTransactionAsync();
            await using (DbCommand insert = connection.CreateCommand())
            {
                insert.Transaction = tx;
                insert.CommandText = "INSERT INTO test_business (id) VALUES ('release-1')";
                await insert.ExecuteNonQueryAsync();
            }

            EnqueueResult result = await pair.A.Outbox.EnqueueAsync(new UnitOfWork(connection, tx, pair.Time), new OutgoingMessage("SGSIN", NodePair.ControlResult, "1", Mrn, "{}"u8.ToArray()), default);
            Assert.True(result.IsEnqueued);
            await tx.RollbackAsync();
        }

        Assert.Equal(0, await NodePair.CountAsync(Databases.A, "SELECT COUNT(*) FROM test_business"));
        Assert.Equal(0, await NodePair.CountAsync(Databases.A, "SELECT COUNT(*) FROM exchange_outbox"));

        await pair.InTransactionAsync(pair.A, async work =>
        {
            await using DbCommand insert = work.Connection.CreateCommand();
            insert.Transaction = work.Transaction;
            insert.CommandText = "INSERT INTO test_business (id) VALUES ('release-1')";
            await insert.ExecuteNonQueryAsync();
            await pair.A.Outbox.EnqueueAsync(work, new OutgoingMessage("SGSIN", NodePair.ControlResult, "1", Mrn, "{}"u8.ToArray()), default);
        });
        Assert.Equal(1, await NodePair.CountAsync(Databases.A, "SELECT COUNT(*) FROM test_business"));
        Assert.Equal(1, await NodePair.CountAsync(Databases.A, "SELECT COUNT(*) FROM exchange_outbox"));
    }

    [StoreFact]
    public async Task Deliver_AgreedMessage_HandedOverOnceAndSignedReceiptStored()
    {
        using NodePair pair = await NodePair.CreateAsync(Databases);
        EnqueueResult enqueued = await pair.SendAsync(NodePair.ControlResult, Mrn, """{"result":"no findings"}""");

        DeliveryPass pass = await pair.A.Sender.DeliverDueAsync(default);

        Assert.Equal(new DeliveryPass(1, 0, 0), pass);
        List<InboundEnvelope> applied = await pair.HandOverAtBAsync();
        InboundEnvelope single = Assert.Single(applied);
        Assert.Equal(enqueued.Envelope!.Envelope.Id, single.Id);
        Assert.Equal("CNCQI", single.Sender);
        Assert.Equal(Mrn, single.Conversation);
        Assert.Equal("""{"result":"no findings"}""", Encoding.UTF8.GetString(single.Payload.Span));
        Assert.Empty(await pair.HandOverAtBAsync());

        await using DbConnection connection = await Databases.A.OpenAsync(default);
        await using DbCommand query = connection.CreateCommand();
        query.CommandText = "SELECT receipt FROM exchange_outbox";
        string jws = (string)(await query.ExecuteScalarAsync())!;
        Receipt receipt = ReceiptCodec.Verify(jws, pair.B.Identity.Certificate)!;
        Assert.Equal(ReceiptOutcome.Received, receipt.Outcome);
        Assert.Equal(enqueued.Envelope.Digest, receipt.EnvelopeDigest);
        Assert.True(receipt.AuditHead.Sequence > 0);
    }

    [StoreFact]
    public async Task MessageLog_DeliveredAndPending_SearchNewestFirstConversationWithReceiptAndCounters()
    {
        using NodePair pair = await NodePair.CreateAsync(Databases);
        EnqueueResult first = await pair.SendAsync(NodePair.ControlResult, "C-LOG-1", "{}");
        pair.Time.Advance(TimeSpan.FromSeconds(1));
        await pair.SendAsync(NodePair.ControlResult, "C-LOG-1", "{}");
        pair.Time.Advance(TimeSpan.FromSeconds(1));
        await pair.SendAsync(NodePair.ControlResult, "C-LOG-2", "{}");
        await pair.A.Sender.DeliverDueAsync(default);
        pair.Time.Advance(TimeSpan.FromSeconds(1));
        await pair.SendAsync(NodePair.ControlResult, "C-LOG-2", "{}");

        await using DbConnection a = await Databases.A.OpenAsync(default);
        List<MessageEntry> newest = await MessageLog.SearchAsync(a, new MessageFilter(Limit: 2));
        Assert.Equal([("C-LOG-2", 2L, "PENDING"), ("C-LOG-2", 1L, "RECE")], newest.Select(m => (m.Conversation, m.Sequence, m.Outcome)));
        List<MessageEntry> pending = await MessageLog.SearchAsync(a, new MessageFilter(Outcome: "pending"));
        Assert.Equal("C-LOG-2", Assert.Single(pending).Conversation);

        List<MessageEntry> conversation = await MessageLog.ConversationAsync(a, "C-LOG-1");
        Assert.Equal([1L, 2L], conversation.Select(m => m.Sequence));
        Assert.All(conversation, m => Assert.Equal(("out", "SGSIN", "RECE"), (m.Direction, m.Partner, m.Outcome)));
        Assert.NotNull(await MessageLog.ReceiptAsync(a, first.Envelope!.Envelope.Id));
        Assert.Contains(await MessageLog.AuditForConversationAsync(a, "C-LOG-1"), l => l.EnvelopeId == first.Envelope.Envelope.Id && l.Kind == "outbound");

        ExchangeStats stats = await MessageLog.StatsAsync(a);
        Assert.Equal((4L, 3L, 1L, 0L), (stats.Sent, stats.Delivered, stats.Pending, stats.DeadLetters));
        Assert.Equal((4L, 1L), await MessageLog.CountSentAsync(a, "C-LOG-"));
        Assert.Equal(4, (await MessageLog.OutboxAsync(a)).Count);
        Assert.Single(await MessageLog.SentAsync(a), e => !e.Delivered);

        await using DbConnection b = await Databases.B.OpenAsync(default);
        Assert.Equal(3, (await MessageLog.WaitingAsync(b)).Count);
        Assert.Equal((3L, 3L), ((await MessageLog.StatsAsync(b)).Received, (await MessageLog.StatsAsync(b)).WaitingHandOver));
        await pair.HandOverAtBAsync();
        Assert.Empty(await MessageLog.WaitingAsync(b));
        Assert.All(await MessageLog.ConversationAsync(b, "C-LOG-1"), m => Assert.Equal(("in", "APPLIED"), (m.Direction, m.Outcome)));
    }

    [StoreFact]
    public async Task Enqueue_FieldsOutsideAgreement_NeverStoredNorOnTheWire()
    {
        using NodePair pair = await NodePair.CreateAsync(Databases);

        EnqueueResult enqueued = await pair.SendAsync(NodePair.PreArrival, Mrn, PreArrivalJson);
        await pair.A.Sender.DeliverDueAsync(default);

        Assert.True(enqueued.IsEnqueued);
        byte[] wire = Assert.Single(pair.Transport.Sent);
        UnverifiedEnvelope onWire = EnvelopeCodec.Read(wire).Candidate!;
        Assert.Equal(
            """{"mrn":"26CNCQI0000000017","consignor":{"name":"Chongqing Auto Parts Ltd"},"goods":[{"hsCode":"870899","grossMass":1200},{"hsCode":"870830","grossMass":300}]}""",
            Encoding.UTF8.GetString(onWire.Envelope.Payload.Span));
        string everythingSent = Encoding.UTF8.GetString(wire) + Encoding.UTF8.GetString(onWire.Envelope.Payload.Span);
        foreach (string secret in new[] { "taxId", "SECRET", "invoiceValue", "99000", "declarantPhone", "5555" })
        {
            Assert.DoesNotContain(secret, everythingSent, StringComparison.Ordinal);
        }

        Assert.Equal(0, await NodePair.CountAsync(Databases.A, "SELECT COUNT(*) FROM exchange_outbox WHERE delivered_at IS NULL"));
    }

    [StoreFact]
    public async Task Enqueue_TypeOutsideAgreement_RefusedAndNothingStored()
    {
        using NodePair pair = await NodePair.CreateAsync(Databases);

        EnqueueResult result = await pair.SendAsync("tariff-ruling", Mrn, "{}");

        Assert.Equal(EnqueueRefusal.NotAgreed, result.Refusal);
        Assert.Equal(0, await NodePair.CountAsync(Databases.A, "SELECT COUNT(*) FROM exchange_outbox"));
    }

    [StoreFact]
    public async Task Receive_TamperedPayload_BadSignatureAndNothingApplied()
    {
        using NodePair pair = await NodePair.CreateAsync(Databases);
        SignedEnvelope genuine = pair.Forge(pair.A.Identity, payload: """{"mrn":"26CN0000000000001","decision":"release"}""");
        byte[] tampered = EnvelopeCodec.ToWire(genuine.Jws, """{"mrn":"26CN0000000000001","decision":"hold"}"""u8);

        ReceiveResult result = await pair.B.Receiver.ReceiveAsync(tampered, default);

        await AssertRefusedAsync(pair, result, ReceiptOutcome.BadSignature);
    }

    [StoreFact]
    public async Task Receive_SignedWithWrongKey_BadSignatureAndNothingApplied()
    {
        using NodePair pair = await NodePair.CreateAsync(Databases);
        using NodeIdentity impostor = NodeIdentity.Create("CNCQI", "Chongqing Customs", pair.Time);

        ReceiveResult result = await pair.B.Receiver.ReceiveAsync(EnvelopeCodec.ToWire(pair.Forge(impostor)), default);

        await AssertRefusedAsync(pair, result, ReceiptOutcome.BadSignature);
    }

    [StoreFact]
    public async Task Receive_UnknownSender_UnknownSenderAndNothingApplied()
    {
        using NodePair pair = await NodePair.CreateAsync(Databases);
        using NodeIdentity stranger = NodeIdentity.Create("VNHPH", "Hai Phong", pair.Time);

        ReceiveResult result = await pair.B.Receiver.ReceiveAsync(EnvelopeCodec.ToWire(pair.Forge(stranger)), default);

        await AssertRefusedAsync(pair, result, ReceiptOutcome.UnknownSender);
    }

    [StoreFact]
    public async Task Receive_ReplayedEnvelope_DuplicateAndAppliedOnce()
    {
        using NodePair pair = await NodePair.CreateAsync(Databases);
        byte[] wire = EnvelopeCodec.ToWire(pair.Forge(pair.A.Identity));
        Assert.Equal(ReceiptOutcome.Received, (await pair.B.Receiver.ReceiveAsync(wire, default)).Outcome);
        Assert.Single(await pair.HandOverAtBAsync());
        pair.Time.Advance(TimeSpan.FromDays(3));

        ReceiveResult replay = await pair.B.Receiver.ReceiveAsync(wire, default);

        Assert.Equal(ReceiptOutcome.Duplicate, replay.Outcome);
        Assert.Empty(await pair.HandOverAtBAsync());
        Assert.Equal(1, await NodePair.CountAsync(Databases.B, "SELECT COUNT(*) FROM exchange_inbox"));
    }

    [StoreFact]
    public async Task Receive_EnvelopeOlderThanReplayWindow_BadEnvelopeAndNothingApplied()
    {
        using NodePair pair = await NodePair.CreateAsync(Databases);
        SignedEnvelope old = pair.Forge(pair.A.Identity, createdAt: pair.Time.GetUtcNow() - TimeSpan.FromDays(45));

        ReceiveResult result = await pair.B.Receiver.ReceiveAsync(EnvelopeCodec.ToWire(old), default);

        await AssertRefusedAsync(pair, result, ReceiptOutcome.BadEnvelope);
    }

    [StoreFact]
    public async Task Receive_SameIdDifferentContent_BadEnvelope()
    {
        using NodePair pair = await NodePair.CreateAsync(Databases);
        SignedEnvelope first = pair.Forge(pair.A.Identity);
        await pair.B.Receiver.ReceiveAsync(EnvelopeCodec.ToWire(first), default);
        SignedEnvelope second = EnvelopeCodec.Sign(first.Envelope with { Payload = "{\"mrn\":\"other\"}"u8.ToArray() }, pair.A.Identity);

        ReceiveResult result = await pair.B.Receiver.ReceiveAsync(EnvelopeCodec.ToWire(second), default);

        Assert.Equal(ReceiptOutcome.BadEnvelope, result.Outcome);
        Assert.Single(await pair.HandOverAtBAsync());
    }

    [StoreFact]
    public async Task Receive_TypeOutsideAgreement_NotAgreedAndNothingApplied()
    {
        using NodePair pair = await NodePair.CreateAsync(Databases);

        ReceiveResult result = await pair.B.Receiver.ReceiveAsync(EnvelopeCodec.ToWire(pair.Forge(pair.A.Identity, type: "tariff-ruling")), default);

        await AssertRefusedAsync(pair, result, ReceiptOutcome.NotAgreed);
    }

    [StoreFact]
    public async Task Receive_OversizedEnvelope_TooLargeAndNothingApplied()
    {
        using NodePair pair = await NodePair.CreateAsync(Databases);
        string big = "{\"mrn\":\"" + new string('x', 100_000) + "\"}";
        byte[] wire = EnvelopeCodec.ToWire(pair.Forge(pair.A.Identity, payload: big));

        ReceiveResult viaStream = await pair.B.Receiver.ReceiveAsync(new MemoryStream(wire), contentLength: null, default);

        await AssertRefusedAsync(pair, viaStream, ReceiptOutcome.TooLarge);
    }

    [StoreFact]
    public async Task HandOver_LaterSequenceFirst_WaitsUntilGapFills()
    {
        using NodePair pair = await NodePair.CreateAsync(Databases);
        SignedEnvelope first = pair.Forge(pair.A.Identity, sequence: 1);
        SignedEnvelope second = pair.Forge(pair.A.Identity, sequence: 2);
        SignedEnvelope third = pair.Forge(pair.A.Identity, sequence: 3);
        SignedEnvelope otherConversation = pair.Forge(pair.A.Identity, conversation: "26CN0000000000002", sequence: 1);

        await pair.B.Receiver.ReceiveAsync(EnvelopeCodec.ToWire(third), default);
        await pair.B.Receiver.ReceiveAsync(EnvelopeCodec.ToWire(first), default);
        await pair.B.Receiver.ReceiveAsync(EnvelopeCodec.ToWire(otherConversation), default);
        List<InboundEnvelope> beforeGapFills = await pair.HandOverAtBAsync();
        await pair.B.Receiver.ReceiveAsync(EnvelopeCodec.ToWire(second), default);
        List<InboundEnvelope> afterGapFills = await pair.HandOverAtBAsync();

        // Order across conversations is unspecified; within one it is by sequence.
        Assert.Equal(new[] { first.Envelope.Id, otherConversation.Envelope.Id }.Order(), beforeGapFills.Select(e => e.Id).Order());
        Assert.Equal([second.Envelope.Id, third.Envelope.Id], afterGapFills.Select(e => e.Id));
    }

    [StoreFact]
    public async Task Deliver_PartnerDownForTwelveHours_BacklogDeliveredInOrderWhenBack()
    {
        using NodePair pair = await NodePair.CreateAsync(Databases);
        pair.Transport.Down = true;
        var sent = new List<QueuedEnvelope>();
        for (int i = 0; i < 30; i++)
        {
            sent.Add((await pair.SendAsync(NodePair.ControlResult, $"26CN00000000000{i % 3}", $$"""{"n":{{i}}}""")).Envelope!);
        }

        await pair.RunDeliveryForAsync(TimeSpan.FromHours(12), TimeSpan.FromMinutes(1));
        Assert.Equal(30, await NodePair.CountAsync(Databases.A, "SELECT COUNT(*) FROM exchange_outbox WHERE delivered_at IS NULL"));
        Assert.Equal(0, await NodePair.CountAsync(Databases.A, "SELECT COUNT(*) FROM exchange_dead_letter"));

        pair.Transport.Down = false;
        await pair.RunDeliveryForAsync(TimeSpan.FromMinutes(6), TimeSpan.FromSeconds(30));

        Assert.Equal(0, await NodePair.CountAsync(Databases.A, "SELECT COUNT(*) FROM exchange_outbox WHERE delivered_at IS NULL"));
        List<InboundEnvelope> applied = await pair.HandOverAtBAsync();
        Assert.Equal(30, applied.Count);
        foreach (IGrouping<string, InboundEnvelope> conversation in applied.GroupBy(e => e.Conversation))
        {
            Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), conversation.Select(e => e.Sequence));
        }
    }

    [StoreFact]
    public async Task Deliver_SignedRefusal_DeadLetteredThenRetriedAfterAgreementFix()
    {
        using NodePair pair = await NodePair.CreateAsync(Databases);
        EnqueueResult enqueued = await pair.SendAsync(NodePair.RiskAlert, Mrn, """{"level":"high"}""");

        DeliveryPass refused = await pair.A.Sender.DeliverDueAsync(default);

        Assert.Equal(1, refused.DeadLettered);
        await using (DbConnection connection = await Databases.A.OpenAsync(default))
        {
            DeadLetter dead = Assert.Single(await MessageLog.DeadLettersAsync(connection, default));
            Assert.Equal(enqueued.Envelope!.Envelope.Id, dead.EnvelopeId);
            Assert.Contains("NAGR", dead.Reason, StringComparison.Ordinal);
        }

        await pair.InTransactionAsync(pair.B, work => pair.B.Partners.SetAgreementAsync(work, "CNCQI",
            [new OutboundRule(NodePair.Decision, null)], [NodePair.PreArrival, NodePair.ControlResult, NodePair.RiskAlert], default));
        bool retried = await pair.InTransactionAsync(pair.A, work => pair.A.DeadLetters.RetryAsync(work, enqueued.Envelope!.Envelope.Id, default));
        DeliveryPass delivered = await pair.A.Sender.DeliverDueAsync(default);

        Assert.True(retried);
        Assert.Equal(1, delivered.Delivered);
        Assert.Single(await pair.HandOverAtBAsync());
        Assert.Equal(0, await NodePair.CountAsync(Databases.A, "SELECT COUNT(*) FROM exchange_dead_letter"));
    }

    [StoreFact]
    public async Task Withdraw_DeadLetterInTheMiddleOfAConversation_LaterEnvelopesHandedOverAfterTheWithdrawal()
    {
        using NodePair pair = await NodePair.CreateAsync(Databases);
        string first = (await pair.SendAsync(NodePair.ControlResult, Mrn, """{"n":1}""")).Envelope!.Envelope.Id;
        string refused = (await pair.SendAsync(NodePair.RiskAlert, Mrn, """{"n":2}""")).Envelope!.Envelope.Id; // B does not take risk alerts: NAGR
        string third = (await pair.SendAsync(NodePair.ControlResult, Mrn, """{"n":3}""")).Envelope!.Envelope.Id;
        Assert.Equal(new DeliveryPass(2, 0, 1), await pair.A.Sender.DeliverDueAsync(default));
        Assert.Equal([first], (await pair.HandOverAtBAsync()).Select(e => e.Id)); // the third waits behind the gap

        (WithdrawOutcome outcome, QueuedEnvelope? withdrawal) = await pair.InTransactionAsync(pair.A,
            work => pair.A.DeadLetters.WithdrawAsync(work, refused, "risk alerts are not in the agreement", default));
        Assert.Equal(new DeliveryPass(1, 0, 0), await pair.A.Sender.DeliverDueAsync(default));
        List<InboundEnvelope> after = await pair.HandOverAtBAsync();

        Assert.Equal(WithdrawOutcome.Withdrawn, outcome);
        Assert.Equal(2, withdrawal!.Envelope.Sequence);
        Assert.Equal([withdrawal.Envelope.Id, third], after.Select(e => e.Id));
        Assert.Equal(ExchangeOutbox.WithdrawalType, after[0].Type);
        Assert.Contains(refused, Encoding.UTF8.GetString(after[0].Payload.Span), StringComparison.Ordinal);
        await using (DbConnection connection = await Databases.A.OpenAsync(default))
        {
            DeadLetter dead = Assert.Single(await MessageLog.DeadLettersAsync(connection, default)); // kept, marked
            Assert.Equal(withdrawal.Envelope.Id, dead.WithdrawnBy);
        }

        Assert.False(await pair.InTransactionAsync(pair.A, work => pair.A.DeadLetters.RetryAsync(work, refused, default)));
        Assert.Equal(WithdrawOutcome.AlreadyWithdrawn,
            (await pair.InTransactionAsync(pair.A, work => pair.A.DeadLetters.WithdrawAsync(work, refused, "again", default))).Outcome);
        Assert.Equal(WithdrawOutcome.NotFound,
            (await pair.InTransactionAsync(pair.A, work => pair.A.DeadLetters.WithdrawAsync(work, "no-such-envelope", "x", default))).Outcome);
        Assert.True(AuditVerifier.Verify(await NodePair.AuditAsync(pair.A)).IsIntact);
        Assert.Contains(await NodePair.AuditAsync(pair.A), e => e.Record.Kind == "dead-letter-withdrawn" && e.Record.EnvelopeId == refused);
    }

    [StoreFact]
    public async Task Deliver_AnsweredFailuresReachMaxAttempts_DeadLetteredWithReason()
    {
        using NodePair pair = await NodePair.CreateAsync(Databases, optionsA: new ExchangeOptions { Delivery = new DeliveryOptions { MaxAttempts = 3 } });
        pair.Transport.FailWith = "HTTP 500 without a receipt";
        await pair.SendAsync(NodePair.ControlResult, Mrn, "{}");

        await pair.RunDeliveryForAsync(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(1));

        Assert.Equal(3, pair.Transport.Sent.Count);
        await using DbConnection connection = await Databases.A.OpenAsync(default);
        DeadLetter dead = Assert.Single(await MessageLog.DeadLettersAsync(connection, default));
        Assert.Contains("HTTP 500", dead.Reason, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task SetAgreement_Changed_EveryVersionKeptAndAudited()
    {
        using NodePair pair = await NodePair.CreateAsync(Databases);

        await pair.InTransactionAsync(pair.A, work => pair.A.Partners.SetAgreementAsync(work, "SGSIN", [new OutboundRule(NodePair.ControlResult, null)], [], default));

        await using DbConnection connection = await Databases.A.OpenAsync(default);
        List<SharingAgreement> history = await PartnerRegistry.AgreementHistoryAsync(connection, "SGSIN", default);
        Assert.Equal([1L, 2L], history.Select(a => a.Version));
        Assert.Equal(NodePair.PreArrivalFields, history[0].OutboundRuleFor(NodePair.PreArrival)!.AllowedFields);
        Assert.Null((await PartnerRegistry.FindAgreementAsync(connection, "SGSIN", default))!.OutboundRuleFor(NodePair.PreArrival));
        Assert.Equal(2, (await AuditTrail.ReadAllAsync(connection, default)).Count(e => e.Record.Kind == "agreement"));
    }

    /// <summary>
    /// A refused envelope: its signed receipt names the outcome and nothing is stored for hand-over. One from a pinned partner
    /// (NAGR, BENV after the signature verified) has its own audit entry, whose head the receipt carries; a request that is not
    /// from a pinned partner (BSIG, USND, SIZE) has none of its own (issue 17 item 2): the receipt carries the head as it was,
    /// and the refusal is counted in the source's summary, audited once its interval closes.
    /// </summary>
    private async Task AssertRefusedAsync(NodePair pair, ReceiveResult result, ReceiptOutcome expected)
    {
        Assert.Equal(expected, result.Outcome);
        Receipt? receipt = ReceiptCodec.Verify(result.Receipt.Text, pair.B.Identity.Certificate);
        Assert.NotNull(receipt);
        Assert.Equal(expected, receipt.Outcome);
        Assert.False(string.IsNullOrEmpty(receipt.Reason));
        Assert.Equal(0, await NodePair.CountAsync(Databases.B, "SELECT COUNT(*) FROM exchange_inbox"));
        Assert.Empty(await pair.HandOverAtBAsync());
        AuditEntry last = (await NodePair.AuditAsync(pair.B))[^1];
        Assert.Equal(receipt.AuditHead, new AuditHead(last.Sequence, last.Hash));
        if (expected is ReceiptOutcome.BadSignature or ReceiptOutcome.UnknownSender or ReceiptOutcome.TooLarge)
        {
            Assert.NotEqual("inbound", last.Record.Kind);
            Assert.Equal(1, await pair.B.Receiver.FlushRefusalsAsync(all: true, default));
            AuditEntry summary = (await NodePair.AuditAsync(pair.B))[^1];
            Assert.Equal(RefusalSummary.AuditKind, summary.Record.Kind);
            Assert.Equal(expected.ToCode(), summary.Record.Outcome);
            Assert.Contains("source local", summary.Record.Detail, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("inbound", last.Record.Kind);
            Assert.Equal(expected.ToCode(), last.Record.Outcome);
        }
    }
}

public sealed class SqliteExchangeStoreTests(SqliteDatabases databases) : ExchangeStoreSuite<SqliteDatabases>(databases), IClassFixture<SqliteDatabases>;

[RequiresPostgres]
public sealed class PostgresExchangeStoreTests(PostgresDatabases databases) : ExchangeStoreSuite<PostgresDatabases>(databases), IClassFixture<PostgresDatabases>;
