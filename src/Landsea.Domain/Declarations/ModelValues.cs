using Landsea.Shared;

namespace Landsea.Declarations;

/// <summary>
/// How readers put a checked field into the <see cref="Declaration"/> model: the value type when the text parses, null
/// otherwise. The text itself goes into <see cref="DeclarationFacts"/>, where <see cref="DeclarationRules"/> reports it
/// with its code and pointer; a declaration with such an error is refused, so a lodged model holds every stated value.
/// </summary>
internal static class ModelValues
{
    public static HsCode? Hs(string? text) => text is null ? null : OrNull(HsCode.Parse(text));

    public static CurrencyCode? Currency(string? text) => text is null ? null : OrNull(CurrencyCode.Parse(text));

    public static CountryCode? Country(string? text) => text is null ? null : OrNull(CountryCode.Parse(text));

    public static TraderId? Trader(string? text) => text is null ? null : OrNull(TraderId.Parse(text));

    /// <summary>
    /// The UTC instant of a local date-time at an offset; null when the offset is beyond ±14:00 (what an offset may be)
    /// or the instant falls outside the years 1 to 9999 (0001-01-01T00:00 at +14:00, for example).
    /// </summary>
    public static DateTimeOffset? Instant(DateTime local, TimeSpan offset)
    {
        long ticks = local.Ticks - offset.Ticks;
        return offset.Duration() <= TimeSpan.FromHours(14) && ticks >= DateTime.MinValue.Ticks && ticks <= DateTime.MaxValue.Ticks
            ? new DateTimeOffset(local, offset).ToUniversalTime()
            : null;
    }

    private static T? OrNull<T>(Result<T> result)
        where T : struct => result.IsValid ? result.Value : null;
}
