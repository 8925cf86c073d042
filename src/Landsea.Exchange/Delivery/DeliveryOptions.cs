namespace Landsea.Exchange.Delivery;

/// <summary>
/// Delivery settings, with their defaults. Error policy:
/// <list type="table">
/// <item><term>partner unreachable (connection refused, timeout, 502/503/504)</term><description>pause: retry with backoff, indefinitely; does not count toward <see cref="MaxAttempts"/>.</description></item>
/// <item><term>answered without a valid receipt (other HTTP errors, receipt that does not verify)</term><description>retry with backoff; after <see cref="MaxAttempts"/> such answers, dead letter.</description></item>
/// <item><term>signed refusal (BSIG, BENV, USND, NAGR, SIZE)</term><description>dead letter at once with the partner's reason: resending the same bytes cannot succeed.</description></item>
/// <item><term>RECE or DUPE</term><description>delivered; the receipt (with the partner's audit head) is stored.</description></item>
/// </list>
/// </summary>
public sealed class DeliveryOptions
{
    /// <summary>Answered failures before an envelope is dead-lettered. Default 10.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Backoff after the first failure. Default 1 s; doubles per attempt.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Backoff cap. Default 5 min: after a long outage the backlog starts moving within 5 minutes of the partner's return.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Fraction of each backoff that is randomized (0..1). Default 0.5 ("equal jitter").</summary>
    public double Jitter { get; set; } = 0.5;

    /// <summary>Envelopes taken per pass. Default 2000.</summary>
    public int BatchSize { get; set; } = 2000;

    /// <summary>Concurrent requests in one pass. Default 4.</summary>
    public int MaxParallelSends { get; set; } = 4;

    /// <summary>Most envelopes carried by one request (one signed receipt each; their results commit in one transaction). Default 100; 1 sends every envelope alone.</summary>
    public int MaxEnvelopesPerRequest { get; set; } = 100;

    /// <summary>Most wire bytes in one request (an envelope larger than this still goes, alone). Default 4 MiB, below the receiver's 16 MiB batch limit.</summary>
    public int MaxBytesPerRequest { get; set; } = 4 * 1024 * 1024;

    /// <summary>After an idle sender is woken by an enqueue, how long it waits for more before sending (real time). Default 5 ms; zero sends at once.</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Longest idle wait between passes when nothing is due and nothing was enqueued. Default 5 s.</summary>
    public TimeSpan IdlePoll { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The delay before attempt <paramref name="attempt"/>+1, given a uniform random number in [0, 1).</summary>
    public TimeSpan BackoffAfter(long attempt, double random)
    {
        double exponent = Math.Min(Math.Max(attempt - 1, 0), 30);
        double full = Math.Min(InitialBackoff.TotalMilliseconds * Math.Pow(2, exponent), MaxBackoff.TotalMilliseconds);
        double jitter = Math.Clamp(Jitter, 0, 1);
        return TimeSpan.FromMilliseconds(full * (1 - jitter) + full * jitter * random);
    }
}
