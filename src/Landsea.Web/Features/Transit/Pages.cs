using System.Globalization;
using System.Security.Claims;
using System.Text;
using Landsea.Data.Access;
using Landsea.Data.Transit;
using Landsea.Offices;
using Landsea.Transit;
using Landsea.Web.Features.Access;
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
            return Forbidden("Transit movements", "Transit movements are for officers, auditors and the traders who lodged them.", user);
        }

        MovementState? state = Enum.TryParse(status, out MovementState parsed) ? parsed : null;
        DateOnly? f = DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly df) ? df : null;
        DateOnly? t = DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly dt) ? dt : null;
        IReadOnlyList<MovementSummary> list = await store.ListAsync(scope, new MovementFilter(state?.ToString(), office is { Length: > 0 } ? office : null, f, t), ct);

        var b = new StringBuilder("<form class=\"filters\" method=\"get\" action=\"/transit\"><label>Status <select name=\"status\" id=\"status\"><option value=\"\">any</option>");
        foreach (MovementState option in Enum.GetValues<MovementState>())
        {
            b.Append(CultureInfo.InvariantCulture, $"<option value=\"{option}\"{(state == option ? " selected" : "")}>{E(Words(option))}</option>");
        }

        b.Append("</select></label><label>Office <select name=\"office\" id=\"office\"><option value=\"\">any</option>");
        foreach (CustomsOffice o in Corridor.Offices)
        {
            b.Append(CultureInfo.InvariantCulture, $"<option value=\"{E(o.Code)}\"{(o.Code == office ? " selected" : "")}>{E(o.Code)} {E(o.Name)}</option>");
        }

        b.Append(CultureInfo.InvariantCulture, $"""
            </select></label>
            <label title="The local day of the office of departure">Submitted from (departure office's local day) <input type="date" name="from" id="from" value="{E(from)}"></label>
            <label>to <input type="date" name="to" id="to" value="{E(to)}"></label>
            <button type="submit" id="apply">Filter</button></form>
            """);
        if (list.Count == 0)
        {
            b.Append(scope.Role == Role.Trader
                ? "<p id=\"empty\">No movements of yours match. Lodge an IE015 transit declaration with <code>POST /api/transit/messages</code> or <code>landsea transit lodge</code>.</p>"
                : "<p id=\"empty\">No movements match these filters. Widen the days or choose any status.</p>");
            return Page("Transit movements", b.ToString(), user);
        }

        b.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\" id=\"count\">{list.Count} movement(s), newest first{(list.Count >= 100 ? " (the first 100: narrow the filters)" : "")}.</p>");
        b.Append("<div style=\"overflow-x:auto\"><table id=\"movements\"><thead><tr><th>MRN</th><th>LRN</th><th>Holder</th><th>Departure</th><th>Destination</th><th>State</th><th>Submitted (departure local time)</th><th>Updated</th></tr></thead><tbody>");
        foreach (MovementSummary m in list)
        {
            string mrn = m.Mrn is null ? E(m.Lrn) : $"<a href=\"/transit/{E(Uri.EscapeDataString(m.Mrn))}\">{E(m.Mrn)}</a>";
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{mrn}</td><td>{E(m.Lrn)}</td><td>{E(m.HolderId)}</td><td>{E(OfficeName(m.DepartureOffice))}</td><td>{E(OfficeName(m.DestinationOffice))}</td>"
                + $"<td><span class=\"status\">{E(Words(m.State))}</span></td><td>{E(Local(m.DepartureOffice, m.SubmittedAt))}</td><td>{E(Local(m.DepartureOffice, m.UpdatedAt))}</td></tr>");
        }

        b.Append("</tbody></table></div>");
        return Page("Transit movements", b.ToString(), user);
    }

    private static async Task<IResult> ShowAsync(string mrn, ClaimsPrincipal user, TransitStore store, [FromQuery] string? done, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (await store.FindAsync(mrn, scope, ct) is not { } view)
        {
            return Page("Not found", $"<p id=\"missing\">No movement {E(mrn)} that you may see. <a href=\"/transit\">All movements</a></p>", user, StatusCodes.Status404NotFound);
        }

        MovementSummary m = view.Movement;
        var b = new StringBuilder();
        if (done is { Length: > 0 })
        {
            b.Append(CultureInfo.InvariantCulture, $"<p id=\"done\" class=\"muted\">{E(done)}</p>");
        }

        b.Append(CultureInfo.InvariantCulture, $"""
            <p><span class="status" id="state">{E(Words(m.State))}</span> · LRN {E(m.Lrn)} · holder {E(m.HolderId)}</p>
            <p id="next"><strong>Next:</strong> {E(view.NextStep)}{(view.TimeLimit is { } limit ? $" · goods due at destination by {E(Local(m.DestinationOffice, limit))}" : "")}</p>
            <section><h2>Route</h2><ol id="route">
            """);
        foreach ((string office, string role, string state, DateTimeOffset? at) in Route(view))
        {
            b.Append(CultureInfo.InvariantCulture, $"<li><strong>{E(OfficeName(office))}</strong> ({E(role)}): {E(state)}{(at is { } when ? $", {E(Local(office, when))}" : "")}</li>");
        }

        b.Append("</ol></section>");
        if (scope.CanAct && m.State is nameof(MovementState.UnderControl) or nameof(MovementState.Discrepancies))
        {
            string q = Uri.EscapeDataString(m.Mrn ?? "");
            b.Append("<section id=\"decide\"><h2>Decide</h2>");
            b.Append(m.State == nameof(MovementState.UnderControl)
                ? $"<form method=\"post\" action=\"/transit/{q}/release\" style=\"display:inline\"><button id=\"release\">Release for transit (IE029)</button></form> "
                  + $"<form method=\"post\" action=\"/transit/{q}/refuse\" style=\"display:inline\"><input name=\"text\" id=\"reason\" required minlength=\"5\" placeholder=\"why not released\"> <button id=\"refuse\">Do not release (IE051)</button></form>"
                : $"<form method=\"post\" action=\"/transit/{q}/resolve\"><button id=\"resolve\">Discrepancies resolved (IE049), write off (IE045)</button></form>");
            b.Append("</section>");
        }

        b.Append("<section><h2>History</h2><table id=\"history\"><thead><tr><th>When (office local time)</th><th>From</th><th>To</th><th>Message</th><th>Office</th><th>By</th></tr></thead><tbody>");
        foreach (MovementTransition t in view.Transitions)
        {
            string actor = scope.Role == Role.Trader && t.Actor != scope.User ? "customs" : t.Actor;
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(Local(t.Office, t.At))}</td><td>{E(Words(t.From))}</td><td>{E(Words(t.To))}</td><td>{E(t.Message)}</td><td>{E(t.Office)}</td><td>{E(actor)}</td></tr>");
        }

        b.Append("</tbody></table></section><section><h2>Messages</h2><table id=\"messages\"><thead><tr><th>When</th><th>Direction</th><th>Message</th><th>Valid</th><th></th></tr></thead><tbody>");
        foreach (TransitMessageSummary msg in view.Messages)
        {
            string href = $"/api/transit/movements/{Uri.EscapeDataString(m.Mrn ?? "")}/messages/{msg.Id}";
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(Local(m.DepartureOffice, msg.At))}</td><td>{(msg.Direction == "in" ? "from the holder" : "to the holder")}</td>"
                + $"<td>{E(msg.MessageType ?? "(unreadable)")} {E(MessageWords(msg.MessageType))}</td><td>{(msg.Valid ? "yes" : "<span class=\"err\">no</span>")}</td><td><a href=\"{E(href)}\">{E(msg.Format)}</a></td></tr>");
        }

        b.Append("</tbody></table></section>");
        b.Append("<section><h2>Guarantee</h2>");
        if (view.Guarantee is { } g)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p id=\"guarantee\">GRN {E(g.Grn)} ({E(g.Kind)}): reference amount {E(g.ReferenceAmount)}, reserved {E(g.Reserved)}, available {E(g.Available)}; this movement covers {E(view.AmountToCover ?? "no stated amount")}.</p>");
        }
        else
        {
            b.Append(CultureInfo.InvariantCulture, $"<p id=\"guarantee\">{(view.Grn is null ? "The declaration names no guarantee." : $"GRN {E(view.Grn)} is not registered at this node.")}</p>");
        }

        b.Append("</section><p><a href=\"/transit\">All movements</a></p>");
        return Page($"Movement {m.Mrn}", b.ToString(), user);
    }

    private static async Task<IResult> ActAsync(string mrn, string action, HttpContext ctx, TransitStore store, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(ctx.User);
        if (!scope.CanAct || action is not ("release" or "refuse" or "resolve"))
        {
            return Forbidden("Movement", "Only an officer of an office decides on a movement.", ctx.User);
        }

        IFormCollection form = await ctx.Request.ReadFormAsync(ct);
        string text = form["text"].ToString() is { Length: > 0 } given ? given : "not released";
        TransitOutcome? outcome = await store.ActAsync(mrn, action, text, scope, ct);
        string done = outcome switch
        {
            null => $"No movement {mrn}.",
            { Status: TransitOutcome.Accepted } => $"Done: {action} ({outcome.Answers[0].Type} sent to the holder).",
            _ => $"Refused: {outcome.Errors[0].Reason} ({outcome.Errors[0].Code}).",
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
        string pending = released is not null || m.State == nameof(MovementState.Announced) ? "expected" : "not yet released to it";
        yield return (m.DepartureOffice, "departure", released is not null ? "released" : Words(Enum.Parse<MovementState>(m.State)).ToLowerInvariant(), released?.At ?? m.SubmittedAt);
        foreach (string transit in view.OfficesOfTransit.Where(o => o != m.DepartureOffice && o != m.DestinationOffice))
        {
            MovementTransition? crossed = view.Transitions.LastOrDefault(t => t.Message == "IE118" && t.Office == transit);
            yield return (transit, "transit", crossed is not null ? "crossed" : arrived is not null ? "no crossing recorded" : pending, crossed?.At);
        }

        bool diverted = arrived is not null && arrived.Office != m.DestinationOffice;
        yield return (m.DestinationOffice, "destination", arrived is not null && !diverted ? "arrived" : diverted ? "not reached: the goods arrived elsewhere" : pending, diverted ? null : arrived?.At);
        if (diverted)
        {
            yield return (arrived!.Office, "actual destination", "arrived", arrived.At);
        }

        if (closed is not null)
        {
            yield return (closed.Office, "closed", Words(closed.To).ToLowerInvariant(), closed.At);
        }
    }

    private static string OfficeName(string code) => Corridor.FindOffice(code) is { } o ? $"{o.Code} {o.Name}" : code;

    private static string Local(string officeCode, DateTimeOffset at) =>
        Corridor.FindOffice(officeCode)?.LocalTime(at) ?? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Words(string state) => Enum.TryParse(state, out MovementState s) ? Words(s) : state;

    /// <summary>A state in an officer's words.</summary>
    internal static string Words(MovementState state) => state switch
    {
        MovementState.MrnAllocated => "MRN allocated",
        MovementState.GuaranteeReserved => "Guarantee reserved",
        MovementState.UnderControl => "Under control",
        MovementState.NotReleased => "Not released",
        MovementState.WrittenOff => "Written off",
        _ => state.ToString(),
    };

    private static string MessageWords(string? type) => type switch
    {
        "CC015C" => "transit declaration",
        "CC013C" => "amendment",
        "CC014C" => "invalidation request",
        "CC170C" => "presentation notification",
        "CC007C" => "arrival notification",
        "CC044C" => "unloading remarks",
        "CC028C" => "MRN allocated",
        "CC029C" => "release for transit",
        "CC051C" => "no release",
        "CC056C" => "rejection",
        "CC060C" => "control decision",
        "CC009C" => "invalidation decision",
        "CC045C" => "write-off",
        "CC019C" => "discrepancies",
        "CC055C" => "guarantee not valid",
        "CC928C" => "positive acknowledgement",
        _ => "",
    };
}
