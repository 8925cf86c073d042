using System.Text;
using Landsea.Web.Features.CorridorSupervision;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Landsea.Web.Tests.CorridorSupervision;

/// <summary>Issue 11 items 4 and 8 in headless Chromium: the corridor map (SVG lines, consignments by state, alerts), the arrivals dashboard and a timeline.</summary>
public class CorridorPagesTests(CorridorNode node) : IClassFixture<CorridorNode>
{
    [SkippableFact(Timeout = 180_000)]
    public async Task Map_LinesConsignmentsAlerts_Arrivals_AndTimeline()
    {
        Skip.IfNot(File.Exists(HeadlessChromium.Path), $"Chromium not found at {HeadlessChromium.Path}.");
        DateTimeOffset now = DateTimeOffset.UtcNow;
        string moving = await node.DeclareAsync("MAP-MOVING", now.AddHours(-30), priority: true);
        await node.Client("trader.b").PostAsync("/api/corridor/v2/events", new StringContent(CorridorNode.Transport("DEPA", "CNCQI", now.AddHours(-29), moving), Encoding.UTF8, "application/json"));
        await node.DeclareAsync("MAP-LATE", now.AddHours(-100));
        await node.Services.GetRequiredService<AlertJob>().ScanOnceAsync();

        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await HeadlessChromium.LaunchAsync(playwright);
        IBrowserContext context = await browser.NewContextAsync(new() { BaseURL = node.BaseAddress.ToString() });
        context.SetDefaultTimeout(60_000);
        IPage page = await context.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, r) => requests.Add(r.Url);
        await page.GotoAsync("/dev/login/officer.qz?returnUrl=/corridor");

        Assert.True(await page.IsVisibleAsync("svg#corridor-map"));
        Assert.True(await page.Locator("svg#corridor-map line.leg").CountAsync() >= 25);
        Assert.True(await page.Locator("svg#corridor-map line.leg.river").CountAsync() >= 1);
        Assert.Equal(1, await page.Locator("#c-MAP-MOVING.state-moving.priority").CountAsync());
        Assert.Equal(1, await page.Locator("#c-MAP-LATE.state-alert .alert-ring").CountAsync());
        Assert.DoesNotContain(requests, u => !u.StartsWith(node.BaseAddress.ToString(), StringComparison.Ordinal));

        // Qinzhou's next 24 hours: the moving train (ETA 48 h after departure) is due, priority first.
        string arrivals = await page.InnerTextAsync("#arrivals-table");
        Assert.Contains("MAP-MOVING", arrivals, StringComparison.Ordinal);
        Assert.Contains("priority", arrivals, StringComparison.Ordinal);
        Assert.Contains("MAP-LATE", await page.InnerTextAsync("#alerts-table"), StringComparison.Ordinal);

        await page.ClickAsync("#alerts-table tr:has-text('MAP-LATE') button");
        await page.WaitForURLAsync("**/corridor**");
        Assert.DoesNotContain("MAP-LATE", await page.Locator("#alerts").InnerTextAsync(), StringComparison.Ordinal);

        await page.GotoAsync("/corridor/consignments/MAP-MOVING");
        string timeline = await page.InnerTextAsync("#timeline-table");
        Assert.Contains("departed", timeline, StringComparison.Ordinal);
        Assert.Contains("+08:00", timeline, StringComparison.Ordinal);
        Assert.Contains("Asia/Shanghai", timeline, StringComparison.Ordinal);
        Assert.Equal("priority", await page.InnerTextAsync("#lane"));
        Assert.Contains("fact F03", await page.InnerTextAsync("#plan"), StringComparison.Ordinal);
    }
}
