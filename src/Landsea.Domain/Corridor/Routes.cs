using System.Globalization;
using Landsea.Shared;

namespace Landsea.CorridorSupervision;

/// <summary>How a leg moves: the DCSA mode of transport it maps to is <see cref="RouteFiles.DcsaMode"/>.</summary>
public enum LegMode
{
    Rail,
    Road,
    River,
    Sea,
}

/// <summary>
/// A stop of the corridor: its UN/LOCODE, name, IANA time zone, the Landsea office there (if any) and its coordinates
/// (decimal degrees, from the UN/LOCODE list unless the places file gives them with a reason).
/// </summary>
public sealed record Place(string Locode, string Name, string TimeZoneId, string? OfficeCode, double Latitude, double Longitude)
{
    public TimeZoneInfo TimeZone => TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    /// <summary>The place's local time of an instant with its offset: <c>2026-12-02 06:34 +08:00</c>.</summary>
    public string LocalTime(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, TimeZone).ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);
}

/// <summary>
/// One leg of a route. <paramref name="TypicalHours"/> comes from the facts file row <paramref name="Fact"/>
/// (<c>F03</c>), or is an estimate when <paramref name="Fact"/> is <c>estimate</c>; <paramref name="Source"/> is the row's URL.
/// </summary>
public sealed record Leg(int Sequence, Place From, Place To, LegMode Mode, double TypicalHours, string Fact, string? Source)
{
    public bool IsEstimate => Fact == RouteFiles.Estimate;

    public TimeSpan Typical => TimeSpan.FromHours(TypicalHours);
}

/// <summary>A line of the corridor: legs end to end, the first leg's origin to the last leg's destination.</summary>
public sealed record Route(string Id, string Name, IReadOnlyList<Leg> Legs)
{
    /// <summary>Every stop in order: the first leg's origin, then each leg's destination.</summary>
    public IReadOnlyList<Place> Stops => [Legs[0].From, .. Legs.Select(l => l.To)];

    public bool Passes(string locode) => Stops.Any(p => p.Locode == locode);

    public TimeSpan TypicalTotal => TimeSpan.FromHours(Legs.Sum(l => l.TypicalHours));
}

/// <summary>A row of the facts file (data/corridor/corridor-facts.csv), as the pages show a leg's source.</summary>
public sealed record CorridorFact(string Id, string Topic, string Metric, string Value, string Unit, string Status, string SourceUrl);

/// <summary>The routes a node knows: the shipped files, or an operator's files in the same format (docs/corridor.md).</summary>
public sealed class RouteBook
{
    private readonly Dictionary<string, Route> _routes;

    public RouteBook(IReadOnlyList<Route> routes, IReadOnlyDictionary<string, Place> places, IReadOnlyDictionary<string, CorridorFact> facts)
    {
        ArgumentNullException.ThrowIfNull(routes);
        Routes = routes;
        Places = places;
        Facts = facts;
        _routes = routes.ToDictionary(r => r.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<Route> Routes { get; }

    public IReadOnlyDictionary<string, Place> Places { get; }

    public IReadOnlyDictionary<string, CorridorFact> Facts { get; }

    public Route? Find(string id) => _routes.GetValueOrDefault(id);

    /// <summary>The place whose Landsea office has this code.</summary>
    public Place? PlaceOfOffice(string officeCode) => Places.Values.FirstOrDefault(p => p.OfficeCode == officeCode);

    private static readonly Lazy<RouteBook> s_shipped = new(() => RouteFiles.Read(
        EmbeddedData.ReadText("Landsea.data.corridor.routes.csv"), EmbeddedData.ReadText("Landsea.data.corridor.places.csv"),
        EmbeddedData.ReadText("Landsea.data.corridor.corridor-facts.csv")).OrThrow());

    /// <summary>The routes shipped in data/corridor/ (embedded).</summary>
    public static RouteBook Shipped => s_shipped.Value;
}

/// <summary>Reads the routes, places and facts files (CSV with a header; format in docs/corridor.md).</summary>
public static class RouteFiles
{
    public const string Estimate = "estimate";

    public static string DcsaMode(LegMode mode) => mode switch
    {
        LegMode.Rail => "RAIL",
        LegMode.Road => "TRUCK",
        LegMode.River => "BARGE",
        _ => "VESSEL",
    };

    private static readonly string[] s_placeColumns = ["locode", "name", "time_zone", "office", "lat", "lon"];
    private static readonly string[] s_routeColumns = ["route", "name", "leg", "from", "to", "mode", "typical_hours", "fact"];
    private static readonly string[] s_factColumns = ["fact_id", "topic", "metric", "value", "unit", "status", "source_url"];

    /// <summary>Reads the three files; the first fault found is the answer, naming the file and line.</summary>
    public static Result<RouteBook> Read(string routesCsv, string placesCsv, string factsCsv)
    {
        Result<List<Dictionary<string, string>>> facts = Rows(factsCsv, "facts", s_factColumns);
        if (facts.Failure is { } ff)
        {
            return ff;
        }

        var factById = facts.Value.ToDictionary(r => r["fact_id"], r => new CorridorFact(r["fact_id"], r["topic"], r["metric"], r["value"], r["unit"], r["status"], r["source_url"]), StringComparer.Ordinal);

        Result<List<Dictionary<string, string>>> placeRows = Rows(placesCsv, "places", s_placeColumns);
        if (placeRows.Failure is { } pf)
        {
            return pf;
        }

        var places = new Dictionary<string, Place>(StringComparer.Ordinal);
        int line = 1;
        foreach (Dictionary<string, string> r in placeRows.Value)
        {
            line++;
            Result<UnLocode> code = UnLocode.Parse(r["locode"]);
            if (!code.IsValid)
            {
                return Fail(CorridorErrorCodes.RouteValue, "places", line, "locode", code.Failure!.Reason);
            }

            if (!ZoneExists(r["time_zone"]))
            {
                return Fail(CorridorErrorCodes.RouteValue, "places", line, "time_zone", $"'{r["time_zone"]}' is not an IANA time zone.");
            }

            UnLocation at = code.Value.Location;
            double? lat = Number(r["lat"]) ?? at.Latitude;
            double? lon = Number(r["lon"]) ?? at.Longitude;
            if (lat is null || lon is null)
            {
                return Fail(CorridorErrorCodes.RouteValue, "places", line, "lat", $"{r["locode"]} has no coordinates in the UN/LOCODE list: give lat and lon.");
            }

            string office = r["office"].Trim();
            places[code.Value.Value] = new Place(code.Value.Value, r["name"].Trim(), r["time_zone"].Trim(), office.Length == 0 ? null : office, lat.Value, lon.Value);
        }

        Result<List<Dictionary<string, string>>> routeRows = Rows(routesCsv, "routes", s_routeColumns);
        if (routeRows.Failure is { } rf)
        {
            return rf;
        }

        var legs = new Dictionary<string, (string Name, List<Leg> Legs)>(StringComparer.Ordinal);
        var order = new List<string>();
        line = 1;
        foreach (Dictionary<string, string> r in routeRows.Value)
        {
            line++;
            string id = r["route"].Trim();
            if (id.Length == 0 || id.Length > 40 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return Fail(CorridorErrorCodes.RouteValue, "routes", line, "route", $"route id '{id}' must be 1-40 letters, digits or '-'.");
            }

            if (!places.TryGetValue(r["from"].Trim(), out Place? from))
            {
                return Fail(CorridorErrorCodes.RouteValue, "routes", line, "from", $"'{r["from"]}' is not a place of the places file.");
            }

            if (!places.TryGetValue(r["to"].Trim(), out Place? to))
            {
                return Fail(CorridorErrorCodes.RouteValue, "routes", line, "to", $"'{r["to"]}' is not a place of the places file.");
            }

            if (!Enum.TryParse(r["mode"].Trim(), ignoreCase: true, out LegMode mode) || !Enum.IsDefined(mode) || int.TryParse(r["mode"], out _))
            {
                return Fail(CorridorErrorCodes.RouteValue, "routes", line, "mode", $"mode '{r["mode"]}' must be rail, road, river or sea.");
            }

            if (Number(r["typical_hours"]) is not { } hours || hours <= 0 || hours > 24 * 90)
            {
                return Fail(CorridorErrorCodes.RouteHours, "routes", line, "typical_hours", $"'{r["typical_hours"]}' must be a number of hours above 0 and at most 2160.");
            }

            string fact = r["fact"].Trim();
            string? source = null;
            if (fact != Estimate)
            {
                if (!factById.TryGetValue(fact, out CorridorFact? f))
                {
                    return Fail(CorridorErrorCodes.RouteHours, "routes", line, "fact", $"'{fact}' is neither a fact_id of the facts file nor '{Estimate}'.");
                }

                source = f.SourceUrl;
            }

            if (!int.TryParse(r["leg"], NumberStyles.None, CultureInfo.InvariantCulture, out int seq))
            {
                return Fail(CorridorErrorCodes.RouteLegs, "routes", line, "leg", $"leg '{r["leg"]}' must be a whole number.");
            }

            if (!legs.TryGetValue(id, out var route))
            {
                route = (r["name"].Trim(), []);
                legs[id] = route;
                order.Add(id);
            }

            if (seq != route.Legs.Count + 1)
            {
                return Fail(CorridorErrorCodes.RouteLegs, "routes", line, "leg", $"route {id}: leg {seq} follows leg {route.Legs.Count}; legs are numbered 1, 2, ... in order.");
            }

            if (route.Legs.Count > 0 && route.Legs[^1].To.Locode != from.Locode)
            {
                return Fail(CorridorErrorCodes.RouteLegs, "routes", line, "from", $"route {id}: leg {seq} starts at {from.Locode} but leg {seq - 1} ends at {route.Legs[^1].To.Locode}.");
            }

            route.Legs.Add(new Leg(seq, from, to, mode, hours, fact, source));
        }

        if (order.Count == 0)
        {
            return Result<RouteBook>.Fail(CorridorErrorCodes.RouteFileShape, "routes: the file has no legs.");
        }

        return new RouteBook([.. order.Select(id => new Route(id, legs[id].Name, legs[id].Legs))], places, factById);
    }

    private static bool ZoneExists(string id)
    {
        try
        {
            _ = TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
            return id.Trim().Length > 0;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
    }

    private static double? Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : null;

    private static Failure Fail(string code, string file, int line, string column, string reason) =>
        new(code, $"{file} line {line}, column {column}: {reason}");

    private static Result<List<Dictionary<string, string>>> Rows(string csv, string file, string[] needed)
    {
        using var reader = new StringReader(csv ?? "");
        List<string[]> rows = [.. Csv.Read(reader)];
        if (rows.Count == 0)
        {
            return Result<List<Dictionary<string, string>>>.Fail(CorridorErrorCodes.RouteFileShape, $"{file}: the file is empty.");
        }

        string[] header = [.. rows[0].Select(h => h.Trim())];
        if (needed.FirstOrDefault(n => !header.Contains(n)) is { } missing)
        {
            return Result<List<Dictionary<string, string>>>.Fail(CorridorErrorCodes.RouteFileShape, $"{file}: the header has no column '{missing}' (needs {string.Join(", ", needed)}).");
        }

        var list = new List<Dictionary<string, string>>();
        for (int i = 1; i < rows.Count; i++)
        {
            if (rows[i].Length == 1 && rows[i][0].Length == 0)
            {
                continue;
            }

            if (rows[i].Length < header.Length)
            {
                return Result<List<Dictionary<string, string>>>.Fail(CorridorErrorCodes.RouteFileShape, $"{file} line {i + 1}: {rows[i].Length} fields, the header has {header.Length}.");
            }

            var d = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int c = 0; c < header.Length; c++)
            {
                d[header[c]] = rows[i][c];
            }

            list.Add(d);
        }

        return list;
    }
}
