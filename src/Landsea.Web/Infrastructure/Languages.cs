using System.Globalization;
using Landsea.Web.Features.Access;
using Microsoft.Net.Http.Headers;

namespace Landsea.Web.Infrastructure;

/// <summary>
/// Chooses each request's language (ADR 0407): the <c>lang</c> cookie the header's switch sets, else the browser's
/// Accept-Language (the most preferred language the pages speak: zh, zh-CN, zh-SG, zh-Hans… are Chinese, en… English), else English.
/// The choice is the request's current UI culture, which <see cref="Texts"/> reads.
/// </summary>
public static class Languages
{
    /// <summary>The cookie the switch sets: <c>en</c> or <c>zh-Hans</c>.</summary>
    public const string Cookie = "lang";

    /// <summary>The switch's path: <c>/language/{tag}?returnUrl=/page</c> sets the cookie and goes back to the page.</summary>
    public const string SwitchPath = "/language";

    /// <summary>The language a request asks for.</summary>
    public static Language Choose(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Cookies.TryGetValue(Cookie, out string? chosen) && Find(chosen) is { } fromCookie)
        {
            return fromCookie;
        }

        IList<StringWithQualityHeaderValue> accepted = request.GetTypedHeaders().AcceptLanguage;
        foreach (StringWithQualityHeaderValue range in accepted.Where(r => r.Quality != 0).OrderByDescending(r => r.Quality ?? 1)) // a stable sort keeps the header's order for equal weights
        {
            if (FromAcceptLanguage(range.Value.Value) is { } language)
            {
                return language;
            }
        }

        return Texts.English;
    }

    /// <summary>A language by its tag as the cookie or the switch names it (case-insensitive), or null.</summary>
    public static Language? Find(string? tag) => Texts.All.FirstOrDefault(l => string.Equals(l.Tag, tag, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The language a browser's language range means: Simplified Chinese for <c>zh</c>, <c>zh-CN</c>, <c>zh-SG</c>, <c>zh-MY</c>
    /// and <c>zh-Hans-*</c>; English for <c>en-*</c>; null for the others (Traditional Chinese <c>zh-TW</c>, <c>zh-HK</c>,
    /// <c>zh-Hant</c> included: its readers may prefer their next choice), so that the next range is tried.
    /// </summary>
    public static Language? FromAcceptLanguage(string? range)
    {
        string[] parts = (range ?? "").Trim().Split('-', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return null;
        }

        if (parts[0].Equals("en", StringComparison.OrdinalIgnoreCase))
        {
            return Texts.English;
        }

        if (!parts[0].Equals("zh", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (parts.Length == 1)
        {
            return Texts.Chinese;
        }

        return parts[1].ToUpperInvariant() switch
        {
            "HANS" or "CN" or "SG" or "MY" => Texts.Chinese,
            _ => null,
        };
    }

    /// <summary>Sets each request's language before anything renders (a page, a 403 from authorization, an error page).</summary>
    public static void UseLanguages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use((ctx, next) =>
        {
            CultureInfo.CurrentUICulture = Choose(ctx.Request).Culture;
            return next(ctx);
        });
        app.MapGet(SwitchPath + "/{tag}", (string tag, string? returnUrl, HttpContext ctx) =>
        {
            Language? language = Find(tag);
            if (language is null)
            {
                return Results.Problem($"'{tag}' is not a language of these pages; use {string.Join(" or ", Texts.All.Select(l => l.Tag))}.", statusCode: StatusCodes.Status404NotFound);
            }

            ctx.Response.Cookies.Append(Cookie, language.Tag, new CookieOptions
            {
                Path = "/", MaxAge = TimeSpan.FromDays(365), SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax, HttpOnly = true, Secure = ctx.Request.IsHttps, IsEssential = true,
            });
            return Results.Redirect(NodeAuthentication.SafeReturn(returnUrl));
        }).AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>The header's switch: a link per language back to the same page (no script), the current one marked.</summary>
    internal static string Switch(HttpContext ctx)
    {
        string here = ctx.Request.Path + (HttpMethods.IsGet(ctx.Request.Method) ? ctx.Request.QueryString.ToString() : "");
        string back = Uri.EscapeDataString(NodeAuthentication.SafeReturn(here));
        Language current = Texts.Current;
        var links = new[] { Texts.Chinese, Texts.English }.Select(l => l == current
            ? $"<a href=\"{SwitchPath}/{l.Tag}?returnUrl={back}\" lang=\"{l.Tag}\" hreflang=\"{l.Tag}\" aria-current=\"true\"><strong>{Html.E(l.Name)}</strong></a>"
            : $"<a href=\"{SwitchPath}/{l.Tag}?returnUrl={back}\" lang=\"{l.Tag}\" hreflang=\"{l.Tag}\" id=\"lang-{l.Tag}\">{Html.E(l.Name)}</a>");
        return $"<nav class=\"lang\" aria-label=\"{Html.T("layout.language")}\">{string.Join(" / ", links)}</nav>";
    }
}
