using System.Globalization;

namespace Landsea.Exchange.Storage;

/// <summary>
/// The one encoding of stored instants, in every table of both owners (the node's and the exchange's) and in every owner's
/// migration record, on both dialects: ISO-8601 UTC text with 7 fractional digits and a <c>Z</c>, for example
/// <c>2023-11-14T22:13:20.1230000Z</c>. Fixed width, so text order is time order: columns compare and sort as instants
/// (<c>next_attempt_at &lt;= @now</c>, <c>ORDER BY created_at</c>) in SQLite and in PostgreSQL, whose collations all order
/// digits 0–9. A value is always a parameter made by <see cref="Iso"/> and read back with <see cref="Parse"/>.
/// </summary>
public static class StoredTime
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>The stored text of <paramref name="at"/> (converted to UTC; full 100 ns precision).</summary>
    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>
    /// The exchange's instants are whole milliseconds (the envelope's wire form and the audit chain's hash carry Unix
    /// milliseconds), so it stores <paramref name="at"/> truncated to the millisecond: <see cref="Iso"/> of
    /// <see cref="ToMilliseconds"/>. Read back, it equals the instant the wire and the hash saw.
    /// </summary>
    public static string IsoMilliseconds(DateTimeOffset at) => Iso(ToMilliseconds(at));

    /// <summary><paramref name="at"/> in UTC, truncated to the whole Unix millisecond (as <see cref="DateTimeOffset.ToUnixTimeMilliseconds"/>).</summary>
    public static DateTimeOffset ToMilliseconds(DateTimeOffset at) => DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());

    /// <summary>
    /// The instant of a stored text written by <see cref="Iso"/> (offset zero). Throws <see cref="FormatException"/> for any
    /// other form: a stored instant in another shape is a broken invariant, not input to accept.
    /// </summary>
    public static DateTimeOffset Parse(string text) =>
        new(DateTime.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);

    /// <summary><see cref="Parse"/> for a nullable column.</summary>
    public static DateTimeOffset? ParseNullable(string? text) => text is null ? null : Parse(text);
}
