using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace Landsea.Web.Tests.Accessibility;

/// <summary>
/// Issue 15 item 11: every page, for every role that may open it, at desktop (1280 px) and phone (390 px) width, in
/// Chromium: zero WCAG 2.1 A/AA violations under axe-core (tools/browser-checks, pinned by its package-lock.json;
/// .ci/run installs it with npm ci), nothing wider than the screen at 390 px (tables scroll inside their own box), and
/// sign-out within reach.
/// </summary>
public class PagesAccessibilityTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static string Chromium => Environment.GetEnvironmentVariable("LANDSEA_TEST_CHROMIUM") ?? "/usr/bin/chromium";

    private static readonly string Axe = Landsea.Tests.Repository.Path("tools", "browser-checks", "node_modules", "axe-core", "axe.min.js");

    /// <summary>The pages each role opens in its day (the paths that need a declaration use {mrn}).</summary>
    /// <summary>Each role and width in English; officer and trader also in Chinese (the browser asks for zh-CN), where labels are longer or shorter.</summary>
    public static TheoryData<string, int, string> Roles => new()
    {
        { "officer.cq", 1280, "en" }, { "officer.cq", 390, "en" }, { "trader.a", 1280, "en" }, { "trader.a", 390, "en" }, { "auditor", 1280, "en" }, { "admin", 1280, "en" }, { "admin", 390, "en" },
        { "officer.cq", 1280, "zh-CN" }, { "trader.a", 390, "zh-CN" },
    };

    internal static string[] PagesFor(string user) => user switch
    {
        "officer.cq" => ["/declarations", "/declarations/{mrn}", "/declarations/new", "/transit", "/risk/rules", "/exchange", "/exchange/partner-goods", "/exchange/partners", "/tariffs", "/tariffs/origin-check", "/origin/verify", "/statistics", "/measures", "/measures/alerts", "/measures/new", "/scans", "/corridor", "/corridor/clearance-times"],
        "trader.a" => ["/declarations", "/declarations/{mrn}", "/declarations/new", "/transit", "/tariffs", "/tariffs/origin-check", "/origin/verify", "/measures", "/measures/alerts"],
        "auditor" => ["/declarations", "/declarations/{mrn}", "/risk/rules", "/exchange", "/statistics", "/measures", "/measures/alerts", "/scans", "/corridor", "/corridor/clearance-times"],
        _ => ["/declarations", "/exchange", "/exchange/partners", "/admin/accounts"],
    };

    private async Task<string> LodgeAsync()
    {
        string json = """
            {"functionalReference": "A11Y-1", "typeCode": "EXA", "functionCode": "9",
             "declarant": {"id": "91350100M000100Y43", "name": "Trader"}, "exporter": {"id": "91350100M000100Y43", "country": "CN"},
             "officeCode": "CN800001", "exportCountry": "CN", "destinationCountry": "SG", "transportMode": "2",
             "invoice": {"amount": 100, "currency": "CNY"},
             "items": [{"sequence": 1, "commodityCode": "847130", "description": "Laptops", "originCountry": "CN",
                        "amount": {"amount": 100, "currency": "CNY"}, "grossMassKg": 12, "netMassKg": 10}]}
            """;
        HttpResponseMessage response = await node.Client("trader.a").PostAsync("/api/declarations", new StringContent(json, Encoding.UTF8, "application/json"));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mrn").GetString()!;
    }

    [SkippableTheory(Timeout = 300_000)]
    [MemberData(nameof(Roles))]
    public async Task EveryPage_NoWcagViolation_FitsTheWidth_SignOutReachable(string user, int width, string locale)
    {
        Skip.IfNot(File.Exists(Chromium), $"Chromium not found at {Chromium}: apt-get install chromium (bash .ci/run does).");
        Skip.IfNot(File.Exists(Axe), $"axe-core is not installed: run 'npm ci --prefix tools/browser-checks' (.ci/run does).");
        string mrn = await LodgeAsync();
        string axe = await File.ReadAllTextAsync(Axe);

        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await HeadlessChromium.LaunchAsync(playwright);
        // The node's Content-Security-Policy allows no script but its own; the test's axe script is let in by the browser.
        IBrowserContext context = await browser.NewContextAsync(new() { BaseURL = node.BaseAddress.ToString(), ViewportSize = new() { Width = width, Height = 844 }, BypassCSP = true, Locale = locale });
        context.SetDefaultTimeout(60_000);
        IPage page = await context.NewPageAsync();
        await page.GotoAsync($"/dev/login/{user}?returnUrl=/declarations");

        string signOut = Landsea.Web.Infrastructure.Texts.Get(locale == "en" ? Landsea.Web.Infrastructure.Texts.English : Landsea.Web.Infrastructure.Texts.Chinese, "layout.signOut");
        var problems = new List<string>();
        foreach (string path in PagesFor(user).Select(p => p.Replace("{mrn}", mrn, StringComparison.Ordinal)).Prepend("/login"))
        {
            IResponse? response = await page.GotoAsync(path);
            if (response is null || response.Status >= 400)
            {
                problems.Add($"{path}: HTTP {response?.Status}");
                continue;
            }

            await page.AddScriptTagAsync(new() { Content = axe });
            string result = await page.EvaluateAsync<string>("""
                async () => {
                  const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
                  return JSON.stringify(r.violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) })));
                }
                """);
            foreach (JsonElement v in JsonDocument.Parse(result).RootElement.EnumerateArray())
            {
                problems.Add($"{path} at {width}px: {v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}) on {string.Join(", ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()))}");
            }

            int overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            if (overflow > 1)
            {
                string wide = await page.EvaluateAsync<string>("""
                    () => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('table'))
                      .slice(0, 4).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.name ? '[name=' + e.name + ']' : '')).join(', ')
                    """);
                problems.Add($"{path} at {width}px: the page is {overflow}px wider than the screen ({wide})");
            }

            if (path != "/login" && !await page.Locator($"header button:text('{signOut}')").IsVisibleAsync())
            {
                problems.Add($"{path} at {width}px: no visible {signOut} in the header");
            }
        }

        Assert.True(problems.Count == 0, $"{user} at {width}px ({locale}):\n" + string.Join("\n", problems));
    }
}
