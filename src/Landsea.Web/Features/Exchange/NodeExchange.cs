using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Landsea.Data;
using Landsea.Data.Declarations;
using Landsea.Declarations;
using Landsea.Exchange;
using Landsea.Exchange.Inbox;
using Landsea.Exchange.Outbox;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Storage;
using Landsea.Exchange.Transport;
using Landsea.Offices;
using Microsoft.Extensions.Options;

namespace Landsea.Web.Features.Exchange;

/// <summary>
/// The exchange inside a node: the gateway on the node's own database (so business writes and outbox rows share
/// transactions), and the business flows on top of it: what to send when a declaration changes or an inspection is
/// recorded, and how to apply what partners send. Appliers never throw on a partner's content: an unreadable payload is
/// recorded as such and handed over, so a conversation never stalls on it.
/// </summary>
public sealed class NodeExchange : IDisposable
{
    private readonly IServiceProvider _services;
    private readonly ILogger _logger;
    private readonly WakeSignal _arrived = new();

    public NodeExchange(NodeDatabase db, CustomsNode node, NodeOptions nodeOptions, IOptions<ExchangeNodeOptions> options, IServiceProvider services,
        ILoggerFactory loggers, HttpClient http, TestClock? testClock)
    {
        Db = db;
        Node = node;
        Options = options.Value;
        _services = services;
        _logger = loggers.CreateLogger("Landsea.Exchange.Node");
        Time = (TimeProvider?)testClock ?? TimeProvider.System;
        TestClock = testClock;
        IdentityDirectory = IdentityDirectoryFor(nodeOptions, db);
        NodeIdentity identity = LoadOrCreateIdentity(IdentityDirectory, node, nodeOptions.Development || testClock is not null);
        ExchangeDatabase database = ExchangeDatabase.FromOpener(ct => db.OpenAsync(ct));
        var exchangeOptions = new ExchangeOptions { Signing = Options.Signing };
        exchangeOptions.Delivery.MaxAttempts = Options.MaxAttempts;
        Gateway = new ExchangeGateway(database, identity, new HttpExchangeTransport(http), Time, exchangeOptions, loggers);
    }

    public ExchangeGateway Gateway { get; }

    public NodeDatabase Db { get; }

    public CustomsNode Node { get; }

    public ExchangeNodeOptions Options { get; }

    public TimeProvider Time { get; }

    /// <summary>Set only in test mode.</summary>
    public TestClock? TestClock { get; }

    public string IdentityDirectory { get; }

    /// <summary>Where the node keeps node.key.pem, node.crt.pem and node.json: <c>&lt;data directory&gt;/node</c>.</summary>
    public static string IdentityDirectoryFor(NodeOptions options, NodeDatabase db)
    {
        string data = options.DataDirectory
            ?? (db.Provider == SqlDialect.Sqlite ? Path.GetDirectoryName(db.Display)! : Path.GetFullPath(".landsea"));
        return Path.Combine(data, "node");
    }

    /// <summary>Wakes the hand-over loop (an envelope was received).</summary>
    public void SignalArrival() => _arrived.Set();

    public async Task WaitForArrivalAsync(TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await _arrived.WaitAsync(timeout, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Hands over every ready envelope, each applied in its own transaction with its hand-over mark.</summary>
    public Task<int> HandOverAsync(CancellationToken ct) =>
        Gateway.Inbox.HandOverAsync(Gateway.Database, (e, work, token) => ApplyAsync(e, work.Connection, work.Transaction, token), ct);

    /// <summary>Enqueues a message in the caller's transaction; a refusal (no partner, not agreed) is logged and returned, never thrown.</summary>
    public async Task<EnqueueResult> SendAsync(DbConnection c, DbTransaction tx, string recipient, string type, string mrn, byte[] payload, string summary, CancellationToken ct)
    {
        EnqueueResult result = await Gateway.Outbox.EnqueueAsync(new UnitOfWork(c, tx, Time), new OutgoingMessage(recipient, type, MessageTypes.Version, mrn, payload), ct);
        if (result.Envelope is { } sent)
        {
            await ExchangeRecords.AddAsync(c, tx, new ExchangeRecord(sent.Envelope.Id, ExchangeRecords.Out, recipient, type, mrn, sent.Envelope.Sequence, "sent", summary,
                Encoding.UTF8.GetString(sent.Envelope.Payload.Span), Time.GetUtcNow()));
        }
        else
        {
            NodeLog.NotSent(_logger, type, mrn, recipient, result.Refusal.ToString(), result.Reason ?? "");
        }

        return result;
    }

    /// <summary>A declaration changed: on release of an export, announce it to the destination administration and the exit office's node.</summary>
    public async Task OnDeclarationChangedAsync(DbConnection c, DbTransaction tx, DeclarationDetail detail, StatusChange change, CancellationToken ct)
    {
        if (change.Event != DeclarationEvent.Released || detail.Summary.Direction != DeclarationDirection.Export)
        {
            return;
        }

        string mrn = detail.Summary.Mrn;
        string? destination = detail.Declaration.DestinationCountry;
        if (MessageTypes.DestinationNode(destination, Node) is { } target && await AgreesAsync(c, tx, target.Code, MessageTypes.PreArrival, ct))
        {
            await SendAsync(c, tx, target.Code, MessageTypes.PreArrival, mrn, MessageTypes.PreArrivalDocument(detail, change.At),
                $"pre-arrival to {target.Name}", ct);
        }

        CustomsOffice exit = MessageTypes.ExitOfficeFor(destination);
        if (exit.NodeCode != Node.Code && await AgreesAsync(c, tx, exit.NodeCode, MessageTypes.ArrivalNotice, ct))
        {
            await SendAsync(c, tx, exit.NodeCode, MessageTypes.ArrivalNotice, mrn, MessageTypes.ArrivalNoticeDocument(detail, exit, change.At),
                $"anticipated arrival at {exit.Name}", ct);
        }
    }

    /// <summary>A local inspection outcome: forwarded as a control result to every partner whose agreement covers control results.</summary>
    public async Task ForwardInspectionAsync(DbConnection c, DbTransaction tx, InspectionOutcome outcome, CancellationToken ct)
    {
        if (outcome.FromPartner)
        {
            return;
        }

        byte[] payload = JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["mrn"] = outcome.Mrn, ["found"] = outcome.Found, ["what"] = outcome.What, ["source"] = outcome.Source,
            ["at"] = outcome.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), ["recordedBy"] = outcome.RecordedBy,
        });
        foreach (Partner partner in await PartnerRegistry.ListAsync(new UnitOfWork(c, tx, Time), ct))
        {
            if (await AgreesAsync(c, tx, partner.Code, MessageTypes.ControlResult, ct))
            {
                await SendAsync(c, tx, partner.Code, MessageTypes.ControlResult, outcome.Mrn, payload,
                    $"control result ({(outcome.Found ? "irregularity found" : "nothing found")}) at {outcome.Source}", ct);
            }
        }
    }

    /// <summary>
    /// Records an inspection of goods announced by a partner's pre-arrival at this node, and tells every registered
    /// <see cref="IInspectionOutcomeSink"/> (risk keeps it; the exchange forwards it to partners).
    /// </summary>
    public async Task<bool> RecordInspectionAsync(DbConnection c, DbTransaction tx, string mrn, bool found, string? what, string recordedBy, CancellationToken ct)
    {
        ExchangeRecord? pre = await ExchangeRecords.FindAsync(c, tx, ExchangeRecords.In, MessageTypes.PreArrival, mrn);
        if (pre is null)
        {
            return false;
        }

        await ExchangeRecords.SetStateAsync(c, tx, ExchangeRecords.In, MessageTypes.PreArrival, mrn, pre.State, "inspected");
        string office = Corridor.Offices.FirstOrDefault(o => o.NodeCode == Node.Code && o.Roles.HasFlag(OfficeRoles.Entry))?.Code ?? Node.Code;
        var outcome = new InspectionOutcome(mrn, found, what, office, false, Time.GetUtcNow(), recordedBy);
        foreach (IInspectionOutcomeSink sink in _services.GetServices<IInspectionOutcomeSink>())
        {
            await sink.RecordAsync(c, tx, outcome, ct);
        }

        return true;
    }

    /// <summary>Confirms an anticipated arrival back to the departure node. False when no such announced arrival is waiting.</summary>
    public async Task<bool> ConfirmArrivalAsync(DbConnection c, DbTransaction tx, string mrn, string confirmedBy, CancellationToken ct)
    {
        ExchangeRecord? notice = await ExchangeRecords.FindAsync(c, tx, ExchangeRecords.In, MessageTypes.ArrivalNotice, mrn);
        if (notice is null || notice.State != "expected")
        {
            return false;
        }

        await ExchangeRecords.SetStateAsync(c, tx, ExchangeRecords.In, MessageTypes.ArrivalNotice, mrn, "expected", "confirmed");
        string office = "";
        try
        {
            office = JsonDocument.Parse(notice.Document ?? "{}").RootElement.TryGetProperty("exitOffice", out JsonElement e) ? e.GetString() ?? "" : "";
        }
        catch (JsonException)
        {
        }

        byte[] payload = JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["mrn"] = mrn, ["office"] = office, ["arrivedAt"] = Time.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture), ["confirmedBy"] = confirmedBy,
        });
        await SendAsync(c, tx, notice.Partner, MessageTypes.ArrivalConfirmation, mrn, payload, $"arrival confirmed at {office}", ct);
        return true;
    }

    /// <summary>Applies one partner envelope inside the hand-over transaction.</summary>
    public async Task ApplyAsync(InboundEnvelope e, DbConnection c, DbTransaction tx, CancellationToken ct)
    {
        DateTimeOffset now = Time.GetUtcNow();
        string text = Encoding.UTF8.GetString(e.Payload.Span);
        if (e.Payload.Span.TrimStart(" \t\r\n"u8) is not [(byte)'{', ..])
        {
            // Not a JSON object (test traffic is XML): recorded without parsing, and without an exception per envelope.
            await Record("unreadable", "payload is not a JSON object", null);
            return;
        }

        JsonElement doc;
        try
        {
            using JsonDocument parsed = JsonDocument.Parse(e.Payload);
            doc = parsed.RootElement.Clone();
        }
        catch (JsonException)
        {
            await Record("unreadable", "payload is not JSON", null);
            return;
        }

        if (doc.ValueKind != JsonValueKind.Object)
        {
            await Record("unreadable", "payload is not a JSON object", null);
            return;
        }

        string mrn = Str(doc, "mrn") ?? e.Conversation;
        switch (e.Type)
        {
            case MessageTypes.PreArrival:
            {
                (string decision, string reason) = PreArrivalAssessment.Assess(doc);
                await Record(decision, $"pre-arrival from {e.Sender}: {decision} ({reason})", text);
                byte[] answer = JsonSerializer.SerializeToUtf8Bytes(new JsonObject
                {
                    ["mrn"] = mrn, ["decision"] = decision, ["reason"] = reason, ["decidedAt"] = now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                });
                await SendAsync(c, tx, e.Sender, MessageTypes.PreArrivalDecision, mrn, answer, $"decision: {decision} ({reason})", ct);
                if (decision == "hold" && Options.AutoInspectHeld)
                {
                    // Demo: the inspection happens at once; a third of them find an irregularity (deterministic per MRN).
                    bool found = mrn.Sum(ch => ch) % 3 == 0;
                    await RecordInspectionAsync(c, tx, mrn, found, found ? "goods do not match the description" : "goods match the declaration", "auto-inspection", ct);
                }

                break;
            }

            case MessageTypes.PreArrivalDecision:
                await Record(Str(doc, "decision") ?? "unknown", $"{e.Sender} decided: {Str(doc, "decision")} ({Str(doc, "reason")})", text);
                break;

            case MessageTypes.ArrivalNotice:
                await Record("expected", $"arrival announced by {e.Sender} at {Str(doc, "exitOffice")}", text);
                if (Options.AutoConfirmArrivals)
                {
                    await ConfirmArrivalAsync(c, tx, mrn, "auto-confirmation", ct);
                }

                break;

            case MessageTypes.ArrivalConfirmation:
                await Record("arrived", $"{e.Sender} confirmed arrival at {Str(doc, "office")}", text);
                break;

            case MessageTypes.ControlResult:
            {
                bool found = doc.TryGetProperty("found", out JsonElement f) && f.ValueKind == JsonValueKind.True;
                await Record(found ? "found" : "nothing-found", $"control result from {e.Sender} at {Str(doc, "source")}: {(found ? "irregularity found" : "nothing found")}", text);
                DateTimeOffset at = DateTimeOffset.TryParse(Str(doc, "at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset t) ? t : now;
                var outcome = new InspectionOutcome(mrn, found, Str(doc, "what"), e.Sender, true, at, $"partner {e.Sender}");
                foreach (IInspectionOutcomeSink sink in _services.GetServices<IInspectionOutcomeSink>().Where(s => s is not ControlResultForwarder))
                {
                    await sink.RecordAsync(c, tx, outcome, ct);
                }

                break;
            }

            case Landsea.Exchange.Outbox.ExchangeOutbox.WithdrawalType:
                await Record("withdrawn", $"{e.Sender} withdrew envelope {Str(doc, "withdrawn")} (sequence {e.Sequence}): {Str(doc, "reason")}", text);
                break;

            default:
                await Record("recorded", $"{e.Type} from {e.Sender}", null);
                break;
        }

        Task Record(string state, string summary, string? document) =>
            ExchangeRecords.AddAsync(c, tx, new ExchangeRecord(e.Id, ExchangeRecords.In, e.Sender, e.Type, e.Conversation, e.Sequence, state, summary, document, now));
    }

    public void Dispose()
    {
        Gateway.Dispose();
        Gateway.Identity.Dispose();
        _arrived.Dispose();
    }

    private static async Task<bool> AgreesAsync(DbConnection c, DbTransaction tx, string partner, string type, CancellationToken ct) =>
        (await PartnerRegistry.FindAgreementAsync(new UnitOfWork(c, tx, TimeProvider.System), partner, ct))?.OutboundRuleFor(type) is not null;

    private static string? Str(JsonElement doc, string name) =>
        doc.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static NodeIdentity LoadOrCreateIdentity(string directory, CustomsNode node, bool createIfMissing)
    {
        if (!File.Exists(Path.Combine(directory, NodeIdentity.DescriptorFileName)))
        {
            if (!createIfMissing)
            {
                throw new InvalidOperationException(
                    $"No node identity in {directory}: run 'landsea node init --code {node.Code} --name \"{node.Name}\" --dir {directory}' first (development mode creates one).");
            }

            using NodeIdentity created = NodeIdentity.Create(node.Code, node.Name, TimeProvider.System);
            created.Save(directory);
        }

        NodeIdentity identity = NodeIdentity.Load(directory);
        if (identity.Code != node.Code)
        {
            identity.Dispose();
            throw new InvalidOperationException($"The identity in {directory} is node {identity.Code}, but this node runs as {node.Code}.");
        }

        return identity;
    }
}

/// <summary>Enqueues partner messages in the transaction of every declaration status change (transactional outbox).</summary>
public sealed class DeclarationAnnouncer(NodeExchange exchange) : IDeclarationObserver
{
    public Task OnChangedAsync(DbConnection connection, DbTransaction transaction, DeclarationDetail declaration, StatusChange change, CancellationToken ct) =>
        exchange.OnDeclarationChangedAsync(connection, transaction, declaration, change, ct);
}

/// <summary>Forwards local inspection outcomes (not those from partners) as control results, inside the recording transaction.</summary>
public sealed class ControlResultForwarder(NodeExchange exchange) : IInspectionOutcomeSink
{
    public Task RecordAsync(DbConnection connection, DbTransaction transaction, InspectionOutcome outcome, CancellationToken ct) =>
        exchange.ForwardInspectionAsync(connection, transaction, outcome, ct);
}

/// <summary>The background delivery loop (outbox → partners).</summary>
public sealed class ExchangeSender(NodeExchange exchange) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => exchange.Gateway.Sender.RunAsync(stoppingToken);
}

/// <summary>The hand-over loop: applies received envelopes in order per conversation; wakes on arrival or every poll interval.</summary>
public sealed class ExchangeHandOver(NodeExchange exchange, ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger("Landsea.Exchange.Node");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await exchange.HandOverAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException or IOException)
            {
                NodeLog.HandOverFailed(_logger, ex);
            }

            await exchange.WaitForArrivalAsync(exchange.Options.HandOverPoll, stoppingToken);
        }
    }
}

/// <summary>Log events of the exchange inside the node (EventIds 3100-3199). Identifiers only.</summary>
internal static partial class NodeLog
{
    [LoggerMessage(3101, LogLevel.Information, "Not sending {Type} for {Mrn} to {Recipient}: {Refusal} ({Reason})")]
    public static partial void NotSent(ILogger logger, string type, string mrn, string recipient, string refusal, string reason);

    [LoggerMessage(3102, LogLevel.Error, "Hand-over pass failed; retrying")]
    public static partial void HandOverFailed(ILogger logger, Exception exception);

    [LoggerMessage(3103, LogLevel.Warning, "Test clock advanced by {Seconds} s (test mode)")]
    public static partial void ClockAdvanced(ILogger logger, double seconds);
}
