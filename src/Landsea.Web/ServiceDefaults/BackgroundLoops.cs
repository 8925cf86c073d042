using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Landsea.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Landsea.Web.ServiceDefaults;

/// <summary>
/// Which of the node's background loops run. A capability names its loops when it registers them (<see cref="Expect"/>);
/// each loop reports when it starts, each pass it completes (<see cref="Passed"/>) and when it ends, for whatever reason. The
/// node is ready only while every expected loop runs: a loop that ended is "stopped", one that has not completed a pass within
/// its bound (on the injected clock) is "stuck".
/// </summary>
public sealed class BackgroundLoops
{
    private readonly ConcurrentDictionary<string, string> _states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (TimeSpan Bound, DateTimeOffset LastPass)> _progress = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public BackgroundLoops(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>The state of a loop that was expected but has not started yet.</summary>
    public const string NotStarted = "not started";

    /// <summary>The state of a running loop.</summary>
    public const string Running = "running";

    /// <summary>The state of a loop that ended (stopped by the host, or returned).</summary>
    public const string StoppedState = "stopped";

    /// <summary>The state of a running loop that has not completed a pass within its bound (it hangs).</summary>
    public const string Stuck = "stuck";

    /// <summary>
    /// Names a loop the node needs; it counts as not started until it reports. With <paramref name="stuckAfter"/>, a running loop
    /// that has not reported a pass (<see cref="Passed"/>) for longer than that is <see cref="Stuck"/>.
    /// </summary>
    public void Expect(string loop, TimeSpan? stuckAfter = null)
    {
        _states.TryAdd(loop, NotStarted);
        if (stuckAfter is { } bound)
        {
            _progress[loop] = (bound, _time.GetUtcNow());
        }
    }

    public void Started(string loop)
    {
        _states[loop] = Running;
        Passed(loop);
    }

    /// <summary>The loop completed a pass (or made progress inside a long one): it is not stuck.</summary>
    public void Passed(string loop)
    {
        if (_progress.TryGetValue(loop, out (TimeSpan Bound, DateTimeOffset LastPass) p))
        {
            _progress[loop] = (p.Bound, _time.GetUtcNow());
        }
    }

    /// <summary>The loop ended: stopped by the host, returned, or failed (<paramref name="error"/>, its type only is kept).</summary>
    public void Stopped(string loop, Exception? error) => _states[loop] = error is null ? StoppedState : $"{StoppedState}: {error.GetType().Name}";

    /// <summary>The host stopped the loop's service: a loop that never got to start is stopped too, not "not started" for ever.</summary>
    public void ServiceStopped(string loop) => _states.TryUpdate(loop, StoppedState, NotStarted);

    /// <summary>Every expected loop and its state (<see cref="Stuck"/> with the time since its last pass).</summary>
    public IReadOnlyDictionary<string, string> States
    {
        get
        {
            DateTimeOffset now = _time.GetUtcNow();
            return _states.ToDictionary(p => p.Key, p =>
                p.Value == Running && _progress.TryGetValue(p.Key, out (TimeSpan Bound, DateTimeOffset LastPass) progress) && now - progress.LastPass > progress.Bound
                    ? string.Create(CultureInfo.InvariantCulture, $"{Stuck}: no pass for {(now - progress.LastPass).TotalSeconds:0} s (bound {progress.Bound.TotalSeconds:0} s)")
                    : p.Value, StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// Runs <paramref name="loop"/> under <paramref name="name"/>, reporting its start and its end. Cancellation through
    /// <paramref name="ct"/> ends it normally; any other exception is reported and rethrown (the host then stops, its default).
    /// </summary>
    public async Task RunAsync(string name, Func<CancellationToken, Task> loop, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(loop);
        Started(name);
        try
        {
            await loop(ct);
            Stopped(name, null);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped as asked: the loop ends normally.
            Stopped(name, null);
        }
        catch (Exception ex)
        {
            Stopped(name, ex);
            throw;
        }
    }
}

/// <summary>Ready only while every expected background loop runs (not stopped, not stuck).</summary>
internal sealed class LoopsHealthCheck(BackgroundLoops loops) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IReadOnlyDictionary<string, string> states = loops.States;
        var data = states.ToDictionary(p => p.Key, p => (object)p.Value, StringComparer.Ordinal);
        string[] down = states.Where(p => p.Value != BackgroundLoops.Running).Select(p => $"{p.Key} {p.Value}").Order(StringComparer.Ordinal).ToArray();
        return Task.FromResult(down.Length == 0
            ? HealthCheckResult.Healthy("every background loop runs", data)
            : HealthCheckResult.Unhealthy(string.Join("; ", down), data: data));
    }
}

/// <summary>
/// Ready only while the node's database accepts a connection and, after a storage fault (<see cref="StorageFaults"/>), until it
/// takes a write again and <see cref="StorageFaults.RetryAfter"/> has passed.
/// </summary>
public sealed class DatabaseHealthCheck(NodeDatabase db, StorageFaults? faults = null) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (faults?.Last is { } fault)
            {
                if (!await db.AcceptsWritesAsync(cancellationToken) || !faults.TryClear())
                {
                    return HealthCheckResult.Unhealthy(string.Create(CultureInfo.InvariantCulture,
                        $"{db.Provider} database cannot take writes: {fault.Reason} (since {fault.At:O})"));
                }
            }

            await using DbConnection c = await db.OpenAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{db.Provider} database reachable");
        }
        catch (Exception ex) when (ex is DbException or IOException or InvalidOperationException or TimeoutException)
        {
            // The reason names the provider and the exception type only: a message may carry the connection's host or user.
            return HealthCheckResult.Unhealthy($"{db.Provider} database unreachable ({ex.GetType().Name})");
        }
    }
}
