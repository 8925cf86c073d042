using System.Text.RegularExpressions;
using Landsea.Shared;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Metadata;

namespace Landsea.Web.Infrastructure;

/// <summary>
/// Antiforgery for every state-changing request a browser can be tricked into sending (issue 16 item 4): a POST, PUT,
/// PATCH or DELETE that carries the sign-in cookie, and every form post (the sign-in form included, against login
/// CSRF), must carry the antiforgery token: the hidden field every page form gets (<see cref="Protect"/>), or the
/// <c>RequestVerificationToken</c> header for a cookie-authenticated API call. A request with an
/// <c>Authorization</c> header (HTTP Basic, bearer) is not a browser's ambient credential and is not affected; nor are
/// the endpoints that opt out with <c>DisableAntiforgery()</c> because they authenticate by signature (the exchange).
/// </summary>
public static partial class CrossSiteRequests
{
    /// <summary>The form field and header the token travels in.</summary>
    public const string FieldName = "__RequestVerificationToken";

    /// <summary>The header a cookie-authenticated API client sends the token in.</summary>
    public const string HeaderName = "RequestVerificationToken";

    /// <summary>The sign-in cookie whose presence makes a request cookie-authenticated.</summary>
    public const string SignInCookie = "landsea";

    public static IServiceCollection AddCrossSiteRequests(this IServiceCollection services) =>
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "landsea-af";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = FieldName;
            o.HeaderName = HeaderName;
            o.SuppressXFrameOptionsHeader = true; // SecurityHeaders sends DENY, stricter than antiforgery's SAMEORIGIN
        });

    /// <summary>Refuses a cookie-authenticated or form state-changing request without a valid token; runs after authentication.</summary>
    public static void UseCrossSiteRequests(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (ctx, next) =>
        {
            if (NeedsToken(ctx) && !await ctx.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(ctx))
            {
                const string Detail = "This request is authenticated by the sign-in cookie but carries no valid antiforgery token (LS800): "
                    + "reload the page and send the form again, or send the token in the " + HeaderName + " header.";
                IResult refusal = ctx.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
                    ? Results.Problem(Detail, statusCode: StatusCodes.Status400BadRequest, title: "Antiforgery token missing or invalid",
                        extensions: new Dictionary<string, object?> { ["code"] = SecurityErrorCodes.AntiforgeryTokenInvalid })
                    : Html.Page(Texts.Get("layout.formExpired"), $"<p class=\"err\" id=\"antiforgery\">{Html.T("layout.formExpiredDetail", SecurityErrorCodes.AntiforgeryTokenInvalid)}</p>", ctx.User, StatusCodes.Status400BadRequest);
                await refusal.ExecuteAsync(ctx);
                return;
            }

            await next(ctx);
        });
    }

    /// <summary>
    /// Whether the request must carry a token: a state-changing method, no <c>Authorization</c> header, an endpoint that
    /// did not opt out, and either the sign-in cookie or a form body.
    /// </summary>
    public static bool NeedsToken(HttpContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        HttpRequest r = ctx.Request;
        if (HttpMethods.IsGet(r.Method) || HttpMethods.IsHead(r.Method) || HttpMethods.IsOptions(r.Method) || HttpMethods.IsTrace(r.Method))
        {
            return false;
        }

        if (r.Headers.Authorization.Count > 0)
        {
            return false;
        }

        if (ctx.GetEndpoint()?.Metadata.GetMetadata<IAntiforgeryMetadata>() is { RequiresValidation: false })
        {
            return false;
        }

        return r.Cookies.ContainsKey(SignInCookie) || r.HasFormContentType;
    }

    /// <summary>
    /// The page with the antiforgery token as a hidden field in every <c>method="post"</c> form, and the token cookie
    /// set; a page without such a form is returned as it is.
    /// </summary>
    public static string Protect(HttpContext ctx, string html)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(html);
        if (!html.Contains("method=\"post\"", StringComparison.OrdinalIgnoreCase))
        {
            return html;
        }

        AntiforgeryTokenSet tokens = ctx.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(ctx);
        string field = $"<input type=\"hidden\" name=\"{tokens.FormFieldName}\" value=\"{Html.E(tokens.RequestToken)}\">";
        return PostForm().Replace(html, m => m.Value + field);
    }

    [GeneratedRegex("<form\\b[^>]*\\bmethod=\"post\"[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PostForm();
}
