using System.Data.Common;
using System.Diagnostics.Metrics;
using Landsea.Data.Declarations;
using Landsea.Data;
using Landsea.Declarations;
using Landsea.Exchange.Queries;
using Landsea.Exchange.Storage;
using Landsea.Web.Features.Exchange;

namespace Landsea.Web.ServiceDefaults;

/// <summary>
/// The node's own meter, <see cref="MeterName"/>: declarations lodged, envelopes received, and the
/// outbox and inbox queue depths (business envelopes sent are counted on the same meter by
/// <see cref="Landsea.Data.Sharing.SharingOutbox"/>). Exported with the ASP.NET Core and HttpClient meters when OTLP is configured.
/// </summary>
public sealed class NodeMetrics
{
    /// <summary>The name of the node's meter.</summary>
    public const string MeterName = Landsea.Data.Sharing.SharingOutbox.MeterName;

    private readonly Counter<long> _lodged;
    private readonly Counter<long> _received;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _limited;

    public NodeMetrics(IMeterFactory meters, QueueDepths depths)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(depths);
        Meter meter = meters.Create(MeterName);
        _lodged = meter.CreateCounter<long>("landsea.declarations.lodged", "{declaration}", "Declarations accepted on lodging, by direction.");
        _received = meter.CreateCounter<long>("landsea.exchange.envelopes.received", "{envelope}", "Envelopes received from partners, by receipt outcome.");
        _refused = meter.CreateCounter<long>("landsea.exchange.requests.refused", "{request}",
            "Requests to the exchange refused whole before any per-item work (not from a pinned partner, or too large), by receipt outcome.");
        _limited = meter.CreateCounter<long>("landsea.exchange.requests.limited", "{request}", "Requests to the exchange answered 429, by limit (source, partner).");
        meter.CreateObservableGauge("landsea.exchange.outbox.depth", () => depths.Observe().Outbox, "{envelope}",
            "Envelopes in the outbox not yet delivered (sampled at most every 10 s while observed).");
        meter.CreateObservableGauge("landsea.exchange.inbox.depth", () => depths.Observe().Inbox, "{envelope}",
            "Received envelopes not yet handed over (sampled at most every 10 s while observed).");
    }

    public void DeclarationLodged(DeclarationDirection direction) => _lodged.Add(1, new KeyValuePair<string, object?>("direction", direction.ToString()));

    public void EnvelopeReceived(string outcome) => _received.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void RequestRefused(string outcome) => _refused.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void RequestLimited(string limit) => _limited.Add(1, new KeyValuePair<string, object?>("limit", limit));
}

/// <summary>
/// Counts accepted lodgements for <see cref="NodeMetrics"/>. It runs inside the lodging transaction, so a lodgement whose
/// commit then fails is still counted (rare: the writer retries only transient failures).
/// </summary>
internal sealed class LodgementMetrics(NodeMetrics metrics) : IDeclarationObserver
{
    public Task OnChangedAsync(UnitOfWork work, DeclarationDetail declaration, StatusChange change, CancellationToken ct)
    {
        if (change.Event == DeclarationEvent.Accepted)
        {
            metrics.DeclarationLodged(declaration.Summary.Direction);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// The outbox and inbox depths for the gauges. Gauges are read synchronously, so a read returns the last sample and, when
/// that is older than <see cref="MaxAge"/>, starts one new sample in the background: nothing is queried unless someone
/// collects the metrics.
/// </summary>
public sealed partial class QueueDepths(NodeDatabase db, TimeProvider time, ILogger<QueueDepths> logger)
{
    /// <summary>Oldest sample a read returns without starting a new one.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private (long Outbox, long Inbox) _last;
    private DateTimeOffset _sampledAt = DateTimeOffset.MinValue;
    private bool _sampling;

    /// <summary>The last sample (zero before the first); refreshes it in the background when stale.</summary>
    public (long Outbox, long Inbox) Observe()
    {
        lock (_lock)
        {
            if (!_sampling && time.GetUtcNow() - _sampledAt > MaxAge)
            {
                _sampling = true;
                _ = Task.Run(SampleAsync);
            }

            return _last;
        }
    }

    private async Task SampleAsync()
    {
        try
        {
            await using DbConnection c = await db.OpenAsync();
            ExchangeStats stats = await MessageLog.StatsAsync(c);
            lock (_lock)
            {
                _last = (stats.Pending, stats.WaitingHandOver);
                _sampledAt = time.GetUtcNow();
            }
        }
        catch (DbException ex)
        {
            SampleFailed(logger, ex);
        }
        finally
        {
            lock (_lock)
            {
                _sampling = false;
            }
        }
    }

    [LoggerMessage(3201, LogLevel.Warning, "Queue depth sample failed")]
    private static partial void SampleFailed(ILogger logger, Exception exception);
}
