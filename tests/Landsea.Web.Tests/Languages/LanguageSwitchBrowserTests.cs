using Microsoft.Playwright;

namespace Landsea.Web.Tests.Languages;

/// <summary>The header's 中文 / English switch in a real Chromium, which runs the pages without any script of theirs (CSP allows none inline).</summary>
public class LanguageSwitchBrowserTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    [SkippableFact(Timeout = 180_000)]
    public async Task Switch_ToChineseAndBack_KeepsThePage_AndSurvivesSignIn()
    {
        Skip.IfNot(File.Exists(HeadlessChromium.Path), $"Chromium not found at {HeadlessChromium.Path}: apt-get install chromium (bash .ci/run does).");
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await HeadlessChromium.LaunchAsync(playwright);
        IBrowserContext context = await browser.NewContextAsync(new() { BaseURL = node.BaseAddress.ToString(), Locale = "en-US" });
        context.SetDefaultTimeout(60_000);
        IPage page = await context.NewPageAsync();

        await page.GotoAsync("/login");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Sign in", await page.InnerTextAsync("h1"));

        await page.ClickAsync("#lang-zh-Hans");
        await page.WaitForSelectorAsync("html[lang='zh-Hans']");
        Assert.EndsWith("/login", page.Url, StringComparison.Ordinal);
        Assert.Equal("登录", await page.InnerTextAsync("h1"));

        // The choice is a cookie, so it outlives the sign-in and applies to every page.
        await page.GotoAsync("/dev/login/officer.cq?returnUrl=/declarations?sort=oldest");
        await page.WaitForSelectorAsync("header button:text('退出登录')");
        Assert.Equal("zh-Hans", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("报关单：待办队列", await page.InnerTextAsync("h1"));
        Assert.Equal("true", await page.GetAttributeAsync("nav.lang a[aria-current]", "aria-current"));

        await page.ClickAsync("#lang-en");
        await page.WaitForSelectorAsync("html[lang='en']");
        Assert.Contains("sort=oldest", page.Url, StringComparison.Ordinal); // back on the same page, with its query
        Assert.Equal("Declarations: work queue", await page.InnerTextAsync("h1"));
        Assert.True(await page.Locator("header button:text('Sign out')").IsVisibleAsync());
    }
}
