using System.Diagnostics.Metrics;
using System.Text;
using Landsea.Exchange;
using Landsea.Exchange.Outbox;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Records;
using Landsea.Exchange.Storage;
using Landsea.Sharing;
using Microsoft.Extensions.Logging;

namespace Landsea.Data.Sharing;

/// <summary>
/// Sends the node's business messages to partners in the caller's unit of work (transactional outbox): the partner's
/// current agreement decides whether a type goes, the exchange outbox signs and queues it, and the message log records
/// what was sent. A refusal (no partner, not agreed) is logged with identifiers and returned, never thrown.
/// </summary>
public sealed partial class SharingOutbox
{
    /// <summary>The node's own meter; the web host exports it with the ASP.NET Core and HttpClient meters.</summary>
    public const string MeterName = "Landsea.Node";

    private readonly IMessageOutbox _outbox;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Counter<long> _sent;

    public SharingOutbox(IMessageOutbox outbox, TimeProvider time, ILoggerFactory loggers, IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(loggers);
        _outbox = outbox;
        _time = time;
        _logger = loggers.CreateLogger("Landsea.Exchange.Node");
        _sent = meters.Create(MeterName).CreateCounter<long>("landsea.exchange.envelopes.sent", "{envelope}",
            "Business envelopes enqueued for a partner in their business transaction, by type.");
    }

    /// <summary>True when the current agreement with <paramref name="partner"/> lets this node send <paramref name="type"/>.</summary>
    public static async Task<bool> AgreesAsync(UnitOfWork work, string partner, string type, CancellationToken ct) =>
        (await PartnerRegistry.FindAgreementAsync(work, partner, ct))?.OutboundRuleFor(type) is not null;

    /// <summary>Sends <paramref name="message"/> when the agreement covers its type; false when it does not (nothing written).</summary>
    public async Task<bool> SendIfAgreedAsync(UnitOfWork work, PlannedMessage message, CancellationToken ct)
    {
        if (!await AgreesAsync(work, message.Recipient, message.Type, ct))
        {
            return false;
        }

        return (await SendAsync(work, message, ct)).Envelope is not null;
    }

    /// <summary>Enqueues <paramref name="message"/> in the caller's unit of work and records it as sent; a refusal is logged and returned.</summary>
    public async Task<EnqueueResult> SendAsync(UnitOfWork work, PlannedMessage message, CancellationToken ct)
    {
        EnqueueResult result = await _outbox.EnqueueAsync(work, new OutgoingMessage(message.Recipient, message.Type, MessageTypes.Version, message.Conversation, message.Payload), ct);
        if (result.Envelope is { } sent)
        {
            _sent.Add(1, new KeyValuePair<string, object?>("type", message.Type));
            await MessageRecords.AddAsync(work, new MessageRecord(sent.Envelope.Id, MessageRecords.Out, message.Recipient, message.Type, message.Conversation,
                sent.Envelope.Sequence, "sent", message.Summary, Encoding.UTF8.GetString(sent.Envelope.Payload.Span), _time.GetUtcNow()), ct);
        }
        else
        {
            NotSent(_logger, message.Type, message.Conversation, message.Recipient, result.Refusal.ToString(), result.Reason ?? "");
        }

        return result;
    }

    [LoggerMessage(3101, LogLevel.Information, "Not sending {Type} for {Mrn} to {Recipient}: {Refusal} ({Reason})")]
    private static partial void NotSent(ILogger logger, string type, string mrn, string recipient, string refusal, string reason);
}
