using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Landsea.Data;
using Landsea.Data.Access;
using Landsea.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Landsea.Web.Tests.Access;

/// <summary>Issue 16 item 2: a database first served in development mode is not served with its development accounts in production.</summary>
public sealed class ProductionModeTests
{
    private static string NewDatabase() => Path.Combine(Path.GetTempPath(), "landsea-tests", $"prod-{Guid.NewGuid():N}.db");

    private static async Task<WebApplication> Start(string db, bool development, bool purge = false)
    {
        WebApplication app = await NodeHost.BuildAsync(new NodeOptions { Database = db, Development = development, PurgeDevelopmentAccounts = purge }, ["--urls", "http://127.0.0.1:0"]);
        await app.StartAsync();
        return app;
    }

    private static HttpClient Client(WebApplication app, string user, string password)
    {
        var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return http;
    }

    private static async Task ServeOnceInDevelopment(string db)
    {
        await using WebApplication dev = await Start(db, development: true);
        using HttpClient admin = Client(dev, "admin", "landsea-dev");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/me")).StatusCode);
        await dev.StopAsync();
    }

    [Fact]
    public async Task A_database_served_in_development_refuses_to_start_in_production_and_names_the_purge_command()
    {
        string db = NewDatabase();
        await ServeOnceInDevelopment(db);

        WebApplication prod = await NodeHost.BuildAsync(new NodeOptions { Database = db, Development = false }, ["--urls", "http://127.0.0.1:0"]);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => prod.StartAsync());
        await prod.DisposeAsync();
        Assert.Contains("landsea account purge-development", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--purge-development-accounts", refused.Message, StringComparison.Ordinal);

        // Refusing changed nothing: the accounts are still there, for the operator to remove deliberately.
        Assert.NotNull(await new UserStore(NodeDatabase.FromArgument(db)).FindAsync("admin"));
    }

    [Fact]
    public async Task Told_to_purge_the_node_starts_without_the_development_accounts_and_keeps_an_operators_own()
    {
        string db = NewDatabase();
        await ServeOnceInDevelopment(db);
        var users = new UserStore(NodeDatabase.FromArgument(db));
        await users.UpsertAsync(new UserAccount("chief", Role.Administrator, null, null, "Chief administrator"), "a long operator password");
        await users.UpsertAsync(new UserAccount("auditor", Role.Auditor, null, null, "Auditor with a real password"), "another long password");

        await using WebApplication prod = await Start(db, development: false, purge: true);
        using (HttpClient devAdmin = Client(prod, "admin", "landsea-dev"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await devAdmin.GetAsync("/api/me")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await devAdmin.GetAsync("/dev/login/admin")).StatusCode);
        }

        using (HttpClient chief = Client(prod, "chief", "a long operator password"))
        {
            Assert.Equal(HttpStatusCode.OK, (await chief.GetAsync("/api/me")).StatusCode);
        }

        IReadOnlyList<UserAccount> left = await users.ListAsync();
        Assert.Equal(["auditor", "chief"], left.Select(a => a.Username).Order(StringComparer.Ordinal));
        await prod.StopAsync();
    }

    [Fact]
    public async Task A_fresh_production_database_starts_and_has_no_development_login()
    {
        string db = NewDatabase();
        await using WebApplication prod = await Start(db, development: false);
        using HttpClient devAdmin = Client(prod, "admin", "landsea-dev");
        Assert.Equal(HttpStatusCode.Unauthorized, (await devAdmin.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await devAdmin.GetAsync("/dev/login/admin")).StatusCode);
        Assert.Empty(await new UserStore(NodeDatabase.FromArgument(db)).ListAsync());
        await prod.StopAsync();
    }
}
