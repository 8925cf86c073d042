using Microsoft.Playwright;

namespace Landsea.Web.Tests.Tariffs;

/// <summary>Issue 13 item 6: the tariff lookup, the origin check form and the advice on the declaration page, in headless Chromium.</summary>
public class TariffPagesBrowserTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static string Chromium => Environment.GetEnvironmentVariable("LANDSEA_TEST_CHROMIUM") ?? "/usr/bin/chromium";

    private async Task<(IPlaywright, IBrowser, IPage)> TraderAsync()
    {
        IPlaywright playwright = await Playwright.CreateAsync();
        IBrowser browser = await HeadlessChromium.LaunchAsync(playwright);
        IBrowserContext context = await browser.NewContextAsync(new() { BaseURL = node.BaseAddress.ToString() });
        context.SetDefaultTimeout(60_000); // CI runs every test assembly at once on 2 cores
        IPage page = await context.NewPageAsync();
        await page.GotoAsync("/dev/login/trader.b?returnUrl=/tariffs");
        return (playwright, browser, page);
    }

    [SkippableFact(Timeout = 180_000)]
    public async Task Lookup_ShowsOptions_OriginCheck_ShowsVerdictAndFieldErrors()
    {
        Skip.IfNot(File.Exists(Chromium), $"Chromium not found at {Chromium}: apt-get install chromium (bash .ci/run does).");
        (IPlaywright playwright, IBrowser browser, IPage page) = await TraderAsync();
        using (playwright)
        await using (browser)
        {
            await page.FillAsync("#hs", "0810.60");
            await page.FillAsync("#origin", "TH");
            await page.FillAsync("#importer", "CN");
            await page.FillAsync("#value", "1000");
            await page.FillAsync("#currency", "CNY");
            await page.FillAsync("#date", "2024-03-01");
            await page.ClickAsync("#look-up");
            await page.WaitForSelectorAsync("#options");
            Assert.Equal(0m, decimal.Parse((await page.InnerTextAsync("#options tr[data-agreement=ACFTA] td.duty")).Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(200m, decimal.Parse((await page.InnerTextAsync("#options tr[data-agreement=MFN] td.duty")).Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Contains("Form E", await page.InnerTextAsync("#options"), StringComparison.Ordinal);
            Assert.Contains("Durians", await page.InnerTextAsync("#hs-description"), StringComparison.OrdinalIgnoreCase);

            await page.GotoAsync("/tariffs/origin-check");
            await page.FillAsync("#product", "8501.52");
            await page.FillAsync("#exporter", "TH");
            await page.FillAsync("#fob", "1000");
            await page.FillAsync("#date", "2024-03-01");
            await page.FillAsync("#hs0", "8503.00");
            await page.FillAsync("#origin0", "CN");
            await page.FillAsync("#value0", "250");
            await page.FillAsync("#hs1", "8501.10");
            await page.FillAsync("#origin1", "unknown");
            await page.FillAsync("#value1", "650");
            await page.ClickAsync("#check");
            await page.WaitForSelectorAsync("#origin-answers");
            // Under RCEP (sample rule CTH or RVC40) 8501.10 does not change heading and VNM 650 leaves RVC 35 %: not met.
            Assert.Equal("does not qualify", (await page.InnerTextAsync("#origin-answers tr[data-agreement=RCEP] td.verdict")).Trim());
            Assert.Equal("35.00 %", (await page.InnerTextAsync("#origin-answers tr[data-agreement=RCEP] td.rvc-down")).Trim());
            Assert.Contains("850110", await page.InnerTextAsync("#origin-answers tr[data-agreement=RCEP]"), StringComparison.Ordinal);

            await page.FillAsync("#value1", "50");
            await page.ClickAsync("#check");
            await page.WaitForSelectorAsync("#origin-answers tr[data-agreement=RCEP] td.verdict:text('qualifies')");
            Assert.Equal("qualifies", (await page.InnerTextAsync("#origin-answers tr[data-agreement=ACFTA] td.verdict")).Trim());

            await page.FillAsync("#value1", "-5");
            await page.FillAsync("#origin0", "XX");
            await page.ClickAsync("#check");
            await page.WaitForSelectorAsync("#bom-errors");
            string errors = await page.InnerTextAsync("#bom-errors");
            Assert.Contains("input 2, value", errors, StringComparison.Ordinal);
            Assert.Contains("LS737", errors, StringComparison.Ordinal);
            Assert.Contains("input 1, origin", errors, StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator("#origin-answers").CountAsync());
        }
    }

    [SkippableFact(Timeout = 180_000)]
    public async Task DeclarationPage_TraderAsksForAdvice_SeesRecommendation()
    {
        Skip.IfNot(File.Exists(Chromium), $"Chromium not found at {Chromium}: apt-get install chromium (bash .ci/run does).");
        string mrn = await AdviceApiTests.LodgeAsync(node.Client("trader.b"), "ADVICE-PAGE");
        (IPlaywright playwright, IBrowser browser, IPage page) = await TraderAsync();
        using (playwright)
        await using (browser)
        {
            await page.GotoAsync($"/declarations/{mrn}");
            await page.WaitForSelectorAsync("#advice-none");
            await page.ClickAsync("#ask-advice");
            await page.WaitForSelectorAsync("#advice");
            Assert.Equal("ACFTA", (await page.InnerTextAsync("#advice td.recommended")).Trim());
            Assert.Contains("Form E", await page.InnerTextAsync("#advice"), StringComparison.Ordinal);
        }
    }
}
