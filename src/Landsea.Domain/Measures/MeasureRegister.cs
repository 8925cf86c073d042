using Landsea.Shared;

namespace Landsea.Measures;

/// <summary>A notification as the register answers it: the notification, the products it covers (its own HS codes, or those of the notification it changes) and the chain it belongs to.</summary>
/// <param name="Root">The regular or emergency notification the chain starts from (itself for one).</param>
/// <param name="ChangedBy">The addenda, corrigenda and revisions of this notification, oldest first.</param>
public sealed record RegisteredMeasure(Notification Notification, IReadOnlyList<HsPrefix> EffectiveHs, string Root, IReadOnlyList<string> ChangedBy);

/// <summary>
/// The notifications a node holds, with their links: an addendum, corrigendum or revision changes the notification its
/// symbol names (G/TBT/N/THA/712/Add.1 changes G/TBT/N/THA/712) and, when it gives no HS code, covers that one's products.
/// Pure: the store reads the notifications, this answers which concern a product and a market.
/// </summary>
public sealed class MeasureRegister
{
    private readonly Dictionary<string, Notification> _bySymbol;
    private readonly Dictionary<string, List<string>> _changedBy = new(StringComparer.Ordinal);

    public MeasureRegister(IEnumerable<Notification> notifications)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        _bySymbol = notifications.ToDictionary(n => n.Symbol.Text, StringComparer.Ordinal);
        foreach (Notification n in _bySymbol.Values.OrderBy(n => n.Distributed ?? DateOnly.MinValue).ThenBy(n => n.Symbol.Text, StringComparer.Ordinal))
        {
            if (n.Changes is { } c)
            {
                (_changedBy.TryGetValue(c, out List<string>? list) ? list : _changedBy[c] = []).Add(n.Symbol.Text);
            }
        }
    }

    public int Count => _bySymbol.Count;

    public bool Contains(string symbol) => _bySymbol.ContainsKey(symbol);

    public RegisteredMeasure? Find(string symbol) => _bySymbol.TryGetValue(symbol, out Notification? n) ? Describe(n) : null;

    /// <summary>Every notification, newest distribution first.</summary>
    public IReadOnlyList<RegisteredMeasure> All() =>
        [.. _bySymbol.Values.OrderByDescending(n => n.Distributed ?? DateOnly.MinValue).ThenBy(n => n.Symbol.Text, StringComparer.Ordinal).Select(Describe)];

    /// <summary>The HS codes a notification covers: its own, else (for a change that names none) those of the notification it changes, up the chain.</summary>
    public IReadOnlyList<HsPrefix> EffectiveHs(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        Notification n = notification;
        for (int depth = 0; n.HsCodes.Count == 0 && n.Changes is { } c && _bySymbol.TryGetValue(c, out Notification? parent) && depth < 32; depth++)
        {
            n = parent;
        }

        return n.HsCodes;
    }

    /// <summary>
    /// The notifications of <paramref name="country"/> whose products overlap <paramref name="hs"/> (a chapter, heading or
    /// code: a measure on 0803 concerns 080310, one on 080310 concerns a question on 0803), newest first.
    /// </summary>
    public IReadOnlyList<RegisteredMeasure> Match(HsPrefix hs, CountryCode country) =>
        [.. All().Where(m => m.Notification.Member == country && m.EffectiveHs.Any(h => h.Overlaps(hs)))];

    /// <summary>Whether a notification concerns any of <paramref name="codes"/> in any of <paramref name="countries"/> (every country when empty).</summary>
    public bool Concerns(Notification notification, IReadOnlyList<HsPrefix> codes, IReadOnlyList<CountryCode> countries)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(countries);
        return (countries.Count == 0 || countries.Contains(notification.Member))
            && EffectiveHs(notification).Any(h => codes.Any(c => c.Overlaps(h)));
    }

    private RegisteredMeasure Describe(Notification n)
    {
        string root = n.Symbol.Text;
        for (int depth = 0; depth < 32 && _bySymbol.TryGetValue(root, out Notification? r) && r.Changes is { } up && _bySymbol.ContainsKey(up); depth++)
        {
            root = up;
        }

        return new RegisteredMeasure(n, EffectiveHs(n), root, _changedBy.TryGetValue(n.Symbol.Text, out List<string>? by) ? by : []);
    }
}

/// <summary>A match question: the product code and the market, checked.</summary>
public static class MatchQuestion
{
    /// <summary>Reads <c>--hs CODE --country CC</c>: an HS chapter, heading or code and an ISO country.</summary>
    public static Result<(HsPrefix Hs, CountryCode Country)> Parse(string? hs, string? country)
    {
        if (string.IsNullOrWhiteSpace(hs))
        {
            return Result<(HsPrefix, CountryCode)>.Fail(MeasureErrorCodes.MatchInvalid, "Give the product's HS code (--hs 0803, 080310 or 0803.10.00).");
        }

        Result<HsPrefix> h = HsPrefix.Parse(hs);
        if (!h.IsValid)
        {
            return h.Failure!;
        }

        if (string.IsNullOrWhiteSpace(country))
        {
            return Result<(HsPrefix, CountryCode)>.Fail(MeasureErrorCodes.MatchInvalid, "Give the market's country (--country TH).");
        }

        Result<CountryCode> c = CountryCode.Parse(country.Trim().ToUpperInvariant());
        if (!c.IsValid || !c.Value.IsIso)
        {
            return Result<(HsPrefix, CountryCode)>.Fail(MeasureErrorCodes.MatchInvalid, $"--country '{country}' is not an ISO 3166-1 alpha-2 country.");
        }

        return (h.Value, c.Value);
    }
}
