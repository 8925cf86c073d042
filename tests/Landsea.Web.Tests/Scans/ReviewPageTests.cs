using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Landsea.Scans;
using Microsoft.Playwright;

namespace Landsea.Web.Tests.Scans;

/// <summary>Issue 12 items 1 and 3: a scan lodged over the API, reviewed in the canvas viewer in Chromium, a region annotated with the verdict.</summary>
public class ReviewPageTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static string Chromium => Environment.GetEnvironmentVariable("LANDSEA_TEST_CHROMIUM") ?? "/usr/bin/chromium";

    private const string Trader = "91110000600037341L";

    /// <summary>A T-shirt declaration for the container, lodged by trader.b; a simulated scan of it with steel hidden inside, lodged by officer.cq.</summary>
    private async Task<string> LodgeScanAsync(long index, int width = 400, int height = 200)
    {
        SimulatedScan s = ScanSimulator.Simulate(21, index, ScanScenario.UndeclaredDense, width, height, "610910");
        string container = s.Declaration.ContainerNumber;
        string mass = s.Declaration.Goods[0].GrossMassKg.ToString(CultureInfo.InvariantCulture);
        string declaration = $$"""
            {"functionalReference": "SCAN-{{index}}", "typeCode": "EXA", "functionCode": "9",
             "declarant": {"id": "{{Trader}}", "name": "Beijing Machinery Export Co."}, "exporter": {"id": "{{Trader}}", "country": "CN"},
             "exportCountry": "CN", "destinationCountry": "VN", "transportMode": "3", "containers": ["{{container}}"],
             "invoice": {"amount": 5000, "currency": "CNY"},
             "items": [{"sequence": 1, "commodityCode": "610910", "description": "T-shirts of cotton", "originCountry": "CN",
                        "amount": {"amount": 5000, "currency": "CNY"}, "grossMassKg": {{mass}}, "netMassKg": {{mass}}}]}
            """;
        HttpResponseMessage lodged = await node.Client("trader.b").PostAsync("/api/declarations", new StringContent(declaration, Encoding.UTF8, "application/json"));
        string answer = await lodged.Content.ReadAsStringAsync();
        Assert.True(lodged.IsSuccessStatusCode, answer);
        string mrn = JsonDocument.Parse(answer).RootElement.GetProperty("mrn").GetString()!;

        ScanMetadata meta = ScanMetadata.ForSimulated(s, index, "scan") with { Mrn = mrn };
        var body = new { metadata = meta, low = Convert.ToBase64String(ScanPng.Encode(s.Image.Low, width, height)), high = Convert.ToBase64String(ScanPng.Encode(s.Image.High, width, height)) };
        Assert.Equal(HttpStatusCode.Forbidden, (await node.Client("trader.b").PostAsJsonAsync("/api/scans", body, ScanMetadata.Json)).StatusCode);
        HttpResponseMessage scan = await node.Client("officer.cq").PostAsJsonAsync("/api/scans", body, ScanMetadata.Json);
        string scanAnswer = await scan.Content.ReadAsStringAsync();
        Assert.True(scan.StatusCode == HttpStatusCode.Created, scanAnswer);
        return JsonDocument.Parse(scanAnswer).RootElement.GetProperty("scanId").GetString()!;
    }

    [Fact]
    public async Task Api_UnknownMrn_422_LS946_AndAVerdictFromATrader_Refused()
    {
        string id = await LodgeScanAsync(3);
        SimulatedScan other = ScanSimulator.Simulate(21, 4, 128, 64);
        var body = new { metadata = ScanMetadata.ForSimulated(other, 4, "x"), low = Convert.ToBase64String(ScanPng.Encode(other.Image.Low, 128, 64)), high = Convert.ToBase64String(ScanPng.Encode(other.Image.High, 128, 64)) };

        HttpResponseMessage refused = await node.Client("officer.cq").PostAsJsonAsync("/api/scans", body, ScanMetadata.Json);
        HttpResponseMessage traderVerdict = await node.Client("trader.b").PostAsync($"/scans/{id}/verdict",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["verdict"] = "clear", ["reason"] = "looks fine", ["regions"] = "[]" }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("LS946", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, traderVerdict.StatusCode);
        Assert.Contains("No verdict yet", await node.Client("officer.cq").GetStringAsync($"/scans/{id}"), StringComparison.Ordinal);
    }

    [SkippableFact(Timeout = 180_000)]
    public async Task Page_ViewerDrawsTheScan_ChecksExplainThemselves_AnnotatedRegionSavedWithTheVerdict()
    {
        Skip.IfNot(File.Exists(Chromium), $"Chromium not found at {Chromium}: apt-get install chromium (bash .ci/run does).");
        string id = await LodgeScanAsync(11);

        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await HeadlessChromium.LaunchAsync(playwright);
        IBrowserContext context = await browser.NewContextAsync(new() { BaseURL = node.BaseAddress.ToString() });
        context.SetDefaultTimeout(90_000); // the first page of a size simulates its reference scans
        IPage page = await context.NewPageAsync();
        await page.GotoAsync($"/dev/login/officer.cq?returnUrl=/scans/{id}");
        await page.WaitForSelectorAsync("#scan-canvas[data-ready=true]");

        Assert.Contains("6109.10", await page.InnerTextAsync("#goods"), StringComparison.Ordinal);
        string anomaly = await page.InnerTextAsync("#findings li[data-check=anomaly]");
        Assert.Contains("ALARM", anomaly, StringComparison.Ordinal);
        Assert.Contains("behind the front wall", anomaly, StringComparison.Ordinal);
        Assert.Contains("reference scans vary", await page.InnerTextAsync("#typical"), StringComparison.Ordinal);

        // No WCAG 2.1 A/AA violation under axe-core (tools/browser-checks), as every other page.
        string axe = Landsea.Tests.Repository.Path("tools", "browser-checks", "node_modules", "axe-core", "axe.min.js");
        if (File.Exists(axe))
        {
            IPage checkPage = await (await browser.NewContextAsync(new() { BaseURL = node.BaseAddress.ToString(), BypassCSP = true })).NewPageAsync();
            await checkPage.GotoAsync($"/dev/login/officer.cq?returnUrl=/scans/{id}");
            await checkPage.WaitForSelectorAsync("#scan-canvas[data-ready=true]");
            await checkPage.AddScriptTagAsync(new() { Content = await File.ReadAllTextAsync(axe) });
            string violations = await checkPage.EvaluateAsync<string>("async () => JSON.stringify((await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations.map(v => v.id + ' ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')))");
            Assert.Equal("[]", violations);
        }

        // The canvas is not blank: the container is drawn.
        bool drawn = await page.EvaluateAsync<bool>("() => { const c = document.getElementById('scan-canvas'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let dark = 0; for (let i = 0; i < d.length; i += 4) { if (d[i] < 200) dark++; } return dark > 1000; }");
        Assert.True(drawn);
        await page.SelectOptionAsync("#mode", "material");
        await page.ClickAsync("#zoom-in");
        await page.ClickAsync("#zoom-fit");

        await page.ClickAsync("#tool-annotate");
        LocatorBoundingBoxResult box = (await page.Locator("#scan-canvas").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width * 0.30f, box.Y + box.Height * 0.40f);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + box.Width * 0.40f, box.Y + box.Height * 0.55f, new() { Steps = 5 });
        await page.Mouse.UpAsync();
        Assert.Equal(1, await page.Locator("#annotations tr.annotation").CountAsync());
        await page.FillAsync("#annotations tr.annotation input", "dense block behind the cartons");
        string regions = await page.InputValueAsync("#regions");
        JsonElement region = JsonDocument.Parse(regions).RootElement[0];
        Assert.InRange(region.GetProperty("x").GetInt32(), 100, 140);
        Assert.InRange(region.GetProperty("width").GetInt32(), 30, 50);

        await page.CheckAsync("#verdict-inspect");
        await page.FillAsync("#reason", "Dense region the declaration does not explain");
        await page.ClickAsync("#submit-verdict");
        await page.WaitForSelectorAsync("#verdicts");
        string verdicts = await page.InnerTextAsync("#verdicts");
        Assert.Contains("inspect", verdicts, StringComparison.Ordinal);
        Assert.Contains("officer.cq", verdicts, StringComparison.Ordinal);
        Assert.Contains("\t1", verdicts, StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "landsea-scan-review.png"), FullPage = true });
    }
}
