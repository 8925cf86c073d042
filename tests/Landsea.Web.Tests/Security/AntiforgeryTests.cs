using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;

namespace Landsea.Web.Tests.Security;

/// <summary>Issue 16 item 4: a state-changing request that a browser's cookie authenticates needs the antiforgery token; API clients with credentials of their own do not.</summary>
public sealed class AntiforgeryTests : IAsyncLifetime
{
    private WebApplication _app = null!;

    private const string Json = """{"functionalReference":"CSRF-1","typeCode":"EXA","declarant":{"id":"91110000600037341L"},"items":[{"sequence":1,"commodityCode":"847130","amount":{"amount":10,"currency":"CNY"}}]}""";

    public async Task InitializeAsync() => _app = await SecurityNode.StartAsync("csrf");

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<string> LodgeAsync(string reference)
    {
        using HttpClient trader = SecurityNode.Basic(_app, "trader.b");
        HttpResponseMessage lodged = await trader.PostAsync("/api/declarations", new StringContent(Json.Replace("CSRF-1", reference, StringComparison.Ordinal), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, lodged.StatusCode);
        return (await lodged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mrn").GetString()!;
    }

    [Fact]
    public async Task CookieApiPost_WithoutToken_RefusedLS800_NothingLodged()
    {
        using HttpClient browser = await SecurityNode.CookieAsync(_app, "trader.b");

        HttpResponseMessage refused = await browser.PostAsync("/api/declarations", new StringContent(Json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("LS800", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        string list = await browser.GetStringAsync("/api/declarations");
        Assert.DoesNotContain("CSRF-1", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CookieApiPost_WithTokenHeader_Accepted()
    {
        using HttpClient browser = await SecurityNode.CookieAsync(_app, "trader.b");
        string token = SecurityNode.TokenOf(await browser.GetStringAsync("/declarations")); // the sign-out form carries it

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/declarations") { Content = new StringContent(Json.Replace("CSRF-1", "CSRF-2", StringComparison.Ordinal), Encoding.UTF8, "application/json") };
        request.Headers.Add("RequestVerificationToken", token);
        HttpResponseMessage lodged = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, lodged.StatusCode);
    }

    [Fact]
    public async Task BasicApiPost_WithoutToken_NotAffected()
    {
        using HttpClient client = SecurityNode.Basic(_app, "trader.b");

        HttpResponseMessage lodged = await client.PostAsync("/api/declarations", new StringContent(Json.Replace("CSRF-1", "CSRF-3", StringComparison.Ordinal), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, lodged.StatusCode);
    }

    [Fact]
    public async Task PageForm_WithoutToken_Refused_WithToken_Applied()
    {
        string mrn = await LodgeAsync("CSRF-FORM");
        using HttpClient officer = await SecurityNode.CookieAsync(_app, "officer.cq");
        string page = await officer.GetStringAsync($"/declarations/{mrn}");

        HttpResponseMessage forged = await officer.PostAsync($"/declarations/{mrn}/events", new FormUrlEncodedContent(new Dictionary<string, string> { ["event"] = "Released" }));
        string afterForged = await officer.GetStringAsync($"/api/declarations/{mrn}");
        HttpResponseMessage real = await officer.PostAsync($"/declarations/{mrn}/events", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["event"] = "Released", ["__RequestVerificationToken"] = SecurityNode.TokenOf(page),
        }));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("LS800", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("\"Released\"", afterForged, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, real.StatusCode);
        Assert.Contains("\"Released\"", await officer.GetStringAsync($"/api/declarations/{mrn}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryPostForm_CarriesTheToken()
    {
        string mrn = await LodgeAsync("CSRF-PAGES");
        using HttpClient officer = await SecurityNode.CookieAsync(_app, "officer.cq");
        using HttpClient anonymous = SecurityNode.Anonymous(_app);
        string[] pages = [await anonymous.GetStringAsync("/login"), await officer.GetStringAsync("/declarations"), await officer.GetStringAsync($"/declarations/{mrn}"),
            await officer.GetStringAsync("/risk/rules"), await officer.GetStringAsync("/exchange")];

        int forms = 0;
        foreach (string page in pages)
        {
            foreach (System.Text.RegularExpressions.Match form in System.Text.RegularExpressions.Regex.Matches(page, "<form\\b[^>]*method=\"post\"[^>]*>(<input type=\"hidden\" name=\"__RequestVerificationToken\")?"))
            {
                forms++;
                Assert.True(form.Groups[1].Success, $"a post form without the token: {form.Value}");
            }
        }

        Assert.True(forms >= 5, $"only {forms} post forms seen");
    }

    [Fact]
    public async Task LoginForm_WithoutToken_Refused()
    {
        using HttpClient anonymous = SecurityNode.Anonymous(_app);

        HttpResponseMessage forged = await anonymous.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "officer.cq", ["password"] = "landsea-dev" }));
        string token = SecurityNode.TokenOf(await anonymous.GetStringAsync("/login"));
        HttpResponseMessage real = await anonymous.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "officer.cq", ["password"] = "landsea-dev", ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, real.StatusCode);
    }
}
