using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;

namespace Landsea.Web.Tests;

/// <summary>
/// An officer and a trader in a real headless Chromium (/usr/bin/chromium, or LANDSEA_TEST_CHROMIUM).
/// Skipped with the reason shown when no Chromium is installed; bash .ci/run installs it and fails on skips.
/// </summary>
public class BrowserTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static string Chromium => Environment.GetEnvironmentVariable("LANDSEA_TEST_CHROMIUM") ?? "/usr/bin/chromium";

    [SkippableFact(Timeout = 180_000)] // a stuck browser fails the test instead of holding up the run
    public async Task Officer_FiltersListOpensDeclaration_SeesHistory_TraderSeesOnlyOwn()
    {
        Skip.IfNot(File.Exists(Chromium), $"Chromium not found at {Chromium}: apt-get install chromium (bash .ci/run does).");

        // Two traders lodge: the UK sample declarant (chapter 34) and trader.b (chapter 84).
        HttpResponseMessage uk = await node.Client("trader.uk").PostAsync("/api/declarations",
            new StringContent(File.ReadAllText(Path.Combine(NodeFixture.Samples, "TT_IM101a/TT_IM101a.xml")), Encoding.UTF8, "application/xml"));
        string ukMrn = (await uk.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("mrn").GetString()!;
        string json = """{"functionalReference":"BROWSER-B","typeCode":"EXA","declarant":{"id":"91110000600037341L"},"items":[{"sequence":1,"commodityCode":"847130","amount":{"amount":10,"currency":"CNY"}}]}""";
        HttpResponseMessage b = await node.Client("trader.b").PostAsync("/api/declarations", new StringContent(json, Encoding.UTF8, "application/json"));
        string bMrn = (await b.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("mrn").GetString()!;

        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await HeadlessChromium.LaunchAsync(playwright);

        IBrowserContext officerContext = await browser.NewContextAsync(new() { BaseURL = node.BaseAddress.ToString() });
        officerContext.SetDefaultTimeout(60_000); // CI runs every test assembly at once on 2 cores
        IPage officer = await officerContext.NewPageAsync();
        await officer.GotoAsync("/dev/login/officer.cq?returnUrl=/declarations");
        await officer.FillAsync("#chapter", "34");
        await officer.ClickAsync("#apply");
        await officer.WaitForURLAsync("**chapter=34**");
        string table = await officer.InnerTextAsync("#declarations");
        Assert.Contains(ukMrn, table, StringComparison.Ordinal);
        Assert.DoesNotContain(bMrn, table, StringComparison.Ordinal);

        await officer.GetByRole(AriaRole.Link, new() { Name = ukMrn, Exact = true }).ClickAsync();
        await officer.WaitForURLAsync($"**/declarations/{ukMrn}", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await officer.SelectOptionAsync("#event", "Released");
        await officer.ClickAsync("#act");
        await officer.WaitForSelectorAsync("#current-status:text('Released')");
        string history = await officer.InnerTextAsync("#history");
        Assert.Contains("Received", history, StringComparison.Ordinal);
        Assert.Contains("Released", history, StringComparison.Ordinal);
        Assert.Contains("officer.cq", history, StringComparison.Ordinal);
        Assert.Contains("34031920", await officer.InnerTextAsync("#items"), StringComparison.Ordinal);
        await officer.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "landsea-officer-detail.png"), FullPage = true });

        IPage trader = await (await browser.NewContextAsync(new() { BaseURL = node.BaseAddress.ToString() })).NewPageAsync();
        await trader.GotoAsync("/dev/login/trader.b?returnUrl=/declarations");
        string mine = await trader.InnerTextAsync("#declarations");
        Assert.Contains(bMrn, mine, StringComparison.Ordinal);
        Assert.DoesNotContain(ukMrn, mine, StringComparison.Ordinal);
        IResponse? other = await trader.GotoAsync($"/declarations/{ukMrn}");
        Assert.Equal(404, other!.Status);
    }
}
