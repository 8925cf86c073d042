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
    /// <summary>Characters of every stored instant.</summary>
    public const int Length = 28;

    /// <summary>The stored text of <paramref name="at"/> (converted to UTC; full 100 ns precision).</summary>
    public static string Iso(DateTimeOffset at) => string.Create(Length, at.UtcDateTime, static (text, utc) =>
    {
        // Digit by digit, the same text as ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", InvariantCulture) without parsing a format
        // string each time: the exchange formats and parses several instants per envelope.
        (int year, int month, int day) = utc;
        long time = utc.Ticks % TimeSpan.TicksPerDay;
        Digits(text[..4], year);
        text[4] = '-';
        Digits(text.Slice(5, 2), month);
        text[7] = '-';
        Digits(text.Slice(8, 2), day);
        text[10] = 'T';
        Digits(text.Slice(11, 2), (int)(time / TimeSpan.TicksPerHour));
        text[13] = ':';
        Digits(text.Slice(14, 2), (int)(time / TimeSpan.TicksPerMinute % 60));
        text[16] = ':';
        Digits(text.Slice(17, 2), (int)(time / TimeSpan.TicksPerSecond % 60));
        text[19] = '.';
        Digits(text.Slice(20, 7), (int)(time % TimeSpan.TicksPerSecond));
        text[27] = 'Z';
    });

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
    public static DateTimeOffset Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length != Length || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != '.' || text[27] != 'Z'
            || !TryDigits(text.AsSpan(0, 4), out int year) || !TryDigits(text.AsSpan(5, 2), out int month) || !TryDigits(text.AsSpan(8, 2), out int day)
            || !TryDigits(text.AsSpan(11, 2), out int hour) || !TryDigits(text.AsSpan(14, 2), out int minute) || !TryDigits(text.AsSpan(17, 2), out int second)
            || !TryDigits(text.AsSpan(20, 7), out int ticks)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            throw new FormatException($"'{text}' is not a stored instant (yyyy-MM-ddTHH:mm:ss.fffffffZ).");
        }

        return new DateTimeOffset(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(ticks), TimeSpan.Zero);
    }

    /// <summary><see cref="Parse"/> for a nullable column.</summary>
    public static DateTimeOffset? ParseNullable(string? text) => text is null ? null : Parse(text);

    private static void Digits(Span<char> into, int value)
    {
        for (int i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (char c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
