using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Landsea.Web.Tests.Access;

/// <summary>
/// A minimal OpenID provider for the tests, on the loopback address: discovery document, JWKS (RS256), the authorization
/// code flow with PKCE (S256 required: a request without a code challenge is refused), a token endpoint that checks the
/// client secret and the code verifier, and tokens minted directly for bearer tests. Its sign-in page lists the test users
/// as buttons.
/// </summary>
public sealed class TestOpenIdProvider : IAsyncDisposable
{
    public const string ClientId = "landsea-node";
    public const string ClientSecret = "test-client-secret";

    private readonly WebApplication _app;
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly RsaSecurityKey _key;
    private readonly ConcurrentDictionary<string, Pending> _tickets = new();
    private readonly ConcurrentDictionary<string, Pending> _codes = new();

    private sealed record Pending(string RedirectUri, string State, string? Nonce, string Challenge, string? User = null);

    /// <summary>The users the sign-in page offers, with the claims the provider puts in their tokens.</summary>
    public Dictionary<string, Dictionary<string, string>> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>Redirect URIs the node's client may use (set once the node's address is known).</summary>
    public HashSet<string> RedirectUris { get; } = new(StringComparer.Ordinal);

    /// <summary>Token requests whose code verifier matched the code challenge.</summary>
    public int PkceVerified => _pkceVerified;

    private int _pkceVerified;

    private TestOpenIdProvider(WebApplication app)
    {
        _app = app;
        _key = new RsaSecurityKey(_rsa) { KeyId = "test-key-1" };
    }

    public Uri Issuer { get; private set; } = null!;

    public string Authority => Issuer.AbsoluteUri.TrimEnd('/');

    public static async Task<TestOpenIdProvider> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var provider = new TestOpenIdProvider(builder.Build());
        provider.Map();
        await provider._app.StartAsync();
        provider.Issuer = new Uri(provider._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return provider;
    }

    private void Map()
    {
        _app.MapGet("/.well-known/openid-configuration", () => Results.Content($$"""
            {"issuer": "{{Authority}}", "authorization_endpoint": "{{Authority}}/authorize", "token_endpoint": "{{Authority}}/token",
             "jwks_uri": "{{Authority}}/jwks", "response_types_supported": ["code"], "response_modes_supported": ["query"],
             "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"],
             "code_challenge_methods_supported": ["S256"], "scopes_supported": ["openid", "profile"],
             "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"]}
            """, "application/json"));
        _app.MapGet("/jwks", () =>
        {
            RSAParameters p = _rsa.ExportParameters(false);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = _key.KeyId, n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent) } } });
        });
        _app.MapGet("/authorize", (HttpRequest request) =>
        {
            IQueryCollection q = request.Query;
            string redirect = q["redirect_uri"].ToString();
            if (q["client_id"] != ClientId || !RedirectUris.Contains(redirect) || q["response_type"] != "code")
            {
                return Results.BadRequest("unknown client, redirect_uri or response_type");
            }

            if (string.IsNullOrEmpty(q["code_challenge"]) || q["code_challenge_method"] != "S256")
            {
                return Results.BadRequest("PKCE with S256 is required");
            }

            string ticket = Guid.NewGuid().ToString("N");
            _tickets[ticket] = new Pending(redirect, q["state"].ToString(), q["nonce"].ToString(), q["code_challenge"].ToString());
            var html = new StringBuilder("<!doctype html><html><head><title>Test provider</title></head><body><h1>Test OpenID provider</h1>");
            foreach (string user in Users.Keys)
            {
                html.Append("<form method=\"post\" action=\"/authorize\"><input type=\"hidden\" name=\"ticket\" value=\"").Append(ticket)
                    .Append("\"><button name=\"user\" value=\"").Append(WebUtility.HtmlEncode(user)).Append("\">Sign in as ").Append(WebUtility.HtmlEncode(user)).Append("</button></form>");
            }

            return Results.Content(html.Append("</body></html>").ToString(), "text/html");
        });
        _app.MapPost("/authorize", async (HttpRequest request) =>
        {
            IFormCollection form = await request.ReadFormAsync();
            if (!_tickets.TryRemove(form["ticket"].ToString(), out Pending? pending) || !Users.ContainsKey(form["user"].ToString()))
            {
                return Results.BadRequest("unknown ticket or user");
            }

            string code = Guid.NewGuid().ToString("N");
            _codes[code] = pending with { User = form["user"].ToString() };
            return Results.Redirect($"{pending.RedirectUri}?code={code}&state={Uri.EscapeDataString(pending.State)}");
        });
        _app.MapPost("/token", async (HttpRequest request) =>
        {
            IFormCollection form = await request.ReadFormAsync();
            (string? id, string? secret) = (form["client_id"].ToString(), form["client_secret"].ToString());
            if (request.Headers.Authorization.ToString() is { } basic && basic.StartsWith("Basic ", StringComparison.Ordinal))
            {
                string[] pair = Encoding.UTF8.GetString(Convert.FromBase64String(basic[6..])).Split(':', 2);
                (id, secret) = (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
            }

            if (id != ClientId || secret != ClientSecret)
            {
                return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            }

            if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out Pending? pending) || pending.RedirectUri != form["redirect_uri"])
            {
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            }

            string verifier = form["code_verifier"].ToString();
            if (Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) != pending.Challenge)
            {
                return Results.Json(new { error = "invalid_grant", error_description = "code_verifier does not match the code_challenge" }, statusCode: 400);
            }

            Interlocked.Increment(ref _pkceVerified);
            var claims = new Dictionary<string, object>(Users[pending.User!].ToDictionary(k => k.Key, k => (object)k.Value)) { ["sub"] = pending.User! };
            if (pending.Nonce is { Length: > 0 } nonce)
            {
                claims["nonce"] = nonce;
            }

            return Results.Json(new
            {
                access_token = Mint(pending.User!, ClientId, TimeSpan.FromMinutes(5)),
                id_token = Token(claims, ClientId, TimeSpan.FromMinutes(5), _key),
                token_type = "Bearer",
                expires_in = 300,
            });
        });
    }

    /// <summary>An access token for <paramref name="user"/> with their claims, for an API client.</summary>
    public string Mint(string user, string audience, TimeSpan lifetime, SecurityKey? key = null, Dictionary<string, string>? claims = null)
    {
        var all = new Dictionary<string, object>((claims ?? Users[user]).ToDictionary(k => k.Key, k => (object)k.Value)) { ["sub"] = user };
        return Token(all, audience, lifetime, key ?? _key);
    }

    private string Token(Dictionary<string, object> claims, string audience, TimeSpan lifetime, SecurityKey key)
    {
        DateTime now = DateTime.UtcNow;
        bool expired = lifetime < TimeSpan.Zero;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = audience,
            Claims = claims,
            IssuedAt = expired ? now + lifetime - TimeSpan.FromMinutes(10) : now,
            NotBefore = expired ? now + lifetime - TimeSpan.FromMinutes(10) : now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>A key the provider does not publish: tokens signed with it must be refused.</summary>
    public static RsaSecurityKey StrangerKey() => new(RSA.Create(2048)) { KeyId = "stranger" };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _rsa.Dispose();
    }
}
