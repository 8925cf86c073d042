using System.Collections.Concurrent;
using System.Data.Common;
using Landsea.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Landsea.Web.ServiceDefaults;

/// <summary>
/// Which of the node's background loops run. A capability names its loops when it registers them (<see cref="Expect"/>);
/// each loop reports when it starts and when it ends, for whatever reason. The node is ready only while every expected
/// loop runs.
/// </summary>
public sealed class BackgroundLoops
{
    private readonly ConcurrentDictionary<string, string> _states = new(StringComparer.Ordinal);

    /// <summary>The state of a loop that was expected but has not started yet.</summary>
    public const string NotStarted = "not started";

    /// <summary>The state of a running loop.</summary>
    public const string Running = "running";

    /// <summary>Names a loop the node needs; it counts as not started until it reports.</summary>
    public void Expect(string loop) => _states.TryAdd(loop, NotStarted);

    public void Started(string loop) => _states[loop] = Running;

    /// <summary>The loop ended: stopped by the host, returned, or failed (<paramref name="error"/>, its type only is kept).</summary>
    public void Stopped(string loop, Exception? error) => _states[loop] = error is null ? "stopped" : $"stopped: {error.GetType().Name}";

    /// <summary>Every expected loop and its state.</summary>
    public IReadOnlyDictionary<string, string> States => _states.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

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

/// <summary>Ready only while every expected background loop runs.</summary>
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

/// <summary>Ready only while the node's database accepts a connection.</summary>
public sealed class DatabaseHealthCheck(NodeDatabase db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
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
