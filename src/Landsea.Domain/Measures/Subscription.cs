using Landsea.Shared;

namespace Landsea.Measures;

/// <summary>
/// A trader's standing question: alert me of a new or changed notification on any of <see cref="HsCodes"/> (chapters,
/// headings or full codes) in any of <see cref="Countries"/> (every market when empty).
/// </summary>
public sealed record Subscription(string Id, string TraderId, IReadOnlyList<HsPrefix> HsCodes, IReadOnlyList<CountryCode> Countries)
{
    /// <summary>Most HS codes of one subscription.</summary>
    public const int MaxCodes = 50;

    /// <summary>Checks the codes and countries a trader typed (separated by ';', ',' or spaces).</summary>
    public static Result<Subscription> Create(string id, string traderId, string? hsCodes, string? countries)
    {
        string[] codes = Words(hsCodes);
        if (codes.Length == 0)
        {
            return Result<Subscription>.Fail(MeasureErrorCodes.SubscriptionInvalid, "Give at least one HS chapter, heading or code (e.g. 08, 0803 or 080310).");
        }

        if (codes.Length > MaxCodes)
        {
            return Result<Subscription>.Fail(MeasureErrorCodes.SubscriptionInvalid, $"A subscription takes at most {MaxCodes} HS codes; this has {codes.Length}.");
        }

        var hs = new List<HsPrefix>();
        foreach (string c in codes)
        {
            Result<HsPrefix> h = HsPrefix.Parse(c);
            if (!h.IsValid)
            {
                return Result<Subscription>.Fail(MeasureErrorCodes.SubscriptionInvalid, h.Failure!.Reason);
            }

            hs.Add(h.Value);
        }

        var markets = new List<CountryCode>();
        foreach (string c in Words(countries))
        {
            Result<CountryCode> cc = CountryCode.Parse(c.ToUpperInvariant());
            if (!cc.IsValid || !cc.Value.IsIso)
            {
                return Result<Subscription>.Fail(MeasureErrorCodes.SubscriptionInvalid, $"Country '{c}' is not an ISO 3166-1 alpha-2 code (e.g. TH, VN, SG).");
            }

            if (!markets.Contains(cc.Value))
            {
                markets.Add(cc.Value);
            }
        }

        return new Subscription(id, traderId, HsPrefix.Normalise(hs), markets);
    }

    private static string[] Words(string? text) =>
        (text ?? "").Split([';', ',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>What an alert says happened to a notification a subscription concerns.</summary>
public enum AlertChange
{
    /// <summary>The notification came into the register (loaded or entered), or the subscription was made while it was still open.</summary>
    New,

    /// <summary>The notification was loaded or entered again with other fields.</summary>
    Changed,
}

/// <summary>Which subscriptions a new or changed notification alerts (pure; the store records the alerts in the transaction that stores it).</summary>
public static class MeasureAlerts
{
    /// <summary>The subscriptions <paramref name="notification"/> concerns, once the register holds it.</summary>
    public static IReadOnlyList<Subscription> Alerted(Notification notification, MeasureRegister register, IEnumerable<Subscription> subscriptions)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(subscriptions);
        return [.. subscriptions.Where(s => register.Concerns(notification, s.HsCodes, s.Countries))];
    }

    /// <summary>
    /// Whether a notification still matters on <paramref name="today"/> to a trader who subscribes now: its comment period is
    /// open, or (with no deadline) it is not yet in force. A new subscription is alerted of those.
    /// </summary>
    public static bool Open(Notification notification, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return notification.CommentDeadline is { } d ? d >= today : notification.EntryIntoForce is not { } e || e > today;
    }
}
