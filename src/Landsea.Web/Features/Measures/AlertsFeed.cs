using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Xml;
using Landsea.Data.Access;
using Landsea.Data.Measures;
using Landsea.Measures;
using Landsea.Web.Features.Access;

namespace Landsea.Web.Features.Measures;

/// <summary>
/// <c>GET /api/measures/alerts</c> (Atom with <c>Accept: application/atom+xml</c> or <c>/api/measures/alerts.atom</c>, JSON Feed 1.1
/// otherwise or at <c>/api/measures/alerts.json</c>): a trader's alerts, newest first; for an officer, the measures that
/// concern the exports their office cleared in the last twelve months (node-wide for auditors). Each item says the days
/// left to the comment deadline.
/// </summary>
public static class AlertsFeed
{
    /// <summary>One item of the feed.</summary>
    public sealed record AlertItem(string Id, string Symbol, string Title, string Change, DateTimeOffset Updated, DateOnly? CommentDeadline, int? DaysToComment,
        string Status, string Member, IReadOnlyList<string> Hs, string Url, string Summary);

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/alerts", (HttpContext ctx, MeasureStore store, MeasureTraffic traffic, TimeProvider time, CancellationToken ct) =>
            WriteAsync(ctx, store, traffic, time, ctx.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Value is "application/atom+xml"), ct))
            .WithSummary("Your measure alerts (traders: new or changed notifications your subscriptions match; officers: measures on your office's exports), Atom or JSON Feed by Accept");
        group.MapGet("/alerts.atom", (HttpContext ctx, MeasureStore store, MeasureTraffic traffic, TimeProvider time, CancellationToken ct) =>
            WriteAsync(ctx, store, traffic, time, atom: true, ct)).WithSummary("Your measure alerts as Atom");
        group.MapGet("/alerts.json", (HttpContext ctx, MeasureStore store, MeasureTraffic traffic, TimeProvider time, CancellationToken ct) =>
            WriteAsync(ctx, store, traffic, time, atom: false, ct)).WithSummary("Your measure alerts as JSON Feed 1.1");
    }

    /// <summary>The items of <paramref name="user"/>'s feed; null for a role that has none (partners, administrators).</summary>
    internal static async Task<IReadOnlyList<AlertItem>?> ItemsAsync(ClaimsPrincipal user, MeasureStore store, MeasureTraffic traffic, TimeProvider time, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        DateOnly today = traffic.Today(time);
        if (scope.Role == Role.Trader && scope.TraderId is { } trader)
        {
            return [.. (await store.AlertsAsync(trader, ct: ct)).Select(a => Item($"alert:{a.Id}", a.Measure, a.Change == AlertChange.Changed ? "changed" : "new", a.RaisedAt, today))];
        }

        if (!scope.SeesAll)
        {
            return null;
        }

        (DateOnly from, DateOnly to) = MeasureTraffic.LastTwelveMonths(today);
        string? office = scope.Role == Role.Officer ? scope.OfficeCode : null;
        IReadOnlyDictionary<string, MeasureTrafficRow> rows = await traffic.ForPeriodAsync(from, to, office, ct);
        MeasureRegister register = await store.RegisterAsync(ct);
        return [.. register.All().Where(m => rows.ContainsKey(m.Notification.Symbol.Text)).Select(m =>
        {
            MeasureTrafficRow r = rows[m.Notification.Symbol.Text];
            DateTimeOffset updated = m.Notification.Distributed is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : DateTimeOffset.UnixEpoch;
            return Item($"office:{office ?? "all"}:{m.Notification.Symbol.Text}", m, "traffic", updated, today,
                string.Create(CultureInfo.InvariantCulture, $" Concerns {r.Lines} goods item(s) of {r.Declarations} declaration(s) {(office is null ? "of the node" : "cleared at " + office)} in the last 12 months."));
        })];
    }

    private static AlertItem Item(string id, RegisteredMeasure m, string change, DateTimeOffset updated, DateOnly today, string extra = "")
    {
        Notification n = m.Notification;
        string summary = $"{n.Symbol.Text} ({n.Area.ToString().ToUpperInvariant()} {n.Type.ToString().ToLowerInvariant()}, {n.Member.Value}, {n.Status(today)}): {MeasuresFeature.DaysLeft(n, today)}. HS {string.Join(", ", m.EffectiveHs)}.{extra}";
        return new AlertItem(id, n.Symbol.Text, n.Title, change, updated, n.CommentDeadline, n.DaysToComment(today), n.Status(today), n.Member.Value,
            [.. m.EffectiveHs.Select(h => h.Digits)], MeasuresFeature.Href(n.Symbol.Text), summary);
    }

    private static async Task<IResult> WriteAsync(HttpContext ctx, MeasureStore store, MeasureTraffic traffic, TimeProvider time, bool atom, CancellationToken ct)
    {
        IReadOnlyList<AlertItem>? items = await ItemsAsync(ctx.User, store, traffic, time, ct);
        if (items is null)
        {
            return Results.Problem("Measure alerts are for traders (their subscriptions), officers and auditors (their offices' traffic).", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        }

        string self = $"{ctx.Request.Scheme}://{ctx.Request.Host}";
        string who = ctx.User.Identity?.Name ?? "";
        return atom
            ? Results.Text(Atom(items, self, who, time.GetUtcNow()), "application/atom+xml; charset=utf-8", Encoding.UTF8)
            : Results.Text(JsonFeed(items, self, who), "application/feed+json; charset=utf-8", Encoding.UTF8);
    }

    private static string Atom(IReadOnlyList<AlertItem> items, string self, string who, DateTimeOffset now)
    {
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false }))
        {
            const string Ns = "http://www.w3.org/2005/Atom";
            w.WriteStartElement("feed", Ns);
            w.WriteElementString("id", Ns, $"{self}/api/measures/alerts#{who}");
            w.WriteElementString("title", Ns, $"Landsea measure alerts for {who}");
            w.WriteElementString("updated", Ns, (items.Count > 0 ? items.Max(i => i.Updated) : now).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            w.WriteStartElement("link", Ns);
            w.WriteAttributeString("rel", "self");
            w.WriteAttributeString("href", $"{self}/api/measures/alerts.atom");
            w.WriteEndElement();
            foreach (AlertItem i in items)
            {
                w.WriteStartElement("entry", Ns);
                w.WriteElementString("id", Ns, $"{self}/api/measures/alerts/{Uri.EscapeDataString(i.Id)}");
                w.WriteElementString("title", Ns, $"{i.Symbol} ({i.Change}): {i.Title}");
                w.WriteElementString("updated", Ns, i.Updated.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                w.WriteStartElement("link", Ns);
                w.WriteAttributeString("href", self + i.Url);
                w.WriteEndElement();
                w.WriteStartElement("category", Ns);
                w.WriteAttributeString("term", i.Change);
                w.WriteEndElement();
                w.WriteElementString("summary", Ns, i.Summary);
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        return sb.ToString();
    }

    private static string JsonFeed(IReadOnlyList<AlertItem> items, string self, string who) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["version"] = "https://jsonfeed.org/version/1.1",
        ["title"] = $"Landsea measure alerts for {who}",
        ["feed_url"] = $"{self}/api/measures/alerts.json",
        ["items"] = items.Select(i => new Dictionary<string, object?>
        {
            ["id"] = i.Id,
            ["url"] = self + i.Url,
            ["title"] = $"{i.Symbol} ({i.Change}): {i.Title}",
            ["content_text"] = i.Summary,
            ["date_modified"] = i.Updated.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["tags"] = new[] { i.Change, i.Member },
            ["_landsea"] = new Dictionary<string, object?>
            {
                ["symbol"] = i.Symbol, ["change"] = i.Change, ["status"] = i.Status, ["member"] = i.Member, ["hs"] = i.Hs,
                ["commentDeadline"] = i.CommentDeadline?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["daysToComment"] = i.DaysToComment,
            },
        }).ToList(),
    });
}
