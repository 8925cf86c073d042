namespace Landsea.CorridorSupervision;

/// <summary>
/// One line of a consignment's timeline (issue 11 item 4): when (UTC and the office's local time with its zone), where,
/// what, and from whom (<c>customs</c>, <c>carrier</c>, <c>seal</c>, <c>transit</c>, or a later capability's name such as
/// <c>scan</c>). <see cref="Retracted"/> marks an event a later event retracted (kept, struck through on the page).
/// </summary>
public sealed record TimelineEntry(DateTimeOffset At, string LocalTime, string? TimeZoneId, string? OfficeCode, string? Locode,
    string Source, string Kind, string Text, string? EventId, bool Retracted);

/// <summary>A consignment's timeline: its plan, its entries in time order, and its open alerts.</summary>
public sealed record Timeline(Consignment Consignment, Route Route, IReadOnlyList<PlannedStop> Plan, IReadOnlyList<TimelineEntry> Entries,
    IReadOnlyList<Alert> Alerts, string State);

/// <summary>Joins the sources of a timeline (pure).</summary>
public static class Timelines
{
    public static TimelineEntry Of(CorridorEvent e, bool retracted, RouteBook routes)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(routes);
        Place? place = e.Locode is not null && routes.Places.TryGetValue(e.Locode, out Place? p) ? p : null;
        string what = (e.EventType, e.TypeCode) switch
        {
            (DcsaSchema.Transport, "ARRI") => "arrived",
            (DcsaSchema.Transport, "DEPA") => "departed",
            (DcsaSchema.Shipment, "RELS") => "released by customs",
            (DcsaSchema.Shipment, "HOLD") => "held by customs",
            (DcsaSchema.Equipment, "INSP") => e.Seals.Count > 0 ? $"inspected, seals {string.Join(", ", e.Seals)}" : "inspected",
            (DcsaSchema.Equipment, "RSEA") => $"resealed: {string.Join(", ", e.Seals)}",
            (DcsaSchema.Equipment, "LOAD") => "loaded",
            (DcsaSchema.Equipment, "DISC") => "discharged",
            (DcsaSchema.Equipment, "GTIN") => "gated in",
            (DcsaSchema.Equipment, "GTOT") => "gated out",
            _ => e.TypeCode,
        };
        string text = $"{what}{(e.EquipmentReference is null ? "" : " · " + e.EquipmentReference)}{(e.RetractsEventId is null ? "" : $" (corrects {e.RetractsEventId})")}";
        return new TimelineEntry(e.EventDateTime, place?.LocalTime(e.EventDateTime) ?? CustomsEvents.Iso(e.EventDateTime), place?.TimeZoneId,
            e.OfficeCode ?? place?.OfficeCode, e.Locode, e.Source, $"{e.EventType} {e.TypeCode} {e.Classifier}", text, e.EventId.ToString(), retracted);
    }

    /// <summary>The state the map colours by: planned, moving, stopped, alert (an open alert), arrived.</summary>
    public static string StateOf(Consignment c, Route route, IReadOnlyList<CorridorEvent> events, IReadOnlyList<Alert> openAlerts)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(openAlerts);
        HashSet<Guid> retracted = [.. events.Where(e => e.RetractsEventId is not null).Select(e => e.RetractsEventId!.Value)];
        List<CorridorEvent> valid = [.. events.Where(e => e.Classifier == "ACT" && e.RetractsEventId is null && !retracted.Contains(e.EventId) && e.Locode is not null)
            .OrderBy(e => e.EventDateTime)];
        CorridorEvent? last = valid.LastOrDefault();
        CorridorEvent? lastMove = valid.LastOrDefault(e => e.EventType == DcsaSchema.Transport);
        if (last is not null && last.Locode == route.Legs[^1].To.Locode && last.TypeCode is "ARRI" or "DISC" or "RELS")
        {
            return "arrived";
        }

        if (openAlerts.Count > 0)
        {
            return "alert";
        }

        return last is null ? "planned" : lastMove?.TypeCode == "ARRI" ? "stopped" : "moving";
    }

    /// <summary>Where a consignment is: the leg it is on (1-based; 0 before departure) from its last actual event.</summary>
    public static int LegOf(Route route, IReadOnlyList<CorridorEvent> events)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(events);
        int leg = 0;
        foreach (CorridorEvent e in events.Where(e => e.Classifier == "ACT" && e.Locode is not null).OrderBy(e => e.EventDateTime))
        {
            for (int i = 0; i < route.Legs.Count; i++)
            {
                if (route.Legs[i].From.Locode == e.Locode && (e.TypeCode != "ARRI" || i == 0))
                {
                    leg = Math.Max(leg, i + 1);
                }
                else if (route.Legs[i].To.Locode == e.Locode)
                {
                    leg = Math.Max(leg, i + 1);
                }
            }
        }

        return leg;
    }
}
