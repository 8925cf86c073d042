using System.Globalization;

namespace Landsea.Exchange.Storage;

/// <summary>
/// The text form of stored instants in both dialects: ISO-8601 UTC with 7 fractional digits (sorts as time). The node's
/// tables and every owner's migration record use it; the exchange's own tables still store Unix milliseconds (ADR 0006).
/// </summary>
public static class StoredTime
{
    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
