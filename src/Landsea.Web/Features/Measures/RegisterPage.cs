using System.Globalization;
using System.Security.Claims;
using System.Text;
using Landsea.Data.Measures;
using Landsea.Measures;
using Landsea.Shared;
using Landsea.Web.Features.Access;
using Landsea.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using static Landsea.Web.Infrastructure.Html;

namespace Landsea.Web.Features.Measures;

/// <summary>
/// <c>/measures?country=TH&amp;hs=0810</c>: the register of notified measures (all, or those of a market for a product), newest
/// first, each with its links to the notification it changes and the changes made to it; for officers and auditors, the
/// node's exports each concerns over the last twelve months (goods items, declarations, value, top traders), so the
/// analyst sees which measures matter to the corridor.
/// </summary>
public static class RegisterPage
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/measures", PageAsync).RequireAuthorization().ExcludeFromDescription();

    private static async Task<IResult> PageAsync(ClaimsPrincipal user, MeasureStore store, MeasureTraffic traffic, TimeProvider time,
        [FromQuery] string? country, [FromQuery] string? hs, [FromQuery] string? symbol, CancellationToken ct)
    {
        var scope = NodeAuthentication.ScopeOf(user);
        MeasureRegister register = await store.RegisterAsync(ct);
        var b = new StringBuilder();
        IReadOnlyList<RegisteredMeasure> shown = register.All();
        string heading = Texts.Get("m.all");
        if (!string.IsNullOrWhiteSpace(country) || !string.IsNullOrWhiteSpace(hs))
        {
            Result<(HsPrefix Hs, CountryCode Country)> q = MatchQuestion.Parse(hs, country);
            if (q.IsValid)
            {
                shown = register.Match(q.Value.Hs, q.Value.Country);
                heading = Texts.Format("m.of", q.Value.Country.Value, q.Value.Hs);
            }
            else
            {
                b.Append(CultureInfo.InvariantCulture, $"<p class=\"err\" id=\"match-error\">{E(q.Failure!.Reason)} ({q.Failure.Code})</p>");
            }
        }

        b.Append(CultureInfo.InvariantCulture, $"""
            <form method="get" action="/measures" class="filters" id="match-form">
            <label>{T("m.product")} <input name="hs" id="hs" value="{E(hs)}" size="12"></label>
            <label>{T("m.market")} <input name="country" id="country" value="{E(country)}" size="4"></label>
            <button type="submit" id="match">{T("m.match")}</button> <a href="/measures">{T("m.allLink")}</a></form>
            <p><a href="/measures/alerts" id="alerts-link">{T("m.alerts")}</a>{(scope.CanAct ? $" · <a href=\"/measures/new\" id=\"new-link\">{T("m.enter")}</a>" : "")} · <a href="/api/measures">JSON</a></p>
            """);
        RegisterApi.RegisterView view = await RegisterApi.ViewAsync(user, shown, traffic, time, ct);
        bool traffic12 = scope.SeesAll;
        b.Append(CultureInfo.InvariantCulture, $"<h2 id=\"heading\">{E(heading)}: {view.Count}</h2>");
        if (traffic12)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\" id=\"traffic-note\">{T("m.trafficNote", Texts.Day(view.TrafficFrom), Texts.Day(view.TrafficTo), traffic.Currency)}</p>");
        }

        if (register.All().Any(m => m.Notification.Sample))
        {
            b.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\" id=\"sample-note\">{T("m.sampleNote")}</p>");
        }

        if (view.Count == 0)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p class=\"empty\" id=\"none\">{T("m.none", Raw("<code>landsea measures load FILE</code>"))}</p>");
            return Page(Texts.Get("m.title"), b.ToString(), user);
        }

        b.Append(CultureInfo.InvariantCulture, $"<style>td.n{{text-align:right;white-space:nowrap}}</style><table id=\"register\"><tr><th>{T("m.colNotification")}</th><th>{T("m.colMember")}</th><th>{T("m.colDates")}</th><th>{T("m.colProducts")}</th>");
        if (traffic12)
        {
            b.Append(CultureInfo.InvariantCulture, $"<th>{T("decl.list.colItems")}</th><th>{T("menu.declarations")}</th><th>{T("tariff.value")}</th><th>{T("m.colTopTraders")}</th>");
        }

        b.Append("</tr>");
        foreach ((RegisterApi.RegisterEntry entry, RegisteredMeasure m) in view.Measures.Zip(shown))
        {
            Notification n = m.Notification;
            MeasureView v = entry.Measure;
            string id = MeasuresFeature.Anchor(v.Symbol);
            string changes = (v.Changes is { } c ? $"<br><small>changes <a href=\"{E(MeasuresFeature.Href(c))}\">{E(c)}</a>{(register.Contains(c) ? "" : " (not in the register)")}</small>" : "")
                + (v.ChangedBy.Count > 0 ? $"<br><small>changed by {string.Join(", ", v.ChangedBy.Select(x => $"<a href=\"{E(MeasuresFeature.Href(x))}\">{E(x)}</a>"))}</small>" : "");
            b.Append(CultureInfo.InvariantCulture, $"""
                <tr id="m-{id}"{(v.Symbol == symbol ? " class=\"held\"" : "")}><td><strong class="symbol">{E(v.Symbol)}</strong> <span class="status">{E(v.Area)} {E(v.Type)}</span>{(v.Sample ? " <span class=\"status\">SAMPLE</span>" : "")}<br>{E(v.Title)}{changes}{(v.Link is { } l ? $"<br><a href=\"{E(l)}\" rel=\"noopener\">full text</a>" : "")}</td>
                <td>{E(v.Member)}</td>
                <td>distributed {E(v.Distributed is null ? "(not stated)" : MeasuresFeature.Day(v.Distributed))}<br><span class="days">{E(MeasuresFeature.DaysLeft(n, view.On))}</span><br>{E(v.Status)}{(v.EntryIntoForce is { } e ? $" (entry into force {MeasuresFeature.Day(e)})" : v.EntryIntoForceNote is { } note ? $" ({E(note)})" : "")}</td>
                <td>{E(v.Products)}<br><small>HS {E(v.Hs.Count == 0 ? "none given" : string.Join(", ", m.EffectiveHs))}{(v.Ics.Count > 0 ? " · ICS " + E(string.Join(", ", v.Ics)) : "")}</small></td>
                """);
            if (entry.Traffic is { } t)
            {
                b.Append(CultureInfo.InvariantCulture, $"<td class=\"n items\">{t.Items}</td><td class=\"n\">{t.Declarations}</td><td class=\"n value\">{t.Value:N2}</td><td>{string.Join("<br>", t.TopTraders.Select(x => $"{E(x.TraderId)} ({x.Value.ToString("N2", CultureInfo.InvariantCulture)})"))}</td>");
            }

            b.Append("</tr>");
        }

        b.Append("</table>");
        return Page(Texts.Get("m.title"), b.ToString(), user);
    }
}
