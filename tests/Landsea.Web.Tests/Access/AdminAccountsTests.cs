using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace Landsea.Web.Tests.Access;

/// <summary>
/// Issue 16 item 1: the administrators' page /admin/accounts in a real headless Chromium (skipped with the reason when no
/// Chromium is installed; bash .ci/run installs it), and what its changes do to sign-in (HTTP Basic, open sessions).
/// </summary>
public class AdminAccountsTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static string Chromium => Environment.GetEnvironmentVariable("LANDSEA_TEST_CHROMIUM") ?? "/usr/bin/chromium";

    private HttpClient Basic(string user, string password)
    {
        var http = new HttpClient { BaseAddress = node.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return http;
    }

    private async Task<HttpStatusCode> MeAsync(string user, string password)
    {
        using HttpClient http = Basic(user, password);
        return (await http.GetAsync("/api/me")).StatusCode;
    }

    [SkippableFact(Timeout = 180_000)]
    public async Task Administrator_AddsDisablesEnablesResetsGrantsRevokes_InChromium_AndSignInFollows()
    {
        Skip.IfNot(File.Exists(Chromium), $"Chromium not found at {Chromium}: apt-get install chromium (bash .ci/run does).");
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await HeadlessChromium.LaunchAsync(playwright);
        IBrowserContext adminContext = await browser.NewContextAsync(new() { BaseURL = node.BaseAddress.ToString() });
        adminContext.SetDefaultTimeout(60_000);
        IPage admin = await adminContext.NewPageAsync();

        // Signs in with the password form (not the development shortcut), then opens the page.
        await admin.GotoAsync("/login");
        await admin.FillAsync("input[name=username]", "admin");
        await admin.FillAsync("input[name=password]", "landsea-dev");
        await admin.ClickAsync("button[type=submit]");
        await admin.WaitForURLAsync("**/declarations**");
        await admin.GotoAsync("/admin/accounts");

        await admin.FillAsync("#add-username", "zhou.officer");
        await admin.FillAsync("#add-name", "Officer Zhou");
        await admin.SelectOptionAsync("#add-role", "Officer");
        await admin.FillAsync("#add-office", "CN720001");
        await admin.FillAsync("#add-password", "zhou first password");
        await admin.ClickAsync("#add-submit");
        await admin.WaitForSelectorAsync("#message:has-text('added')");
        Assert.Equal("Officer CN720001", await admin.InnerTextAsync("tr[data-user='zhou.officer'] .grant"));
        Assert.Equal(HttpStatusCode.OK, await MeAsync("zhou.officer", "zhou first password"));

        // Zhou's own browser session is open while the administrator disables the account.
        IBrowserContext zhouContext = await browser.NewContextAsync(new() { BaseURL = node.BaseAddress.ToString() });
        zhouContext.SetDefaultTimeout(60_000);
        IPage zhou = await zhouContext.NewPageAsync();
        await zhou.GotoAsync("/login");
        await zhou.FillAsync("input[name=username]", "zhou.officer");
        await zhou.FillAsync("input[name=password]", "zhou first password");
        await zhou.ClickAsync("button[type=submit]");
        await zhou.WaitForURLAsync("**/declarations**");
        Assert.Equal(200, (await zhou.APIRequest.GetAsync("/api/me")).Status);

        await admin.ClickAsync("tr[data-user='zhou.officer'] button.disable");
        await admin.WaitForSelectorAsync("tr[data-user='zhou.officer'] .state:text('disabled')");
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync("zhou.officer", "zhou first password"));
        Assert.Equal(401, (await zhou.APIRequest.GetAsync("/api/me")).Status); // the open session ended at its next request

        await admin.ClickAsync("tr[data-user='zhou.officer'] button.enable");
        await admin.WaitForSelectorAsync("tr[data-user='zhou.officer'] .state:text('enabled')");
        Assert.Equal(HttpStatusCode.OK, await MeAsync("zhou.officer", "zhou first password"));

        await admin.FillAsync("tr[data-user='zhou.officer'] input.password", "zhou second password");
        await admin.ClickAsync("tr[data-user='zhou.officer'] button.reset");
        await admin.WaitForSelectorAsync("#message:has-text('new password set')");
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync("zhou.officer", "zhou first password"));
        Assert.Equal(HttpStatusCode.OK, await MeAsync("zhou.officer", "zhou second password"));

        await admin.SelectOptionAsync("tr[data-user='zhou.officer'] select.role", "Auditor");
        await admin.ClickAsync("tr[data-user='zhou.officer'] button.grant");
        await admin.WaitForSelectorAsync("tr[data-user='zhou.officer'] .grant:text('Auditor')");
        using (HttpClient http = Basic("zhou.officer", "zhou second password"))
        {
            JsonElement me = JsonDocument.Parse(await http.GetStringAsync("/api/me")).RootElement;
            Assert.Equal("Auditor", me.GetProperty("role").GetString());
        }

        await admin.ClickAsync("tr[data-user='zhou.officer'] button.revoke");
        await admin.WaitForSelectorAsync("tr[data-user='zhou.officer'] .state:text('no role')");
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync("zhou.officer", "zhou second password"));

        // Refusals are shown, change nothing: the signed-in administrator cannot disable their own account.
        await admin.ClickAsync("tr[data-user='admin'] button.disable");
        await admin.WaitForSelectorAsync("#message.err:has-text('LS833')");
        Assert.Equal("enabled", await admin.InnerTextAsync("tr[data-user='admin'] .state"));

        string history = await admin.InnerTextAsync("#history");
        foreach (string action in new[] { "added", "disabled", "enabled", "password-reset", "granted", "revoked" })
        {
            Assert.Contains(action, history, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("password\tadmin", history, StringComparison.Ordinal);
        Assert.DoesNotContain("zhou second", history, StringComparison.Ordinal);

        // A POST with the administrator's cookie but without the form's antiforgery token is refused and changes nothing.
        IAPIResponse forged = await admin.APIRequest.PostAsync("/admin/accounts/officer.cq/disable", new() { Form = admin.APIRequest.CreateFormData().Set("x", "1") });
        Assert.Equal(400, forged.Status);
        Assert.Equal(HttpStatusCode.OK, await MeAsync("officer.cq", "landsea-dev"));
    }

    [Fact]
    public async Task Page_IsForAdministratorsOnly()
    {
        using HttpClient officer = node.Client("officer.cq");
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/admin/accounts")).StatusCode);
        using HttpClient admin = node.Client("admin");
        HttpResponseMessage page = await admin.GetAsync("/admin/accounts");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains("__RequestVerificationToken", html, StringComparison.Ordinal);
        Assert.DoesNotContain("pbkdf2", html, StringComparison.Ordinal);
    }
}
