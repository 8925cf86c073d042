using System.Data.Common;
using System.Text;
using Landsea.Exchange.Delivery;
using Landsea.Exchange.Inbox;
using Landsea.Exchange.Outbox;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Receiving;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Storage;
using Landsea.Exchange.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Landsea.Exchange.Tests.Infrastructure;

/// <summary>Carries envelopes straight into the partner's receiver, in-process; can be switched off or made to fail.</summary>
internal sealed class InProcessTransport : IExchangeTransport
{
    private readonly Dictionary<string, ExchangeReceiver> _receivers = new(StringComparer.Ordinal);

    public bool Down { get; set; }

    /// <summary>When set, the partner answers with this HTTP-like failure instead of a receipt.</summary>
    public string? FailWith { get; set; }

    public List<byte[]> Sent { get; } = [];

    public void Route(string code, ExchangeReceiver receiver) => _receivers[code] = receiver;

    public async Task<TransportResult> SendAsync(Partner partner, ReadOnlyMemory<byte> wire, CancellationToken ct)
    {
        if (Down)
        {
            return TransportResult.Unreachable("connection refused");
        }

        lock (Sent)
        {
            Sent.Add(wire.ToArray());
        }

        if (FailWith is not null)
        {
            return TransportResult.Failed(FailWith);
        }

        ReceiveResult result = await _receivers[partner.Code].ReceiveAsync(wire, ct);
        return TransportResult.Receipt(result.Receipt.Text);
    }
}

/// <summary>Two nodes, Chongqing (A, CNCQI) and Singapore (B, SGSIN), with partners and agreements set up both ways, on one fake clock.</summary>
internal sealed class NodePair : IDisposable
{
    public const string PreArrival = "pre-arrival";
    public const string ControlResult = "control-result";
    public const string RiskAlert = "risk-alert";
    public const string Decision = "decision";

    public static readonly IReadOnlyList<string> PreArrivalFields = ["/mrn", "/consignor/name", "/goods/*/hsCode", "/goods/*/grossMass"];

    private NodePair(FakeTimeProvider time, InProcessTransport transport, ExchangeGateway a, ExchangeGateway b)
    {
        Time = time;
        Transport = transport;
        A = a;
        B = b;
    }

    public FakeTimeProvider Time { get; }

    public InProcessTransport Transport { get; }

    public ExchangeGateway A { get; }

    public ExchangeGateway B { get; }

    public static async Task<NodePair> CreateAsync(IDatabasePair databases, ExchangeOptions? optionsA = null, ExchangeOptions? optionsB = null)
    {
        await databases.ResetAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));
        var transport = new InProcessTransport();
        var a = new ExchangeGateway(databases.A, NodeIdentity.Create("CNCQI", "Chongqing Customs", time), transport, time, optionsA ?? new ExchangeOptions { CheckpointEvery = 5 });
        var b = new ExchangeGateway(databases.B, NodeIdentity.Create("SGSIN", "Singapore Customs", time), transport, time,
            optionsB ?? new ExchangeOptions { CheckpointEvery = 5, Receiver = new ReceiverOptions { MaxEnvelopeBytes = 64 * 1024 } });
        transport.Route("CNCQI", a.Receiver);
        transport.Route("SGSIN", b.Receiver);
        var pair = new NodePair(time, transport, a, b);
        await pair.InTransactionAsync(a, work => a.Partners.SaveAsync(work, new Partner("SGSIN", "Singapore Customs", new Uri("http://sgsin.test/exchange/v1/envelopes"), b.Identity.Certificate), default));
        await pair.InTransactionAsync(b, work => b.Partners.SaveAsync(work, new Partner("CNCQI", "Chongqing Customs", new Uri("http://cncqi.test/exchange/v1/envelopes"), a.Identity.Certificate), default));
        await pair.InTransactionAsync(a, work => a.Partners.SetAgreementAsync(work, "SGSIN",
            [new OutboundRule(PreArrival, PreArrivalFields), new OutboundRule(ControlResult, null), new OutboundRule(RiskAlert, null)], [Decision], default));
        await pair.InTransactionAsync(b, work => b.Partners.SetAgreementAsync(work, "CNCQI", [new OutboundRule(Decision, null)], [PreArrival, ControlResult], default));
        return pair;
    }

    public async Task InTransactionAsync(ExchangeGateway node, Func<UnitOfWork, Task> work)
    {
        await using UnitOfWork unit = await node.BeginAsync(default);
        await work(unit);
        await unit.CommitAsync(default);
    }

    public async Task<T> InTransactionAsync<T>(ExchangeGateway node, Func<UnitOfWork, Task<T>> work)
    {
        await using UnitOfWork unit = await node.BeginAsync(default);
        T result = await work(unit);
        await unit.CommitAsync(default);
        return result;
    }

    /// <summary>A → B, enqueued in its own committed transaction.</summary>
    public Task<EnqueueResult> SendAsync(string type, string conversation, string payload) =>
        InTransactionAsync(A, work => A.Outbox.EnqueueAsync(work, new OutgoingMessage("SGSIN", type, "1", conversation, Encoding.UTF8.GetBytes(payload)), default));

    /// <summary>Everything B hands over now, in hand-over order.</summary>
    public async Task<List<InboundEnvelope>> HandOverAtBAsync()
    {
        var applied = new List<InboundEnvelope>();
        await B.Inbox.HandOverAsync(B.Database, (e, _, _) =>
        {
            applied.Add(e);
            return Task.CompletedTask;
        }, default);
        return applied;
    }

    /// <summary>An envelope signed by <paramref name="signer"/> for B, bypassing A's outbox (for attacks and edge cases).</summary>
    public SignedEnvelope Forge(NodeIdentity signer, string type = PreArrival, string conversation = "26CN0000000000001", long sequence = 1, DateTimeOffset? createdAt = null, string payload = """{"mrn":"26CN0000000000001"}""")
    {
        var envelope = new Envelope(Guid.NewGuid().ToString("N"), type, "1", signer.Code, "SGSIN", conversation, sequence, createdAt ?? Time.GetUtcNow(), Encoding.UTF8.GetBytes(payload));
        return EnvelopeCodec.Sign(envelope, signer);
    }

    public static async Task<long> CountAsync(ExchangeDatabase database, string sql)
    {
        await using DbConnection connection = await database.OpenAsync(default);
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task ExecuteAsync(ExchangeDatabase database, string sql)
    {
        await using DbConnection connection = await database.OpenAsync(default);
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<List<AuditEntry>> AuditAsync(ExchangeGateway node)
    {
        await using DbConnection connection = await node.Database.OpenAsync(default);
        return await AuditTrail.ReadAllAsync(connection, default);
    }

    /// <summary>Runs delivery passes, advancing the fake clock by <paramref name="step"/> between them, for <paramref name="span"/>.</summary>
    public async Task RunDeliveryForAsync(TimeSpan span, TimeSpan step)
    {
        DateTimeOffset end = Time.GetUtcNow() + span;
        while (Time.GetUtcNow() < end)
        {
            await A.Sender.DeliverDueAsync(default);
            Time.Advance(step);
        }
    }

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
        A.Identity.Dispose();
        B.Identity.Dispose();
    }
}
