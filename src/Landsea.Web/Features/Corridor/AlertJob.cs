using Landsea.CorridorSupervision;
using Landsea.Data.CorridorSupervision;
using Microsoft.Extensions.Options;

namespace Landsea.Web.Features.CorridorSupervision;

/// <summary>
/// The alert job (issue 11 item 6): every <see cref="CorridorOptions.AlertsEvery"/> of the node's clock, one
/// <see cref="CorridorStore.ScanAlertsAsync"/>. Its state is the database: alert keys are unique, so a restarted node
/// raises nothing twice and loses nothing.
/// </summary>
public sealed partial class AlertJob(CorridorStore store, TimeProvider time, IOptions<CorridorOptions> options, ILogger<AlertJob> logger) : BackgroundService
{
    /// <summary>One scan now: pre-clears the priority consignments whose MRNs allow it, then raises alerts; returns the alerts raised.</summary>
    public async Task<IReadOnlyList<Alert>> ScanOnceAsync(CancellationToken ct = default)
    {
        foreach (string id in await store.PreClearPendingAsync(ct))
        {
            LogPreCleared(logger, id);
        }

        IReadOnlyList<Alert> raised = await store.ScanAlertsAsync(options.Value.Alerts, ct);
        foreach (Alert a in raised)
        {
            LogRaised(logger, a.Kind, a.ConsignmentId, a.Place, string.Join(",", a.Notify));
        }

        return raised;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        TimeSpan every = options.Value.AlertsEvery;
        if (every <= TimeSpan.Zero)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ScanOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogScanFailed(logger, e);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corridor alert {Kind} raised for consignment {Consignment} at {Place}; told {Notify}")]
    private static partial void LogRaised(ILogger logger, AlertKind kind, string consignment, string place, string notify);

    [LoggerMessage(Level = LogLevel.Information, Message = "Priority consignment {Consignment} pre-cleared on pre-arrival data")]
    private static partial void LogPreCleared(ILogger logger, string consignment);

    [LoggerMessage(Level = LogLevel.Error, Message = "Corridor alert scan failed")]
    private static partial void LogScanFailed(ILogger logger, Exception e);
}
