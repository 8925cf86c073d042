using System.Globalization;
using System.Text;
using Landsea.Exchange.Storage;

namespace Landsea.Exchange.Receiving;

/// <summary>
/// Requests refused without per-item work (not from a pinned partner, over the size limit, or over a rate limit), counted
/// per source address and interval (issue 17 item 2). Each source's interval opens at its first refusal and closes
/// <see cref="Interval"/> later on the receiver's clock; a closed interval becomes one audit entry (<see cref="AuditKind"/>)
/// when the receiver flushes, however many requests and envelopes it counted. Thread-safe.
/// </summary>
/// <remarks>
/// Invariant: at most one audit entry per source and interval, and at most <see cref="MaxSources"/> sources per interval
/// (further sources are counted together under <see cref="OtherSources"/>), so a flood adds a bounded number of entries.
/// </remarks>
public sealed class RefusalSummary
{
    /// <summary>The audit entry kind of a summary.</summary>
    public const string AuditKind = "inbound-summary";

    /// <summary>The source under which refusals from sources past <see cref="MaxSources"/> are counted.</summary>
    public const string OtherSources = "other";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Window> _open = new(StringComparer.Ordinal);
    private readonly List<Window> _closed = [];
    private readonly TimeProvider _time;
    private TimeSpan _interval;

    public RefusalSummary(TimeProvider time, TimeSpan interval, int maxSources = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSources, 1);
        _time = time;
        Interval = interval;
        MaxSources = maxSources;
    }

    /// <summary>How long a source's interval stays open. Changing it applies to intervals opened afterwards.</summary>
    public TimeSpan Interval
    {
        get => _interval;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            _interval = value;
        }
    }

    public int MaxSources { get; }

    /// <summary>Counts one refused request of <paramref name="envelopes"/> items; true when it opened the source's interval
    /// (the caller logs then, once per source and interval).</summary>
    public bool Refused(string source, string outcome, int envelopes, string? claimedSender) =>
        Count(source, w =>
        {
            w.Requests++;
            w.Envelopes += envelopes;
            w.ByOutcome[outcome] = w.ByOutcome.GetValueOrDefault(outcome) + 1;
            if (claimedSender is not null && w.Senders.Count < 10)
            {
                w.Senders.Add(claimedSender.Length > 20 ? claimedSender[..20] : claimedSender);
            }
        });

    /// <summary>Counts one request answered 429 by <paramref name="limit"/> (<c>source</c> or <c>partner</c>); true when it opened the interval.</summary>
    public bool Limited(string source, string limit) =>
        Count(source, w => w.Limited[limit] = w.Limited.GetValueOrDefault(limit) + 1);

    /// <summary>Takes the intervals that have closed by now (every interval when <paramref name="all"/>, as when the node stops), as audit records.</summary>
    public IReadOnlyList<AuditRecord> TakeClosed(bool all)
    {
        DateTimeOffset now = _time.GetUtcNow();
        lock (_lock)
        {
            foreach (Window w in _open.Values.Where(w => all || now >= w.End).ToList())
            {
                _open.Remove(w.Source);
                _closed.Add(w);
            }

            List<AuditRecord> records = _closed.Select(w => w.ToRecord(now < w.End ? now : w.End)).ToList();
            _closed.Clear();
            return records;
        }
    }

    private bool Count(string source, Action<Window> add)
    {
        DateTimeOffset now = _time.GetUtcNow();
        lock (_lock)
        {
            if (_open.TryGetValue(source, out Window? window) && now >= window.End)
            {
                _open.Remove(source);
                _closed.Add(window);
                window = null;
            }

            bool opened = window is null;
            if (window is null)
            {
                string key = _open.Count >= MaxSources ? OtherSources : source;
                if (!_open.TryGetValue(key, out window))
                {
                    window = _open[key] = new Window(key, now, now + _interval);
                }
                else
                {
                    opened = false;
                }
            }

            add(window);
            return opened;
        }
    }

    private sealed class Window(string source, DateTimeOffset start, DateTimeOffset end)
    {
        public string Source { get; } = source;

        public DateTimeOffset Start { get; } = start;

        public DateTimeOffset End { get; } = end;

        public long Requests { get; set; }

        public long Envelopes { get; set; }

        public SortedDictionary<string, long> ByOutcome { get; } = new(StringComparer.Ordinal);

        public SortedDictionary<string, long> Limited { get; } = new(StringComparer.Ordinal);

        public SortedSet<string> Senders { get; } = new(StringComparer.Ordinal);

        /// <summary>Detail: <c>source 127.0.0.1 from T to T: 12 requests (12000 envelopes) refused (BENV 12); claimed senders: ...; 5 over the source limit</c>.</summary>
        public AuditRecord ToRecord(DateTimeOffset end)
        {
            var detail = new StringBuilder(200);
            detail.Append(CultureInfo.InvariantCulture, $"source {Source} from {StoredTime.IsoMilliseconds(Start)} to {StoredTime.IsoMilliseconds(end)}: ");
            detail.Append(CultureInfo.InvariantCulture, $"{Requests} requests ({Envelopes} envelopes) refused");
            if (ByOutcome.Count > 0)
            {
                detail.Append(" (").AppendJoin(", ", ByOutcome.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value}"))).Append(')');
            }

            if (Senders.Count > 0)
            {
                detail.Append("; claimed senders ").AppendJoin(", ", Senders);
            }

            foreach ((string limit, long n) in Limited)
            {
                detail.Append(CultureInfo.InvariantCulture, $"; {n} over the {limit} rate limit");
            }

            string outcome = ByOutcome.Count > 0 ? ByOutcome.MaxBy(p => p.Value).Key : "LIMITED";
            return new AuditRecord(AuditKind, null, null, outcome, null, detail.ToString());
        }
    }
}
