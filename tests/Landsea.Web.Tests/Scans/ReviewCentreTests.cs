using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Landsea.Scans;
using Landsea.Web.Features.Scans;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace Landsea.Web.Tests.Scans;

/// <summary>A node on a fake clock whose review job does not run on its own: the tests run its rounds.</summary>
public sealed class ReviewCentreNode : IAsyncLifetime
{
    private WebApplication? _app;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        string db = Path.Combine(Path.GetTempPath(), "landsea-tests", $"web-review-{Guid.NewGuid():N}.db");
        _app = await NodeHost.BuildAsync(new NodeOptions { Database = db, Development = true }, ["--urls", "http://127.0.0.1:0", "--Scans:Review:Every=00:00:00"],
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

    public HttpClient Client(string user)
    {
        var http = new HttpClient { BaseAddress = BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:landsea-dev")));
        return http;
    }
}

/// <summary>
/// Issue 12 item 2 over HTTP: scans queued as lodged, reviewers registered with skills, the job assigning them, an alert
/// when a scan waits too long, a first verdict that disagrees with the machine sent to a second reviewer whose verdict
/// decides, refusals (trader, the first reviewer again), the record of every action, and the queue page under axe-core.
/// </summary>
public class ReviewCentreTests(ReviewCentreNode node) : IClassFixture<ReviewCentreNode>
{
    private static string Chromium => Environment.GetEnvironmentVariable("LANDSEA_TEST_CHROMIUM") ?? "/usr/bin/chromium";

    private const string Trader = "91110000600037341L";

    private async Task<string> LodgeScanAsync(long index)
    {
        SimulatedScan s = ScanSimulator.Simulate(21, index, ScanScenario.UndeclaredDense, 400, 200, "610910");
        string mass = s.Declaration.Goods[0].GrossMassKg.ToString(CultureInfo.InvariantCulture);
        string declaration = $$"""
            {"functionalReference": "REVIEW-{{index}}", "typeCode": "EXA", "functionCode": "9",
             "declarant": {"id": "{{Trader}}", "name": "Beijing Machinery Export Co."}, "exporter": {"id": "{{Trader}}", "country": "CN"},
             "exportCountry": "CN", "destinationCountry": "VN", "transportMode": "3", "containers": ["{{s.Declaration.ContainerNumber}}"],
             "invoice": {"amount": 5000, "currency": "CNY"},
             "items": [{"sequence": 1, "commodityCode": "610910", "description": "T-shirts of cotton", "originCountry": "CN",
                        "amount": {"amount": 5000, "currency": "CNY"}, "grossMassKg": {{mass}}, "netMassKg": {{mass}}}]}
            """;
        HttpResponseMessage lodged = await node.Client("trader.b").PostAsync("/api/declarations", new StringContent(declaration, Encoding.UTF8, "application/json"));
        string answer = await lodged.Content.ReadAsStringAsync();
        Assert.True(lodged.IsSuccessStatusCode, answer);
        ScanMetadata meta = ScanMetadata.ForSimulated(s, index, "scan") with { Mrn = JsonDocument.Parse(answer).RootElement.GetProperty("mrn").GetString()! };
        var body = new { metadata = meta, low = Convert.ToBase64String(ScanPng.Encode(s.Image.Low, 400, 200)), high = Convert.ToBase64String(ScanPng.Encode(s.Image.High, 400, 200)) };
        HttpResponseMessage scan = await node.Client("officer.px").PostAsJsonAsync("/api/scans", body, ScanMetadata.Json);
        string scanAnswer = await scan.Content.ReadAsStringAsync();
        Assert.True(scan.StatusCode == HttpStatusCode.Created, scanAnswer);
        return JsonDocument.Parse(scanAnswer).RootElement.GetProperty("scanId").GetString()!;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [SkippableFact(Timeout = 240_000)]
    public async Task Queue_Assignment_Alert_SecondReview_Recorded_PageAccessible()
    {
        string id = await LodgeScanAsync(11);
        ReviewJob job = node.Services.GetRequiredService<ReviewJob>();
        HttpClient cq = node.Client("officer.cq"), qz = node.Client("officer.qz");

        // Nobody registered: the scan waits; after 30 minutes the timer raises one alert, and only one.
        JsonElement queued = (await cq.GetFromJsonAsync<JsonElement>("/api/scans/queue")).EnumerateArray().Single(e => e.GetProperty("scanId").GetString() == id);
        Assert.Equal("queued", queued.GetProperty("stage").GetString());
        Assert.Equal("61", Assert.Single(queued.GetProperty("chapters").EnumerateArray()).GetString());
        node.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(ReviewCentre.AlertUnassigned, Assert.Single((await job.RunOnceAsync()).Alerts).Kind);
        Assert.Empty((await job.RunOnceAsync()).Alerts);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await cq.PutAsync("/api/scan-reviewers/officer.cq", Json("""{"skills": "6109"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await node.Client("trader.b").PutAsync("/api/scan-reviewers/trader.b", Json("""{"skills": "*"}"""))).StatusCode);
        Assert.True((await cq.PutAsync("/api/scan-reviewers/officer.cq", Json("""{"skills": ["61", "62"]}"""))).IsSuccessStatusCode);
        Assert.True((await cq.PutAsync("/api/scan-reviewers/officer.qz", Json("""{"skills": "*", "office": "CN800001"}"""))).IsSuccessStatusCode);
        Assert.Equal((id, "officer.cq"), Assert.Single((await job.RunOnceAsync()).Assigned));

        // A verdict from a trader is refused; the first reviewer's "clear" disagrees with the anomaly alarm: second review.
        HttpResponseMessage trader = await node.Client("trader.b").PostAsync($"/api/scans/{id}/verdicts", Json("""{"verdict": "clear", "reason": "fine"}"""));
        Assert.Equal(HttpStatusCode.Forbidden, trader.StatusCode);
        HttpResponseMessage first = await cq.PostAsync($"/api/scans/{id}/verdicts", Json("""{"verdict": "clear", "reason": "T-shirts as declared", "regions": []}"""));
        JsonElement f = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        Assert.True(first.StatusCode == HttpStatusCode.Created, f.ToString());
        Assert.Equal((true, false, "officer.qz", "second-assigned"), (f.GetProperty("machineAlarm").GetBoolean(), f.GetProperty("decided").GetBoolean(),
            f.GetProperty("secondReviewer").GetString(), f.GetProperty("stage").GetString()));

        HttpResponseMessage again = await cq.PostAsync($"/api/scans/{id}/verdicts", Json("""{"verdict": "clear", "reason": "still fine"}"""));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains(ScanErrorCodes.SameReviewer, await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The page shows the queue with the second review and its timer, and passes axe-core.
        string list = await cq.GetStringAsync("/scans");
        Assert.Contains("second review", list, StringComparison.Ordinal);
        Assert.Contains("due in 120 min", list, StringComparison.Ordinal);
        await AxeCleanAsync("/scans", $"/scans/{id}");

        node.Clock.Advance(TimeSpan.FromMinutes(5));
        HttpResponseMessage second = await qz.PostAsync($"/api/scans/{id}/verdicts", Json("""{"verdict": "inspect", "reason": "dense block behind the cartons", "regions": [{"x": 120, "y": 60, "width": 30, "height": 20, "note": "block"}]}"""));
        JsonElement s = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement;
        Assert.True(second.StatusCode == HttpStatusCode.Created, s.ToString());
        Assert.True(s.GetProperty("decided").GetBoolean());

        JsonElement review = await cq.GetFromJsonAsync<JsonElement>($"/api/scans/{id}/review");
        Assert.Equal("decided", review.GetProperty("stage").GetString());
        Assert.Equal(["queued", "alert", "assigned", "verdict", "second-review-requested", "assigned", "verdict", "decided"],
            review.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(["officer.px", "system", "system", "officer.cq", "system", "system", "officer.qz", "officer.qz"],
            review.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("actor").GetString()));
        Assert.DoesNotContain((await cq.GetFromJsonAsync<JsonElement>("/api/scans/queue")).EnumerateArray(), e => e.GetProperty("scanId").GetString() == id);
    }

    private async Task AxeCleanAsync(params string[] paths)
    {
        string axe = Landsea.Tests.Repository.Path("tools", "browser-checks", "node_modules", "axe-core", "axe.min.js");
        if (!File.Exists(Chromium) || !File.Exists(axe))
        {
            return; // PagesAccessibilityTests skips visibly for the same reasons
        }

        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await HeadlessChromium.LaunchAsync(playwright);
        IBrowserContext context = await browser.NewContextAsync(new() { BaseURL = node.BaseAddress.ToString(), BypassCSP = true });
        context.SetDefaultTimeout(90_000);
        IPage page = await context.NewPageAsync();
        await page.GotoAsync("/dev/login/officer.cq?returnUrl=/scans");
        foreach (string path in paths)
        {
            await page.GotoAsync(path);
            await page.AddScriptTagAsync(new() { Content = await File.ReadAllTextAsync(axe) });
            string violations = await page.EvaluateAsync<string>("async () => JSON.stringify((await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations.map(v => v.id + ' ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')))");
            Assert.True(violations == "[]", $"{path}: {violations}");
        }
    }
}
