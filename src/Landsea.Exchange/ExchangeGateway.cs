using Landsea.Exchange.Delivery;
using Landsea.Exchange.Inbox;
using Landsea.Exchange.Outbox;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Receiving;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Storage;
using Landsea.Exchange.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Landsea.Exchange;

/// <summary>Settings for the whole gateway: one object per area.</summary>
public sealed class ExchangeOptions
{
    public DeliveryOptions Delivery { get; set; } = new();

    public ReceiverOptions Receiver { get; set; } = new();

    /// <summary>Hand-over: attempts and backoff before a received envelope that cannot be applied is quarantined.</summary>
    public InboxOptions Inbox { get; set; } = new();

    /// <summary>How envelopes and receipts are signed: one ES256 signature per request's envelopes and per answer's receipts
    /// (<see cref="SigningMode.Batch"/>, default), or one per envelope and per receipt (ADR 0306).</summary>
    public SigningMode Signing { get; set; } = SigningMode.Batch;

    /// <summary>Audit entries between signed checkpoints. Default 1000.</summary>
    public int CheckpointEvery { get; set; } = 1000;
}

/// <summary>
/// The parts of the exchange wired together for one node. A host migrates the exchange's tables once
/// (<see cref="ExchangeMigrations"/>, with its own through <see cref="MigrationRunner"/>), creates one (a singleton), runs
/// <see cref="Sender"/>.RunAsync in the background, maps a POST to
/// <see cref="Receiver"/>, and drains <see cref="Inbox"/>.
/// </summary>
public sealed class ExchangeGateway : IDisposable
{
    public ExchangeGateway(ExchangeDatabase database, NodeIdentity identity, IExchangeTransport transport, TimeProvider time,
        ExchangeOptions? options = null, ILoggerFactory? loggers = null)
    {
        options ??= new ExchangeOptions();
        loggers ??= NullLoggerFactory.Instance;
        Database = database;
        Identity = identity;
        Audit = new AuditTrail(identity, time, options.CheckpointEvery);
        Partners = new PartnerRegistry(Audit, time);
        var outbox = new ExchangeOutbox(identity, Audit, time, options.Signing);
        Outbox = outbox;
        Sender = new OutboxSender(database, identity, Audit, transport, options.Delivery, time, loggers.CreateLogger<OutboxSender>(), signing: options.Signing);
        Receiver = new ExchangeReceiver(database, identity, Audit, options.Receiver, time, loggers.CreateLogger<ExchangeReceiver>(), options.Signing);
        Inbox = new ExchangeInbox(time, loggers.CreateLogger<ExchangeInbox>(), options.Inbox, Audit, outbox);
        Quarantine = new InboxQuarantine(Audit, time);
        DeadLetters = new DeadLetters(Audit, time, outbox);
        Submitter = new OutboxSubmitter(database, outbox, Sender.Notify, time);
        Time = time;
        Outbox.Enqueued += (_, _) => Sender.Notify();
    }

    public ExchangeDatabase Database { get; }

    /// <summary>The gateway's clock (a fake one in tests).</summary>
    public TimeProvider Time { get; }

    /// <summary>Opens a connection and begins a unit of work on the gateway's clock; disposing it closes both (rolls back unless committed).</summary>
    public Task<UnitOfWork> BeginAsync(CancellationToken ct) => UnitOfWork.BeginAsync(Database, Time, ct);

    public NodeIdentity Identity { get; }

    public AuditTrail Audit { get; }

    public PartnerRegistry Partners { get; }

    /// <summary>Enqueue in the caller's transaction.</summary>
    public IMessageOutbox Outbox { get; }

    /// <summary>Group-committed enqueue for callers without a transaction of their own.</summary>
    public OutboxSubmitter Submitter { get; }

    public OutboxSender Sender { get; }

    public ExchangeReceiver Receiver { get; }

    /// <summary>In-order hand-over of received envelopes.</summary>
    public IMessageInbox Inbox { get; }

    /// <summary>Listing, retry and discard of received envelopes the node could not apply.</summary>
    public IInboxQuarantine Quarantine { get; }

    /// <summary>Listing, retry and withdrawal of envelopes delivery gave up on.</summary>
    public IDeadLetters DeadLetters { get; }

    public void Dispose()
    {
        Submitter.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Sender.Dispose();
    }
}
