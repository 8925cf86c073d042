using System.Globalization;
using System.Security.Claims;
using System.Text;
using Landsea.Data.Access;
using Landsea.Data.Transit;
using Landsea.Offices;
using Landsea.Transit;
using Landsea.Web.Features.Access;
using Landsea.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using static Landsea.Web.Infrastructure.Html;

namespace Landsea.Web.Features.Transit;

/// <summary>
/// The movement pages: <c>/transit</c> lists movements by status, office and local day; <c>/transit/{mrn}</c> shows one
/// movement's route (offices in order with their state and local time), its history, its messages in and out, its
/// guarantee and the next expected step, with the officer's decisions as forms. Traders see only their own movements.
/// </summary>
public static class Pages
{
    internal static void Map(WebApplication app)
    {
        app.MapGet("/transit", ListAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/transit/{mrn}", ShowAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/transit/{mrn}/{action}", ActAsync).RequireAuthorization().ExcludeFromDescription();
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, TransitStore store, [FromQuery] string? status, [FromQuery] string? office,
        [FromQuery] string? from, [FromQuery] string? to, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (scope.Role == Role.Administrator)
        {
            return Forbidden(Texts.Get("transit.title"), Texts.Get("transit.whoMay"), user);
        }

        MovementState? state = Enum.TryParse(status, out MovementState parsed) ? parsed : null;
        DateOnly? f = DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly df) ? df : null;
        DateOnly? t = DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly dt) ? dt : null;
        IReadOnlyList<MovementSummary> list = await store.ListAsync(scope, new MovementFilter(state?.ToString(), office is { Length: > 0 } ? office : null, f, t), ct);

        var b = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<form class=\"filters\" method=\"get\" action=\"/transit\"><label>{T("decl.list.status")} <select name=\"status\" id=\"status\"><option value=\"\">{T("common.any")}</option>");
        foreach (MovementState option in Enum.GetValues<MovementState>())
        {
            b.Append(CultureInfo.InvariantCulture, $"<option value=\"{option}\"{(state == option ? " selected" : "")}>{E(Words(option))}</option>");
        }

        b.Append(CultureInfo.InvariantCulture, $"</select></label><label>{T("decl.list.office")} <select name=\"office\" id=\"office\"><option value=\"\">{T("common.any")}</option>");
        foreach (CustomsOffice o in Corridor.Offices)
        {
            b.Append(CultureInfo.InvariantCulture, $"<option value=\"{E(o.Code)}\"{(o.Code == office ? " selected" : "")}>{E(o.Code)} {E(o.Name)}</option>");
        }

        b.Append(CultureInfo.InvariantCulture, $"""
            </select></label>
            <label title="{T("transit.fromTitle")}">{T("transit.from")} <input type="date" name="from" id="from" value="{E(from)}"></label>
            <label>{T("decl.list.to")} <input type="date" name="to" id="to" value="{E(to)}"></label>
            <button type="submit" id="apply">{T("common.filter")}</button></form>
            """);
        if (list.Count == 0)
        {
            b.Append(scope.Role == Role.Trader
                ? $"<p id=\"empty\">{T("transit.emptyTrader", Raw("<code>POST /api/transit/messages</code>"), Raw("<code>landsea transit lodge</code>"))}</p>"
                : $"<p id=\"empty\">{T("transit.empty")}</p>");
            return Page(Texts.Get("transit.title"), b.ToString(), user);
        }

        b.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\" id=\"count\">{T(list.Count >= 100 ? "transit.countFirst100" : "transit.count", list.Count)}</p>");
        b.Append(CultureInfo.InvariantCulture, $"<div style=\"overflow-x:auto\"><table id=\"movements\"><thead><tr><th>MRN</th><th>LRN</th><th>{T("transit.colHolder")}</th><th>{T("transit.colDeparture")}</th><th>{T("transit.colDestination")}</th><th>{T("transit.colState")}</th><th>{T("transit.colSubmitted")}</th><th>{T("transit.colUpdated")}</th></tr></thead><tbody>");
        foreach (MovementSummary m in list)
        {
            string mrn = m.Mrn is null ? E(m.Lrn) : $"<a href=\"/transit/{E(Uri.EscapeDataString(m.Mrn))}\">{E(m.Mrn)}</a>";
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{mrn}</td><td>{E(m.Lrn)}</td><td>{E(m.HolderId)}</td><td>{E(OfficeName(m.DepartureOffice))}</td><td>{E(OfficeName(m.DestinationOffice))}</td>"
                + $"<td><span class=\"status\">{E(Words(m.State))}</span></td><td>{E(Local(m.DepartureOffice, m.SubmittedAt))}</td><td>{E(Local(m.DepartureOffice, m.UpdatedAt))}</td></tr>");
        }

        b.Append("</tbody></table></div>");
        return Page(Texts.Get("transit.title"), b.ToString(), user);
    }

    private static async Task<IResult> ShowAsync(string mrn, ClaimsPrincipal user, TransitStore store, [FromQuery] string? done, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (await store.FindAsync(mrn, scope, ct) is not { } view)
        {
            return NotFound($"{T("transit.notFound", mrn)} <a href=\"/transit\">{T("transit.all")}</a>", user, "missing");
        }

        MovementSummary m = view.Movement;
        var b = new StringBuilder();
        if (done is { Length: > 0 })
        {
            b.Append(CultureInfo.InvariantCulture, $"<p id=\"done\" class=\"muted\">{E(done)}</p>");
        }

        b.Append(CultureInfo.InvariantCulture, $"""
            <p><span class="status" id="state">{E(Words(m.State))}</span> · LRN {E(m.Lrn)} · {T("transit.holder", m.HolderId)}</p>
            <p id="next"><strong>{T("transit.next")}</strong> {E(view.NextStep)}{(view.TimeLimit is { } limit ? " · " + T("transit.due", Local(m.DestinationOffice, limit)) : "")}</p>
            <section><h2>{T("transit.route")}</h2><ol id="route">
            """);
        foreach ((string office, string role, string state, DateTimeOffset? at) in Route(view))
        {
            b.Append(CultureInfo.InvariantCulture, $"<li><strong>{E(OfficeName(office))}</strong> ({E(role)}): {E(state)}{(at is { } when ? $", {E(Local(office, when))}" : "")}</li>");
        }

        b.Append("</ol></section>");
        if (scope.CanAct && m.State is nameof(MovementState.UnderControl) or nameof(MovementState.Discrepancies))
        {
            string q = Uri.EscapeDataString(m.Mrn ?? "");
            b.Append(CultureInfo.InvariantCulture, $"<section id=\"decide\"><h2>{T("decl.show.decide")}</h2>");
            b.Append(m.State == nameof(MovementState.UnderControl)
                ? $"<form method=\"post\" action=\"/transit/{q}/release\" style=\"display:inline\"><button id=\"release\">{T("transit.release")}</button></form> "
                  + $"<form method=\"post\" action=\"/transit/{q}/refuse\" style=\"display:inline\"><input name=\"text\" id=\"reason\" required minlength=\"5\" placeholder=\"{T("transit.whyNot")}\" aria-label=\"{T("transit.whyNot")}\"> <button id=\"refuse\">{T("transit.refuse")}</button></form>"
                : $"<form method=\"post\" action=\"/transit/{q}/resolve\"><button id=\"resolve\">{T("transit.resolve")}</button></form>");
            b.Append("</section>");
        }

        b.Append(CultureInfo.InvariantCulture, $"<section><h2>{T("transit.history")}</h2><table id=\"history\"><thead><tr><th>{T("risk.colWhen")}</th><th>{T("transit.colFrom")}</th><th>{T("transit.colTo")}</th><th>{T("transit.colMessage")}</th><th>{T("decl.list.office")}</th><th>{T("decl.show.colBy")}</th></tr></thead><tbody>");
        foreach (MovementTransition t in view.Transitions)
        {
            string actor = scope.Role == Role.Trader && t.Actor != scope.User ? Texts.Get("transit.customs") : t.Actor;
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(Local(t.Office, t.At))}</td><td>{E(Words(t.From))}</td><td>{E(Words(t.To))}</td><td>{E(t.Message)}</td><td>{E(t.Office)}</td><td>{E(actor)}</td></tr>");
        }

        b.Append(CultureInfo.InvariantCulture, $"</tbody></table></section><section><h2>{T("transit.messages")}</h2><table id=\"messages\"><thead><tr><th>{T("transit.colWhen")}</th><th>{T("transit.colDirection")}</th><th>{T("transit.colMessage")}</th><th>{T("transit.colValid")}</th><th>{T("transit.colFile")}</th></tr></thead><tbody>");
        foreach (TransitMessageSummary msg in view.Messages)
        {
            string href = $"/api/transit/movements/{Uri.EscapeDataString(m.Mrn ?? "")}/messages/{msg.Id}";
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(Local(m.DepartureOffice, msg.At))}</td><td>{T(msg.Direction == "in" ? "transit.fromHolder" : "transit.toHolder")}</td>"
                + $"<td>{E(msg.MessageType ?? Texts.Get("transit.unreadable"))} {E(MessageWords(msg.MessageType))}</td><td>{(msg.Valid ? T("common.yes") : $"<span class=\"err\">{T("common.no")}</span>")}</td><td><a href=\"{E(href)}\">{E(msg.Format)}</a></td></tr>");
        }

        b.Append("</tbody></table></section>");
        b.Append(CultureInfo.InvariantCulture, $"<section><h2>{T("transit.guarantee")}</h2>");
        if (view.Guarantee is { } g)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p id=\"guarantee\">{T("transit.guaranteeLine", g.Grn, g.Kind, g.ReferenceAmount, g.Reserved, g.Available, view.AmountToCover ?? Texts.Get("transit.noAmount"))}</p>");
        }
        else
        {
            b.Append(CultureInfo.InvariantCulture, $"<p id=\"guarantee\">{(view.Grn is null ? T("transit.noGuarantee") : T("transit.grnUnknown", view.Grn))}</p>");
        }

        b.Append(CultureInfo.InvariantCulture, $"</section><p><a href=\"/transit\">{T("transit.all")}</a></p>");
        return Page(Texts.Format("transit.movementTitle", m.Mrn), b.ToString(), user);
    }

    private static async Task<IResult> ActAsync(string mrn, string action, HttpContext ctx, TransitStore store, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(ctx.User);
        if (!scope.CanAct || action is not ("release" or "refuse" or "resolve"))
        {
            return Forbidden(Texts.Get("transit.movement"), Texts.Get("transit.whoDecides"), ctx.User);
        }

        IFormCollection form = await ctx.Request.ReadFormAsync(ct);
        string text = form["text"].ToString() is { Length: > 0 } given ? given : "not released";
        TransitOutcome? outcome = await store.ActAsync(mrn, action, text, scope, ct);
        string done = outcome switch
        {
            null => Texts.Format("transit.noMovement", mrn),
            { Status: TransitOutcome.Accepted } => Texts.Format("transit.done", Texts.Get("transit.action." + action), outcome.Answers[0].Type),
            _ => Texts.Format("transit.refused", outcome.Errors[0].Reason, outcome.Errors[0].Code),
        };
        return Results.Redirect($"/transit/{Uri.EscapeDataString(mrn)}?done={Uri.EscapeDataString(done)}", preserveMethod: false);
    }

    /// <summary>
    /// The route as this node knows it: departure, each declared office of transit (crossed when its IE118 came), the
    /// declared destination, the office where the goods actually arrived when it is another (diverted: AAR), and where
    /// the movement closed.
    /// </summary>
    private static IEnumerable<(string Office, string Role, string State, DateTimeOffset? At)> Route(MovementView view)
    {
        MovementSummary m = view.Movement;
        MovementTransition? released = view.Transitions.LastOrDefault(t => t.To == MovementState.Released);
        MovementTransition? arrived = view.Transitions.LastOrDefault(t => t.To == MovementState.Arrived);
        MovementTransition? closed = view.Transitions.LastOrDefault(t => t.To is MovementState.WrittenOff or MovementState.Cancelled or MovementState.NotReleased or MovementState.Rejected);
        string pending = Texts.Get(released is not null || m.State == nameof(MovementState.Announced) ? "transit.route.expected" : "transit.route.notYetReleased");
        yield return (m.DepartureOffice, Texts.Get("transit.role.departure"), released is not null ? Texts.Get("transit.route.released") : Words(Enum.Parse<MovementState>(m.State)).ToLower(Texts.Culture), released?.At ?? m.SubmittedAt);
        foreach (string transit in view.OfficesOfTransit.Where(o => o != m.DepartureOffice && o != m.DestinationOffice))
        {
            MovementTransition? crossed = view.Transitions.LastOrDefault(t => t.Message == "IE118" && t.Office == transit);
            yield return (transit, Texts.Get("transit.role.transit"), crossed is not null ? Texts.Get("transit.route.crossed") : arrived is not null ? Texts.Get("transit.route.noCrossing") : pending, crossed?.At);
        }

        bool diverted = arrived is not null && arrived.Office != m.DestinationOffice;
        yield return (m.DestinationOffice, Texts.Get("transit.role.destination"), arrived is not null && !diverted ? Texts.Get("transit.route.arrived") : diverted ? Texts.Get("transit.route.elsewhere") : pending, diverted ? null : arrived?.At);
        if (diverted)
        {
            yield return (arrived!.Office, Texts.Get("transit.role.actualDestination"), Texts.Get("transit.route.arrived"), arrived.At);
        }

        if (closed is not null)
        {
            yield return (closed.Office, Texts.Get("transit.role.closed"), Words(closed.To).ToLower(Texts.Culture), closed.At);
        }
    }

    private static string OfficeName(string code) => Corridor.FindOffice(code) is { } o ? $"{o.Code} {o.Name}" : code;

    private static string Local(string officeCode, DateTimeOffset at) =>
        Corridor.FindOffice(officeCode) is null ? Texts.UtcTime(at) : Texts.LocalTime(officeCode, at);

    private static string Words(string state) => Enum.TryParse(state, out MovementState s) ? Words(s) : state;

    /// <summary>A state in an officer's words.</summary>
    internal static string Words(MovementState state) => Texts.Name("transit.state", state) is var word && word != state.ToString() ? word : state switch
    {
        MovementState.MrnAllocated => "MRN allocated",
        MovementState.GuaranteeReserved => "Guarantee reserved",
        MovementState.UnderControl => "Under control",
        MovementState.NotReleased => "Not released",
        MovementState.WrittenOff => "Written off",
        _ => state.ToString(),
    };

    // The page's language when it has the words, else the domain's English words (also the notification feed's meaning).
    private static string MessageWords(string? type) => type is not null && Texts.Label("transit.msg", type) is var words && words != type ? words : TransitMessageWords.Of(type);
}
