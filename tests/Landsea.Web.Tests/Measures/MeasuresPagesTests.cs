using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace Landsea.Web.Tests.Measures;

/// <summary>
/// Issue 14 part A items 1-3 in headless Chromium: a trader subscribes; an officer enters a notification (a refused form
/// stores nothing); the register shows the node's exports it concerns; the trader's page and feeds (Atom, JSON) carry
/// the alert with the days left to comment; the officer's feed lists it for the office's traffic.
/// </summary>
public class MeasuresPagesTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static string Chromium => Environment.GetEnvironmentVariable("LANDSEA_TEST_CHROMIUM") ?? "/usr/bin/chromium";

    private const string Trader = "91110000600037341L";

    private static string Export(string reference, string destination, string hs, decimal amount) => $$"""
        {"functionalReference": "{{reference}}", "typeCode": "EXA", "functionCode": "9",
         "declarant": {"id": "{{Trader}}", "name": "Beijing Machinery Export Co."}, "exporter": {"id": "{{Trader}}", "country": "CN"},
         "exportCountry": "CN", "destinationCountry": "{{destination}}", "transportMode": "2",
         "invoice": {"amount": {{amount}}, "currency": "CNY"},
         "items": [{"sequence": 1, "commodityCode": "{{hs}}", "description": "Fresh durian", "originCountry": "CN",
                    "amount": {"amount": {{amount}}, "currency": "CNY"}, "grossMassKg": 10, "netMassKg": 9}]}
        """;

    [SkippableFact(Timeout = 240_000)]
    public async Task Subscribe_EnterNotification_RegisterShowsTraffic_AlertOnPageAndFeeds()
    {
        Skip.IfNot(File.Exists(Chromium), $"Chromium not found at {Chromium}: apt-get install chromium (bash .ci/run does).");
        foreach ((string reference, string dest) in new[] { ("MEAS-1", "TH"), ("MEAS-2", "VN") })
        {
            HttpResponseMessage r = await node.Client("trader.b").PostAsync("/api/declarations", new StringContent(Export(reference, dest, "08106000", 1000m), Encoding.UTF8, "application/json"));
            Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
        }

        DateOnly today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime); // the Chongqing node's day
        string deadline = today.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await HeadlessChromium.LaunchAsync(playwright);

        // The trader subscribes to heading 0810 in Thailand; a bad code is refused on the page.
        IBrowserContext traderContext = await browser.NewContextAsync(new() { BaseURL = node.BaseAddress.ToString() });
        traderContext.SetDefaultTimeout(60_000);
        IPage trader = await traderContext.NewPageAsync();
        await trader.GotoAsync("/dev/login/trader.b?returnUrl=/measures/alerts");
        await trader.FillAsync("#sub-hs", "0810.6");
        await trader.FillAsync("#sub-countries", "TH");
        await trader.ClickAsync("#subscribe-button");
        Assert.Contains("LS772", await trader.InnerTextAsync("#subscribe-error"), StringComparison.Ordinal);
        await trader.FillAsync("#sub-hs", "0810");
        await trader.ClickAsync("#subscribe-button");
        await trader.WaitForSelectorAsync("#subscriptions");
        Assert.Contains("0810", await trader.InnerTextAsync("#subscriptions"), StringComparison.Ordinal);

        // The officer enters a notification: first with a member that contradicts the symbol (refused, nothing stored), then right.
        IBrowserContext officerContext = await browser.NewContextAsync(new() { BaseURL = node.BaseAddress.ToString() });
        officerContext.SetDefaultTimeout(60_000);
        IPage officer = await officerContext.NewPageAsync();
        await officer.GotoAsync("/dev/login/officer.cq?returnUrl=/measures/new");
        foreach ((string field, string value) in new[]
        {
            ("symbol", "G/TBT/N/THA/999"), ("area", "TBT"), ("type", "regular"), ("member", "VN"), ("distributed", today.AddDays(-5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("commentDeadline", deadline), ("title", "Draft standard for fresh durian"), ("products", "Fresh durian"), ("hs", "0810.60"), ("ics", "67.080.10"),
        })
        {
            await officer.FillAsync($"#f-{field}", value);
        }

        IResponse refused = await officer.RunAndWaitForResponseAsync(() => officer.ClickAsync("#save"),
            r => r.Url.EndsWith("/measures/new", StringComparison.Ordinal) && r.Request.Method == "POST");
        Assert.Equal(422, refused.Status);
        await officer.WaitForSelectorAsync("#errors");
        Assert.Contains("member", await officer.InnerTextAsync("#errors"), StringComparison.Ordinal);
        Assert.Contains("LS762", await officer.InnerTextAsync("#errors"), StringComparison.Ordinal);
        Assert.Equal("G/TBT/N/THA/999", await officer.InputValueAsync("#f-symbol")); // the form keeps what was typed
        await officer.FillAsync("#f-member", "TH");
        await officer.ClickAsync("#save");
        await officer.WaitForURLAsync("**/measures?symbol=**");

        // The register shows the node's export to TH under 0810.60 (not the one to VN), its value and trader.
        ILocator row = officer.Locator("#register tr", new() { HasText = "G/TBT/N/THA/999" });
        Assert.Equal("1", (await row.Locator("td.items").InnerTextAsync()).Trim());
        Assert.Equal("1,000.00", (await row.Locator("td.value").InnerTextAsync()).Trim());
        Assert.Contains(Trader, await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("30 day(s) left", await row.InnerTextAsync(), StringComparison.Ordinal);
        await officer.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "landsea-measures.png"), FullPage = true });

        // The trader's page carries the alert with the days left.
        await trader.GotoAsync("/measures/alerts");
        ILocator alert = trader.Locator("#alerts tr", new() { HasText = "G/TBT/N/THA/999" });
        Assert.Contains("30 day(s) left", await alert.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("new", await alert.InnerTextAsync(), StringComparison.Ordinal);

        // The feeds: Atom by Accept and by suffix, JSON Feed with the days left; the officer's feed from the office's traffic.
        HttpClient traderApi = node.Client("trader.b");
        using var atomRequest = new HttpRequestMessage(HttpMethod.Get, "/api/measures/alerts");
        atomRequest.Headers.Accept.ParseAdd("application/atom+xml");
        HttpResponseMessage atom = await traderApi.SendAsync(atomRequest);
        Assert.Equal("application/atom+xml", atom.Content.Headers.ContentType!.MediaType);
        string atomText = await atom.Content.ReadAsStringAsync();
        Assert.Contains("G/TBT/N/THA/999 (new)", atomText, StringComparison.Ordinal);
        Assert.Contains("30 day(s) left to comment", atomText, StringComparison.Ordinal);
        JsonElement feed = await traderApi.GetFromJsonAsync<JsonElement>("/api/measures/alerts.json");
        JsonElement item = feed.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("_landsea").GetProperty("symbol").GetString() == "G/TBT/N/THA/999");
        Assert.Equal(30, item.GetProperty("_landsea").GetProperty("daysToComment").GetInt32());
        JsonElement officerFeed = await node.Client("officer.cq").GetFromJsonAsync<JsonElement>("/api/measures/alerts.json");
        Assert.Contains(officerFeed.GetProperty("items").EnumerateArray(), i => i.GetProperty("_landsea").GetProperty("symbol").GetString() == "G/TBT/N/THA/999");
        Assert.Equal(HttpStatusCode.Forbidden, (await node.Client("admin").GetAsync("/api/measures/alerts.json")).StatusCode);
    }

    [Fact]
    public async Task Api_EntryByForm_MatchFindsIt_BadQuestion400_TradersSeeNoTraffic()
    {
        using var officer = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = node.BaseAddress };
        officer.DefaultRequestHeaders.Authorization = node.Client("officer.cq").DefaultRequestHeaders.Authorization;
        HttpResponseMessage stored = await officer.PostAsync("/measures/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["symbol"] = "G/SPS/N/VNM/77", ["area"] = "SPS", ["type"] = "emergency", ["member"] = "VN", ["distributed"] = "2026-11-01",
            ["title"] = "Fruit fly measures", ["hs"] = "08",
        }));
        Assert.Equal(HttpStatusCode.Redirect, stored.StatusCode);

        JsonElement match = await node.Client("officer.cq").GetFromJsonAsync<JsonElement>("/api/measures/match?hs=0810.60&country=VN");
        JsonElement entry = match.GetProperty("measures").EnumerateArray().Single(m => m.GetProperty("measure").GetProperty("symbol").GetString() == "G/SPS/N/VNM/77");
        Assert.Equal("emergency", entry.GetProperty("measure").GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Object, entry.GetProperty("traffic").ValueKind); // officers see the traffic
        HttpResponseMessage bad = await node.Client("officer.cq").GetAsync("/api/measures/match?hs=0810&country=Thailand");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("LS771", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        JsonElement list = await node.Client("trader.b").GetFromJsonAsync<JsonElement>("/api/measures");
        Assert.NotEmpty(list.GetProperty("measures").EnumerateArray());
        Assert.All(list.GetProperty("measures").EnumerateArray(), m => Assert.False(m.TryGetProperty("traffic", out _)));
        Assert.Equal(HttpStatusCode.Forbidden, (await node.Client("trader.b").GetAsync("/measures/new")).StatusCode);
    }
}
