using System.Security.Claims;
using Landsea.Data.Access;
using Landsea.Offices;
using Landsea.Shared;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Landsea.Web.Features.Access;

/// <summary>
/// Sign-in with the administration's OpenID Connect provider (issue 16 item 3), configured under <c>Landsea:Oidc</c>
/// (environment <c>Landsea__Oidc__Authority</c> and so on; docs/security.md lists the keys). Without an authority, none
/// of it is registered.
/// </summary>
public sealed class OpenIdSettings
{
    public const string Section = "Landsea:Oidc";

    /// <summary>The provider's issuer URL; its discovery document is <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>This node's client id at the provider (pages: authorization code flow with PKCE).</summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret (confidential client); empty for a public client, which PKCE alone protects.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The audience an API client's bearer token must carry (default: the client id).</summary>
    public string? Audience { get; set; }

    /// <summary>Refuse a provider whose metadata is not served over HTTPS (turn off only for a provider on the loopback address).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The provider's name on the sign-in button.</summary>
    public string DisplayName { get; set; } = "single sign-on";

    /// <summary>The claim naming the user (default <c>preferred_username</c>; <c>sub</c> when absent).</summary>
    public string NameClaim { get; set; } = "preferred_username";

    /// <summary>The claim holding the Landsea role: Officer, Trader, Auditor or Administrator (case does not matter).</summary>
    public string RoleClaim { get; set; } = "role";

    /// <summary>The claim holding an officer's customs office code (for example CN800001).</summary>
    public string OfficeClaim { get; set; } = "office";

    /// <summary>The claim holding a trader's identifier (USCC, UEN or EORI).</summary>
    public string TraderClaim { get; set; } = "trader";

    /// <summary>Scopes asked for at sign-in, separated by spaces.</summary>
    public string Scopes { get; set; } = "openid profile";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}

/// <summary>The OpenID Connect sign-in (cookie session) and bearer tokens for API clients, mapped to Landsea's claims.</summary>
public static class OpenIdSignIn
{
    public const string Scheme = "oidc";
    public const string BearerScheme = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>The authentication type of a principal mapped from the provider's claims (the session does not follow a local account).</summary>
    public const string MappedType = "oidc";

    internal static void Add(AuthenticationBuilder auth, OpenIdSettings settings)
    {
        auth.AddOpenIdConnect(Scheme, settings.DisplayName, o =>
        {
            o.Authority = settings.Authority;
            o.ClientId = settings.ClientId;
            o.ClientSecret = string.IsNullOrEmpty(settings.ClientSecret) ? null : settings.ClientSecret;
            o.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            o.ResponseType = "code";
            o.UsePkce = true;
            o.ResponseMode = "query"; // a top-level GET back to the node: the correlation cookies can stay SameSite=Lax
            o.CallbackPath = "/signin-oidc";
            o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            o.MapInboundClaims = false;
            o.SaveTokens = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.Scope.Clear();
            foreach (string scope in settings.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                o.Scope.Add(scope);
            }

            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Events.OnTokenValidated = ctx =>
            {
                Result<ClaimsPrincipal> mapped = Map(ctx.Principal!, settings);
                if (mapped.IsValid)
                {
                    ctx.Principal = mapped.Value;
                }
                else
                {
                    ctx.Fail(mapped.Failure!.Reason);
                }

                return Task.CompletedTask;
            };
            o.Events.OnRemoteFailure = ctx =>
            {
                ctx.HandleResponse();
                string reason = ctx.Failure?.Message ?? "The provider did not sign you in.";
                ctx.Response.Redirect("/login?error=" + Uri.EscapeDataString(reason));
                return Task.CompletedTask;
            };
        });
        auth.AddJwtBearer(BearerScheme, o =>
        {
            o.Authority = settings.Authority;
            o.Audience = string.IsNullOrEmpty(settings.Audience) ? settings.ClientId : settings.Audience;
            o.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            o.MapInboundClaims = false;
            o.Events = new JwtBearerEvents
            {
                OnTokenValidated = ctx =>
                {
                    Result<ClaimsPrincipal> mapped = Map(ctx.Principal!, settings);
                    if (mapped.IsValid)
                    {
                        ctx.Principal = mapped.Value;
                    }
                    else
                    {
                        ctx.Fail(mapped.Failure!.Reason);
                    }

                    return Task.CompletedTask;
                },
            };
        });
    }

    /// <summary>The sign-in route the button on /login opens: a challenge of the provider, back to a local page.</summary>
    internal static void MapPages(WebApplication app, OpenIdSettings settings)
    {
        if (!settings.Enabled)
        {
            return;
        }

        app.MapGet("/login/oidc", (string? returnUrl) => Results.Challenge(new AuthenticationProperties { RedirectUri = NodeAuthentication.SafeReturn(returnUrl) }, [Scheme]))
            .AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>
    /// The provider's claims as a Landsea principal: the user's name, a role this node knows, and the scope the role needs
    /// (an officer's office of this corridor, a trader's valid identifier). Anything else is refused with the claim named.
    /// </summary>
    public static Result<ClaimsPrincipal> Map(ClaimsPrincipal external, OpenIdSettings settings)
    {
        ArgumentNullException.ThrowIfNull(external);
        ArgumentNullException.ThrowIfNull(settings);
        string? name = Value(external, settings.NameClaim) ?? Value(external, "sub");
        if (string.IsNullOrWhiteSpace(name))
        {
            return Result<ClaimsPrincipal>.Fail(AccessErrorCodes.ClaimMissing, $"The provider's token names no user (neither '{settings.NameClaim}' nor 'sub').");
        }

        string? roleText = Value(external, settings.RoleClaim);
        if (roleText is null || !Enum.TryParse(roleText, ignoreCase: true, out Role role) || role == Role.Partner || !Enum.IsDefined(role))
        {
            return Result<ClaimsPrincipal>.Fail(AccessErrorCodes.ClaimMissing, roleText is null
                ? $"The provider's token for '{name}' carries no '{settings.RoleClaim}' claim; ask the administration to give the user a Landsea role (Officer, Trader, Auditor or Administrator)."
                : $"The provider's '{settings.RoleClaim}' claim for '{name}' is '{roleText}', not a Landsea role (Officer, Trader, Auditor or Administrator).");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, name), new(ClaimTypes.Role, role.ToString()), new("display", Value(external, "name") ?? name), new("idp", external.FindFirstValue("iss") ?? settings.Authority ?? ""),
        };
        if (role == Role.Officer)
        {
            string? office = Value(external, settings.OfficeClaim);
            if (office is null || Corridor.FindOffice(office) is null)
            {
                return Result<ClaimsPrincipal>.Fail(AccessErrorCodes.ClaimMissing, office is null
                    ? $"Officer '{name}' has no '{settings.OfficeClaim}' claim: an officer acts for one customs office."
                    : $"Officer '{name}' has office '{office}' in the '{settings.OfficeClaim}' claim, which is not a customs office of the corridor.");
            }

            claims.Add(new("office", office));
        }

        if (role == Role.Trader)
        {
            string? trader = Value(external, settings.TraderClaim);
            Result<TraderId> id = trader is null ? Result<TraderId>.Fail(AccessErrorCodes.ClaimMissing, "") : TraderId.Parse(trader);
            if (!id.IsValid)
            {
                return Result<ClaimsPrincipal>.Fail(AccessErrorCodes.ClaimMissing, trader is null
                    ? $"Trader '{name}' has no '{settings.TraderClaim}' claim: a trader signs in for one trader identifier."
                    : $"Trader '{name}' has '{trader}' in the '{settings.TraderClaim}' claim: {id.Failure!.Reason}");
            }

            claims.Add(new("trader", id.Value.Value));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, MappedType, ClaimTypes.Name, ClaimTypes.Role));
    }

    private static string? Value(ClaimsPrincipal principal, string type) => principal.FindFirstValue(type) is { Length: > 0 } v ? v.Trim() : null;
}
