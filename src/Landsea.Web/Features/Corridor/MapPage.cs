using System.Globalization;
using System.Security.Claims;
using System.Text;
using Landsea.CorridorSupervision;
using Landsea.Data.Access;
using Landsea.Data.CorridorSupervision;
using Landsea.Web.Features.Access;
using Landsea.Web.Infrastructure;
using static Landsea.Web.Infrastructure.Html;
using Route = Landsea.CorridorSupervision.Route;

namespace Landsea.Web.Features.CorridorSupervision;

/// <summary>
/// <c>/corridor?office=CN720001</c> (issue 11 item 8): the corridor's lines drawn from their stops' UN/LOCODE coordinates
/// as server-rendered SVG (no tiles, nothing downloaded), every open consignment placed on its leg and coloured by state,
/// alerted ones ringed; below, what is due at the office in the next 24 hours (priority first) and its alerts, each
/// acknowledged with one button. Officers and auditors.
/// </summary>
public static class MapPage
{
    public const int Width = 960;
    public const int Height = 640;

    // The map's window (degrees): the corridor from Imphal to Shanghai, Horgos to Singapore; places west of it (Duisburg)
    // sit on the left edge with their name.
    private const double West = 78, East = 124, South = -1, North = 46;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/corridor", PageAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/corridor/alerts/acknowledge", AcknowledgeFormAsync).RequireAuthorization().ExcludeFromDescription();
    }

    private static async Task<IResult> PageAsync(ClaimsPrincipal user, CorridorStore store, TimeProvider time, string? office, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.SeesAll)
        {
            return Forbidden(Texts.Get("corridor.title"), Texts.Get("corridor.whoMay"), user);
        }

        office ??= scope.OfficeCode;
        DateTimeOffset now = time.GetUtcNow();
        IReadOnlyList<ConsignmentPosition> positions = await store.PositionsAsync(ct: ct);
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"<p id=\"summary\">{T("corridor.summary", positions.Count, store.Routes.Routes.Count, positions.Count(p => p.Alerted))}</p>");
        b.Append(Svg(store.Routes, positions, now));
        b.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{T("corridor.legendLines")} <span style=\"display:inline-block;width:.9em;height:.9em;vertical-align:middle;margin-right:.25em;background:#b5482b\"></span>{T("corridor.rail")} · <span style=\"display:inline-block;width:.9em;height:.9em;vertical-align:middle;margin-right:.25em;background:#6b4fa0\"></span>{T("corridor.road")} · <span style=\"display:inline-block;width:.9em;height:.9em;vertical-align:middle;margin-right:.25em;background:#1f77b4\"></span>{T("corridor.river")} · <span style=\"display:inline-block;width:.9em;height:.9em;vertical-align:middle;margin-right:.25em;background:#1a9e77\"></span>{T("corridor.sea")}. {T("corridor.legendConsignments")} <span style=\"display:inline-block;width:.9em;height:.9em;vertical-align:middle;margin-right:.25em;background:#6b7785\"></span>{T("corridor.planned")} · <span style=\"display:inline-block;width:.9em;height:.9em;vertical-align:middle;margin-right:.25em;background:#2e8b57\"></span>{T("corridor.moving")} · <span style=\"display:inline-block;width:.9em;height:.9em;vertical-align:middle;margin-right:.25em;background:#c98a00\"></span>{T("corridor.stopped")} · <span style=\"display:inline-block;width:.9em;height:.9em;vertical-align:middle;margin-right:.25em;background:#c62828\"></span>{T("corridor.alert")}. {T("corridor.coordinates")}</p>");

        b.Append(CultureInfo.InvariantCulture, $"<form method=\"get\" action=\"/corridor\" class=\"filters\"><label>{T("corridor.office")} <select name=\"office\" id=\"office\">");
        foreach (string code in store.Routes.Places.Values.Select(p => p.OfficeCode).OfType<string>().Distinct().Order(StringComparer.Ordinal))
        {
            b.Append(CultureInfo.InvariantCulture, $"<option value=\"{E(code)}\"{(code == office ? " selected" : "")}>{E(code)} {E(store.PlaceOfOffice(code)?.Name)}</option>");
        }

        b.Append(CultureInfo.InvariantCulture, $"</select></label><button type=\"submit\">{T("corridor.show")}</button></form>");
        Place? at = office is null ? null : store.PlaceOfOffice(office);
        b.Append(CultureInfo.InvariantCulture, $"<section id=\"arrivals\"><h2>{T("corridor.dueHeading", office ?? Texts.Get("corridor.everyOffice"))}</h2>");
        List<ConsignmentPosition> due = [.. ConsignmentsApi.Arrivals(positions, office, now)];
        if (due.Count == 0)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p class=\"empty\" id=\"no-arrivals\">{T("corridor.noArrivals")}</p>");
        }
        else
        {
            b.Append(CultureInfo.InvariantCulture, $"<table id=\"arrivals-table\"><tr><th>{T("corridor.colConsignment")}</th><th>{T("corridor.colLane")}</th><th>{T("corridor.colPreCleared")}</th><th>{T("corridor.colRoute")}</th><th>{T("corridor.colEta", at?.TimeZoneId ?? Texts.Get("corridor.officeTime"))}</th><th>{T("corridor.colState")}</th></tr>");
            foreach (ConsignmentPosition p in due)
            {
                b.Append(CultureInfo.InvariantCulture, $"<tr class=\"{(p.Consignment.Priority ? "priority" : "normal")}\"><td><a href=\"/corridor/consignments/{E(p.Consignment.Id)}\">{E(p.Consignment.Id)}</a></td><td>{(p.Consignment.Priority ? $"<strong>{T("corridor.priority")}</strong>" : T("corridor.normal"))}</td><td>{(p.PreClearedAt is not null ? $"<strong>{T("corridor.preClearedRelease")}</strong>" : "—")}</td><td>{E(p.Route.Id)}</td><td>{E(p.Next!.Place.LocalTime(p.Eta))}{(p.Eta < now ? $" <span class=\"err\">{T("corridor.overdue")}</span>" : "")}</td><td>{E(p.State)}</td></tr>");
            }

            b.Append("</table>");
        }

        b.Append("</section>");
        IReadOnlyList<StoredAlert> alerts = await store.AlertsAsync(office: office, openOnly: true, limit: 100, ct: ct);
        b.Append(CultureInfo.InvariantCulture, $"<section id=\"alerts\"><h2>{T("corridor.alertsHeading", office ?? Texts.Get("corridor.anyOffice"))}</h2>");
        if (alerts.Count == 0)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p class=\"empty\" id=\"no-alerts\">{T("corridor.noAlerts")}</p>");
        }
        else
        {
            b.Append(CultureInfo.InvariantCulture, $"<table id=\"alerts-table\"><tr><th>{T("corridor.colConsignment")}</th><th>{T("corridor.colAlert")}</th><th>{T("corridor.colReason")}</th><th>{T("corridor.colTold")}</th><th>{T("corridor.colRaised")}</th><th></th></tr>");
            foreach (StoredAlert a in alerts)
            {
                b.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"/corridor/consignments/{E(a.Alert.ConsignmentId)}\">{E(a.Alert.ConsignmentId)}</a></td><td>{E(a.Alert.Kind)}</td><td>{E(a.Alert.Reason)}</td><td>{E(string.Join(", ", a.Alert.Notify))}</td><td>{When(office, a.Alert.RaisedAt)}</td><td>");
                if (scope.Role == Role.Officer)
                {
                    b.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/corridor/alerts/acknowledge\"><input type=\"hidden\" name=\"key\" value=\"{E(a.Alert.Key)}\"><input type=\"hidden\" name=\"office\" value=\"{E(office)}\"><button type=\"submit\">{T("corridor.acknowledge")}</button></form>");
                }

                b.Append("</td></tr>");
            }

            b.Append("</table>");
        }

        b.Append("</section>");
        return Page(Texts.Get("corridor.title"), b.ToString(), user);
    }

    private static async Task<IResult> AcknowledgeFormAsync(HttpContext ctx, CorridorStore store, CancellationToken ct)
    {
        IFormCollection form = await ctx.Request.ReadFormAsync(ct);
        AccessScope scope = NodeAuthentication.ScopeOf(ctx.User);
        string office = form["office"].ToString();
        string back = "/corridor" + (office.Length > 0 ? "?office=" + Uri.EscapeDataString(office) : "");
        if (scope.Role != Role.Officer)
        {
            return Results.Redirect(back);
        }

        await store.AcknowledgeAsync(form["key"].ToString(), scope.User, ct);
        return Results.Redirect(back + "#alerts");
    }

    public static (double X, double Y) Project(double lat, double lon) =>
        (Math.Round((Math.Clamp(lon, West, East) - West) / (East - West) * Width, 1), Math.Round((North - Math.Clamp(lat, South, North)) / (North - South) * Height, 1));

    private static string ModeColour(LegMode m) => m switch
    {
        LegMode.Rail => "#b5482b",
        LegMode.Road => "#6b4fa0",
        LegMode.River => "#1f77b4",
        _ => "#1a9e77",
    };

    private static string StateColour(string state) => state switch
    {
        "moving" => "#2e8b57",
        "stopped" => "#c98a00",
        "alert" => "#c62828",
        "arrived" => "#0b3d5c",
        _ => "#6b7785",
    };

    /// <summary>The map: every leg as a line, every stop as a labelled dot, every open consignment as a dot on its leg.</summary>
    public static string Svg(RouteBook routes, IReadOnlyList<ConsignmentPosition> positions, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(positions);
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<svg id=\"corridor-map\" role=\"img\" aria-labelledby=\"map-title\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" style=\"background:#eef3f7;border:1px solid #dde3ea\"><title id=\"map-title\">{T("corridor.mapTitle")}</title>");
        var drawn = new HashSet<(string, string, LegMode)>();
        foreach (Route r in routes.Routes)
        {
            foreach (Leg l in r.Legs)
            {
                if (!drawn.Add((l.From.Locode, l.To.Locode, l.Mode)))
                {
                    continue;
                }

                (double x1, double y1) = Project(l.From.Latitude, l.From.Longitude);
                (double x2, double y2) = Project(l.To.Latitude, l.To.Longitude);
                s.Append(CultureInfo.InvariantCulture, $"<line class=\"leg {l.Mode.ToString().ToLowerInvariant()}\" data-route=\"{E(r.Id)}\" x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\" stroke=\"{ModeColour(l.Mode)}\" stroke-width=\"2.5\"{(l.Mode == LegMode.Sea ? " stroke-dasharray=\"6 4\"" : "")}><title>{E(r.Name)}: {E(l.From.Name)} → {E(l.To.Name)}, {E(l.Mode.ToString().ToLowerInvariant())}, {l.TypicalHours} h ({E(l.IsEstimate ? "estimate" : "fact " + l.Fact)})</title></line>");
            }
        }

        foreach (Place p in routes.Places.Values)
        {
            (double x, double y) = Project(p.Latitude, p.Longitude);
            bool off = p.Longitude < West;
            s.Append(CultureInfo.InvariantCulture, $"<g class=\"stop\" id=\"stop-{E(p.Locode)}\"><circle cx=\"{x}\" cy=\"{y}\" r=\"{(p.OfficeCode is null ? 3 : 4.5)}\" fill=\"#fff\" stroke=\"#1b2733\"/><text x=\"{x + 6}\" y=\"{y - 5}\" font-size=\"11\" fill=\"#1b2733\">{E(off ? "← " + p.Name : p.Name)}</text></g>");
        }

        foreach (ConsignmentPosition c in positions)
        {
            Leg leg = c.Route.Legs[Math.Clamp(c.Leg - 1, 0, c.Route.Legs.Count - 1)];
            double fraction = c.Leg == 0 ? 0 : c.State == "stopped" ? 1 : Math.Clamp(1 - (c.Eta - now).TotalHours / leg.TypicalHours, 0.05, 0.95);
            double lat = leg.From.Latitude + ((leg.To.Latitude - leg.From.Latitude) * fraction);
            double lon = leg.From.Longitude + ((leg.To.Longitude - leg.From.Longitude) * fraction);
            (double x, double y) = Project(lat, lon);
            s.Append(CultureInfo.InvariantCulture, $"<a href=\"/corridor/consignments/{E(c.Consignment.Id)}\"><g class=\"consignment state-{E(c.State)}{(c.Alerted ? " alerted" : "")}{(c.Consignment.Priority ? " priority" : "")}\" id=\"c-{E(c.Consignment.Id)}\"><circle cx=\"{x}\" cy=\"{y}\" r=\"6\" fill=\"{StateColour(c.State)}\" stroke=\"#fff\"/>");
            if (c.Alerted)
            {
                s.Append(CultureInfo.InvariantCulture, $"<circle class=\"alert-ring\" cx=\"{x}\" cy=\"{y}\" r=\"10\" fill=\"none\" stroke=\"#c62828\" stroke-width=\"2\"/>");
            }

            s.Append(CultureInfo.InvariantCulture, $"<title>{E(c.Consignment.Id)} on {E(c.Route.Id)} leg {c.Leg}: {E(c.State)}{(c.Consignment.Priority ? ", priority" : "")}</title></g></a>");
        }

        return s.Append("</svg>").ToString();
    }
}
