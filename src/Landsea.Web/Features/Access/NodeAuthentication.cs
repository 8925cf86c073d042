using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Landsea.Data.Access;
using Landsea.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Landsea.Web.Features.Access;

/// <summary>
/// Sign-in: local accounts (cookie for pages, HTTP Basic for API clients), OpenID Connect when configured,
/// and in development mode a one-click development login. Claims carry role, office and trader identifier.
/// </summary>
public static class NodeAuthentication
{
    public const string Scheme = "Landsea";
    public const string BasicScheme = "Basic";

    /// <summary>The development accounts seeded in development mode (docs/development-login.md); the list is <see cref="DevelopmentAccountList"/>.</summary>
    public static IReadOnlyList<UserAccount> DevelopmentAccounts => DevelopmentAccountList.All;

    public const string DevelopmentPassword = DevelopmentAccountList.Password;

    public static IServiceCollection AddNodeAuthentication(this IServiceCollection services, NodeOptions options)
    {
        AuthenticationBuilder auth = services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Cookie, Basic or Bearer", o => o.ForwardDefaultSelector = ctx =>
            {
                string authorization = ctx.Request.Headers.Authorization.ToString();
                return authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) ? BasicScheme
                    : options.Oidc.Enabled && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? OpenIdSignIn.BearerScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme;
            })
            .AddCookie(o =>
            {
                o.LoginPath = "/login";
                o.Cookie.Name = CrossSiteRequests.SignInCookie;
                o.Cookie.HttpOnly = true;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure whenever the node is served over TLS
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Events.OnRedirectToLogin = ctx => Deny(ctx, StatusCodes.Status401Unauthorized, options.Oidc.Enabled);
                o.Events.OnRedirectToAccessDenied = ctx => Deny(ctx, StatusCodes.Status403Forbidden, options.Oidc.Enabled);
                o.Events.OnValidatePrincipal = FollowAccountAsync;
            })
            .AddScheme<AuthenticationSchemeOptions, BasicHandler>(BasicScheme, null);
        if (options.Oidc.Enabled)
        {
            OpenIdSignIn.Add(auth, options.Oidc);
        }

        services.AddAuthorization();
        return services;
    }

    /// <summary>The caller's scope; every data access of the web host goes through it.</summary>
    public static AccessScope ScopeOf(ClaimsPrincipal user)
    {
        string name = user.Identity?.Name ?? "anonymous";
        Role role = Enum.TryParse(user.FindFirstValue(ClaimTypes.Role), out Role r) ? r : Role.Partner;
        return new AccessScope(name, role, user.FindFirstValue("office"), user.FindFirstValue("trader"), user.FindFirstValue("partner"));
    }

    public static ClaimsPrincipal PrincipalOf(UserAccount account, string scheme)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, account.Username), new(ClaimTypes.Role, account.Role.ToString()), new("display", account.DisplayName) };
        if (account.OfficeCode is not null)
        {
            claims.Add(new("office", account.OfficeCode));
        }

        if (account.TraderId is not null)
        {
            claims.Add(new("trader", account.TraderId));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static async Task SeedDevelopmentAccountsAsync(UserStore users)
    {
        foreach (UserAccount account in DevelopmentAccounts)
        {
            if (await users.FindAsync(account.Username) is null)
            {
                await users.UpsertAsync(account, DevelopmentPassword);
            }
        }
    }

    public static void MapAccessPages(this WebApplication app, NodeOptions options)
    {
        OpenIdSignIn.MapPages(app, options.Oidc);
        app.MapGet("/login", (HttpContext ctx) => LoginPage(ctx, options, null)).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/login", async (HttpContext ctx, UserStore users, SignInAttempts attempts) =>
        {
            IFormCollection form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            string username = form["username"].ToString();
            string address = SourceAddress(ctx);
            SignInStanding standing = await attempts.CheckAsync(username, address, ctx.RequestAborted);
            if (standing.LockedUntil is { } until)
            {
                await attempts.RecordAsync(username, address, SignInAttempts.Refused, ctx.RequestAborted);
                ctx.Response.Headers.RetryAfter = RetryAfter(until, attempts);
                return LoginPage(ctx, options, Texts.Format("login.lockedOut", Landsea.Shared.SecurityErrorCodes.SignInLockedOut, until.UtcDateTime.ToString(Texts.Get("format.utcSeconds"), Texts.Culture) + " UTC"), StatusCodes.Status429TooManyRequests);
            }

            UserAccount? account = await users.VerifyAsync(username, form["password"].ToString(), ctx.RequestAborted);
            if (account is null)
            {
                await attempts.RecordAsync(username, address, SignInAttempts.Failed, ctx.RequestAborted);
                return LoginPage(ctx, options, Texts.Get("login.wrongPassword"));
            }

            await attempts.RecordAsync(username, address, SignInAttempts.Succeeded, ctx.RequestAborted);
            await ctx.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, PrincipalOf(account, CookieAuthenticationDefaults.AuthenticationScheme));
            return Results.Redirect(SafeReturn(form["returnUrl"].ToString()));
        }).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/logout", async (HttpContext ctx) =>
        {
            await ctx.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/login");
        }).ExcludeFromDescription();

        if (options.Development)
        {
            app.MapGet("/dev/login/{username}", async (string username, string? returnUrl, HttpContext ctx, UserStore users) =>
            {
                UserAccount? account = await users.FindAsync(username);
                if (account is null || DevelopmentAccounts.All(a => a.Username != username))
                {
                    return Results.NotFound($"No development account '{username}'.");
                }

                await ctx.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, PrincipalOf(account, CookieAuthenticationDefaults.AuthenticationScheme));
                return Results.Redirect(SafeReturn(returnUrl));
            }).AllowAnonymous().ExcludeFromDescription();
        }
    }

    /// <summary>The address a sign-in attempt came from, as the server saw it (behind a proxy: the proxy's, unless forwarded headers are configured).</summary>
    internal static string SourceAddress(HttpContext ctx) => ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    internal static string LockedOut(DateTimeOffset until) =>
        string.Create(CultureInfo.InvariantCulture, $"Too many failed sign-ins for this user name or from this address (LS801): sign-in is refused until {until:yyyy-MM-dd HH:mm:ss} UTC.");

    internal static string RetryAfter(DateTimeOffset until, SignInAttempts attempts)
    {
        double seconds = Math.Ceiling((until - attempts.Now).TotalSeconds);
        return Math.Max(1, seconds).ToString(CultureInfo.InvariantCulture);
    }

    private static IResult LoginPage(HttpContext ctx, NodeOptions options, string? error, int statusCode = StatusCodes.Status200OK)
    {
        string returnUrl = ctx.Request.Query["ReturnUrl"].ToString();
        var body = new StringBuilder();
        if (error is null && options.Oidc.Enabled && ctx.Request.Query["error"].ToString() is { Length: > 0 } providerError)
        {
            error = Texts.Format("login.ssoFailed", providerError.Length > 400 ? providerError[..400] : providerError);
        }

        if (error is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"err\">{Html.E(error)}</p>");
        }

        body.Append(CultureInfo.InvariantCulture, $"""
            <form method="post" action="/login"><input type="hidden" name="returnUrl" value="{Html.E(returnUrl)}">
            <label>{Html.T("login.user")} <input name="username" autocomplete="username" required></label>
            <label>{Html.T("login.password")} <input name="password" type="password" autocomplete="current-password" required></label>
            <button type="submit">{Html.T("login.submit")}</button></form>
            """);
        if (options.Oidc.Enabled)
        {
            body.Append(CultureInfo.InvariantCulture, $"""
                <p><a class="button" id="sign-in-oidc" href="/login/oidc?returnUrl={UrlEncoder.Default.Encode(string.IsNullOrEmpty(returnUrl) ? "/" : returnUrl)}">{Html.T("login.signInWith", options.Oidc.DisplayName)}</a></p>
                """);
        }

        if (options.Development)
        {
            body.Append(CultureInfo.InvariantCulture, $"<section><h2>{Html.T("login.development")}</h2><p class=\"muted\">{Html.T("login.developmentNote", Html.Raw("<code>landsea-dev</code>"))}</p><ul>");
            foreach (UserAccount a in DevelopmentAccounts)
            {
                body.Append(CultureInfo.InvariantCulture, $"<li><a href=\"/dev/login/{Html.E(a.Username)}?returnUrl={UrlEncoder.Default.Encode(string.IsNullOrEmpty(returnUrl) ? "/" : returnUrl)}\">{Html.E(a.Username)}</a> — {Html.E(Texts.Name("role", a.Role))}, {Html.E(a.DisplayName)}</li>");
            }

            body.Append("</ul></section>");
        }

        return Html.Page(Texts.Get("login.title"), body.ToString(), null, statusCode);
    }

    /// <summary>
    /// A session of a local account follows the account at every request: disabled or without a role, it ends (issue 16
    /// item 1); granted another role or scope, it acts in that one. Sessions from OpenID Connect carry the provider's claims
    /// and are left alone.
    /// </summary>
    private static async Task FollowAccountAsync(CookieValidatePrincipalContext ctx)
    {
        if (ctx.Principal?.Identity is not { AuthenticationType: CookieAuthenticationDefaults.AuthenticationScheme, Name: { } name })
        {
            return;
        }

        UserAccount? account = await ctx.HttpContext.RequestServices.GetRequiredService<UserStore>().SignInAccountAsync(name, ctx.HttpContext.RequestAborted);
        if (account is null)
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        AccessScope held = ScopeOf(ctx.Principal);
        if (held.Role != account.Role || held.OfficeCode != account.OfficeCode || held.TraderId != account.TraderId)
        {
            ctx.ReplacePrincipal(PrincipalOf(account, CookieAuthenticationDefaults.AuthenticationScheme));
            ctx.ShouldRenew = true;
        }
    }

    internal static string SafeReturn(string? url) => url is { Length: > 1 } && url[0] == '/' && url[1] != '/' ? url : "/";

    private static Task Deny(RedirectContext<CookieAuthenticationOptions> ctx, int status, bool bearer)
    {
        if (ctx.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            ctx.Response.StatusCode = status;
            if (status == StatusCodes.Status401Unauthorized)
            {
                // RFC 9110: a 401 names how to authenticate. API clients use Basic (or the session cookie from /login), and
                // the identity provider's bearer tokens when OpenID Connect is configured.
                ctx.Response.Headers.WWWAuthenticate = bearer ? "Basic realm=\"landsea\", Bearer realm=\"landsea\"" : "Basic realm=\"landsea\"";
            }

            return Task.CompletedTask;
        }

        if (status == StatusCodes.Status403Forbidden)
        {
            return Html.Forbidden(Texts.Get("layout.notAllowed"), Texts.Get("layout.notAllowedDetail"), ctx.HttpContext.User).ExecuteAsync(ctx.HttpContext);
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>HTTP Basic against the node's local accounts, for API clients such as <c>landsea declaration lodge</c>.</summary>
    private sealed class BasicHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, UserStore users, SignInAttempts attempts)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        private DateTimeOffset? _lockedUntil;

        protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            string header = Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            {
                return AuthenticateResult.NoResult();
            }

            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            }
            catch (FormatException)
            {
                return AuthenticateResult.Fail("Malformed Basic credentials.");
            }

            int colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return AuthenticateResult.Fail("Malformed Basic credentials.");
            }

            string username = decoded[..colon];
            string address = SourceAddress(Context);
            SignInStanding standing = await attempts.CheckAsync(username, address, Context.RequestAborted);
            if (standing.LockedUntil is { } until)
            {
                _lockedUntil = until;
                await attempts.RecordAsync(username, address, SignInAttempts.Refused, Context.RequestAborted);
                return AuthenticateResult.Fail(LockedOut(until));
            }

            UserAccount? account = await users.VerifyAsync(username, decoded[(colon + 1)..], Context.RequestAborted);
            if (account is null)
            {
                await attempts.RecordAsync(username, address, SignInAttempts.Failed, Context.RequestAborted);
                return AuthenticateResult.Fail("Unknown user or wrong password.");
            }

            if (standing.HasFailures)
            {
                await attempts.RecordAsync(username, address, SignInAttempts.Succeeded, Context.RequestAborted); // starts the count again
            }

            return AuthenticateResult.Success(new AuthenticationTicket(PrincipalOf(account, BasicScheme), BasicScheme));
        }

        protected override Task HandleChallengeAsync(AuthenticationProperties properties)
        {
            if (_lockedUntil is { } until)
            {
                Response.Headers.RetryAfter = RetryAfter(until, attempts);
                return Results.Problem(LockedOut(until), statusCode: StatusCodes.Status429TooManyRequests, title: "Sign-in locked",
                    extensions: new Dictionary<string, object?> { ["code"] = Landsea.Shared.SecurityErrorCodes.SignInLockedOut }).ExecuteAsync(Context);
            }

            Response.StatusCode = StatusCodes.Status401Unauthorized;
            Response.Headers.WWWAuthenticate = "Basic realm=\"landsea\"";
            return Task.CompletedTask;
        }
    }
}
