using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Landsea.Web.ServiceDefaults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Landsea.Web.Features.Exchange;

/// <summary>
/// Limits on the exchange's anonymous endpoints (issue 17 item 2), bound from <c>Exchange:Limits</c> (for example
/// <c>--Exchange:Limits:PerSourceRequests=500</c>). Windows are fixed, aligned to the clock, on the node's injected
/// <see cref="TimeProvider"/>. Defaults leave a corridor's traffic (batched, a few requests a second per partner) far inside.
/// </summary>
public sealed class ExchangeLimits
{
    /// <summary>Requests one source address (IPv4, or IPv6 /64) may send to <c>POST /exchange/envelopes</c> per
    /// <see cref="PerSourceWindow"/>, checked before the body is read; more are answered 429 with Retry-After. Default 2000.</summary>
    public int PerSourceRequests { get; set; } = 2000;

    /// <summary>Default 10 s.</summary>
    public TimeSpan PerSourceWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Authenticated requests one partner may send per <see cref="PerPartnerWindow"/>, checked once its signature
    /// verified and before any per-item work; more are answered 429 with Retry-After. Default 1000.</summary>
    public int PerPartnerRequests { get; set; } = 1000;

    /// <summary>Default 10 s.</summary>
    public TimeSpan PerPartnerWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long refused requests from one source are counted before they become one audit entry. Default 1 minute.</summary>
    public TimeSpan SummaryInterval { get; set; } = TimeSpan.FromMinutes(1);

    public bool IsValid => PerSourceRequests >= 1 && PerPartnerRequests >= 1 && PerSourceWindow > TimeSpan.Zero && PerPartnerWindow > TimeSpan.Zero
        && SummaryInterval > TimeSpan.Zero;
}

/// <summary>
/// The exchange's rate limiting: ASP.NET Core's rate limiter middleware with policy <see cref="SourcePolicy"/> (per source
/// address), <see cref="PartnerLimiter"/> (per authenticated partner), both answering 429 with Retry-After, counted in
/// <see cref="NodeMetrics"/> and in the receiver's refusal summary; and the loop that audits the summaries.
/// </summary>
public static class ExchangeLimiting
{
    /// <summary>The rate-limiting policy of the anonymous exchange endpoints.</summary>
    public const string SourcePolicy = "exchange-source";

    public static void AddExchangeLimiting(this IServiceCollection services)
    {
        services.AddSingleton<PartnerLimiter>();
        services.AddHostedService<RefusalSummaryFlush>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SourcePolicy, http =>
            {
                ExchangeLimits limits = http.RequestServices.GetRequiredService<IOptions<ExchangeNodeOptions>>().Value.Limits;
                TimeProvider time = http.RequestServices.GetRequiredService<TimeProvider>();
                return RateLimitPartition.Get(SourceOf(http), _ => new ClockWindowLimiter(limits.PerSourceRequests, limits.PerSourceWindow, time));
            });
            o.OnRejected = async (context, ct) =>
            {
                HttpContext http = context.HttpContext;
                http.RequestServices.GetRequiredService<NodeMetrics>().RequestLimited("source");
                http.RequestServices.GetRequiredService<NodeExchange>().Gateway.Receiver.Refusals.Limited(SourceOf(http), "source");
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan wait))
                {
                    http.Response.Headers.RetryAfter = RetryAfterSeconds(wait);
                }

                await http.Response.WriteAsync("too many requests from this address; retry after the time in Retry-After", ct);
            };
        });
    }

    /// <summary>The client's address as a rate-limiting and audit key: IPv4 as is (also when mapped into IPv6), IPv6 by its /64.</summary>
    public static string SourceOf(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        IPAddress? address = http.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        byte[] bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>Whole seconds, rounded up, at least 1 (RFC 9110 §10.2.3 delay-seconds).</summary>
    public static string RetryAfterSeconds(TimeSpan wait) =>
        Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Authenticated requests per partner (<see cref="ExchangeLimits.PerPartnerRequests"/>), on the node's injected clock.</summary>
public sealed class PartnerLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly TimeSpan _window;

    public PartnerLimiter(IOptions<ExchangeNodeOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ExchangeLimits limits = options.Value.Limits;
        _window = limits.PerPartnerWindow;
        _limiter = PartitionedRateLimiter.Create<string, string>(partner =>
            RateLimitPartition.Get(partner, _ => new ClockWindowLimiter(limits.PerPartnerRequests, limits.PerPartnerWindow, time)), StringComparer.Ordinal);
    }

    /// <summary>Null when <paramref name="partner"/> may send one more request now; otherwise how long it should wait.</summary>
    public TimeSpan? Admit(string partner)
    {
        using RateLimitLease lease = _limiter.AttemptAcquire(partner);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan wait) ? wait : _window;
    }

    public void Dispose() => _limiter.Dispose();
}

/// <summary>
/// A fixed-window limiter on a <see cref="TimeProvider"/>: at most <c>permits</c> per window, windows aligned to multiples of
/// the window length since the Unix epoch, so the clock alone decides (no timers; a fake clock drives it in tests). A refused
/// lease carries <see cref="MetadataName.RetryAfter"/>: the time left in the window. No queue.
/// </summary>
public sealed class ClockWindowLimiter : RateLimiter
{
    private readonly Lock _lock = new();
    private readonly int _permits;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private long _windowStart = long.MinValue;
    private int _used;
    private long _succeeded;
    private long _failed;
    private DateTimeOffset _lastUse;

    public ClockWindowLimiter(int permits, TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        _permits = permits;
        _window = window;
        _time = time;
        _lastUse = time.GetUtcNow();
    }

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_lock)
            {
                return _time.GetUtcNow() - _lastUse;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            Roll(_time.GetUtcNow());
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = _permits - _used,
                CurrentQueuedCount = 0,
                TotalFailedLeases = _failed,
                TotalSuccessfulLeases = _succeeded,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, _permits);
        lock (_lock)
        {
            DateTimeOffset now = _time.GetUtcNow();
            Roll(now);
            _lastUse = now;
            if (_used + permitCount <= _permits)
            {
                _used += permitCount;
                _succeeded++;
                return WindowLease.Granted;
            }

            _failed++;
            return new WindowLease(false, TimeSpan.FromTicks(_windowStart + _window.Ticks - now.UtcTicks));
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private void Roll(DateTimeOffset now)
    {
        long start = now.UtcTicks - (now.UtcTicks % _window.Ticks);
        if (start != _windowStart)
        {
            _windowStart = start;
            _used = 0;
        }
    }

    private sealed class WindowLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly WindowLease Granted = new(true, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}

/// <summary>
/// Audits the receiver's refusal summaries (<see cref="Landsea.Exchange.Receiving.RefusalSummary"/>): those whose interval
/// closed, every few seconds, and all of them when the node stops. A failure is logged (the summaries it held are lost: they
/// were counts, not evidence of any envelope); it never stops the host.
/// </summary>
internal sealed partial class RefusalSummaryFlush(NodeExchange node, ILogger<RefusalSummaryFlush> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        TimeSpan interval = node.Gateway.Receiver.Refusals.Interval;
        using var timer = new PeriodicTimer(interval < TimeSpan.FromSeconds(10) ? interval : TimeSpan.FromSeconds(10), node.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(all: false, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(all: true, cancellationToken);
    }

    private async Task FlushAsync(bool all, CancellationToken ct)
    {
        try
        {
            await node.Gateway.Receiver.FlushRefusalsAsync(all, ct);
        }
#pragma warning disable CA1031 // A background loop of the host: any failure is logged and the next pass retries; none may stop the node.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            FlushFailed(logger, ex);
        }
    }

    [LoggerMessage(3110, LogLevel.Error, "Auditing the refusal summaries failed")]
    private static partial void FlushFailed(ILogger logger, Exception exception);
}
