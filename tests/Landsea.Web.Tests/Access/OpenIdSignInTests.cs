using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Landsea.Web.Tests.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace Landsea.Web.Tests.Access;

/// <summary>
/// Issue 16 item 3: OpenID Connect that works, against a minimal provider run by the test (discovery, JWKS, authorization
/// code flow with PKCE): an officer signs in from the sign-in page's button in Chromium and acts in the office the
/// provider's claim names; a user whose claims lack a scope is refused with the claim named; API clients send the
/// provider's bearer tokens, and a token for another audience, expired, or signed by another key is refused.
/// </summary>
public sealed class OpenIdSignInTests : IAsyncLifetime
{
    private static string Chromium => Environment.GetEnvironmentVariable("LANDSEA_TEST_CHROMIUM") ?? "/usr/bin/chromium";

    private TestOpenIdProvider _provider = null!;
    private WebApplication _node = null!;
    private Uri _address = null!;

    public async Task InitializeAsync()
    {
        _provider = await TestOpenIdProvider.StartAsync();
        _provider.Users["wang.officer"] = new() { ["preferred_username"] = "wang.officer", ["name"] = "Wang Li", ["role"] = "officer", ["office"] = "CN800001" };
        _provider.Users["chen.trader"] = new() { ["preferred_username"] = "chen.trader", ["name"] = "Chen Yu", ["role"] = "Trader", ["trader"] = "91350100M000100Y43" };
        _provider.Users["no.scope"] = new() { ["preferred_username"] = "no.scope", ["role"] = "Trader" };
        _node = await SecurityNode.StartAsync("oidc",
        [
            $"--Landsea:Oidc:Authority={_provider.Authority}", $"--Landsea:Oidc:ClientId={TestOpenIdProvider.ClientId}",
            $"--Landsea:Oidc:ClientSecret={TestOpenIdProvider.ClientSecret}", "--Landsea:Oidc:RequireHttpsMetadata=false",
            "--Landsea:Oidc:DisplayName=Test provider",
        ]);
        _address = SecurityNode.Address(_node);
        _provider.RedirectUris.Add(new Uri(_address, "/signin-oidc").AbsoluteUri);
    }

    public async Task DisposeAsync()
    {
        await _node.StopAsync();
        await _node.DisposeAsync();
        await _provider.DisposeAsync();
    }

    private async Task<IPage> NewPageAsync(IBrowser browser)
    {
        IBrowserContext context = await browser.NewContextAsync(new() { BaseURL = _address.ToString() });
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }

    private async Task<HttpResponseMessage> MeWithBearerAsync(string token)
    {
        using var http = new HttpClient { BaseAddress = _address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.GetAsync("/api/me");
    }

    [SkippableFact(Timeout = 180_000)]
    public async Task Officer_SignsInWithTheProvidersButton_WithPkce_AndActsInTheOfficeOfTheClaim()
    {
        Skip.IfNot(File.Exists(Chromium), $"Chromium not found at {Chromium}: apt-get install chromium (bash .ci/run does).");
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await HeadlessChromium.LaunchAsync(playwright);
        IPage page = await NewPageAsync(browser);

        await page.GotoAsync("/login");
        await page.ClickAsync("#sign-in-oidc:text('Sign in with Test provider')");
        // Commit, not load: the click below waits for its button, and waiting for the provider page's load event timed out
        // under load (CI, 2026-12-08: 60 s with the page already there).
        await page.WaitForURLAsync(_provider.Authority + "/authorize**", new() { WaitUntil = WaitUntilState.Commit });
        await page.ClickAsync("button:text('Sign in as wang.officer')");
        await page.WaitForURLAsync(new Uri(_address, "/declarations").AbsoluteUri + "**", new() { WaitUntil = WaitUntilState.Commit });
        JsonElement me = JsonDocument.Parse(await (await page.APIRequest.GetAsync("/api/me")).TextAsync()).RootElement;

        Assert.Equal("wang.officer", me.GetProperty("user").GetString());
        Assert.Equal("Officer", me.GetProperty("role").GetString());
        Assert.Equal("CN800001", me.GetProperty("officeCode").GetString());
        Assert.Equal(1, _provider.PkceVerified);
    }

    [SkippableFact(Timeout = 180_000)]
    public async Task UserWithoutTheScopeTheRoleNeeds_IsRefused_NamingTheClaim()
    {
        Skip.IfNot(File.Exists(Chromium), $"Chromium not found at {Chromium}: apt-get install chromium (bash .ci/run does).");
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await HeadlessChromium.LaunchAsync(playwright);
        IPage page = await NewPageAsync(browser);

        await page.GotoAsync("/login");
        await page.ClickAsync("#sign-in-oidc");
        await page.ClickAsync("button:text('Sign in as no.scope')");
        // Commit, not load: the page's own sub-resources have no part in the refusal, and waiting for them has timed out under load.
        await page.WaitForURLAsync(new Uri(_address, "/login").AbsoluteUri + "?error=**", new() { WaitUntil = WaitUntilState.Commit });
        IAPIResponse me = await page.APIRequest.GetAsync("/api/me");

        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("Trader 'no.scope' has no 'trader' claim");
        Assert.Equal(401, me.Status);
    }

    [Fact]
    public async Task Bearer_TokenFromTheProvider_ActsWithItsClaims()
    {
        HttpResponseMessage officer = await MeWithBearerAsync(_provider.Mint("wang.officer", TestOpenIdProvider.ClientId, TimeSpan.FromMinutes(5)));
        HttpResponseMessage trader = await MeWithBearerAsync(_provider.Mint("chen.trader", TestOpenIdProvider.ClientId, TimeSpan.FromMinutes(5)));

        Assert.Equal(HttpStatusCode.OK, officer.StatusCode);
        JsonElement o = JsonDocument.Parse(await officer.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(("wang.officer", "Officer", "CN800001"), (o.GetProperty("user").GetString(), o.GetProperty("role").GetString(), o.GetProperty("officeCode").GetString()));
        JsonElement t = JsonDocument.Parse(await trader.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(("Trader", "91350100M000100Y43"), (t.GetProperty("role").GetString(), t.GetProperty("traderId").GetString()));
    }

    [Fact]
    public async Task Bearer_OtherAudience_Expired_StrangeKey_OrNoRole_401WithBearerChallenge()
    {
        string[] tokens =
        [
            _provider.Mint("wang.officer", "another-service", TimeSpan.FromMinutes(5)),
            _provider.Mint("wang.officer", TestOpenIdProvider.ClientId, TimeSpan.FromMinutes(-10)),
            _provider.Mint("wang.officer", TestOpenIdProvider.ClientId, TimeSpan.FromMinutes(5), TestOpenIdProvider.StrangerKey()),
            _provider.Mint("x", TestOpenIdProvider.ClientId, TimeSpan.FromMinutes(5), claims: new() { ["preferred_username"] = "x", ["role"] = "Partner" }),
            "not-a-jwt",
        ];

        foreach (string token in tokens)
        {
            HttpResponseMessage response = await MeWithBearerAsync(token);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Anonymous_401NamesBasicAndBearer()
    {
        using var http = new HttpClient { BaseAddress = _address };
        HttpResponseMessage response = await http.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(["Basic", "Bearer"], response.Headers.WwwAuthenticate.Select(h => h.Scheme));
    }
}
