using System.Globalization;
using System.Security.Claims;
using System.Text;
using Landsea.Data.Access;
using Landsea.Data.Measures;
using Landsea.Measures;
using Landsea.Shared;
using Landsea.Web.Features.Access;
using Landsea.Web.Infrastructure;
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
            return Forbidden(Texts.Get("ma.title"), Texts.Get("ma.whoMay"), user);
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
                <section id="subscribe"><h2>{T("ma.subscribe")}</h2>
                <form method="post" action="/measures/alerts/subscribe" class="filters" id="subscribe-form">
                <label>{T("ma.hs")} <input name="hs" id="sub-hs" value="{E(form?["hs"].ToString())}" size="24" placeholder="08; 0810.60; 8471"></label>
                <label>{T("ma.countries")} <input name="countries" id="sub-countries" value="{E(form?["countries"].ToString())}" size="16" placeholder="TH; VN"></label>
                <button type="submit" id="subscribe-button">{T("ma.subscribe")}</button></form>
                """);
            IReadOnlyList<Subscription> subs = await store.SubscriptionsAsync(scope.TraderId!, ct);
            if (subs.Count > 0)
            {
                b.Append(CultureInfo.InvariantCulture, $"<table id=\"subscriptions\"><tr><th>{T("ma.hsCodes")}</th><th>{T("ma.countriesCol")}</th><th>{T("x.act")}</th></tr>");
                foreach (Subscription s in subs)
                {
                    b.Append(CultureInfo.InvariantCulture, $"""
                        <tr><td>{E(string.Join(", ", s.HsCodes))}</td><td>{E(s.Countries.Count == 0 ? Texts.Get("ma.everyMarket") : string.Join(", ", s.Countries.Select(c => c.Value)))}</td>
                        <td><form method="post" action="/measures/alerts/unsubscribe"><input type="hidden" name="id" value="{E(s.Id)}"><button type="submit">{T("ma.remove")}</button></form></td></tr>
                        """);
                }

                b.Append("</table>");
            }

            b.Append("</section>");
        }
        else
        {
            b.Append(CultureInfo.InvariantCulture, $"<p id=\"scope\">{(scope.Role == Role.Officer && scope.OfficeCode is { } o ? T("ma.scopeOffice", o) : T("ma.scopeNode"))}</p>");
        }

        b.Append(CultureInfo.InvariantCulture, $"<h2>{T("ma.count", items.Count)}</h2><p><a href=\"/api/measures/alerts.atom\" id=\"atom\">{T("ma.atom")}</a> · <a href=\"/api/measures/alerts.json\" id=\"json\">{T("ma.json")}</a> · <a href=\"/measures\">{T("ma.register")}</a></p>");
        if (items.Count == 0)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p class=\"empty\" id=\"no-alerts\">{T(trader ? "ma.noneTrader" : "ma.none")}</p>");
            return Page(Texts.Get("ma.title"), b.ToString(), user, status);
        }

        b.Append(CultureInfo.InvariantCulture, $"<table id=\"alerts\"><tr><th>{T("m.colNotification")}</th><th>{T("m.colMember")}</th><th>{T("admin.colWhat")}</th><th>{T("ma.deadline")}</th><th>{T("ma.since")}</th></tr>");
        foreach (AlertsFeed.AlertItem i in items)
        {
            b.Append(CultureInfo.InvariantCulture, $"""
                <tr><td><a href="{E(i.Url)}" class="symbol">{E(i.Symbol)}</a><br>{E(i.Title)}</td><td>{E(i.Member)}</td><td>{E(i.Change)} · {E(i.Status)}</td>
                <td class="days">{E(i.DaysToComment switch { null => Texts.Get("ma.noDeadline"), >= 0 and int d => Texts.Format("ma.daysLeft", MeasuresFeature.Day(i.CommentDeadline), d), _ => Texts.Format("ma.closed", MeasuresFeature.Day(i.CommentDeadline)) })}</td>
                <td>{E(i.Updated.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}</td></tr>
                """);
        }

        b.Append("</table>");
        return Page(Texts.Get("ma.title"), b.ToString(), user, status);
    }

    private static async Task<IResult> SubscribeAsync(HttpContext ctx, MeasureStore store, MeasureTraffic traffic, TimeProvider time, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(ctx.User);
        IFormCollection form = await ctx.Request.ReadFormAsync(ct);
        if (scope.Role != Role.Trader || scope.TraderId is null)
        {
            return Forbidden(Texts.Get("ma.title"), Texts.Get("ma.tradersSubscribe"), ctx.User);
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
            return Forbidden(Texts.Get("ma.title"), Texts.Get("ma.tradersSubscribe"), ctx.User);
        }

        return await store.UnsubscribeAsync(scope.TraderId, form["id"].ToString(), ct)
            ? Results.Redirect("/measures/alerts")
            : Results.Problem($"You have no subscription '{form["id"]}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found",
                extensions: new Dictionary<string, object?> { ["code"] = MeasureErrorCodes.SubscriptionNotFound });
    }
}
