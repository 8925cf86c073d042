namespace Landsea.Web.Features.Exchange;

/// <summary>
/// How the node takes part in the exchange. Bound from configuration section "Exchange" (for example the command-line
/// argument <c>--Exchange:AutoConfirmArrivals=true</c>). Defaults in the property docs.
/// </summary>
public sealed class ExchangeNodeOptions
{
    public const string Section = "Exchange";

    /// <summary>The environment variable that puts a node in test mode (value 1): a movable clock and /test endpoints. Never set in production.</summary>
    public const string TestModeVariable = "LANDSEA_TEST_MODE";

    /// <summary>Confirm anticipated arrivals as soon as they are announced, as the demo does. Default false: an officer confirms.</summary>
    public bool AutoConfirmArrivals { get; set; }

    /// <summary>Inspect pre-arrivals held for inspection at once and report the result, as the demo does. Default false: an officer records it.</summary>
    public bool AutoInspectHeld { get; set; }

    /// <summary>Longest wait between hand-over passes when no envelope arrived. Default 2 s (an arrival wakes the loop at once).</summary>
    public TimeSpan HandOverPoll { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Answered failures before an envelope is dead-lettered (DeliveryOptions.MaxAttempts). Default 10.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Failed applications of a received envelope before it is quarantined (InboxOptions.MaxAttempts). Default 5.</summary>
    public int HandOverMaxAttempts { get; set; } = 5;

    /// <summary>Wait after a received envelope's first failed application, doubling per attempt up to 1 min (InboxOptions.InitialBackoff). Default 1 s.</summary>
    public TimeSpan HandOverBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A background loop (delivery, hand-over) that has not completed a pass, nor applied an envelope, for this long is "stuck" and
    /// the node not ready (<c>/health/ready</c>). Default 5 min: passes come every few seconds when idle.
    /// </summary>
    public TimeSpan LoopStuckAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How this node signs envelopes it sends and receipts it answers: <c>Batch</c> (default: one ES256 signature per
    /// request's envelopes and per answer's receipts, each item still verifiable on its own) or <c>PerItem</c> (ADR 0306).</summary>
    public Landsea.Exchange.Signing.SigningMode Signing { get; set; } = Landsea.Exchange.Signing.SigningMode.Batch;

    /// <summary>The one limit on a request body to <c>POST /exchange/envelopes</c>, single envelope or batch, Content-Length or
    /// chunked: larger bodies are answered 413 with a SIZE receipt. Kestrel's limit for that endpoint follows it (twice this,
    /// so that a sender still writing an oversized body reads its 413). Default 16 MiB.</summary>
    public int MaxRequestBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Rate limits and refusal summaries of the anonymous exchange endpoints (<c>Exchange:Limits:*</c>).</summary>
    public ExchangeLimits Limits { get; set; } = new();

    /// <summary>True when <see cref="TestModeVariable"/> is 1.</summary>
    public static bool TestMode => Environment.GetEnvironmentVariable(TestModeVariable) == "1";
}

/// <summary>
/// The clock of a node in test mode: system time plus an offset that only <c>POST /test/clock/advance</c> moves, so tests
/// drive backoff and replay windows without sleeping. Timers still run on real time; advancing also wakes the sender.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
