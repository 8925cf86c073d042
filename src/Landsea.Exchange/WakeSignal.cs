namespace Landsea.Exchange;

/// <summary>
/// A coalescing wake-up for one background loop: any number of <see cref="Set"/> calls before the loop waits wake it once.
/// Setting an already-set signal costs a read, not an exception (it is called on every enqueue and every arrival).
/// </summary>
public sealed class WakeSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Set()
    {
        if (_semaphore.CurrentCount > 0)
        {
            return;
        }

        try
        {
            _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Set by another thread in between.
        }
    }

    /// <summary>Completes when set (consuming the signal); cancelled with <paramref name="ct"/>.</summary>
    public Task WaitAsync(CancellationToken ct) => _semaphore.WaitAsync(ct);

    /// <summary>Waits until set or <paramref name="timeout"/> passes; false on timeout.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _semaphore.WaitAsync(timeout, ct);

    public void Dispose() => _semaphore.Dispose();
}
