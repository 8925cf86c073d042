using Landsea.Data;

namespace Landsea.Web.ServiceDefaults;

/// <summary>Storage upkeep, bound from configuration section "Storage" (for example <c>--Storage:WalCheckpointEvery=00:05:00</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>
    /// SQLite: how often the write-ahead log is checkpointed and truncated to zero bytes (<c>PRAGMA wal_checkpoint(TRUNCATE)</c>).
    /// SQLite's own checkpoints reuse the WAL file but never shrink it, so after long readers it stays as large as it grew
    /// (2.1 GB at review). Default 1 min; a checkpoint that meets a reader is skipped until the next one.
    /// </summary>
    public TimeSpan WalCheckpointEvery { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Truncates a SQLite node's WAL on the injected clock (issue 17 item 7). Not a readiness loop: a failed checkpoint is logged and
/// tried again, the node serves meanwhile. Does nothing on PostgreSQL.
/// </summary>
public sealed partial class WalCheckpointLoop(NodeDatabase db, TimeProvider time, Microsoft.Extensions.Options.IOptions<StorageOptions> options, ILogger<WalCheckpointLoop> logger)
    : BackgroundService
{
    /// <summary>The last checkpoint's result (null before the first, and on PostgreSQL).</summary>
    public WalCheckpoint? Last { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (db.Provider != Exchange.Storage.SqlDialect.Sqlite)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.WalCheckpointEvery, time, stoppingToken);
                WalCheckpoint done = (await db.CheckpointWalAsync(stoppingToken))!;
                Last = done;
                if (done.WalBytesBefore > 0 || done.Busy)
                {
                    Checkpointed(logger, done.WalBytesBefore, done.WalBytesAfter, done.Busy);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                CheckpointFailed(logger, ex.GetType().Name);
            }
        }
    }

    [LoggerMessage(3211, LogLevel.Debug, "WAL checkpoint (TRUNCATE): {Before} bytes before, {After} after, busy {Busy}")]
    private static partial void Checkpointed(ILogger logger, long before, long after, bool busy);

    [LoggerMessage(3212, LogLevel.Warning, "WAL checkpoint failed ({Error}); tried again at the next interval")]
    private static partial void CheckpointFailed(ILogger logger, string error);
}
