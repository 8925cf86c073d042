using System.Data.Common;
using System.Threading.Channels;
using Landsea.Exchange.Storage;

namespace Landsea.Exchange.Outbox;

/// <summary>
/// Group commit for callers that have no transaction of their own: concurrent <see cref="SubmitAsync"/> calls are written by one
/// writer in one transaction (as the declaration store groups lodgements), each inside its own savepoint, so one caller's
/// failure or refusal rolls back only its own business write and envelope. A call returns after the shared transaction is
/// durable. <see cref="ExchangeOutbox.EnqueueAsync"/> in the caller's own transaction remains the general API.
/// </summary>
public sealed class OutboxSubmitter : IAsyncDisposable
{
    /// <summary>Most submissions committed together.</summary>
    public const int MaxBatch = 256;

    private readonly ExchangeDatabase _database;
    private readonly ExchangeOutbox _outbox;
    private readonly Action _committed;
    private readonly TimeProvider _time;
    private readonly Channel<Work> _queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    /// <param name="time">The clock of each group's <see cref="UnitOfWork"/>; default the system clock.</param>
    public OutboxSubmitter(ExchangeDatabase database, ExchangeOutbox outbox, Action? committed = null, TimeProvider? time = null)
    {
        _database = database;
        _outbox = outbox;
        _committed = committed ?? (() => { });
        _time = time ?? TimeProvider.System;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>
    /// Runs <paramref name="businessWrite"/> (may be null) and enqueues <paramref name="message"/> in a group-committed transaction.
    /// When the outbox refuses the message, the business write is rolled back too and the refusal returned; when
    /// <paramref name="businessWrite"/> throws, nothing of this call is kept and the exception is rethrown to the caller.
    /// </summary>
    public Task<EnqueueResult> SubmitAsync(OutgoingMessage message, Func<UnitOfWork, CancellationToken, Task>? businessWrite, CancellationToken ct)
    {
        var work = new Work(message, businessWrite, new TaskCompletionSource<EnqueueResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(work))
        {
            throw new InvalidOperationException("The outbox submitter is shut down.");
        }

        return work.Done.Task.WaitAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Work>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out Work? work))
            {
                batch.Add(work);
            }

            await WriteAsync(batch).ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(List<Work> batch)
    {
        var results = new (Work Work, EnqueueResult? Result, Exception? Error)[batch.Count];
        try
        {
            await using DbConnection connection = await _database.OpenAsync(CancellationToken.None).ConfigureAwait(false);
            await using DbTransaction tx = await connection.BeginTransactionAsync().ConfigureAwait(false);
            var unit = new UnitOfWork(connection, tx, _time);
            bool envelopesOnly = batch.All(w => w.BusinessWrite is null);
            if (envelopesOnly)
            {
                // Envelopes only: refusals write nothing, so no savepoints; a handful of statements for the whole group.
                EnqueueResult[] many = await _outbox.EnqueueManyAsync(unit, batch.Select(w => w.Message).ToList(), CancellationToken.None).ConfigureAwait(false);
                for (int i = 0; i < batch.Count; i++)
                {
                    results[i] = (batch[i], many[i], null);
                }
            }

            for (int i = 0; i < (envelopesOnly ? 0 : batch.Count); i++)
            {
                Work work = batch[i];
                await tx.SaveAsync("submission").ConfigureAwait(false);
                try
                {
                    if (work.BusinessWrite is not null)
                    {
                        await work.BusinessWrite(unit, CancellationToken.None).ConfigureAwait(false);
                    }

                    EnqueueResult result = await _outbox.EnqueueAsync(unit, work.Message, CancellationToken.None).ConfigureAwait(false);
                    if (result.IsEnqueued)
                    {
                        await tx.ReleaseAsync("submission").ConfigureAwait(false);
                    }
                    else
                    {
                        await tx.RollbackAsync("submission").ConfigureAwait(false);
                    }

                    results[i] = (work, result, null);
                }
#pragma warning disable CA1031 // A caller's failure is handed back to that caller; the others' submissions go on.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    await tx.RollbackAsync("submission").ConfigureAwait(false);
                    results[i] = (work, null, ex);
                }
            }

            await tx.CommitAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The shared transaction failed: every caller of this group gets the error.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            foreach (Work work in batch)
            {
                work.Done.TrySetException(ex);
            }

            return;
        }

        foreach ((Work work, EnqueueResult? result, Exception? error) in results)
        {
            if (error is not null)
            {
                work.Done.TrySetException(error);
            }
            else
            {
                work.Done.TrySetResult(result!);
            }
        }

        _committed();
    }

    private sealed record Work(OutgoingMessage Message, Func<UnitOfWork, CancellationToken, Task>? BusinessWrite, TaskCompletionSource<EnqueueResult> Done);
}
