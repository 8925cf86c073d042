using Microsoft.Playwright;

namespace Landsea.Web.Tests;

/// <summary>The one way the browser tests start Chromium: /usr/bin/chromium (or LANDSEA_TEST_CHROMIUM), headless, no network chatter.</summary>
internal static class HeadlessChromium
{
    public static string Path => Environment.GetEnvironmentVariable("LANDSEA_TEST_CHROMIUM") ?? "/usr/bin/chromium";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = Path,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
}
