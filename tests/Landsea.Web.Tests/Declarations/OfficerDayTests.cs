using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Landsea.Web.Tests.Declarations;

/// <summary>A node whose clock is 2026-12-01 22:34 UTC: 2026-12-02 06:34 at a UTC+8 office.</summary>
public sealed class LateEveningNodeFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 22, 34, 0, TimeSpan.Zero));

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        string db = Path.Combine(Path.GetTempPath(), "landsea-tests", $"web-day-{Guid.NewGuid():N}.db");
        _app = await NodeHost.BuildAsync(new NodeOptions { Database = db, Development = true }, ["--urls", "http://127.0.0.1:0"],
            b => b.Services.AddSingleton<TimeProvider>(Clock));
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    public HttpClient Client(string? user = null)
    {
        var http = new HttpClient { BaseAddress = BaseAddress };
        if (user is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:landsea-dev")));
        }

        return http;
    }
}

/// <summary>Issue 15, defects 2, 4 and 5: local days in filters and labels, 403 denials and role menus, query parameters that are checked.</summary>
public class OfficerDayTests(LateEveningNodeFixture node) : IClassFixture<LateEveningNodeFixture>
{
    private static async Task<JsonElement> Read(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task<string> LodgeAsync(string reference)
    {
        string json = $$"""
            {"functionalReference": "{{reference}}", "typeCode": "IMA", "functionCode": "9", "issuedAt": "2026-12-01T08:00:00Z",
             "declarant": {"id": "91350100M000100Y43", "name": "Chongqing Yangtze Trading Co."},
             "importer": {"id": "91350100M000100Y43", "name": "Importer", "country": "CN"}, "exporter": {"name": "Seller", "country": "VN"},
             "officeCode": "CN800001", "exportCountry": "VN", "destinationCountry": "CN", "transportMode": "3",
             "invoice": {"amount": 800, "currency": "CNY"},
             "items": [{"sequence": 1, "commodityCode": "847130", "description": "Laptops", "originCountry": "VN",
                        "amount": {"amount": 800, "currency": "CNY"}, "grossMassKg": 12, "netMassKg": 10}]}
            """;
        HttpResponseMessage response = await node.Client("officer.cq").PostAsync("/api/declarations", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Read(response)).GetProperty("mrn").GetString()!;
    }

    private static IEnumerable<string> Mrns(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("mrn").GetString()!);

    [Fact]
    public async Task DateFilter_IsTheOfficesLocalDay_AndPagesSaySo()
    {
        string mrn = await LodgeAsync("DAY-LATE-1");
        HttpClient officer = node.Client("officer.cq");
        DateTimeOffset lodged = (await Read(await officer.GetAsync($"/api/declarations/{mrn}"))).GetProperty("summary").GetProperty("lodgedAt").GetDateTimeOffset();
        Assert.Equal(new DateOnly(2026, 12, 1), DateOnly.FromDateTime(lodged.UtcDateTime)); // the UTC day before the office's day
        string local = lodged.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm +08:00", System.Globalization.CultureInfo.InvariantCulture);

        JsonElement localDay = await Read(await officer.GetAsync("/api/declarations?from=2026-12-02&to=2026-12-02&pageSize=200"));
        JsonElement utcDay = await Read(await officer.GetAsync("/api/declarations?from=2026-12-01&to=2026-12-01&pageSize=200"));
        string list = await officer.GetStringAsync("/declarations?from=2026-12-02&to=2026-12-02");
        string page = await officer.GetStringAsync($"/declarations/{mrn}");

        Assert.Contains(mrn, Mrns(localDay));
        Assert.DoesNotContain(mrn, Mrns(utcDay));
        Assert.Contains(mrn, list, StringComparison.Ordinal);
        Assert.StartsWith("2026-12-02 06:", local, StringComparison.Ordinal);
        Assert.Contains(local, list, StringComparison.Ordinal);
        Assert.Contains("Lodged from (office's local day)", list, StringComparison.Ordinal);
        Assert.Contains(local, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdatedSince_ReturnsOnlyDeclarationsChangedSince()
    {
        string before = await LodgeAsync("DAY-SINCE-1");
        node.Clock.Advance(TimeSpan.FromMinutes(10));
        string after = await LodgeAsync("DAY-SINCE-2");

        JsonElement changed = await Read(await node.Client("officer.cq").GetAsync("/api/declarations?updatedSince=2026-12-01T22:40:00Z&pageSize=200"));

        Assert.Contains(after, Mrns(changed));
        Assert.DoesNotContain(before, Mrns(changed));
    }

    [Theory]
    [InlineData("status=Foo", "status")]
    [InlineData("status=7", "status")]
    [InlineData("from=02/12/2026", "from")]
    [InlineData("updatedSince=yesterday", "updatedSince")]
    [InlineData("pageSize=500", "pageSize")]
    [InlineData("page=0", "page")]
    public async Task List_QueryValueNotUnderstood_400NamingTheParameter(string query, string parameter)
    {
        HttpResponseMessage response = await node.Client("officer.cq").GetAsync("/api/declarations?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonElement errors = (await Read(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty(parameter, out JsonElement reason), await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrWhiteSpace(reason[0].GetString()));
    }

    [Fact]
    public async Task Api_Anonymous_401WithWwwAuthenticate()
    {
        HttpResponseMessage response = await node.Client().GetAsync("/api/declarations");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
    }

    [Theory]
    [InlineData("/exchange")]
    [InlineData("/exchange/partners")]
    [InlineData("/exchange/partner-goods")]
    [InlineData("/risk/rules")]
    public async Task Page_TraderDenied_Is403(string path)
    {
        HttpResponseMessage response = await node.Client("trader.a").GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("id=\"denied\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Menu_FollowsTheRole()
    {
        string trader = await node.Client("trader.a").GetStringAsync("/declarations");
        string officer = await node.Client("officer.cq").GetStringAsync("/declarations");

        Assert.DoesNotContain("href=\"/risk/rules\"", trader, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/exchange\"", trader, StringComparison.Ordinal);
        Assert.Contains("href=\"/declarations\"", trader, StringComparison.Ordinal);
        Assert.Contains("href=\"/risk/rules\"", officer, StringComparison.Ordinal);
        Assert.Contains("href=\"/exchange\"", officer, StringComparison.Ordinal);
    }
}
