using System.Data.Common;
using System.Text;
using Dapper;
using Landsea.Data;
using Landsea.Exchange;
using Landsea.Exchange.Inbox;
using Landsea.Exchange.Outbox;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Storage;
using Landsea.Exchange.Transport;
using Landsea.Offices;
using Landsea.Sharing;
using Landsea.Web.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Landsea.Web.Features.Exchange;

/// <summary>
/// The exchange inside a node: the gateway on the node's own database (so business writes and outbox rows share
/// transactions), the node's identity, and the hand-over of received envelopes to the
/// node's <see cref="IEnvelopeApplier"/> (the Sharing capability decides what they mean).
/// </summary>
public sealed class NodeExchange : IDisposable
{
    private readonly IServiceProvider _services;
    private readonly ILogger _logger;
    private readonly WakeSignal _arrived = new();
    private readonly PartnerHttpClients _clients;

    public NodeExchange(NodeDatabase db, CustomsNode node, NodeOptions nodeOptions, IOptions<ExchangeNodeOptions> options, IServiceProvider services,
        ILoggerFactory loggers, TestClock? testClock)
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
        exchangeOptions.Inbox.MaxAttempts = Options.HandOverMaxAttempts;
        exchangeOptions.Inbox.InitialBackoff = Options.HandOverBackoff;
        // HTTPS to a partner accepts only its pinned certificate (or its administration's CA): ADR 0406.
        _clients = new PartnerHttpClients(Time);
        Gateway = new ExchangeGateway(database, identity, new HttpExchangeTransport(_clients), Time, exchangeOptions, loggers);
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
    public static string IdentityDirectoryFor(NodeOptions options, NodeDatabase db) =>
        Landsea.Exchange.Signing.IdentityDirectory.For(options.DataDirectory, db.Provider == SqlDialect.Sqlite ? db.Display : null);

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

    /// <summary>Raised for each envelope the hand-over applies (the hand-over loop's progress signal).</summary>
    public event EventHandler? HandOverProgress;

    /// <summary>Hands over every ready envelope, each applied in its own transaction with its hand-over mark.</summary>
    public Task<int> HandOverAsync(CancellationToken ct)
    {
        IEnvelopeApplier applier = _services.GetRequiredService<IEnvelopeApplier>();
        return Gateway.Inbox.HandOverAsync(Gateway.Database, (e, work, token) =>
        {
            // A long pass (a large backlog) is progress, not a hang: each envelope counts for the readiness check.
            HandOverProgress?.Invoke(this, EventArgs.Empty);
            return applier.ApplyAsync(e, work, token);
        }, ct);
    }

    public void Dispose()
    {
        Gateway.Dispose();
        _clients.Dispose();
        Gateway.Identity.Dispose();
        _arrived.Dispose();
    }

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
            try
            {
                created.Save(directory);
            }
            catch (IOException) when (File.Exists(Path.Combine(directory, NodeIdentity.KeyFileName)))
            {
                // Another process on the same folder (two development nodes started at once on a fresh machine) is writing
                // its identity now: that one is the folder's, and is loaded once its descriptor, written last, is complete.
                return LoadOnceWritten(directory, node);
            }
        }

        return Checked(NodeIdentity.Load(directory), directory, node);
    }

    private static NodeIdentity LoadOnceWritten(string directory, CustomsNode node)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return Checked(NodeIdentity.Load(directory), directory, node);
            }
            catch (Exception e) when (attempt < 100 && e is IOException or System.Text.Json.JsonException or InvalidDataException or ArgumentException or System.Security.Cryptography.CryptographicException)
            {
                Thread.Sleep(50);
            }
        }
    }

    private static NodeIdentity Checked(NodeIdentity identity, string directory, CustomsNode node)
    {
        if (identity.Code != node.Code)
        {
            identity.Dispose();
            throw new InvalidOperationException($"The identity in {directory} is node {identity.Code}, but this node runs as {node.Code}.");
        }

        return identity;
    }
}

/// <summary>
/// What the node does with a received envelope, inside its hand-over transaction. Never throws on a partner's content: an
/// unreadable payload is recorded as such and handed over, so a conversation never stalls on it. If it throws all the same (a
/// bug, a constraint), the gateway counts the attempt and, after Exchange:HandOverMaxAttempts, quarantines the envelope.
/// </summary>
public interface IEnvelopeApplier
{
    /// <param name="work">The hand-over's transaction, on the gateway's clock; write within it only.</param>
    Task ApplyAsync(InboundEnvelope envelope, UnitOfWork work, CancellationToken ct);
}

/// <summary>The background delivery loop (outbox → partners); the node is not ready while it does not run.</summary>
public sealed class ExchangeSender : BackgroundService
{
    public const string LoopName = "exchange delivery";

    private readonly NodeExchange _exchange;
    private readonly BackgroundLoops _loops;

    public ExchangeSender(NodeExchange exchange, BackgroundLoops loops)
    {
        _exchange = exchange;
        _loops = loops;
        loops.Expect(LoopName, exchange.Options.LoopStuckAfter);
        exchange.Gateway.Sender.PassCompleted += (_, _) => loops.Passed(LoopName);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _loops.RunAsync(LoopName, _exchange.Gateway.Sender.RunAsync, stoppingToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        _loops.ServiceStopped(LoopName);
    }
}

/// <summary>The hand-over loop: applies received envelopes in order per conversation; wakes on arrival or every poll interval. The node is not ready while it does not run.</summary>
public sealed class ExchangeHandOver : BackgroundService
{
    public const string LoopName = "exchange hand-over";

    private readonly NodeExchange _exchange;
    private readonly BackgroundLoops _loops;
    private readonly ILogger _logger;

    public ExchangeHandOver(NodeExchange exchange, BackgroundLoops loops, ILoggerFactory loggers)
    {
        _exchange = exchange;
        _loops = loops;
        _logger = loggers.CreateLogger("Landsea.Exchange.Node");
        loops.Expect(LoopName, exchange.Options.LoopStuckAfter);
        exchange.HandOverProgress += (_, _) => loops.Passed(LoopName);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _loops.RunAsync(LoopName, LoopAsync, stoppingToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        _loops.ServiceStopped(LoopName);
    }

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        NodeExchange exchange = _exchange;
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
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // No exception from one pass stops the host (issue 17): log it and try again after the poll interval.
                NodeLog.HandOverFailed(_logger, ex);
            }

            _loops.Passed(LoopName);
            await exchange.WaitForArrivalAsync(exchange.Options.HandOverPoll, stoppingToken);
        }
    }
}

/// <summary>Log events of the exchange inside the node (EventIds 3100-3199). Identifiers only.</summary>
internal static partial class NodeLog
{
    [LoggerMessage(3102, LogLevel.Error, "Hand-over pass failed; retrying")]
    public static partial void HandOverFailed(ILogger logger, Exception exception);

    [LoggerMessage(3103, LogLevel.Warning, "Test clock advanced by {Seconds} s (test mode)")]
    public static partial void ClockAdvanced(ILogger logger, double seconds);
}
