using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text;
using Landsea.Data.Access;
using Landsea.Web.Features.Access;

namespace Landsea.Web.Infrastructure;

/// <summary>Server-rendered pages: one layout, encoded text, no JavaScript build step.</summary>
public static class Html
{
    public static string E(object? value) => WebUtility.HtmlEncode(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");

    /// <summary>The text of <paramref name="key"/> in the request's language, HTML-encoded (<see cref="Texts"/>).</summary>
    public static string T(string key) => Text(Texts.Get(key));

    /// <summary>Plain text as HTML: encoded, apostrophes kept (every attribute the pages write is in double quotes).</summary>
    private static string Text(string text) => WebUtility.HtmlEncode(text).Replace("&#39;", "'", StringComparison.Ordinal);

    /// <summary>
    /// The text of <paramref name="key"/> with <c>{0}</c>, <c>{1}</c>… filled in, HTML-encoded: each argument is encoded
    /// (numbers and dates in the language's culture) unless it is <see cref="Raw"/> markup.
    /// </summary>
    public static string T(string key, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string template = Text(Texts.Get(key));
        object?[] encoded = args.Select(a => a switch
        {
            Markup m => m.Html,
            IFormattable f => WebUtility.HtmlEncode(f.ToString(null, Texts.Culture)),
            _ => E(a),
        }).ToArray<object?>();
        try
        {
            return string.Format(Texts.Culture, template, encoded);
        }
        catch (FormatException)
        {
            return E(Texts.MissingMarker(key + ":format"));
        }
    }

    /// <summary>Markup passed into <see cref="T(string, object?[])"/> as it is (a link, a code element), already encoded by its writer.</summary>
    public sealed record Markup(string Html);

    /// <summary>Marks <paramref name="html"/> as markup for <see cref="T(string, object?[])"/>.</summary>
    public static Markup Raw(string html) => new(html);

    /// <summary>An instant in the office's local time with its offset, in the request's language (<see cref="Texts.LocalTime"/>), encoded.</summary>
    public static string When(string? officeCode, DateTimeOffset at) => E(Texts.LocalTime(officeCode, at));

    /// <summary>A number in the request's language's culture, encoded.</summary>
    public static string N(decimal value, string format = "N2") => E(Texts.Number(value, format));

    /// <summary>A page in the one layout; its menu shows only what <paramref name="user"/>'s role may open. Its header and
    /// <c>&lt;html lang&gt;</c> are in the request's language, written when the page is sent.</summary>
    public static IResult Page(string title, string body, ClaimsPrincipal? user, int statusCode = StatusCodes.Status200OK) =>
        new PageResult(title, body, user, statusCode);

    private static string Layout(HttpContext ctx, string title, string body, ClaimsPrincipal? user)
    {
        string? name = user?.Identity?.IsAuthenticated == true ? user.Identity.Name : null;
        Language language = Texts.Current;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $$"""
            <!doctype html>
            <html lang="{{language.Tag}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{E(title)}} · Landsea</title>
            <style>
            body{font-family:system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:0;color:#1b2733;background:#f5f7fa}
            header{background:#0b3d5c;color:#fff;padding:.6rem 1.2rem;display:flex;flex-wrap:wrap;gap:.6rem 1.2rem;align-items:center}
            header a{color:#fff;text-decoration:none}header .who{margin-left:auto;font-size:.9rem}header nav.lang{font-size:.9rem}header nav.lang a{text-decoration:underline}
            main{padding:1rem 1.2rem;max-width:1200px}
            table{border-collapse:collapse;width:100%;background:#fff}th,td{padding:.35rem .5rem;border-bottom:1px solid #dde3ea;text-align:left;font-size:.92rem}
            th{background:#e8eef4}form.filters{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end;margin-bottom:.8rem}
            label{display:flex;flex-direction:column;font-size:.8rem}input,select,button{font-size:.95rem;padding:.25rem}
            .status{padding:.1rem .45rem;border-radius:.6rem;font-size:.8rem;background:#e0e7ef}
            .Accepted{background:#d9ecff}.Released,.Cleared{background:#d5f5dd}.Rejected,.Invalidated{background:#fbdcdc}.UnderControl,.DocumentsRequired{background:#fff0c7}
            .channel{padding:.1rem .45rem;border-radius:.6rem;font-size:.8rem;background:#e0e7ef;margin-right:.3rem}.channel.Red{background:#f6c9c9;color:#7a0000}.channel.Yellow{background:#fbe7a6;color:#5c4500}.channel.Green{background:#cdeed6;color:#0d4d1f}
            tr.held td{background:#fff7f0}small.reasons{color:#5b6b7b}p.empty{background:#fff;border:1px dashed #b8c4d0;padding:1rem}
            .err{color:#a40000}.muted{color:#5b6b7b;font-size:.85rem}section{background:#fff;padding:.8rem;margin:.8rem 0;border:1px solid #dde3ea}
            input,select,textarea{max-width:100%;box-sizing:border-box}p,li,td,h1,h2{overflow-wrap:anywhere}svg{max-width:100%;height:auto}pre,code{white-space:pre-wrap;overflow-wrap:anywhere}
            @media (max-width:760px){main{padding:.6rem}header{padding:.5rem .6rem}header .who{margin-left:0}
            table{display:block;overflow-x:auto;max-width:100%}td,th{overflow-wrap:normal}label{max-width:100%;min-width:0}
            form.filters label,fieldset label{flex:1 1 9rem}fieldset{min-width:0;margin:0;padding:.4rem}section{padding:.5rem} }
            </style></head><body>
            <header><strong>Landsea</strong>{{Menu(name is null ? null : NodeAuthentication.ScopeOf(user!))}}
            <span class="who">{{(name is null ? $"<a href=\"/login\">{T("layout.signIn")}</a>" : $"{E(name)} · <form method=\"post\" action=\"/logout\" style=\"display:inline\"><button>{T("layout.signOut")}</button></form>")}}</span>{{Languages.Switch(ctx)}}</header>
            <main><h1>{{E(title)}}</h1>
            """);
        // A table that scrolls inside its own box on a narrow screen must be reachable by keyboard (WCAG 2.1.1).
        sb.Append(body.Replace("<table ", "<table tabindex=\"0\" ", StringComparison.Ordinal).Replace("<table>", "<table tabindex=\"0\">", StringComparison.Ordinal));
        sb.Append("</main></body></html>");
        return sb.ToString();
    }

    /// <summary>A page, laid out in the request's language and written with the antiforgery token in each of its post forms (<see cref="CrossSiteRequests.Protect"/>).</summary>
    private sealed class PageResult(string title, string body, ClaimsPrincipal? user, int statusCode) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            string page = CrossSiteRequests.Protect(httpContext, Layout(httpContext, title, body, user));
            httpContext.Response.StatusCode = statusCode;
            httpContext.Response.ContentType = "text/html; charset=utf-8";
            httpContext.Response.Headers.ContentLanguage = Texts.Current.Tag;
            httpContext.Response.Headers.Append("Vary", "Cookie, Accept-Language");
            return httpContext.Response.WriteAsync(page, httpContext.RequestAborted);
        }
    }

    /// <summary>A 403 page that says who may open it, with the menu of what the user may open instead.</summary>
    public static IResult Forbidden(string title, string whoMay, ClaimsPrincipal user) =>
        Page(title, $"<p class=\"err\" id=\"denied\">{E(whoMay)}</p><p><a href=\"/declarations\">{T("layout.backToDeclarations")}</a></p>", user, StatusCodes.Status403Forbidden);

    /// <summary>A 404 page in the request's language: <paramref name="what"/> (encoded markup) and a way on.</summary>
    public static IResult NotFound(string what, ClaimsPrincipal? user, string id = "not-found") =>
        Page(Texts.Get("layout.notFound"), $"<p class=\"err\" id=\"{id}\">{what}</p>", user, StatusCodes.Status404NotFound);

    /// <summary>The links a role may follow: declarations and the API for everyone signed in; risk rules for officers and auditors; the message log and partner goods also for administrators (as the pages' own checks).</summary>
    private static string Menu(AccessScope? scope)
    {
        if (scope is null)
        {
            return "";
        }

        var links = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<a href=\"/declarations\">{T("menu.declarations")}</a>");
        if (scope.CanLodge)
        {
            links.Append(CultureInfo.InvariantCulture, $"<a href=\"/declarations/new\">{T("menu.lodge")}</a>");
        }

        if (scope.Role != Role.Administrator)
        {
            links.Append(CultureInfo.InvariantCulture, $"<a href=\"/transit\">{T("menu.transit")}</a>");
        }

        if (scope.SeesAll)
        {
            links.Append(CultureInfo.InvariantCulture, $"<a href=\"/risk/rules\">{T("menu.riskRules")}</a>");
            links.Append(CultureInfo.InvariantCulture, $"<a href=\"/statistics\">{T("menu.statistics")}</a>");
            links.Append(CultureInfo.InvariantCulture, $"<a href=\"/scans\">{T("menu.scans")}</a>");
            links.Append(CultureInfo.InvariantCulture, $"<a href=\"/corridor\">{T("menu.corridor")}</a>");
        }

        if (scope.SeesAll || scope.Role == Role.Trader)
        {
            links.Append(CultureInfo.InvariantCulture, $"<a href=\"/measures\">{T("menu.measures")}</a>");
        }

        if (scope.SeesAll || scope.Role == Role.Administrator)
        {
            links.Append(CultureInfo.InvariantCulture, $"<a href=\"/exchange\">{T("menu.messages")}</a>");
        }

        if (scope.SeesAll || scope.Role == Role.Administrator)
        {
            links.Append(CultureInfo.InvariantCulture, $"<a href=\"/exchange/partner-goods\">{T("menu.partnerGoods")}</a>");
        }

        return links.Append("<a href=\"/api-docs\">API</a>").ToString();
    }
}
