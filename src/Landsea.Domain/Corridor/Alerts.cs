using System.Globalization;

namespace Landsea.CorridorSupervision;

/// <summary>Why an alert is raised (issue 11 item 6).</summary>
public enum AlertKind
{
    /// <summary>The consignment has not reached its next stop by the ETA from the legs' typical times (plus the grace).</summary>
    Overdue,

    /// <summary>A seal check found a seal broken, replaced, or other seal numbers than at departure.</summary>
    SealMismatch,

    /// <summary>An event happened at a place that is not a stop of the route.</summary>
    RouteDeviation,

    /// <summary>The consignment arrived at a customs office that is not a stop of its route.</summary>
    UndeclaredOffice,

    /// <summary>The consignment arrived at a stop and has not left it for longer than the long-stop limit.</summary>
    LongStop,
}

/// <summary>
/// An alert: one per (consignment, kind, place) — <see cref="Key"/> is unique in the store, so an alert is never raised twice.
/// <paramref name="Notify"/> lists the offices told (the place's office and the departure office).
/// </summary>
public sealed record Alert(string ConsignmentId, AlertKind Kind, string Place, string Reason, IReadOnlyList<string> Notify, DateTimeOffset RaisedAt)
{
    public string Key => $"{ConsignmentId}|{Kind}|{Place}";
}

/// <summary>How alerts are computed: the grace on an ETA and the long-stop limit (documented defaults).</summary>
public sealed record AlertSettings
{
    /// <summary>Grace after an ETA before "overdue": 25 % of the arriving leg's typical time, at least this (default 2 hours).</summary>
    public TimeSpan MinimumGrace { get; init; } = TimeSpan.FromHours(2);

    /// <summary>A stop longer than this at an intermediate place is a long stop (default 24 hours).</summary>
    public TimeSpan LongStop { get; init; } = TimeSpan.FromHours(24);
}

/// <summary>Computes a consignment's alerts from its plan, its events and its seal checks at an instant (pure).</summary>
public static class AlertRules
{
    public static IReadOnlyList<Alert> Compute(Consignment c, Route route, IReadOnlyList<CorridorEvent> events, IReadOnlyList<SealCheck> seals,
        DateTimeOffset now, AlertSettings settings, Func<string, bool> isCustomsOffice)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(seals);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(isCustomsOffice);
        var alerts = new List<Alert>();
        string departureOffice = route.Legs[0].From.OfficeCode ?? route.Legs[0].From.Locode;
        IReadOnlyList<string> Notify(string? office) => office is null || office == departureOffice ? [departureOffice] : [office, departureOffice];

        List<CorridorEvent> actual = Actual(events);

        foreach (SealCheck s in seals.Where(s => s.Mismatch))
        {
            alerts.Add(new Alert(c.Id, AlertKind.SealMismatch, $"{s.OfficeCode}/{s.EquipmentReference}", s.Reason, Notify(s.OfficeCode), now));
        }

        foreach (CorridorEvent e in actual.Where(e => e.Locode is not null && !route.Passes(e.Locode)))
        {
            bool office = e.OfficeCode is not null && isCustomsOffice(e.OfficeCode);
            if (office && e.TypeCode == "ARRI")
            {
                alerts.Add(new Alert(c.Id, AlertKind.UndeclaredOffice, e.OfficeCode!, $"arrived at office {e.OfficeCode} ({e.Locode}), not a stop of route {route.Id}", Notify(e.OfficeCode), now));
            }
            else
            {
                alerts.Add(new Alert(c.Id, AlertKind.RouteDeviation, e.Locode!, $"{e.EventType} {e.TypeCode} at {e.Locode}, not a stop of route {route.Id} ({string.Join(" - ", route.Stops.Select(p => p.Locode))})", Notify(e.OfficeCode), now));
            }
        }

        IReadOnlyList<PlannedStop> plan = ConsignmentRules.Plan(c, route);
        (int reached, PlannedStop? nextStop, DateTimeOffset eta) = Progress(c, route, actual);
        if (nextStop is { } next)
        {
            TimeSpan grace = TimeSpan.FromTicks(Math.Max(settings.MinimumGrace.Ticks, next.ArrivingLeg!.Typical.Ticks / 4));
            if (now > eta + grace)
            {
                alerts.Add(new Alert(c.Id, AlertKind.Overdue, next.Place.OfficeCode ?? next.Place.Locode,
                    $"expected at {next.Place.Name} by {next.Place.LocalTime(eta)} ({next.Place.TimeZoneId}; {next.ArrivingLeg.TypicalHours.ToString(CultureInfo.InvariantCulture)} h typical, {(next.ArrivingLeg.IsEstimate ? "estimate" : "fact " + next.ArrivingLeg.Fact)}), not arrived",
                    Notify(next.Place.OfficeCode), now));
            }

            CorridorEvent? last = actual.LastOrDefault(e => e.Locode is not null && route.Passes(e.Locode));
            if (reached > 0 && last is { EventType: DcsaSchema.Transport, TypeCode: "ARRI" } && last.Locode == plan[reached].Place.Locode && now - last.EventDateTime > settings.LongStop)
            {
                Place p = plan[reached].Place;
                alerts.Add(new Alert(c.Id, AlertKind.LongStop, p.OfficeCode ?? p.Locode,
                    $"at {p.Name} since {p.LocalTime(last.EventDateTime)}, longer than {settings.LongStop.TotalHours.ToString(CultureInfo.InvariantCulture)} h", Notify(p.OfficeCode), now));
            }
        }

        return alerts;
    }

    /// <summary>
    /// How far a consignment got: the index of the last stop reached (0: the origin), the next stop (null once at the last),
    /// and its ETA — the last actual event at the reached stop (or the plan) plus the next leg's typical time.
    /// </summary>
    public static (int Reached, PlannedStop? Next, DateTimeOffset Eta) Progress(Consignment c, Route route, IReadOnlyList<CorridorEvent> actual)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(actual);
        IReadOnlyList<PlannedStop> plan = ConsignmentRules.Plan(c, route);
        int reached = 0;
        foreach (CorridorEvent e in actual)
        {
            int i = IndexOf(plan, e.Locode, reached);
            if (i > reached)
            {
                reached = i;
            }
        }

        if (reached >= plan.Count - 1)
        {
            return (reached, null, plan[^1].Eta);
        }

        PlannedStop next = plan[reached + 1];
        DateTimeOffset from = actual.LastOrDefault(e => e.Locode == plan[reached].Place.Locode)?.EventDateTime ?? plan[reached].Eta;
        return (reached, next, (reached == 0 && from < c.DepartureAt ? c.DepartureAt : from) + next.ArrivingLeg!.Typical);
    }

    /// <summary>The actual events that count: ACT, neither a retraction nor retracted, in time order.</summary>
    public static List<CorridorEvent> Actual(IReadOnlyList<CorridorEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        HashSet<Guid> retracted = [.. events.Where(e => e.RetractsEventId is not null).Select(e => e.RetractsEventId!.Value)];
        return [.. events.Where(e => e.Classifier == "ACT" && e.RetractsEventId is null && !retracted.Contains(e.EventId)).OrderBy(e => e.EventDateTime)];
    }

    /// <summary>The stop's index in the plan at or after <paramref name="from"/> (a route may pass a place twice), or -1.</summary>
    private static int IndexOf(IReadOnlyList<PlannedStop> plan, string? locode, int from)
    {
        for (int i = from; i < plan.Count; i++)
        {
            if (plan[i].Place.Locode == locode)
            {
                return i;
            }
        }

        return -1;
    }
}
