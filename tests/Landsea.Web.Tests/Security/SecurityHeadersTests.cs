using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Landsea.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Landsea.Web.Tests.Security;

/// <summary>Issue 16 item 4: security headers on every answer, pages without inline script, HSTS and Secure cookies only over TLS.</summary>
public sealed partial class SecurityHeadersTests : IAsyncLifetime
{
    private WebApplication _app = null!;

    public async Task InitializeAsync() => _app = await SecurityNode.StartAsync("headers");

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static void AssertHeaders(HttpResponseMessage r)
    {
        string csp = string.Join(";", r.Headers.GetValues("Content-Security-Policy"));
        string scriptSrc = csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src ", StringComparison.Ordinal));
        Assert.DoesNotContain("'unsafe-inline'", scriptSrc, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-eval'", scriptSrc, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(r.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(r.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("same-origin", Assert.Single(r.Headers.GetValues("Referrer-Policy")));
    }

    [Theory]
    [InlineData("/login", null)]
    [InlineData("/declarations", "officer.cq")]
    [InlineData("/api/declarations", "officer.cq")]
    [InlineData("/api/declarations/NOSUCH", "officer.cq")]
    [InlineData("/api/me", null)]
    [InlineData("/health", null)]
    [InlineData("/openapi/v1.json", null)]
    public async Task EveryAnswer_CarriesTheSecurityHeaders_NoHstsOverPlainHttp(string path, string? user)
    {
        using HttpClient http = user is null ? SecurityNode.Anonymous(_app) : SecurityNode.Basic(_app, user);

        HttpResponseMessage r = await http.GetAsync(path);

        AssertHeaders(r);
        Assert.False(r.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Pages_HaveNoInlineScriptOrEventHandlers()
    {
        using HttpClient trader = SecurityNode.Basic(_app, "trader.b");
        HttpResponseMessage lodged = await trader.PostAsync("/api/declarations", new StringContent(
            """{"functionalReference":"CSP-1","typeCode":"EXA","declarant":{"id":"91110000600037341L"},"items":[{"sequence":1,"commodityCode":"847130","amount":{"amount":10,"currency":"CNY"}}]}""",
            Encoding.UTF8, "application/json"));
        string mrn = (await lodged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mrn").GetString()!;
        using HttpClient officer = SecurityNode.Basic(_app, "officer.cq");
        using HttpClient admin = SecurityNode.Basic(_app, "admin");
        string[] pages = [await SecurityNode.Anonymous(_app).GetStringAsync("/login"), await officer.GetStringAsync("/declarations"), await officer.GetStringAsync($"/declarations/{mrn}"),
            await officer.GetStringAsync("/risk/rules"), await officer.GetStringAsync("/transit"), await officer.GetStringAsync("/exchange"),
            await admin.GetStringAsync("/exchange/partners"), await admin.GetStringAsync("/exchange/partner-goods")];

        foreach (string page in pages)
        {
            Assert.Contains("<form", page, StringComparison.Ordinal); // a real page, not an error answer
            Assert.DoesNotMatch(InlineScript(), page);
            Assert.DoesNotMatch(EventHandler(), page);
            Assert.DoesNotContain("javascript:", page, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task SignInCookie_HttpOnlySameSite_NotSecureOverPlainHttp()
    {
        using HttpClient browser = SecurityNode.Anonymous(_app);

        HttpResponseMessage login = await browser.GetAsync("/dev/login/officer.cq");

        string cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("landsea=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task OverTls_HstsSent_CookiesSecure()
    {
        using X509Certificate2 certificate = SelfSigned();
        string db = SecurityNode.NewDatabase("tls");
        await using WebApplication app = await NodeHost.BuildAsync(new NodeOptions { Database = db, Development = true }, [],
            b => b.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate))));
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient(new HttpClientHandler
        {
            AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
        }) { BaseAddress = new Uri(address) };

        HttpResponseMessage login = await http.GetAsync("/dev/login/officer.cq");
        HttpResponseMessage page = await http.GetAsync("/login");

        Assert.StartsWith("https://", address, StringComparison.Ordinal);
        AssertHeaders(page);
        Assert.Equal("max-age=31536000; includeSubDomains", Assert.Single(page.Headers.GetValues("Strict-Transport-Security")));
        string signIn = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("landsea=", StringComparison.Ordinal));
        Assert.Contains("secure", signIn, StringComparison.OrdinalIgnoreCase);
        string antiforgery = Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith("landsea-af=", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", antiforgery, StringComparison.OrdinalIgnoreCase);
        await app.StopAsync();
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using X509Certificate2 made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pfx), null);
    }

    /// <summary>A script element without a src attribute (an inline script).</summary>
    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    /// <summary>An inline event handler attribute such as onclick= or onsubmit=.</summary>
    [GeneratedRegex("<[^>]+\\son[a-z]+\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandler();
}
