using System.Globalization;
using System.Security.Claims;
using System.Text;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Declarations;
using Landsea.Web.Features.Access;
using Landsea.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using static Landsea.Web.Infrastructure.Html;

namespace Landsea.Web.Features.Declarations;

/// <summary>
/// The declarations the caller may see, newest first, filtered by status, trader, HS chapter and lodging day and paged:
/// GET /api/declarations (JSON) and the officers' list page /declarations.
/// </summary>
public static class List
{
    internal static void MapApi(RouteGroupBuilder api) =>
        api.MapGet("/", HandleAsync).WithSummary("List declarations the caller may see (filter by status, trader, HS chapter, lodged date, last change; paged)")
            .WithDescription("from and to are inclusive days (YYYY-MM-DD) in the local time of each declaration's office; updatedSince an ISO 8601 instant "
                + "(declarations changed at or after it, for polling); pageSize 1 to 200 (default 25). Officers and auditors also filter by channel (Red, Yellow, Green) "
                + "and awaiting=true (goods held for a control outcome), and see each declaration's control (channel, score, reasons); office filters by customs office; "
                + "sort is newest (default), queue (open declarations of priority-lane corridor consignments first, then held goods: red, then yellow, highest score, longest waiting), score or oldest; "
                + "lane is priority or normal (declarations whose MRN covers a corridor consignment in the priority lane, or not). "
                + "A value that is not understood is refused with 400 naming the parameter.");

    internal static void MapPage(WebApplication app)
    {
        app.MapGet("/declarations", PageAsync).RequireAuthorization().ExcludeFromDescription();
    }

    /// <summary>Most rows one page returns; a larger <c>pageSize</c> is refused, naming the limit.</summary>
    public const int MaxPageSize = 200;

    /// <summary>200 with one page; 400 naming every query parameter that is not understood (status, dates, paging).</summary>
    public static async Task<Results<Ok<Page<DeclarationSummary>>, ValidationProblem>> HandleAsync(ClaimsPrincipal user, DeclarationQueries store,
        [FromQuery] string? status, [FromQuery] string? trader, [FromQuery] string? chapter,
        [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? updatedSince, [FromQuery] string? page, [FromQuery] string? pageSize,
        [FromQuery] string? channel, [FromQuery] string? office, [FromQuery] string? awaiting, [FromQuery] string? sort, [FromQuery] string? lane, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        (Landsea.Risk.Channel? ch, bool wait, DeclarationSort order) = QueueFilters(scope, channel, office, awaiting, sort, errors);
        bool? priority = Lane(lane, errors);
        DeclarationStatus? s = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (Enum.TryParse(status.Trim(), ignoreCase: true, out DeclarationStatus parsed) && Enum.IsDefined(parsed) && !int.TryParse(status, out _))
            {
                s = parsed;
            }
            else
            {
                errors["status"] = [$"'{status}' is not a declaration status; use one of {string.Join(", ", Enum.GetNames<DeclarationStatus>())}."];
            }
        }

        DateOnly? f = Day("from", from, errors);
        DateOnly? t = Day("to", to, errors);
        if (f is { } a && t is { } b && b < a)
        {
            errors["to"] = [$"'to' ({b:yyyy-MM-dd}) is before 'from' ({a:yyyy-MM-dd})."];
        }

        DateTimeOffset? since = null;
        if (!string.IsNullOrWhiteSpace(updatedSince))
        {
            if (DateTimeOffset.TryParse(updatedSince, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset at))
            {
                since = at;
            }
            else
            {
                errors["updatedSince"] = [$"'{updatedSince}' is not an ISO 8601 instant, for example 2026-12-02T06:00:00Z or 2026-12-02T14:00:00+08:00."];
            }
        }

        int number = Count("page", page, 1, 1, int.MaxValue, errors);
        int size = Count("pageSize", pageSize, 25, 1, MaxPageSize, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The query is not understood");
        }

        return TypedResults.Ok(await store.ListAsync(scope, new DeclarationFilter(s, trader, chapter, f, t, number, size)
        {
            UpdatedSince = since, Channel = ch, Office = office, AwaitingControl = wait, Sort = order, PriorityLane = priority,
        }, ct));
    }

    /// <summary>The work queue's filters: channel and awaiting are for officers and auditors (a trader is told so); office and sort for all.</summary>
    private static (Landsea.Risk.Channel? Channel, bool Awaiting, DeclarationSort Sort) QueueFilters(AccessScope scope, string? channel, string? office, string? awaiting, string? sort,
        Dictionary<string, string[]> errors)
    {
        Landsea.Risk.Channel? ch = null;
        if (!string.IsNullOrWhiteSpace(channel))
        {
            if (!scope.SeesAll)
            {
                errors["channel"] = ["Risk channels are shown to officers and auditors only."];
            }
            else if (Enum.TryParse(channel.Trim(), ignoreCase: true, out Landsea.Risk.Channel parsed) && Enum.IsDefined(parsed) && !int.TryParse(channel, out _))
            {
                ch = parsed;
            }
            else
            {
                errors["channel"] = [$"'{channel}' is not a channel; use Red, Yellow or Green."];
            }
        }

        if (!string.IsNullOrWhiteSpace(office) && Landsea.Offices.Corridor.FindOffice(office.Trim().ToUpperInvariant()) is null)
        {
            errors["office"] = [$"'{office}' is not a customs office of the corridor (for example CN800001)."];
        }

        bool wait = false;
        if (!string.IsNullOrWhiteSpace(awaiting))
        {
            if (!bool.TryParse(awaiting, out wait))
            {
                errors["awaiting"] = [$"'{awaiting}' is not true or false."];
            }
            else if (wait && !scope.SeesAll)
            {
                errors["awaiting"] = ["The control queue is shown to officers and auditors only."];
            }
        }

        DeclarationSort order = DeclarationSort.Newest;
        if (!string.IsNullOrWhiteSpace(sort) && !(Enum.TryParse(sort.Trim(), ignoreCase: true, out order) && Enum.IsDefined(order) && !int.TryParse(sort, out _)))
        {
            errors["sort"] = [$"'{sort}' is not an order; use newest, queue (held goods first), score or oldest."];
        }

        return (ch, wait, order);
    }

    /// <summary>The lane filter: priority (true), normal (false), absent (null); an error naming <c>lane</c> otherwise.</summary>
    private static bool? Lane(string? lane, Dictionary<string, string[]> errors)
    {
        switch (lane?.Trim().ToLowerInvariant())
        {
            case null or "":
                return null;
            case "priority":
                return true;
            case "normal":
                return false;
            default:
                errors["lane"] = [$"'{lane}' is not a lane; use priority or normal."];
                return null;
        }
    }

    private static DateOnly? Day(string name, string? text, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day))
        {
            return day;
        }

        errors[name] = [$"'{text}' is not a day in the form YYYY-MM-DD (the local day of each declaration's office)."];
        return null;
    }

    /// <summary>A whole-number query parameter in [min, max]; its fallback when absent; an error naming it otherwise.</summary>
    internal static int Count(string name, string? text, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max)
        {
            return value;
        }

        errors[name] = [string.Create(CultureInfo.InvariantCulture, $"'{text}' is not a whole number from {min} to {max}.")];
        return fallback;
    }

    private static async Task<IResult> PageAsync(ClaimsPrincipal user, DeclarationQueries store, TimeProvider time,
        [FromQuery] string? status, [FromQuery] string? trader, [FromQuery] string? chapter, [FromQuery] string? from, [FromQuery] string? to, [FromQuery] int? page,
        [FromQuery] string? channel, [FromQuery] string? office, [FromQuery] string? awaiting, [FromQuery] string? sort, [FromQuery] string? lane)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        bool officer = scope.SeesAll;
        DeclarationStatus? s = Enum.TryParse(status, out DeclarationStatus parsed) ? parsed : null;
        DateOnly? f = DateOnly.TryParse(from, CultureInfo.InvariantCulture, out DateOnly df) ? df : null;
        DateOnly? t = DateOnly.TryParse(to, CultureInfo.InvariantCulture, out DateOnly dt) ? dt : null;
        Landsea.Risk.Channel? ch = officer && Enum.TryParse(channel, true, out Landsea.Risk.Channel c) && Enum.IsDefined(c) ? c : null;
        string? officeCode = Landsea.Offices.Corridor.FindOffice((office ?? "").Trim().ToUpperInvariant())?.Code;
        bool wait = officer && awaiting is "true" or "on";
        // Officers land on their work queue: held goods first. Traders see their newest first.
        DeclarationSort order = Enum.TryParse(sort, true, out DeclarationSort o) && Enum.IsDefined(o) ? o : officer ? DeclarationSort.Queue : DeclarationSort.Newest;
        bool? priority = lane switch { "priority" => true, "normal" => false, _ => null };
        var filter = new DeclarationFilter(s, trader, chapter, f, t, page ?? 1, 25) { Channel = ch, Office = officeCode, AwaitingControl = wait, Sort = order, PriorityLane = priority };
        Page<DeclarationSummary> result = await store.ListAsync(scope, filter);
        IReadOnlyList<ChannelCount> counts = await store.ChannelCountsAsync(scope, filter);
        DateTimeOffset now = time.GetUtcNow();

        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"<form class=\"filters\" method=\"get\" action=\"/declarations\"><label>{T("decl.list.status")} <select name=\"status\" id=\"status\"><option value=\"\">{T("common.any")}</option>");
        foreach (DeclarationStatus option in Enum.GetValues<DeclarationStatus>())
        {
            b.Append(CultureInfo.InvariantCulture, $"<option value=\"{option}\"{(s == option ? " selected" : "")}>{E(Texts.Name("status", option))}</option>");
        }

        b.Append("</select></label>");
        if (officer)
        {
            b.Append(CultureInfo.InvariantCulture, $"<label>{T("decl.list.channel")} <select name=\"channel\" id=\"channel\"><option value=\"\">{T("common.any")}</option>");
            foreach (Landsea.Risk.Channel option in new[] { Landsea.Risk.Channel.Red, Landsea.Risk.Channel.Yellow, Landsea.Risk.Channel.Green })
            {
                b.Append(CultureInfo.InvariantCulture, $"<option value=\"{option}\"{(ch == option ? " selected" : "")}>{E(Texts.Name("channel", option))}</option>");
            }

            b.Append(CultureInfo.InvariantCulture, $"""
                </select></label>
                <label><input type="checkbox" name="awaiting" id="awaiting" value="true"{(wait ? " checked" : "")}> {T("decl.list.held")}</label>
                """);
        }

        b.Append(CultureInfo.InvariantCulture, $"<label>{T("decl.list.office")} <select name=\"office\" id=\"office\"><option value=\"\">{T("common.any")}</option>");
        foreach (Landsea.Offices.CustomsOffice option in Landsea.Offices.Corridor.Offices)
        {
            b.Append(CultureInfo.InvariantCulture, $"<option value=\"{E(option.Code)}\"{(officeCode == option.Code ? " selected" : "")}>{E(option.Code)} {E(option.Name)}</option>");
        }

        b.Append("</select></label>");
        b.Append(CultureInfo.InvariantCulture, $"""
            <label>{T("decl.list.trader")} <input name="trader" id="trader" value="{E(trader)}" placeholder="EORI / USCC / UEN"></label>
            <label>{T("decl.list.chapter")} <input name="chapter" id="chapter" value="{E(chapter)}" size="3" placeholder="84"></label>
            <label title="{T("decl.list.fromTitle")}">{T("decl.list.from")} <input type="date" name="from" id="from" value="{E(from)}"></label>
            <label>{T("decl.list.to")} <input type="date" name="to" id="to" value="{E(to)}"></label>
            <label>{T("decl.list.order")} <select name="sort" id="sort">
            """);
        foreach ((DeclarationSort value, string label) in SortLabels(officer))
        {
            b.Append(CultureInfo.InvariantCulture, $"<option value=\"{value.ToString().ToLowerInvariant()}\"{(order == value ? " selected" : "")}>{label}</option>");
        }

        b.Append(CultureInfo.InvariantCulture, $"</select></label><label>{T("decl.list.lane")} <select name=\"lane\" id=\"lane\"><option value=\"\">{T("common.any")}</option><option value=\"priority\"{(priority == true ? " selected" : "")}>{T("decl.list.lane.priority")}</option><option value=\"normal\"{(priority == false ? " selected" : "")}>{T("decl.list.lane.normal")}</option>");
        b.Append(CultureInfo.InvariantCulture, $"</select></label><button type=\"submit\" id=\"apply\">{T("common.filter")}</button></form>");
        if (officer && counts.Count > 0)
        {
            b.Append("<p id=\"channel-counts\">");
            foreach (ChannelCount count in counts)
            {
                string name = count.Channel is { } named ? Texts.Name("channel", named) : Texts.Get("channel.None");
                b.Append(CultureInfo.InvariantCulture, $"<span class=\"channel {E(count.Channel?.ToString() ?? "None")}\">{T("decl.list.channelCount", name, count.Total)}{(count.Awaiting > 0 ? " " + T("decl.list.channelHeld", count.Awaiting) : "")}</span> ");
            }

            b.Append("</p>");
        }

        b.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\" id=\"count\">{(scope.Role == Role.Trader ? T("decl.list.countTrader", result.Total, scope.TraderId) : T("decl.list.count", result.Total))}</p>");
        if (result.Total == 0)
        {
            b.Append("<p id=\"empty\" class=\"empty\">").Append(EmptyState(scope, filter)).Append("</p>");
        }
        else
        {
            b.Append(CultureInfo.InvariantCulture, $"<table id=\"declarations\"><thead><tr><th>{T("decl.list.colMrn")}</th><th>{T("decl.list.colReference")}</th><th>{T("decl.list.colDeclarant")}</th><th>{T("decl.list.colType")}</th><th>{T("decl.list.colStatus")}</th>");
            if (officer)
            {
                b.Append(CultureInfo.InvariantCulture, $"<th>{T("decl.list.colChannel")}</th><th>{T("decl.list.colScore")}</th><th>{T("decl.list.colWaiting")}</th>");
            }

            b.Append(CultureInfo.InvariantCulture, $"<th>{T("decl.list.colOffice")}</th><th>{T("decl.list.colItems")}</th><th>{T("decl.list.colInvoice")}</th><th>{T("decl.list.colLodged")}</th></tr></thead><tbody>");
            foreach (DeclarationSummary d in result.Items)
            {
                b.Append(CultureInfo.InvariantCulture, $"<tr{(d.Control?.AwaitingOutcome == true ? " class=\"held\"" : "")}><td><a href=\"/declarations/{E(d.Mrn)}\">{E(d.Mrn)}</a></td><td>{E(d.FunctionalReference)}</td><td>{E(d.DeclarantId)}</td><td>{E(d.TypeCode)}</td>"
                    + $"<td><span class=\"status {d.Status}\">{E(Texts.Name("status", d.Status))}</span></td>");
                if (officer)
                {
                    ControlView? control = d.Control;
                    string reasons = control is { Reasons.Count: > 0 } ? string.Join("; ", control.Reasons) : "";
                    b.Append($"<td><span class=\"channel {E(control?.Channel?.ToString() ?? "None")}\">{E(control?.Channel is { } cc ? Texts.Name("channel", cc) : "—")}</span>"
                        + (control?.AwaitingOutcome == true ? $"<br><small class=\"reasons\">{T("decl.list.heldReasons", reasons.Length > 160 ? reasons[..160] + "…" : reasons)}</small>" : "") + "</td>"
                        + $"<td>{(control?.Score is { } score ? E(score.ToString("0.00", Texts.Culture)) : "")}</td>"
                        + $"<td>{(control?.AwaitingOutcome == true ? E(Age(now - d.LodgedAt)) : "")}</td>");
                }

                b.Append(CultureInfo.InvariantCulture, $"<td>{E(d.OfficeCode)}</td><td>{d.ItemCount}</td>"
                    + $"<td>{(d.InvoiceAmount is { } amount ? N(amount) : "")} {E(d.InvoiceCurrency)}</td><td>{When(d.OfficeCode, d.LodgedAt)}</td></tr>");
            }

            b.Append("</tbody></table>");
        }

        b.Append("<p>");
        string query = $"status={E(status)}&trader={E(trader)}&chapter={E(chapter)}&from={E(from)}&to={E(to)}&channel={E(ch?.ToString())}&office={E(officeCode)}&awaiting={(wait ? "true" : "")}&sort={order.ToString().ToLowerInvariant()}&lane={E(lane)}";
        if (result.Number > 1)
        {
            b.Append(CultureInfo.InvariantCulture, $"<a href=\"/declarations?{query}&page={result.Number - 1}\">{T("common.previous")}</a> ");
        }

        b.Append(T("common.pageOf", result.Number, result.PageCount));
        if (result.Number < result.PageCount)
        {
            b.Append(CultureInfo.InvariantCulture, $" <a href=\"/declarations?{query}&page={result.Number + 1}\">{T("common.next")}</a>");
        }

        b.Append("</p>");
        return Page(Texts.Get(officer ? "decl.list.titleOfficer" : "decl.list.title"), b.ToString(), user);
    }

    private static IEnumerable<(DeclarationSort, string)> SortLabels(bool officer)
    {
        if (officer)
        {
            yield return (DeclarationSort.Queue, T("decl.list.sort.Queue"));
            yield return (DeclarationSort.Score, T("decl.list.sort.Score"));
        }

        yield return (DeclarationSort.Newest, T("decl.list.sort.Newest"));
        yield return (DeclarationSort.Oldest, T("decl.list.sort.Oldest"));
    }

    /// <summary>What an empty list tells its reader to do.</summary>
    private static string EmptyState(AccessScope scope, DeclarationFilter filter)
    {
        bool filtered = filter.Status is not null || filter.TraderId is { Length: > 0 } || filter.Chapter is { Length: > 0 } || filter.From is not null || filter.To is not null
            || filter.Channel is not null || filter.Office is not null || filter.AwaitingControl || filter.PriorityLane is not null;
        if (filtered)
        {
            return filter.AwaitingControl
                ? T("decl.list.emptyAwaiting", Raw($"<a href=\"/declarations\">{T("decl.list.showAll")}</a>"))
                : T("decl.list.emptyFiltered", Raw($"<a href=\"/declarations\">{T("decl.list.clearFilters")}</a>"));
        }

        return scope.Role == Role.Trader
            ? T("decl.list.emptyTrader", Raw($"<a href=\"/api-docs\">{T("decl.list.apiReference")}</a>"), Raw("<code>landsea declaration lodge FILE</code>"))
            : T("decl.list.emptyOfficer", Raw($"<a href=\"/api-docs\">{T("decl.list.reference")}</a>"));
    }

    /// <summary>How long goods have waited, in the largest unit that fits.</summary>
    internal static string Age(TimeSpan waited) => waited switch
    {
        { TotalMinutes: < 1 } => Texts.Get("age.underMinute"),
        { TotalHours: < 1 } => Texts.Format("age.minutes", (int)waited.TotalMinutes),
        { TotalDays: < 2 } => Texts.Format("age.hours", (int)waited.TotalHours, waited.Minutes),
        _ => Texts.Format("age.days", (int)waited.TotalDays),
    };

    /// <summary>An instant in the office's local time with its offset; UTC for an office the corridor list does not know.</summary>
    internal static string LocalTime(string officeCode, DateTimeOffset at) =>
        Landsea.Offices.Corridor.FindOffice(officeCode) is null ? Texts.UtcTime(at) : Texts.LocalTime(officeCode, at);
}
