using System.Data.Common;
using System.Text;
using System.Text.Json;
using Landsea.Exchange.Inbox;
using Landsea.Exchange.Outbox;
using Landsea.Exchange.Queries;
using Landsea.Exchange.Storage;
using Landsea.Exchange.Tests.Infrastructure;

namespace Landsea.Exchange.Tests.Inbox;

/// <summary>
/// Issue 17 item 1: an envelope whose application keeps failing is retried a bounded number of times on the injected clock,
/// then quarantined; its conversation goes on, its sender is told with a signed notice, and the operator retries or discards it.
/// Run on SQLite and PostgreSQL.
/// </summary>
public abstract class QuarantineSuite<TDatabases>
    where TDatabases : IDatabasePair
{
    private const string Mrn = "26CNCQI0000000177";

    protected QuarantineSuite(TDatabases databases)
    {
        Databases = databases;
    }

    protected TDatabases Databases { get; }

    private static Task<NodePair> PairAsync(TDatabases databases) =>
        NodePair.CreateAsync(databases, optionsB: new ExchangeOptions { CheckpointEvery = 5, Inbox = new InboxOptions { MaxAttempts = 3, InitialBackoff = TimeSpan.FromSeconds(10) } });

    /// <summary>One hand-over pass at B whose applier throws for payloads containing "poison" (unless <paramref name="healed"/>).</summary>
    private static async Task<List<string>> PassAtBAsync(NodePair pair, bool healed = false)
    {
        var applied = new List<string>();
        await pair.B.Inbox.HandOverAsync(pair.B.Database, (e, _, _) =>
        {
            if (!healed && Encoding.UTF8.GetString(e.Payload.Span).Contains("poison", StringComparison.Ordinal))
            {
                throw new FormatException("cannot read this payload");
            }

            applied.Add(Encoding.UTF8.GetString(e.Payload.Span));
            return Task.CompletedTask;
        }, default);
        return applied;
    }

    [StoreFact]
    public async Task Issue_17_HandOver_ApplierThrowsEveryTime_QuarantinedAfterMaxAttemptsConversationGoesOnSenderTold()
    {
        // Symptom: an envelope whose application threw stayed first in its conversation for ever, the later ones never applied.
        using NodePair pair = await PairAsync(Databases);
        await pair.SendAsync(NodePair.ControlResult, Mrn, """{"n":1}""");
        await pair.SendAsync(NodePair.ControlResult, Mrn, """{"n":"poison"}""");
        await pair.SendAsync(NodePair.ControlResult, Mrn, """{"n":3}""");
        await pair.A.Sender.DeliverDueAsync(default);

        List<string> first = await PassAtBAsync(pair);
        List<string> sameInstant = await PassAtBAsync(pair); // the backoff is on the injected clock: no attempt before it passes
        pair.Time.Advance(TimeSpan.FromSeconds(10));
        List<string> second = await PassAtBAsync(pair);
        long attemptsBefore = await NodePair.CountAsync(pair.B.Database, "SELECT attempts FROM exchange_inbox WHERE attempts > 0");
        pair.Time.Advance(TimeSpan.FromSeconds(20));
        List<string> third = await PassAtBAsync(pair);

        Assert.Equal(["""{"n":1}"""], first);
        Assert.Empty(sameInstant);
        Assert.Empty(second);
        Assert.Equal(2, attemptsBefore);
        Assert.Equal(["""{"n":3}"""], third); // quarantined at the third attempt; the conversation went on in the same pass
        QuarantinedEnvelope quarantined;
        await using (DbConnection b = await pair.B.Database.OpenAsync(default))
        {
            quarantined = Assert.Single(await pair.B.Quarantine.ListAsync(b, default));
            ExchangeStats stats = await MessageLog.StatsAsync(b);
            Assert.Equal((0L, 1L), (stats.WaitingHandOver, stats.Quarantined));
            MessageEntry logged = Assert.Single(await MessageLog.SearchAsync(b, new MessageFilter(Outcome: "QUARANTINED")));
            Assert.Equal((quarantined.EnvelopeId, 3L), (logged.EnvelopeId, logged.Attempts));
        }

        Assert.Equal((Mrn, 2L, 3L, "CNCQI"), (quarantined.Conversation, quarantined.Sequence, quarantined.Attempts, quarantined.Sender));
        Assert.Contains("FormatException", quarantined.Reason, StringComparison.Ordinal);
        Assert.NotNull(quarantined.NoticeId);
        Assert.Contains(await NodePair.AuditAsync(pair.B), e => e.Record.Kind == "quarantined" && e.Record.EnvelopeId == quarantined.EnvelopeId);

        // The notice goes back to A, signed, whatever A's agreement says, and A hands it over like any envelope.
        await pair.B.Sender.DeliverDueAsync(default);
        var atA = new List<InboundEnvelope>();
        await pair.A.Inbox.HandOverAsync(pair.A.Database, (e, _, _) =>
        {
            atA.Add(e);
            return Task.CompletedTask;
        }, default);
        InboundEnvelope notice = Assert.Single(atA);
        Assert.Equal((ExchangeOutbox.RefusedApplicationType, Mrn, quarantined.NoticeId), (notice.Type, notice.Conversation, notice.Id));
        using JsonDocument payload = JsonDocument.Parse(notice.Payload);
        Assert.Equal(quarantined.EnvelopeId, payload.RootElement.GetProperty("refused").GetString());
        Assert.Equal(3, payload.RootElement.GetProperty("attempts").GetInt64());
        Assert.DoesNotContain("cannot read", Encoding.UTF8.GetString(notice.Payload.Span), StringComparison.Ordinal); // the type, not the message

        // Retried by the operator: applied on the next pass, out of line, and the cursor does not move back.
        Assert.True(await pair.InTransactionAsync(pair.B, work => pair.B.Quarantine.RetryAsync(work, quarantined.EnvelopeId, default)));
        Assert.False(await pair.InTransactionAsync(pair.B, work => pair.B.Quarantine.RetryAsync(work, quarantined.EnvelopeId, default)));
        Assert.Equal(["""{"n":"poison"}"""], await PassAtBAsync(pair, healed: true));
        await pair.SendAsync(NodePair.ControlResult, Mrn, """{"n":4}""");
        await pair.A.Sender.DeliverDueAsync(default);
        Assert.Equal(["""{"n":4}"""], await PassAtBAsync(pair));
        await using (DbConnection b = await pair.B.Database.OpenAsync(default))
        {
            Assert.Empty(await pair.B.Quarantine.ListAsync(b, default));
        }

        Assert.True(AuditVerifier.Verify(await NodePair.AuditAsync(pair.B)).IsIntact);
    }

    [StoreFact]
    public async Task Issue_17_Discard_QuarantinedEnvelope_KeptMarkedNeverAppliedInboxRowKept()
    {
        using NodePair pair = await PairAsync(Databases);
        await pair.SendAsync(NodePair.ControlResult, Mrn, """{"n":"poison"}""");
        await pair.A.Sender.DeliverDueAsync(default);
        for (int i = 0; i < 3; i++)
        {
            await PassAtBAsync(pair);
            pair.Time.Advance(TimeSpan.FromMinutes(1));
        }

        string id;
        await using (DbConnection b = await pair.B.Database.OpenAsync(default))
        {
            id = Assert.Single(await pair.B.Quarantine.ListAsync(b, default)).EnvelopeId;
        }

        DiscardOutcome discarded = await pair.InTransactionAsync(pair.B, work => pair.B.Quarantine.DiscardAsync(work, id, "partner sends a fixed copy", default));
        DiscardOutcome again = await pair.InTransactionAsync(pair.B, work => pair.B.Quarantine.DiscardAsync(work, id, "again", default));
        DiscardOutcome missing = await pair.InTransactionAsync(pair.B, work => pair.B.Quarantine.DiscardAsync(work, "no-such-envelope", "x", default));
        bool retried = await pair.InTransactionAsync(pair.B, work => pair.B.Quarantine.RetryAsync(work, id, default));

        Assert.Equal((DiscardOutcome.Discarded, DiscardOutcome.AlreadyDiscarded, DiscardOutcome.NotFound, false), (discarded, again, missing, retried));
        Assert.Empty(await PassAtBAsync(pair, healed: true));
        await using (DbConnection b = await pair.B.Database.OpenAsync(default))
        {
            QuarantinedEnvelope kept = Assert.Single(await pair.B.Quarantine.ListAsync(b, default));
            Assert.Equal("partner sends a fixed copy", kept.DiscardReason);
            Assert.NotNull(kept.DiscardedAt);
            Assert.Equal(0L, (await MessageLog.StatsAsync(b)).Quarantined);
        }

        Assert.Contains(await NodePair.AuditAsync(pair.B), e => e.Record.Kind == "quarantine-discarded" && e.Record.EnvelopeId == id && e.Record.Detail == "partner sends a fixed copy");
        Assert.Equal(1, await NodePair.CountAsync(pair.B.Database, $"SELECT COUNT(*) FROM exchange_inbox WHERE envelope_id = '{id}'"));
    }
}

public sealed class SqliteQuarantineTests(SqliteDatabases databases) : QuarantineSuite<SqliteDatabases>(databases), IClassFixture<SqliteDatabases>;

[RequiresPostgres]
public sealed class PostgresQuarantineTests(PostgresDatabases databases) : QuarantineSuite<PostgresDatabases>(databases), IClassFixture<PostgresDatabases>;
