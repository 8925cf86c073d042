using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Landsea.Data.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Landsea.Web.Tests.Security;

/// <summary>Issue 16 item 4: repeated failed sign-ins lock the user name, or the source address, for a while; recorded with address and time; the clock is the node's (fake here).</summary>
public sealed class SignInThrottlingTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
    private WebApplication _app = null!;

    public async Task InitializeAsync() => _app = await SecurityNode.StartAsync("throttle", ["--SignIn:MaxFailuresPerAddress=8"], b => b.Services.AddSingleton<TimeProvider>(_clock));

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Basic_FiveFailures_LockedWith429LS801_EvenTheRightPassword_OpenAfterFifteenMinutes()
    {
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SecurityNode.Basic(_app, "officer.cq", "guess" + i).GetAsync("/api/me")).StatusCode);
            _clock.Advance(TimeSpan.FromSeconds(30));
        }

        HttpResponseMessage locked = await SecurityNode.Basic(_app, "officer.cq").GetAsync("/api/me");
        _clock.Advance(TimeSpan.FromMinutes(13)); // the last failure was 30 s ago: 13.5 min of the 15 have passed
        HttpResponseMessage stillLocked = await SecurityNode.Basic(_app, "officer.cq").GetAsync("/api/me");
        HttpResponseMessage otherUser = await SecurityNode.Basic(_app, "officer.qz").GetAsync("/api/me");
        _clock.Advance(TimeSpan.FromMinutes(2));
        HttpResponseMessage open = await SecurityNode.Basic(_app, "officer.cq").GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal("LS801", (await locked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(TimeSpan.FromMinutes(14.5), locked.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.TooManyRequests, stillLocked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherUser.StatusCode);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);

        IReadOnlyList<(string Username, string Address, DateTimeOffset At, string Outcome)> record =
            await _app.Services.GetRequiredService<SignInAttempts>().ListAsync("officer.cq");
        Assert.Equal(5, record.Count(r => r.Outcome == SignInAttempts.Failed));
        Assert.Equal(2, record.Count(r => r.Outcome == SignInAttempts.Refused));
        Assert.All(record, r => Assert.Equal("127.0.0.1", r.Address));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero), record.Min(r => r.At));
    }

    [Fact]
    public async Task LoginForm_FiveFailures_LockedPage429_ThenSignsIn()
    {
        using HttpClient browser = SecurityNode.Anonymous(_app);
        async Task<HttpResponseMessage> SignIn(string password)
        {
            string token = SecurityNode.TokenOf(await browser.GetStringAsync("/login"));
            return await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["username"] = "auditor", ["password"] = password, ["__RequestVerificationToken"] = token,
            }));
        }

        for (int i = 0; i < 5; i++)
        {
            HttpResponseMessage wrong = await SignIn("wrong" + i);
            Assert.Contains("wrong password", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        HttpResponseMessage locked = await SignIn("landsea-dev");
        _clock.Advance(TimeSpan.FromMinutes(15));
        HttpResponseMessage signedIn = await SignIn("landsea-dev");

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Contains("LS801", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    [Fact]
    public async Task ManyUserNamesFromOneAddress_LockTheAddress()
    {
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SecurityNode.Basic(_app, $"nobody{i}", "guess").GetAsync("/api/me")).StatusCode);
        }

        HttpResponseMessage locked = await SecurityNode.Basic(_app, "trader.uk").GetAsync("/api/me");
        _clock.Advance(TimeSpan.FromMinutes(16));
        HttpResponseMessage open = await SecurityNode.Basic(_app, "trader.uk").GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
    }

    [Fact]
    public void LockedUntil_FailuresSpreadWiderThanTheWindow_NotLocked()
    {
        DateTimeOffset now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
        DateTimeOffset[] close = [now, now.AddMinutes(-1), now.AddMinutes(-2), now.AddMinutes(-3), now.AddMinutes(-4)];
        DateTimeOffset[] spread = [now, now.AddMinutes(-1), now.AddMinutes(-2), now.AddMinutes(-3), now.AddMinutes(-16)];

        Assert.Equal(now.AddMinutes(15), SignInAttempts.LockedUntil(close, 5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15), now));
        Assert.Null(SignInAttempts.LockedUntil(spread, 5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15), now));
        Assert.Null(SignInAttempts.LockedUntil(close[..4], 5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15), now));
        Assert.Null(SignInAttempts.LockedUntil(close, 5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15), now.AddMinutes(15)));
    }

    [Fact]
    public void ErrorCodesDoc_ListsEverySecurityCode()
    {
        string doc = File.ReadAllText(Landsea.Tests.Repository.Path("docs", "error-codes.md"));
        foreach ((string code, string name, _) in Landsea.Shared.SecurityErrorCodes.All)
        {
            Assert.Contains($"| {code} | {name} |", doc, StringComparison.Ordinal);
        }

        Assert.Equal(Landsea.Shared.SecurityErrorCodes.All.Count, typeof(Landsea.Shared.SecurityErrorCodes).GetFields().Count(f => f.IsLiteral));
    }
}
