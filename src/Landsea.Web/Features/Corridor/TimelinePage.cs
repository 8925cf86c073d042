using System.Globalization;
using System.Security.Claims;
using System.Text;
using Landsea.CorridorSupervision;
using Landsea.Data.Access;
using Landsea.Data.CorridorSupervision;
using Landsea.Shared;
using Landsea.Web.Features.Access;
using Landsea.Web.Infrastructure;
using static Landsea.Web.Infrastructure.Html;

namespace Landsea.Web.Features.CorridorSupervision;

/// <summary>
/// <c>/corridor/consignments/{id}</c> (issue 11 item 4): one timeline joining customs events at every office, carrier
/// events, seal checks and any contributor's entries (scan verdicts), each at the office's local time with its zone; the
/// plan with ETAs; the consignment's alerts.
/// </summary>
public static class TimelinePage
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/corridor/consignments/{id}", PageAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/corridor/consignments/{id}/priority", PriorityFormAsync).RequireAuthorization().ExcludeFromDescription();
    }

    /// <summary>The lane form: the same rule as the API (<see cref="PriorityLane.Change"/>); a refusal comes back as its code on the page, nothing changed.</summary>
    private static async Task<IResult> PriorityFormAsync(string id, HttpContext ctx, CorridorStore store, Microsoft.Extensions.Options.IOptions<CorridorOptions> options, CancellationToken ct)
    {
        IFormCollection form = await ctx.Request.ReadFormAsync(ct);
        AccessScope scope = NodeAuthentication.ScopeOf(ctx.User);
        string back = "/corridor/consignments/" + Uri.EscapeDataString(id);
        if (await store.FindConsignmentAsync(id, ct) is not { } c || !(scope.SeesAll || (scope.Role == Role.Trader && c.DeclaredBy == (scope.TraderId ?? scope.User))))
        {
            return Results.Redirect(back);
        }

        var actor = new PriorityActor(scope.User, scope.CanAct, scope.Role == Role.Trader ? scope.TraderId : null);
        Result<Consignment> changed = await store.ChangePriorityAsync(id, form["priority"] == "true", actor, form["reason"].ToString(), options.Value.AuthorisedTraders, ct);
        return Results.Redirect(changed.IsValid ? back + "#lane-form" : $"{back}?laneError={Uri.EscapeDataString(changed.Failure!.Code)}#lane-form");
    }

    private static string LaneError(string? code) => code switch
    {
        CorridorErrorCodes.PriorityReason => Texts.Get("timeline.errReason"),
        CorridorErrorCodes.PriorityUnchanged => Texts.Get("timeline.errUnchanged"),
        CorridorErrorCodes.PriorityNotAuthorised => Texts.Get("timeline.errNotAuthorised"),
        _ => Texts.Get("timeline.errNotAllowed"),
    };

    private static async Task<IResult> PageAsync(string id, ClaimsPrincipal user, CorridorStore store, string? laneError, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        Timeline? t = await store.TimelineAsync(id, ct);
        if (t is null || !(scope.SeesAll || (scope.Role == Role.Trader && t.Consignment.DeclaredBy == (scope.TraderId ?? scope.User))))
        {
            return Page(Texts.Get("timeline.notFoundTitle"), $"<p class=\"err\" id=\"not-found\">{T("timeline.notFound", id, CorridorErrorCodes.ConsignmentUnknown)}</p>", user, StatusCodes.Status404NotFound);
        }

        Consignment c = t.Consignment;
        PreClearedMark? preCleared = await store.PreClearedAsync(c.Id, ct);
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"""
            <p id="facts">{T("timeline.route")} <strong>{E(t.Route.Name)}</strong> ({E(t.Route.Id)}) · {T("timeline.transportDocument")} {E(c.TransportDocumentReference)} ·
            {T("timeline.state")} <span class="status" id="state">{E(t.State)}</span> · {T("timeline.lane")} <strong id="lane">{T(c.Priority ? "corridor.priority" : "corridor.normal")}</strong>{(preCleared is null ? "" : $" · <strong id=\"pre-cleared\">{T("timeline.preCleared")}</strong>: {T("timeline.releaseOnArrival")}")}
            · {T("timeline.mrns")} {E(c.Mrns.Count == 0 ? Texts.Get("timeline.none") : string.Join(", ", c.Mrns))}</p>
            <p>{T("timeline.containers")} {string.Join(" · ", c.Equipment.Select(e => $"{E(e.EquipmentReference)} ({T("timeline.seals", string.Join(", ", e.Seals))})"))}</p>
            """);
        b.Append(CultureInfo.InvariantCulture, $"<section id=\"plan\"><h2>{T("timeline.plan")}</h2><table><tr><th>{T("timeline.colStop")}</th><th>{T("corridor.office")}</th><th>{T("timeline.colEtaLocal")}</th><th>{T("timeline.colLeg")}</th></tr>");
        foreach (PlannedStop p in t.Plan)
        {
            string leg = p.ArrivingLeg is { } l ? $"{T("corridor." + l.Mode.ToString().ToLowerInvariant())}, {l.TypicalHours.ToString(CultureInfo.InvariantCulture)} h ({(l.IsEstimate ? T("timeline.estimate") : $"<a href=\"{E(l.Source)}\">{T("timeline.fact", l.Fact)}</a>")})" : T("timeline.departure");
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(p.Place.Name)} ({E(p.Place.Locode)})</td><td>{E(p.Place.OfficeCode ?? "—")}</td><td>{E(p.Place.LocalTime(p.Eta))} <small class=\"muted\">{E(p.Place.TimeZoneId)}</small></td><td>{leg}</td></tr>");
        }

        b.Append("</table></section>");
        b.Append(CultureInfo.InvariantCulture, $"<section id=\"timeline\"><h2>{T("timeline.timeline")}</h2>");
        if (t.Entries.Count == 0)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p class=\"empty\" id=\"no-entries\">{T("timeline.noEntries")}</p>");
        }
        else
        {
            b.Append(CultureInfo.InvariantCulture, $"<table id=\"timeline-table\"><tr><th>{T("timeline.colLocalTime")}</th><th>{T("timeline.colZone")}</th><th>{T("corridor.office")}</th><th>{T("timeline.colPlace")}</th><th>{T("timeline.colFrom")}</th><th>{T("timeline.colWhat")}</th></tr>");
            foreach (TimelineEntry e in t.Entries)
            {
                string what = $"{E(e.Text)} <small class=\"muted\">{E(e.Kind)}</small>";
                b.Append(CultureInfo.InvariantCulture, $"<tr class=\"entry {E(e.Source)}{(e.Retracted ? " retracted" : "")}\"><td>{E(e.LocalTime)}</td><td>{E(e.TimeZoneId ?? "UTC")}</td><td>{E(e.OfficeCode ?? "—")}</td><td>{E(e.Locode ?? "—")}</td><td>{E(e.Source)}</td><td>{(e.Retracted ? $"<s>{what}</s> {T("timeline.retracted")}" : what)}</td></tr>");
            }

            b.Append("</table>");
        }

        b.Append("</section>");
        if (scope.CanAct || (scope.Role == Role.Trader && c.DeclaredBy == (scope.TraderId ?? scope.User)))
        {
            b.Append(CultureInfo.InvariantCulture, $"""
                <section id="lane-form"><h2>{T("timeline.laneHeading")}</h2>
                {(laneError is { Length: > 0 } ? $"<p class=\"err\" role=\"alert\" id=\"lane-error\">{E(laneError)}: {E(LaneError(laneError))}. {T("timeline.nothingChanged")}</p>" : "")}
                <form method="post" action="/corridor/consignments/{E(c.Id)}/priority"><input type="hidden" name="priority" value="{(c.Priority ? "false" : "true")}">
                <label>{T("timeline.reason")} <input name="reason" id="lane-reason" maxlength="500" size="50"></label>
                <button type="submit" id="lane-submit">{T(c.Priority ? "timeline.takeOut" : "timeline.flag")}</button></form></section>
                """);
        }

        b.Append(CultureInfo.InvariantCulture, $"<section id=\"consignment-alerts\"><h2>{T("timeline.alerts")}</h2>");
        b.Append(t.Alerts.Count == 0 ? $"<p class=\"empty\">{T("timeline.noAlert")}</p>" : "<ul>" + string.Concat(t.Alerts.Select(a => $"<li class=\"alert {E(a.Kind)}\"><strong>{E(a.Kind)}</strong>: {E(a.Reason)} ({T("timeline.told", string.Join(", ", a.Notify))})</li>")) + "</ul>");
        b.Append(CultureInfo.InvariantCulture, $"</section><p><a href=\"/corridor\">{T("clearance.mapLink")}</a></p>");
        return Page(Texts.Format("timeline.title", c.Id), b.ToString(), user);
    }
}
