using System.Globalization;
using System.Security.Claims;
using System.Text;
using Landsea.Data.Access;
using Landsea.Data.Measures;
using Landsea.Measures;
using Landsea.Shared;
using Landsea.Web.Features.Access;
using static Landsea.Web.Infrastructure.Html;

namespace Landsea.Web.Features.Measures;

/// <summary>
/// <c>/measures/alerts</c>: a trader subscribes with HS codes (chapters, headings or codes) and countries and sees the
/// alerts raised for new or changed notifications that match, with the days left to comment; an officer sees the
/// measures on the exports their office cleared in the last twelve months (the same items as the feed).
/// </summary>
public static class AlertsPage
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/measures/alerts", (ClaimsPrincipal user, MeasureStore store, MeasureTraffic traffic, TimeProvider time, CancellationToken ct) =>
            RenderAsync(user, store, traffic, time, null, null, ct)).RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/measures/alerts/subscribe", SubscribeAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/measures/alerts/unsubscribe", UnsubscribeAsync).RequireAuthorization().ExcludeFromDescription();
    }

    private static async Task<IResult> RenderAsync(ClaimsPrincipal user, MeasureStore store, MeasureTraffic traffic, TimeProvider time, Failure? problem,
        IFormCollection? form, CancellationToken ct, int status = StatusCodes.Status200OK)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        IReadOnlyList<AlertsFeed.AlertItem>? items = await AlertsFeed.ItemsAsync(user, store, traffic, time, ct);
        if (items is null)
        {
            return Forbidden("Measure alerts", "Measure alerts are for traders (their subscriptions), officers and auditors (their offices' traffic).", user);
        }

        var b = new StringBuilder();
        bool trader = scope.Role == Role.Trader && scope.TraderId is not null;
        if (trader)
        {
            if (problem is not null)
            {
                b.Append(CultureInfo.InvariantCulture, $"<p class=\"err\" id=\"subscribe-error\" role=\"alert\">{E(problem.Reason)} ({problem.Code})</p>");
            }

            b.Append(CultureInfo.InvariantCulture, $"""
                <section id="subscribe"><h2>Subscribe</h2>
                <form method="post" action="/measures/alerts/subscribe" class="filters" id="subscribe-form">
                <label>HS chapters, headings or codes <input name="hs" id="sub-hs" value="{E(form?["hs"].ToString())}" size="24" placeholder="08; 0810.60; 8471"></label>
                <label>Countries (none = every market) <input name="countries" id="sub-countries" value="{E(form?["countries"].ToString())}" size="16" placeholder="TH; VN"></label>
                <button type="submit" id="subscribe-button">Subscribe</button></form>
                """);
            IReadOnlyList<Subscription> subs = await store.SubscriptionsAsync(scope.TraderId!, ct);
            if (subs.Count > 0)
            {
                b.Append("<table id=\"subscriptions\"><tr><th>HS codes</th><th>Countries</th><th></th></tr>");
                foreach (Subscription s in subs)
                {
                    b.Append(CultureInfo.InvariantCulture, $"""
                        <tr><td>{E(string.Join(", ", s.HsCodes))}</td><td>{E(s.Countries.Count == 0 ? "every market" : string.Join(", ", s.Countries.Select(c => c.Value)))}</td>
                        <td><form method="post" action="/measures/alerts/unsubscribe"><input type="hidden" name="id" value="{E(s.Id)}"><button type="submit">Remove</button></form></td></tr>
                        """);
                }

                b.Append("</table>");
            }

            b.Append("</section>");
        }
        else
        {
            b.Append(CultureInfo.InvariantCulture, $"<p id=\"scope\">The measures that concern the exports {(scope.Role == Role.Officer && scope.OfficeCode is { } o ? $"your office {E(o)} cleared" : "the node cleared")} in the last 12 months (HS code under the measure's codes, destination the notifying member).</p>");
        }

        b.Append(CultureInfo.InvariantCulture, $"<h2>Alerts: {items.Count}</h2><p><a href=\"/api/measures/alerts.atom\" id=\"atom\">Atom feed</a> · <a href=\"/api/measures/alerts.json\" id=\"json\">JSON feed</a> · <a href=\"/measures\">Register</a></p>");
        if (items.Count == 0)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p class=\"empty\" id=\"no-alerts\">{(trader ? "No alert yet: a new or changed notification that matches a subscription raises one (and subscribing alerts you of the matching notifications still open)." : "No notified measure concerns these exports.")}</p>");
            return Page("Measure alerts", b.ToString(), user, status);
        }

        b.Append("<table id=\"alerts\"><tr><th>Notification</th><th>Member</th><th>What</th><th>Comment deadline</th><th>Since</th></tr>");
        foreach (AlertsFeed.AlertItem i in items)
        {
            b.Append(CultureInfo.InvariantCulture, $"""
                <tr><td><a href="{E(i.Url)}" class="symbol">{E(i.Symbol)}</a><br>{E(i.Title)}</td><td>{E(i.Member)}</td><td>{E(i.Change)} · {E(i.Status)}</td>
                <td class="days">{E(i.DaysToComment switch { null => "none", >= 0 and int d => $"{MeasuresFeature.Day(i.CommentDeadline)}: {d} day(s) left", _ => $"{MeasuresFeature.Day(i.CommentDeadline)}: closed" })}</td>
                <td>{E(i.Updated.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}</td></tr>
                """);
        }

        b.Append("</table>");
        return Page("Measure alerts", b.ToString(), user, status);
    }

    private static async Task<IResult> SubscribeAsync(HttpContext ctx, MeasureStore store, MeasureTraffic traffic, TimeProvider time, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(ctx.User);
        IFormCollection form = await ctx.Request.ReadFormAsync(ct);
        if (scope.Role != Role.Trader || scope.TraderId is null)
        {
            return Forbidden("Measure alerts", "Traders subscribe to measure alerts.", ctx.User);
        }

        Result<Subscription> s = Subscription.Create(Guid.NewGuid().ToString("N"), scope.TraderId, form["hs"].ToString(), form["countries"].ToString());
        if (!s.IsValid)
        {
            return await RenderAsync(ctx.User, store, traffic, time, s.Failure, form, ct, StatusCodes.Status422UnprocessableEntity);
        }

        await store.SubscribeAsync(s.Value, scope.User, traffic.Today(time), ct);
        return Results.Redirect("/measures/alerts");
    }

    private static async Task<IResult> UnsubscribeAsync(HttpContext ctx, MeasureStore store, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(ctx.User);
        IFormCollection form = await ctx.Request.ReadFormAsync(ct);
        if (scope.Role != Role.Trader || scope.TraderId is null)
        {
            return Forbidden("Measure alerts", "Traders subscribe to measure alerts.", ctx.User);
        }

        return await store.UnsubscribeAsync(scope.TraderId, form["id"].ToString(), ct)
            ? Results.Redirect("/measures/alerts")
            : Results.Problem($"You have no subscription '{form["id"]}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found",
                extensions: new Dictionary<string, object?> { ["code"] = MeasureErrorCodes.SubscriptionNotFound });
    }
}
