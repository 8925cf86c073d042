using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Landsea.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Landsea.Web.Tests.Security;

/// <summary>A development node on its own SQLite file, with clients that sign in by cookie the way a browser does.</summary>
internal static partial class SecurityNode
{
    public static async Task<WebApplication> StartAsync(string name, string[]? args = null, Action<WebApplicationBuilder>? configure = null)
    {
        string db = NewDatabase(name);
        WebApplication app = await NodeHost.BuildAsync(new NodeOptions { Database = db, Development = true }, ["--urls", "http://127.0.0.1:0", .. args ?? []], configure);
        await app.StartAsync();
        return app;
    }

    /// <summary>A SQLite file in a directory of its own, so that each node keeps its own exchange identity beside it.</summary>
    public static string NewDatabase(string name)
    {
        string directory = Path.Combine(Path.GetTempPath(), "landsea-tests", $"security-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, "node.db");
    }

    public static Uri Address(WebApplication app) => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static HttpClient Basic(WebApplication app, string user, string password = "landsea-dev")
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Address(app) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return http;
    }

    /// <summary>A browser-like client (cookies kept, redirects not followed), signed in through the development login.</summary>
    public static async Task<HttpClient> CookieAsync(WebApplication app, string user)
    {
        var http = Anonymous(app);
        HttpResponseMessage login = await http.GetAsync($"/dev/login/{user}?returnUrl=/declarations");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return http;
    }

    public static HttpClient Anonymous(WebApplication app) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = Address(app) };

    /// <summary>The antiforgery token of the first post form of a page.</summary>
    public static string TokenOf(string page)
    {
        Match m = Token().Match(page);
        Assert.True(m.Success, "the page has no antiforgery field");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
