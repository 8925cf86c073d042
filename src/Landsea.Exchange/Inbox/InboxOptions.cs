namespace Landsea.Exchange.Inbox;

/// <summary>
/// Hand-over settings, with their defaults. Error policy for an envelope whose application fails (the node's applier throws):
/// <list type="table">
/// <item><term>transient database error (<c>DbException.IsTransient</c>)</term><description>pause: the pass ends, nothing is counted; the next pass tries again.</description></item>
/// <item><term>any other exception</term><description>the attempt is counted with its error and retried after a backoff (the envelope's conversation waits,
/// others go on); after <see cref="MaxAttempts"/> attempts the envelope is quarantined, its conversation goes on without it and its sender gets a signed
/// refused-application notice.</description></item>
/// </list>
/// </summary>
public sealed class InboxOptions
{
    /// <summary>Failed applications before an envelope is quarantined. Default 5.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Wait after the first failed application. Default 1 s; doubles per attempt (no jitter: one node applies its own inbox).</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Backoff cap. Default 1 min.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based) before the next one.</summary>
    public TimeSpan BackoffAfter(long attempt)
    {
        double exponent = Math.Min(Math.Max(attempt - 1, 0), 30);
        return TimeSpan.FromMilliseconds(Math.Min(InitialBackoff.TotalMilliseconds * Math.Pow(2, exponent), MaxBackoff.TotalMilliseconds));
    }
}
