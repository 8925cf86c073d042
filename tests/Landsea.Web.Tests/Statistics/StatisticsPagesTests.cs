using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace Landsea.Web.Tests.Statistics;

/// <summary>Issue 14 items 5 and 7: the trade API and the statistics page with its charts, tables and CSV, in headless Chromium.</summary>
public class StatisticsPagesTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static string Chromium => Environment.GetEnvironmentVariable("LANDSEA_TEST_CHROMIUM") ?? "/usr/bin/chromium";

    private const string Trader = "91110000600037341L";

    private static string Declaration(string reference, string destination, decimal amount) => $$"""
        {"functionalReference": "{{reference}}", "typeCode": "EXA", "functionCode": "9",
         "declarant": {"id": "{{Trader}}", "name": "Beijing Machinery Export Co."}, "exporter": {"id": "{{Trader}}", "country": "CN"},
         "exportCountry": "CN", "destinationCountry": "{{destination}}", "transportMode": "2",
         "invoice": {"amount": {{amount}}, "currency": "CNY"},
         "items": [{"sequence": 1, "commodityCode": "847130", "description": "Laptops", "originCountry": "CN",
                    "amount": {"amount": {{amount}}, "currency": "CNY"}, "grossMassKg": 10, "netMassKg": 9}]}
        """;

    /// <summary>Two exports lodged now (to SG CNY 300, to LA CNY 100); returns the year they count in (Chongqing's local year).</summary>
    private async Task<int> LodgeAsync(string prefix)
    {
        foreach ((string dest, decimal amount, int i) in new[] { ("SG", 300m, 1), ("LA", 100m, 2) })
        {
            HttpResponseMessage r = await node.Client("trader.b").PostAsync("/api/declarations", new StringContent(Declaration($"{prefix}-{i}", dest, amount), Encoding.UTF8, "application/json"));
            Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
        }

        return DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).Year;
    }

    [Fact]
    public async Task Api_ByPartner_OfficersRead_TradersForbidden_BadBreakdown400()
    {
        int year = await LodgeAsync("STATS-API");

        JsonElement report = await node.Client("officer.cq").GetFromJsonAsync<JsonElement>($"/api/statistics/trade?year={year}&by=partner");
        Assert.Equal("partner", report.GetProperty("by").GetString());
        JsonElement[] rows = [.. report.GetProperty("rows").EnumerateArray()];
        JsonElement sg = rows.Single(r => r.GetProperty("key").GetString() == "SG");
        Assert.True(sg.GetProperty("exports").GetDecimal() >= 300m);
        Assert.Equal(1, rows[0].GetProperty("rank").GetInt32());

        Assert.Equal(HttpStatusCode.Forbidden, (await node.Client("trader.b").GetAsync($"/api/statistics/trade?year={year}")).StatusCode);
        HttpResponseMessage bad = await node.Client("auditor").GetAsync($"/api/statistics/trade?year={year}&by=colour");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("LS780", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [SkippableFact(Timeout = 180_000)]
    public async Task Page_ChartsWithTables_CsvDownload_WesternRegionsRanked()
    {
        Skip.IfNot(File.Exists(Chromium), $"Chromium not found at {Chromium}: apt-get install chromium (bash .ci/run does).");
        int year = await LodgeAsync("STATS-PAGE");

        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await HeadlessChromium.LaunchAsync(playwright);
        IBrowserContext context = await browser.NewContextAsync(new() { BaseURL = node.BaseAddress.ToString(), AcceptDownloads = true });
        context.SetDefaultTimeout(60_000); // CI runs every test assembly at once on 2 cores
        IPage page = await context.NewPageAsync();
        await page.GotoAsync("/dev/login/officer.cq?returnUrl=/statistics");
        await page.FillAsync("#year", year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync("#show");
        await page.WaitForURLAsync($"**year={year}**");

        foreach (string id in new[] { "month", "partner", "chapter", "line", "mode", "region" })
        {
            Assert.True(await page.IsVisibleAsync($"svg#chart-{id}"), $"chart {id}");
            Assert.True(await page.IsVisibleAsync($"#table-{id}"), $"table {id}");
        }

        Assert.True(await page.Locator("svg#chart-partner g.bar").CountAsync() >= 2);
        string partners = await page.InnerTextAsync("#table-partner");
        Assert.Contains("Singapore", partners, StringComparison.Ordinal);
        Assert.Contains("China–Laos–Thailand rail", await page.InnerTextAsync("#table-line"), StringComparison.Ordinal);

        IDownload download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#csv-partner"));
        string csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.StartsWith("key,label,exports_CNY", csv, StringComparison.Ordinal);
        Assert.Contains("\nSG,", csv, StringComparison.Ordinal);

        // The published aggregates: Chongqing 2nd of the 12 western regions in 2022.
        await page.GotoAsync("/statistics?year=2022");
        ILocator chongqing = page.Locator("#table-region tr", new() { HasText = "Chongqing" });
        Assert.Equal("2", (await chongqing.Locator("td").First.InnerTextAsync()).Trim());
        Assert.True(await page.Locator("svg#chart-region g.bar").CountAsync() >= 6);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "landsea-statistics.png"), FullPage = true });

        IPage trader = await (await browser.NewContextAsync(new() { BaseURL = node.BaseAddress.ToString() })).NewPageAsync();
        await trader.GotoAsync("/dev/login/trader.b?returnUrl=/declarations");
        IResponse? denied = await trader.GotoAsync("/statistics");
        Assert.Equal(403, denied!.Status);
    }
}
