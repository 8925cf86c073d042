using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace Landsea.Web.Tests.CorridorSupervision;

/// <summary>
/// Issue 11 item 7 over HTTP and in Chromium: the priority lane flagged by an authorised trader or an officer with a
/// reason, never silently; clearance time per office and lane as JSON and as a page (table and SVG chart, axe-clean).
/// </summary>
public class PriorityLaneWebTests(CorridorNode node) : IClassFixture<CorridorNode>
{
    private static readonly string Axe = Landsea.Tests.Repository.Path("tools", "browser-checks", "node_modules", "axe-core", "axe.min.js");

    private static StringContent Json(string s) => new(s, Encoding.UTF8, "application/json");

    private static async Task<string> CodeOf(HttpResponseMessage r) => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;

    [Fact]
    public async Task Lane_FlaggedByTheAuthorisedTraderOrAnOfficer_WithAReason_EveryChangeRecorded()
    {
        DateTimeOffset departure = DateTimeOffset.UtcNow.AddHours(-1);
        string noReason = $$"""
            {"consignmentID": "LANE-0", "transportDocumentReference": "TDLANE0", "route": "ILSTC-RAIL-SEA", "departureAt": "{{departure:O}}", "priority": true,
             "equipment": [{"equipmentReference": "CSQU3054383"}]}
            """;
        HttpResponseMessage refused = await node.Client("trader.b").PostAsync("/api/corridor/consignments", Json(noReason));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("LS924", await CodeOf(refused));
        Assert.Equal(HttpStatusCode.NotFound, (await node.Client("officer.qz").GetAsync("/api/corridor/consignments/LANE-0")).StatusCode);

        // trader.a is not on Corridor:AuthorisedTraders: it declares, but an officer flags.
        string own = noReason.Replace("LANE-0", "LANE-A", StringComparison.Ordinal).Replace("TDLANE0", "TDLANEA", StringComparison.Ordinal).Replace("\"priority\": true", "\"priority\": false", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await node.Client("trader.a").PostAsync("/api/corridor/consignments", Json(own))).StatusCode);
        HttpResponseMessage notAuthorised = await node.Client("trader.a").PostAsync("/api/corridor/consignments/LANE-A/priority", Json("""{"priority": true, "reason": "urgent"}"""));
        Assert.Equal(HttpStatusCode.Forbidden, notAuthorised.StatusCode);
        Assert.Equal("LS926", await CodeOf(notAuthorised));

        await node.DeclareAsync("LANE-B", departure, priority: true);
        HttpClient officer = node.Client("officer.qz");
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.PostAsync("/api/corridor/consignments/LANE-B/priority", Json("""{"priority": false}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsync("/api/corridor/consignments/LANE-B/priority", Json("""{"priority": false, "reason": "the plant has restarted"}"""))).StatusCode);
        HttpResponseMessage again = await officer.PostAsync("/api/corridor/consignments/LANE-B/priority", Json("""{"priority": false, "reason": "again"}"""));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("LS925", await CodeOf(again));

        JsonElement state = await officer.GetFromJsonAsync<JsonElement>("/api/corridor/consignments/LANE-B/priority");
        Assert.Equal("normal", state.GetProperty("lane").GetString());
        JsonElement[] changes = [.. state.GetProperty("changes").EnumerateArray()];
        Assert.Equal([("trader.b", "authorised trader", "medical supplies", true), ("officer.qz", "officer", "the plant has restarted", false)],
            changes.Select(c => (c.GetProperty("by").GetString(), c.GetProperty("role").GetString(), c.GetProperty("reason").GetString(), c.GetProperty("priority").GetBoolean())));
        Assert.Equal("LS927", state.GetProperty("preClearance").GetProperty("reasons")[0].GetProperty("code").GetString());

        // The trader sees who changed its lane as "customs", not the officer's user name.
        JsonElement seen = await node.Client("trader.b").GetFromJsonAsync<JsonElement>("/api/corridor/consignments/LANE-B/priority");
        Assert.Equal("customs", seen.GetProperty("changes")[1].GetProperty("by").GetString());
    }

    [SkippableFact(Timeout = 180_000)]
    public async Task ClearanceTimes_PerOfficeAndLane_ApiAndPage_TableAndChart()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        await node.DeclareAsync("CLR-P", now.AddHours(-60), priority: true);
        await node.DeclareAsync("CLR-N1", now.AddHours(-60), box: "MSKU6011672");
        await node.DeclareAsync("CLR-N2", now.AddHours(-60), box: "TGHU9999995");
        HttpClient officer = node.Client("officer.qz");
        async Task Record(string id, string kind, DateTimeOffset at) =>
            Assert.Equal(HttpStatusCode.Created, (await officer.PostAsync($"/api/corridor/consignments/{id}/customs-events", Json($$"""{"kind": "{{kind}}", "officeCode": "CN720001", "at": "{{at:O}}"}"""))).StatusCode);
        await Record("CLR-P", "arrival", now.AddHours(-12));
        await Record("CLR-P", "released", now.AddHours(-11.5));
        await Record("CLR-N1", "arrival", now.AddHours(-12));
        await Record("CLR-N1", "released", now.AddHours(-6));
        await Record("CLR-N2", "arrival", now.AddHours(-12));
        await Record("CLR-N2", "released", now.AddHours(-2));

        JsonElement body = await officer.GetFromJsonAsync<JsonElement>("/api/corridor/clearance-times?office=CN720001");
        var figures = body.GetProperty("figures").EnumerateArray().ToDictionary(f => f.GetProperty("lane").GetString()!);
        Assert.Equal((1, 0.5, 0.5), (figures["priority"].GetProperty("count").GetInt32(), figures["priority"].GetProperty("p50Hours").GetDouble(), figures["priority"].GetProperty("p90Hours").GetDouble()));
        Assert.Equal((2, 6.0, 10.0), (figures["normal"].GetProperty("count").GetInt32(), Math.Round(figures["normal"].GetProperty("p50Hours").GetDouble(), 3), Math.Round(figures["normal"].GetProperty("p90Hours").GetDouble(), 3)));

        Assert.Equal(HttpStatusCode.Forbidden, (await node.Client("trader.b").GetAsync("/api/corridor/clearance-times")).StatusCode);
        HttpResponseMessage bad = await officer.GetAsync("/api/corridor/clearance-times?from=2026-13-01");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("LS933", await CodeOf(bad));

        Skip.IfNot(File.Exists(HeadlessChromium.Path), $"Chromium not found at {HeadlessChromium.Path}.");
        Skip.IfNot(File.Exists(Axe), $"axe-core not installed at {Axe} (npm ci in tools/browser-checks).");
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await HeadlessChromium.LaunchAsync(playwright);
        IBrowserContext context = await browser.NewContextAsync(new() { BaseURL = node.BaseAddress.ToString(), BypassCSP = true });
        context.SetDefaultTimeout(60_000);
        IPage page = await context.NewPageAsync();
        await page.GotoAsync("/dev/login/auditor?returnUrl=/corridor/clearance-times");
        await page.SelectOptionAsync("#office", "CN720001");
        await page.ClickAsync("#apply");
        await page.WaitForURLAsync("**office=CN720001**");

        string table = await page.InnerTextAsync("#clearance-table");
        Assert.Contains("priority\t1\t0.5\t0.5", table, StringComparison.Ordinal);
        Assert.Contains("normal\t2\t6.0\t10.0", table, StringComparison.Ordinal);
        Assert.Equal(2, await page.Locator("svg#clearance-chart g.bar").CountAsync());
        double priorityBar = double.Parse(await page.Locator("svg#clearance-chart g.bar.priority rect.p50").GetAttributeAsync("width") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        double normalBar = double.Parse(await page.Locator("svg#clearance-chart g.bar.normal rect.p50").GetAttributeAsync("width") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(priorityBar < normalBar, $"{priorityBar} < {normalBar}");

        await page.AddScriptTagAsync(new() { Content = await File.ReadAllTextAsync(Axe) });
        string violations = await page.EvaluateAsync<string>("""
            async () => JSON.stringify((await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations.map(v => v.id))
            """);
        Assert.Equal("[]", violations);

        await page.GotoAsync("/corridor/clearance-times?to=2026-02-30");
        Assert.Contains("LS933", await page.InnerTextAsync("#query-error"), StringComparison.Ordinal);
    }

    [SkippableFact(Timeout = 180_000)]
    public async Task TimelinePage_OfficerFlagsWithAReason_WithoutOneIsRefusedAndNothingChanges()
    {
        Skip.IfNot(File.Exists(HeadlessChromium.Path), $"Chromium not found at {HeadlessChromium.Path}.");
        await node.DeclareAsync("FORM-1", DateTimeOffset.UtcNow.AddHours(-1));
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await HeadlessChromium.LaunchAsync(playwright);
        IBrowserContext context = await browser.NewContextAsync(new() { BaseURL = node.BaseAddress.ToString() });
        context.SetDefaultTimeout(60_000);
        IPage page = await context.NewPageAsync();
        await page.GotoAsync("/dev/login/officer.qz?returnUrl=/corridor/consignments/FORM-1");
        Assert.Equal("normal", await page.InnerTextAsync("#lane"));

        await page.ClickAsync("#lane-submit");
        Assert.Contains("LS924", await page.InnerTextAsync("#lane-error"), StringComparison.Ordinal);
        Assert.Equal("normal", await page.InnerTextAsync("#lane"));

        await page.FillAsync("#lane-reason", "oxygen concentrators for Singapore");
        await page.ClickAsync("#lane-submit");
        await page.WaitForSelectorAsync("#lane:text('priority')");
        Assert.Contains("oxygen concentrators for Singapore", await page.InnerTextAsync("#timeline-table"), StringComparison.Ordinal);
        Assert.Contains("officer.qz", await page.InnerTextAsync("#timeline-table"), StringComparison.Ordinal);
    }
}
