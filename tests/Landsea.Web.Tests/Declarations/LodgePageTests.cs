using Microsoft.Playwright;

namespace Landsea.Web.Tests.Declarations;

/// <summary>
/// Issue 15 item 7: a trader lodges, amends and cancels from the web page, by form or by uploading a file, and sees each
/// answer with its errors in words; RES codes are explained on the declaration's page. In Chromium.
/// </summary>
public class LodgePageTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static string Chromium => Environment.GetEnvironmentVariable("LANDSEA_TEST_CHROMIUM") ?? "/usr/bin/chromium";

    private async Task<(IPlaywright, IBrowser, IPage)> TraderAsync(string user)
    {
        IPlaywright playwright = await Playwright.CreateAsync();
        IBrowser browser = await HeadlessChromium.LaunchAsync(playwright);
        IBrowserContext context = await browser.NewContextAsync(new() { BaseURL = node.BaseAddress.ToString() });
        context.SetDefaultTimeout(60_000);
        IPage page = await context.NewPageAsync();
        await page.GotoAsync($"/dev/login/{user}?returnUrl=/declarations");
        return (playwright, browser, page);
    }

    [SkippableFact(Timeout = 180_000)]
    public async Task Trader_FillsTheForm_SeesTheErrorInWords_PutsItRight_ThenAmendsAndCancels()
    {
        Skip.IfNot(File.Exists(Chromium), $"Chromium not found at {Chromium}: apt-get install chromium (bash .ci/run does).");
        (IPlaywright playwright, IBrowser browser, IPage page) = await TraderAsync("trader.a");
        using IPlaywright _ = playwright;
        await using IBrowser __ = browser;

        await page.ClickAsync("header a:text('Lodge')");
        await page.FillAsync("#reference", "WEB-FORM-1");
        Assert.Equal("91350100M000100Y43", await page.InputValueAsync("#declarant")); // a trader lodges for itself
        await page.SelectOptionAsync("#type", "EXA");
        await page.FillAsync("#exportCountry", "cn");
        await page.FillAsync("#destinationCountry", "SG");
        await page.SelectOptionAsync("#mode", "2");
        await page.FillAsync("#invoiceAmount", "1200.50");
        await page.FillAsync("#hs1", "999999");
        await page.FillAsync("#description1", "Laptops");
        await page.FillAsync("#origin1", "CN");
        await page.FillAsync("#amount1", "1200.50");
        await page.FillAsync("#gross1", "120");
        await page.FillAsync("#net1", "100");
        await page.ClickAsync("#lodge");
        await page.WaitForSelectorAsync("#outcome");
        string refused = await page.InnerTextAsync("main");

        Assert.Contains("Not lodged", refused, StringComparison.Ordinal);
        Assert.Contains("goods item 1, commodity code", await page.InnerTextAsync("#errors"), StringComparison.Ordinal);
        Assert.Contains("999999", await page.InnerTextAsync("#errors"), StringComparison.Ordinal);
        Assert.Equal("Laptops", await page.InputValueAsync("#description1")); // nothing typed is lost

        await page.FillAsync("#hs1", "8471.30");
        await page.ClickAsync("#lodge");
        await page.WaitForSelectorAsync("#outcome");
        Assert.StartsWith("Accepted", await page.InnerTextAsync("#outcome"), StringComparison.Ordinal);
        string mrn = await page.InnerTextAsync("#mrn");
        await page.ClickAsync("#mrn");
        await page.WaitForURLAsync($"**/declarations/{mrn}");
        string history = await page.InnerTextAsync("#history");
        Assert.Contains("accepted, MRN given (DMSACC)", history, StringComparison.Ordinal);

        await page.ClickAsync("#amend");
        Assert.Equal("Laptops", await page.InputValueAsync("#description1"));
        await page.FillAsync("#description1", "Laptop computers");
        await page.ClickAsync("#lodge");
        await page.WaitForSelectorAsync("#outcome");
        Assert.StartsWith("Accepted", await page.InnerTextAsync("#outcome"), StringComparison.Ordinal);
        await page.GotoAsync($"/declarations/{mrn}");
        Assert.Contains("Laptop computers", await page.InnerTextAsync("#items"), StringComparison.Ordinal);
        Assert.Contains("amendment accepted", await page.InnerTextAsync("#history"), StringComparison.Ordinal);

        await page.ClickAsync("#amend");
        await page.ClickAsync("#cancel");
        await page.WaitForSelectorAsync("#outcome");
        await page.GotoAsync($"/declarations/{mrn}");
        Assert.Equal("Invalidated", await page.InnerTextAsync("#current-status"));
    }

    [SkippableFact(Timeout = 180_000)]
    public async Task Trader_UploadsAWcoFile_GetsAnMrn()
    {
        Skip.IfNot(File.Exists(Chromium), $"Chromium not found at {Chromium}: apt-get install chromium (bash .ci/run does).");
        (IPlaywright playwright, IBrowser browser, IPage page) = await TraderAsync("trader.uk");
        using IPlaywright _ = playwright;
        await using IBrowser __ = browser;

        await page.GotoAsync("/declarations/new");
        await page.SetInputFilesAsync("#file", Path.Combine(NodeFixture.Samples, "TT_IM101a/TT_IM101a.xml"));
        await page.ClickAsync("#upload");
        await page.WaitForSelectorAsync("#outcome");

        Assert.Contains("Accepted", await page.InnerTextAsync("#outcome"), StringComparison.Ordinal);
        Assert.Contains("as WCO", await page.InnerTextAsync("main"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void FieldInWords_ReadsPointers()
    {
        Assert.Equal("goods item 2, commodity code", Landsea.Web.Features.Declarations.LodgePage.FieldInWords("/items/1/commodityCode"));
        Assert.Equal("declarant, identifier", Landsea.Web.Features.Declarations.LodgePage.FieldInWords("/declarant/id"));
        Assert.Equal("the document", Landsea.Web.Features.Declarations.LodgePage.FieldInWords("/"));
    }
}
