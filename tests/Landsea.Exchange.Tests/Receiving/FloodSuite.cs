using System.Text;
using Landsea.Exchange.Receiving;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Tests.Infrastructure;

namespace Landsea.Exchange.Tests.Receiving;

/// <summary>
/// Issue 17 item 2: requests that are not from a pinned partner are refused whole, before any per-item work, and cost the
/// audit trail one entry per source and interval however many requests and envelopes they carry; a partner's signed traffic
/// is audited per envelope as before.
/// </summary>
public abstract class FloodSuite<TDatabases>
    where TDatabases : IDatabasePair
{
    private const string Attacker = "203.0.113.5";
    private const string Forger = "203.0.113.6";

    protected FloodSuite(TDatabases databases)
    {
        Databases = databases;
    }

    protected TDatabases Databases { get; }

    /// <summary>
    /// Symptom (issue 17 item 2): 829 unauthenticated batch requests of 1,000 empty envelopes made 829,000 audit entries and a
    /// warning each; 83,709 one-byte requests made 83,709 entries.
    /// </summary>
    [StoreFact]
    public async Task Issue_17_unauthenticated_flood_adds_one_audit_entry_per_source_and_interval()
    {
        using NodePair pair = await NodePair.CreateAsync(Databases);
        using NodeIdentity stranger = NodeIdentity.Create("VNHPH", "Hai Phong", pair.Time);
        using NodeIdentity impostor = NodeIdentity.Create("CNCQI", "Not Chongqing", pair.Time);
        long before = await HeadAsync(pair);
        List<ReadOnlyMemory<byte>> empties = Enumerable.Repeat((ReadOnlyMemory<byte>)"{}"u8.ToArray(), 1000).ToList();

        var outcomes = new List<ReceiptOutcome>();
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < 100; i++)
            {
                outcomes.Add(Refusal(await pair.B.Receiver.ReceiveRequestAsync(empties, Attacker, null, default)));
                outcomes.Add(Refusal(await pair.B.Receiver.ReceiveRequestAsync(new MemoryStream("x"u8.ToArray()), 1, batch: false, Attacker, null, default)));
                outcomes.Add(Refusal(await pair.B.Receiver.ReceiveRequestAsync([EnvelopeCodec.ToWire(pair.Forge(stranger, conversation: $"C{i}"))], Forger, null, default)));
                outcomes.Add(Refusal(await pair.B.Receiver.ReceiveRequestAsync([EnvelopeCodec.ToWire(pair.Forge(impostor, conversation: $"D{i}"))], Forger, null, default)));
            }

            Assert.Equal(0, await pair.B.Receiver.FlushRefusalsAsync(all: false, default)); // the interval is still open
            Assert.Equal(before + (2 * round), await HeadAsync(pair));
            pair.Time.Advance(pair.B.Receiver.Refusals.Interval);
            Assert.Equal(2, await pair.B.Receiver.FlushRefusalsAsync(all: false, default));
        }

        List<AuditEntry> summaries = (await NodePair.AuditAsync(pair.B)).Where(e => e.Sequence > before).ToList();
        Assert.Equal(4, summaries.Count);
        Assert.All(summaries, e => Assert.Equal(RefusalSummary.AuditKind, e.Record.Kind));
        Assert.Equal(2, summaries.Count(e => e.Record.Detail!.StartsWith($"source {Attacker} ", StringComparison.Ordinal)
            && e.Record.Detail.Contains("200 requests (100100 envelopes) refused (BENV 200)", StringComparison.Ordinal)));
        Assert.Equal(2, summaries.Count(e => e.Record.Detail!.StartsWith($"source {Forger} ", StringComparison.Ordinal)
            && e.Record.Detail.Contains("(BSIG 100, USND 100)", StringComparison.Ordinal)));
        Assert.Equal(800, outcomes.Count);
        Assert.DoesNotContain(outcomes, o => o.IsAccepted());
        Assert.Equal(0, await NodePair.CountAsync(Databases.B, "SELECT COUNT(*) FROM exchange_inbox"));
        Assert.True(AuditVerifier.Verify(await NodePair.AuditAsync(pair.B)).IsIntact);
    }

    [StoreFact]
    public async Task ReceiveRequest_PinnedPartnerBatch_AuditedPerEnvelopeNotSummarised()
    {
        using NodePair pair = await NodePair.CreateAsync(Databases);
        using NodeIdentity impostor = NodeIdentity.Create("CNCQI", "Not Chongqing", pair.Time);
        long before = await HeadAsync(pair);
        List<ReadOnlyMemory<byte>> wires =
        [
            EnvelopeCodec.ToWire(pair.Forge(pair.A.Identity, conversation: "C1")),
            EnvelopeCodec.ToWire(pair.Forge(impostor, conversation: "C2")),
            EnvelopeCodec.ToWire(pair.Forge(pair.A.Identity, conversation: "C3")),
        ];

        ReceiveAnswer answer = await pair.B.Receiver.ReceiveRequestAsync(wires, "198.51.100.7", _ => null, default);

        Assert.Null(answer.Refusal);
        Assert.Equal([ReceiptOutcome.Received, ReceiptOutcome.BadSignature, ReceiptOutcome.Received], answer.Results!.Select(r => r.Outcome));
        List<AuditEntry> added = (await NodePair.AuditAsync(pair.B)).Where(e => e.Sequence > before).ToList();
        Assert.Equal(["RECE", "BSIG", "RECE"], added.Select(e => e.Record.Outcome));
        Assert.All(added, e => Assert.Equal("inbound", e.Record.Kind));
        pair.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await pair.B.Receiver.FlushRefusalsAsync(all: true, default));
    }

    [StoreFact]
    public async Task ReceiveRequest_PartnerOverItsLimit_WaitAndNothingStoredOrAudited()
    {
        using NodePair pair = await NodePair.CreateAsync(Databases);
        long before = await HeadAsync(pair);
        string? asked = null;

        ReceiveAnswer answer = await pair.B.Receiver.ReceiveRequestAsync([EnvelopeCodec.ToWire(pair.Forge(pair.A.Identity))], "198.51.100.7",
            partner => { asked = partner; return TimeSpan.FromSeconds(4); }, default);

        Assert.Equal("CNCQI", asked);
        Assert.Equal(TimeSpan.FromSeconds(4), answer.RetryAfter);
        Assert.Null(answer.Results);
        Assert.Equal(0, await NodePair.CountAsync(Databases.B, "SELECT COUNT(*) FROM exchange_inbox"));
        Assert.Equal(before, await HeadAsync(pair));
        Assert.Equal(1, await pair.B.Receiver.FlushRefusalsAsync(all: true, default));
        Assert.Contains("1 over the partner rate limit", (await NodePair.AuditAsync(pair.B))[^1].Record.Detail, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task ReceiveRequest_ManySources_SummariesBoundedByMaxSources()
    {
        using NodePair pair = await NodePair.CreateAsync(Databases);
        long before = await HeadAsync(pair);
        int sources = pair.B.Receiver.Refusals.MaxSources + 500;

        for (int i = 0; i < sources; i++)
        {
            await pair.B.Receiver.ReceiveRequestAsync(new MemoryStream(Encoding.ASCII.GetBytes("x")), 1, batch: false, $"10.0.{i / 256}.{i % 256}", null, default);
        }

        Assert.Equal(pair.B.Receiver.Refusals.MaxSources + 1, await pair.B.Receiver.FlushRefusalsAsync(all: true, default));
        Assert.Contains("source other ", (await NodePair.AuditAsync(pair.B))[^1].Record.Detail, StringComparison.Ordinal);
        Assert.Equal(before + pair.B.Receiver.Refusals.MaxSources + 1, await HeadAsync(pair));
    }

    private static ReceiptOutcome Refusal(ReceiveAnswer answer)
    {
        Assert.Null(answer.Results);
        return Assert.IsType<ReceiveResult>(answer.Refusal).Outcome;
    }

    private static async Task<long> HeadAsync(NodePair pair)
    {
        await using System.Data.Common.DbConnection c = await pair.B.Database.OpenAsync(default);
        return (await AuditTrail.ReadHeadAsync(c, default)).Sequence;
    }
}

public sealed class SqliteFloodTests(SqliteDatabases databases) : FloodSuite<SqliteDatabases>(databases), IClassFixture<SqliteDatabases>;

[RequiresPostgres]
public sealed class PostgresFloodTests(PostgresDatabases databases) : FloodSuite<PostgresDatabases>(databases), IClassFixture<PostgresDatabases>;
