using System.Text.Json;
using Landsea.Data;
using Landsea.Data.Access;

namespace Landsea.Cli.Tests;

/// <summary>Issue 16 item 1: landsea account disable|enable|reset-password|grant|revoke|history.</summary>
public sealed class AccountChangeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("landsea-account-change-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<string> NodeWithChiefAndOfficer()
    {
        string db = Path.Combine(_dir, "node.db");
        string pw = Path.Combine(_dir, "pw");
        await File.WriteAllTextAsync(pw, "first long password\n");
        Assert.Equal(0, (await CliHarness.Run("account", "add", "chief", "--role", "Administrator", "--password-file", pw, "--db", db, "--by", "ops.wu")).Exit);
        Assert.Equal(0, (await CliHarness.Run("account", "add", "li", "--role", "Officer", "--office", "CN800001", "--password-file", pw, "--db", db, "--by", "ops.wu")).Exit);
        return db;
    }

    [Fact]
    public async Task Disable_Enable_ResetPassword_Grant_Revoke_AreRecorded_AndHistoryListsThemAsJson()
    {
        string db = await NodeWithChiefAndOfficer();
        var users = new UserStore(NodeDatabase.FromArgument(db));

        var (exit, _, err) = await CliHarness.Run("account", "disable", "li", "--by", "chief", "--db", db);
        Assert.True(exit == 0, err);
        Assert.Null(await new UserStore(NodeDatabase.FromArgument(db)).VerifyAsync("li", "first long password"));
        Assert.Equal(0, (await CliHarness.Run("account", "enable", "li", "--by", "chief", "--db", db)).Exit);

        string pw = Path.Combine(_dir, "new.pw");
        await File.WriteAllTextAsync(pw, "second long password\n");
        Assert.Equal(0, (await CliHarness.Run("account", "reset-password", "li", "--password-file", pw, "--by", "chief", "--db", db)).Exit);
        Assert.NotNull(await new UserStore(NodeDatabase.FromArgument(db)).VerifyAsync("li", "second long password"));

        Assert.Equal(0, (await CliHarness.Run("account", "grant", "li", "--role", "officer", "--office", "CN720001", "--by", "chief", "--db", db)).Exit);
        Assert.Equal(0, (await CliHarness.Run("account", "revoke", "li", "--role", "Officer", "--by", "chief", "--db", db)).Exit);
        Assert.Null(await users.VerifyAsync("li", "second long password"));

        var (listExit, list, _) = await CliHarness.Run("account", "list", "--db", db, "--json");
        Assert.Equal(0, listExit);
        JsonElement li = JsonDocument.Parse(list).RootElement.EnumerateArray().Single(a => a.GetProperty("username").GetString() == "li");
        Assert.Equal("no role", li.GetProperty("state").GetString());

        var (historyExit, json, _) = await CliHarness.Run("account", "history", "--user", "li", "--db", db, "--json");
        Assert.Equal(0, historyExit);
        JsonElement[] events = [.. JsonDocument.Parse(json).RootElement.EnumerateArray()];
        Assert.Equal(["added", "disabled", "enabled", "password-reset", "granted", "revoked"], events.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(["ops.wu", "chief", "chief", "chief", "chief", "chief"], events.Select(e => e.GetProperty("by").GetString()));
        Assert.All(events, e => Assert.Equal(TimeSpan.Zero, e.GetProperty("at").GetDateTimeOffset().Offset));
        Assert.DoesNotContain("long password", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_by_the_operating_system_user_is_recorded()
    {
        string db = await NodeWithChiefAndOfficer();
        Assert.Equal(0, (await CliHarness.Run("account", "disable", "li", "--db", db)).Exit);
        AccountEvent last = (await AccountEvents.ListAsync(NodeDatabase.FromArgument(db), "li"))[^1];
        Assert.Equal($"os:{Environment.UserName}", last.By);
    }

    [Theory]
    [InlineData("LS825", "disable", "nobody")]
    [InlineData("LS832", "disable", "chief")]
    [InlineData("LS831", "revoke", "li", "--role", "Auditor")]
    [InlineData("LS828", "grant", "li", "--role", "Superuser")]
    [InlineData("LS829", "grant", "li", "--role", "Trader")]
    [InlineData("LS830", "grant", "li", "--role", "Auditor", "--office", "CN800001")]
    public async Task Refusals_NameTheirCode_Exit1_AndChangeNothing(string code, params string[] args)
    {
        string db = await NodeWithChiefAndOfficer();
        int before = (await AccountEvents.ListAsync(NodeDatabase.FromArgument(db))).Count;

        var (exit, _, err) = await CliHarness.Run(["account", .. args, "--by", "chief", "--db", db]);

        Assert.Equal(1, exit);
        Assert.Contains($"[{code}]", err, StringComparison.Ordinal);
        Assert.Equal(before, (await AccountEvents.ListAsync(NodeDatabase.FromArgument(db))).Count);
        Assert.NotNull(await new UserStore(NodeDatabase.FromArgument(db)).VerifyAsync("li", "first long password"));
    }

    [Fact]
    public async Task ResetPassword_TooShort_Exit1_LS827_AndTheOldPasswordStillWorks()
    {
        string db = await NodeWithChiefAndOfficer();
        string pw = Path.Combine(_dir, "short.pw");
        await File.WriteAllTextAsync(pw, "short\n");
        var (exit, _, err) = await CliHarness.Run("account", "reset-password", "li", "--password-file", pw, "--db", db);
        Assert.Equal(1, exit);
        Assert.Contains("[LS827]", err, StringComparison.Ordinal);
        Assert.NotNull(await new UserStore(NodeDatabase.FromArgument(db)).VerifyAsync("li", "first long password"));
    }

    [Fact]
    public async Task Changes_on_a_database_that_does_not_exist_exit2_and_create_nothing()
    {
        string db = Path.Combine(_dir, "absent.db");
        var (exit, _, err) = await CliHarness.Run("account", "disable", "li", "--db", db);
        Assert.Equal(2, exit);
        Assert.Contains("does not exist", err, StringComparison.Ordinal);
        Assert.False(File.Exists(db));
    }
}

/// <summary>Issue 16 item 1: the first administrator of an empty production database, made with landsea account add, signs in.</summary>
public sealed class FirstAdministratorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("landsea-first-admin-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task AccountAdd_OnAnEmptyDatabase_ThenProductionNode_SignsInWithBasicAndTheForm_AndNotOnceDisabled()
    {
        string db = Path.Combine(_dir, "prod.db");
        string pw = Path.Combine(_dir, "admin.pw");
        await File.WriteAllTextAsync(pw, "the chief's own password\n");
        var (exit, _, err) = await CliHarness.Run("account", "add", "chief", "--role", "Administrator", "--password-file", pw, "--db", db, "--by", "installer");
        Assert.True(exit == 0, err);
        // Production mode creates no identity: the operator makes it once (docs/operations.md), beside the SQLite file by default.
        (exit, _, err) = await CliHarness.Run("node", "init", "--code", "CNCQI", "--name", "Chongqing Customs", "--dir", Path.Combine(_dir, "node"));
        Assert.True(exit == 0, err);

        Microsoft.AspNetCore.Builder.WebApplication app = await Landsea.Web.NodeHost.BuildAsync(
            new Landsea.Web.NodeOptions { Database = db, Development = false }, ["--urls", "http://127.0.0.1:0"]);
        await app.StartAsync();
        try
        {
            var address = new Uri(Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>(app.Services)
                .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First());
            using var basic = new HttpClient { BaseAddress = address };
            basic.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("chief:the chief's own password")));
            Assert.Equal(System.Net.HttpStatusCode.OK, (await basic.GetAsync("/api/me")).StatusCode);

            using var form = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = address };
            // The sign-in form carries its antiforgery token (and sets its cookie): read it from the page as a browser would.
            string page = await form.GetStringAsync("/login");
            string token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
            Assert.NotEmpty(token);
            HttpResponseMessage signIn = await form.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["username"] = "chief", ["password"] = "the chief's own password", ["__RequestVerificationToken"] = token,
            }));
            Assert.Equal(System.Net.HttpStatusCode.Redirect, signIn.StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.OK, (await form.GetAsync("/admin/accounts")).StatusCode);

            // A second administrator, so that the first can be disabled from the command line while the node runs.
            Assert.Equal(0, (await CliHarness.Run("account", "add", "deputy", "--role", "Administrator", "--password-file", pw, "--db", db)).Exit);
            Assert.Equal(0, (await CliHarness.Run("account", "disable", "chief", "--by", "deputy", "--db", db)).Exit);
            // The cookie session reads the account at every request: ended at once, even though another process disabled it.
            Assert.NotEqual(System.Net.HttpStatusCode.OK, (await form.GetAsync("/admin/accounts")).StatusCode);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
