namespace Landsea.Web.Infrastructure;

/// <summary>
/// The headers every answer of the node carries (issue 16 item 4): a Content-Security-Policy that allows no inline or
/// foreign script and no framing, <c>X-Content-Type-Options: nosniff</c>, <c>X-Frame-Options: DENY</c> for browsers
/// without <c>frame-ancestors</c>, a <c>Referrer-Policy</c>, and HSTS only on an answer served over TLS (a plain HTTP
/// node must not tell a browser to insist on HTTPS it does not have).
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// The node's pages: scripts and everything else from the node only, none inline (<c>script-src 'self'</c> without
    /// <c>'unsafe-inline'</c>); styles inline as the one layout writes them; never framed; forms post only to the node.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The API reference page (<c>/api-docs</c>, Scalar): its page starts the bundled viewer with an inline script and
    /// loads it from the Scalar CDN; it shows only the public API description and still may not be framed.
    /// </summary>
    public const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.scalar.com; "
        + "font-src 'self' data: https://fonts.scalar.com; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>HSTS over TLS: one year, subdomains included.</summary>
    public const string StrictTransportSecurity = "max-age=31536000; includeSubDomains";

    /// <summary>Adds the headers to every answer, including error answers and those of later middleware.</summary>
    public static void UseSecurityHeaders(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use((ctx, next) =>
        {
            ctx.Response.OnStarting(() =>
            {
                IHeaderDictionary h = ctx.Response.Headers;
                h.ContentSecurityPolicy = ctx.Request.Path.StartsWithSegments("/api-docs", StringComparison.OrdinalIgnoreCase) ? ApiReferencePolicy : ContentSecurityPolicy;
                h.XContentTypeOptions = "nosniff";
                h.XFrameOptions = "DENY";
                h["Referrer-Policy"] = "same-origin";
                h["Cross-Origin-Opener-Policy"] = "same-origin";
                if (ctx.Request.IsHttps)
                {
                    h.StrictTransportSecurity = StrictTransportSecurity;
                }

                return Task.CompletedTask;
            });
            return next(ctx);
        });
    }
}
