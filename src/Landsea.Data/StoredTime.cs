using System.Globalization;

namespace Landsea.Data;

/// <summary>How the node stores instants in both dialects: ISO-8601 UTC text with 7 fractional digits (sorts as time).</summary>
internal static class StoredTime
{
    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
