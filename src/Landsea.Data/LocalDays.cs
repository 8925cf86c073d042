using System.Globalization;
using Dapper;
using Landsea.Exchange.Storage;
using Landsea.Offices;

namespace Landsea.Data;

/// <summary>
/// "Per day" in SQL: rows whose instant falls between two local days (inclusive) of the row's own office, as one range
/// of instants per time zone of the corridor's offices (UTC days for an office the corridor list does not know).
/// </summary>
public static class LocalDays
{
    /// <summary>A WHERE clause over <paramref name="officeColumn"/> and <paramref name="instantColumn"/> (StoredTime text); its parameters go to <paramref name="args"/>.</summary>
    public static string Range(string officeColumn, string instantColumn, DateOnly? from, DateOnly? to, DynamicParameters args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var ranges = new List<string>();
        var known = new List<string>();
        int z = 0;
        foreach (IGrouping<string, CustomsOffice> zone in Corridor.Offices.GroupBy(o => o.TimeZoneId, StringComparer.Ordinal))
        {
            var codes = new List<string>();
            foreach (CustomsOffice office in zone)
            {
                string name = string.Create(CultureInfo.InvariantCulture, $"@ldOffice{known.Count}");
                args.Add(name, office.Code);
                codes.Add(name);
                known.Add(name);
            }

            ranges.Add(Zone($"{officeColumn} IN ({string.Join(", ", codes)})", zone.First().TimeZone, z++));
        }

        ranges.Add(Zone(known.Count == 0 ? "1 = 1" : $"{officeColumn} NOT IN ({string.Join(", ", known)})", TimeZoneInfo.Utc, z));
        return "(" + string.Join(" OR ", ranges) + ")";

        string Zone(string offices, TimeZoneInfo tz, int i)
        {
            var parts = new List<string> { offices };
            if (from is { } f)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{instantColumn} >= @ldFrom{i}"));
                args.Add(string.Create(CultureInfo.InvariantCulture, $"ldFrom{i}"), StoredTime.Iso(CustomsOffice.DayStart(f, tz)));
            }

            if (to is { } t)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{instantColumn} < @ldTo{i}"));
                args.Add(string.Create(CultureInfo.InvariantCulture, $"ldTo{i}"), StoredTime.Iso(CustomsOffice.DayStart(t.AddDays(1), tz)));
            }

            return "(" + string.Join(" AND ", parts) + ")";
        }
    }
}
