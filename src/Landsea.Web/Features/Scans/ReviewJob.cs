using Landsea.Data.Scans;
using Landsea.Scans;
using Microsoft.Extensions.Options;

namespace Landsea.Web.Features.Scans;

/// <summary>
/// The review centre's job (issue 12 item 2): every <see cref="ReviewOptions.Every"/> of the node's clock
/// (<see cref="TimeProvider"/>), assigns the waiting scans by workload and skill, then raises the service-level alerts that
/// are due. Its state is the database (stages, the times they began, alert keys unique per scan and kind), so a restarted
/// node raises nothing twice and forgets no timer.
/// </summary>
public sealed partial class ReviewJob(ReviewStore store, TimeProvider time, IOptions<ReviewOptions> options, ILogger<ReviewJob> logger) : BackgroundService
{
    /// <summary>One round now: the assignments made and the alerts raised.</summary>
    public async Task<(IReadOnlyList<(string ScanId, string Reviewer)> Assigned, IReadOnlyList<ReviewAlert> Alerts)> RunOnceAsync(CancellationToken ct = default)
    {
        ReviewOptions o = options.Value;
        IReadOnlyList<(string ScanId, string Reviewer)> assigned = await store.AssignWaitingAsync(o.Timers, o.MaxOpenPerReviewer, ct);
        foreach ((string scan, string reviewer) in assigned)
        {
            LogAssigned(logger, scan, reviewer);
        }

        IReadOnlyList<ReviewAlert> alerts = await store.ScanAlertsAsync(o.Timers, ct);
        foreach (ReviewAlert a in alerts)
        {
            LogAlert(logger, a.Kind, a.ScanId, a.DueAt);
        }

        return (assigned, alerts);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        TimeSpan every = options.Value.Every;
        if (every <= TimeSpan.Zero)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, e);
            }

            try
            {
                await Task.Delay(every, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scan {ScanId} assigned to reviewer {Reviewer}")]
    private static partial void LogAssigned(ILogger logger, string scanId, string reviewer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scan review alert {Kind} for scan {ScanId} (due {DueAt:o})")]
    private static partial void LogAlert(ILogger logger, string kind, string scanId, DateTimeOffset dueAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scan review round failed")]
    private static partial void LogFailed(ILogger logger, Exception e);
}
