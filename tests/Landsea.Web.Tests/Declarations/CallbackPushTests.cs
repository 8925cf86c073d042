using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Landsea.Web.Features.Declarations;
using Landsea.Web.Tests.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Landsea.Web.Tests.Declarations;

/// <summary>
/// Issue 15 item 8: the feed pushed to a callback URL a trader registers, signed by the node's key, in order, once each,
/// retried with growing delays and parked with a reason after repeated failure. The subscriber is a real HTTP server on
/// the loopback address; the node's clock is a fake one the test moves.
/// </summary>
public sealed class CallbackPushTests : IAsyncLifetime
{
    private const string TraderA = "91350100M000100Y43";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly ConcurrentQueue<Received> _received = new();
    private WebApplication _node = null!;
    private WebApplication _subscriber = null!;
    private volatile int _answer = 200;

    private sealed record Received(string Body, string? Signature, string? Delivery);

    public async Task InitializeAsync()
    {
        _node = await SecurityNode.StartAsync("callbacks", ["--Notifications:PushEvery=00:00:00"], b => b.Services.AddSingleton<TimeProvider>(_clock));
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _subscriber = builder.Build();
        _subscriber.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            _received.Enqueue(new Received(await reader.ReadToEndAsync(), request.Headers["Landsea-Signature"], request.Headers["Landsea-Delivery"]));
            return Results.StatusCode(_answer);
        });
        await _subscriber.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _node.StopAsync();
        await _node.DisposeAsync();
        await _subscriber.StopAsync();
        await _subscriber.DisposeAsync();
    }

    private string HookUrl => new Uri(new Uri(_subscriber.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()), "/hook").AbsoluteUri;

    private CallbackPusher Pusher => _node.Services.GetRequiredService<CallbackPusher>();

    private async Task<string> LodgeAsync(string reference)
    {
        string json = $$"""
            {"functionalReference": "{{reference}}", "typeCode": "EXA", "functionCode": "9",
             "declarant": {"id": "{{TraderA}}", "name": "Trader"}, "exporter": {"id": "{{TraderA}}", "country": "CN"},
             "officeCode": "CN800001", "exportCountry": "CN", "destinationCountry": "SG", "transportMode": "2",
             "invoice": {"amount": 100, "currency": "CNY"},
             "items": [{"sequence": 1, "commodityCode": "847130", "description": "Laptops", "originCountry": "CN",
                        "amount": {"amount": 100, "currency": "CNY"}, "grossMassKg": 12, "netMassKg": 10}]}
            """;
        HttpResponseMessage response = await SecurityNode.Basic(_node, "trader.a").PostAsync("/api/declarations", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("mrn").GetString()!;
    }

    private async Task<JsonElement> RegisterAsync()
    {
        HttpResponseMessage response = await SecurityNode.Basic(_node, "trader.a").PutAsJsonAsync("/api/notifications/callback", new { url = HookUrl });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private async Task<JsonElement> StateAsync() =>
        JsonDocument.Parse(await SecurityNode.Basic(_node, "trader.a").GetStringAsync("/api/notifications/callback")).RootElement;

    private static List<(long Cursor, string Mrn, string Event)> Entries(Received post) =>
        [.. JsonDocument.Parse(post.Body).RootElement.GetProperty("items").EnumerateArray()
            .Select(e => (e.GetProperty("cursor").GetInt64(), e.GetProperty("mrn").GetString()!, e.GetProperty("event").GetString()!))];

    [Fact]
    public async Task Push_PostsTheTradersNewEntriesInOrder_SignedByTheNodesKey_ThenNothingTwice()
    {
        await RegisterAsync();
        string first = await LodgeAsync("PUSH-1");
        string second = await LodgeAsync("PUSH-2");
        string other = await LodgeAsync2AsOfficerAsync();

        Assert.Equal(1, await Pusher.RunOnceAsync(_clock.GetUtcNow()));
        Assert.Equal(0, await Pusher.RunOnceAsync(_clock.GetUtcNow()));

        Received post = Assert.Single(_received);
        var entries = Entries(post);
        Assert.Equal([(first, "Received"), (first, "Accepted"), (second, "Received"), (second, "Accepted")], entries.Select(e => (e.Mrn, e.Event)));
        Assert.Equal(entries.Select(e => e.Cursor).Order(), entries.Select(e => e.Cursor));
        Assert.DoesNotContain(other, post.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("officer.cq", post.Body, StringComparison.Ordinal);
        Assert.True(await SignatureVerifiesAsync(post), "the Landsea-Signature header verifies over the body with the node's certificate");
        Assert.False(await SignatureVerifiesAsync(post with { Body = post.Body.Replace("Accepted", "Released", StringComparison.Ordinal) }), "a changed body does not verify");
        JsonElement state = await StateAsync();
        Assert.Equal(entries[^1].Cursor, state.GetProperty("deliveredCursor").GetInt64());
        Assert.Equal(4, state.GetProperty("deliveredCount").GetInt64());
    }

    [Fact]
    public async Task SubscriberDown_RetriedAfterGrowingDelays_ThenGetsTheSameEntriesOnceItAnswers()
    {
        await RegisterAsync();
        string mrn = await LodgeAsync("PUSH-DOWN-1");
        _answer = 503;

        await Pusher.RunOnceAsync(_clock.GetUtcNow());
        JsonElement afterOne = await StateAsync();
        await Pusher.RunOnceAsync(_clock.GetUtcNow().AddSeconds(4)); // not due yet: the first retry waits 5 s
        int postsWhileBackingOff = _received.Count;
        _clock.Advance(TimeSpan.FromSeconds(5));
        await Pusher.RunOnceAsync(_clock.GetUtcNow());
        JsonElement afterTwo = await StateAsync();
        _answer = 200;
        _clock.Advance(TimeSpan.FromSeconds(10));
        await Pusher.RunOnceAsync(_clock.GetUtcNow());
        await Pusher.RunOnceAsync(_clock.GetUtcNow());

        Assert.Equal(1, afterOne.GetProperty("failures").GetInt32());
        Assert.Equal("HTTP 503 Service Unavailable", afterOne.GetProperty("lastError").GetString());
        Assert.Equal(_clock.Start.AddSeconds(5), afterOne.GetProperty("nextAttemptAt").GetDateTimeOffset());
        Assert.Equal(1, postsWhileBackingOff);
        Assert.Equal(_clock.Start.AddSeconds(15), afterTwo.GetProperty("nextAttemptAt").GetDateTimeOffset());
        Received[] posts = [.. _received];
        Assert.Equal(3, posts.Length);
        Assert.All(posts, p => Assert.Equal(posts[0].Body, p.Body)); // the same page each time, until it is answered 2xx
        Assert.All(posts, p => Assert.Equal(posts[0].Delivery, p.Delivery));
        Assert.Equal([(mrn, "Received"), (mrn, "Accepted")], Entries(posts[^1]).Select(e => (e.Mrn, e.Event)));
        Assert.Equal(0, (await StateAsync()).GetProperty("failures").GetInt32());
    }

    [Fact]
    public async Task RepeatedFailure_ParksWithAReason_UntilResumed()
    {
        await RegisterAsync();
        await LodgeAsync("PUSH-PARK-1");
        _answer = 500;
        for (int i = 0; i < 12; i++)
        {
            await Pusher.RunOnceAsync(_clock.GetUtcNow());
            _clock.Advance(TimeSpan.FromMinutes(20));
        }

        JsonElement parked = await StateAsync();
        await Pusher.RunOnceAsync(_clock.GetUtcNow().AddDays(1));
        int postsWhileParked = _received.Count;
        _answer = 200;
        HttpResponseMessage resumed = await SecurityNode.Basic(_node, "trader.a").PostAsync("/api/notifications/callback/resume", null);
        await Pusher.RunOnceAsync(_clock.GetUtcNow());

        Assert.True(parked.GetProperty("parked").GetBoolean());
        Assert.Contains("12 deliveries failed in a row; the last: HTTP 500", parked.GetProperty("parkedReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(12, postsWhileParked);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.Equal(13, _received.Count);
        Assert.False((await StateAsync()).GetProperty("parked").GetBoolean());
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://example.org/hook")]
    [InlineData("http://example.org/hook")] // plain HTTP off the loopback address (this node is a development node, which allows it)
    [InlineData("https://user:secret@example.org/hook")]
    public async Task BadUrl_400NamingUrl_WithLS610_AndNothingRegistered(string url)
    {
        HttpResponseMessage response = await SecurityNode.Basic(_node, "trader.b").PutAsJsonAsync("/api/notifications/callback", new { url });
        HttpResponseMessage none = await SecurityNode.Basic(_node, "trader.b").GetAsync("/api/notifications/callback");

        if (url.StartsWith("http://", StringComparison.Ordinal))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return;
        }

        JsonElement problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("LS610", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("url", out _));
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal("LS611", JsonDocument.Parse(await none.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
    }

    private async Task<string> LodgeAsync2AsOfficerAsync()
    {
        string json = """
            {"functionalReference": "PUSH-OTHER", "typeCode": "EXA", "functionCode": "9",
             "declarant": {"id": "91110000600037341L", "name": "Other"}, "exporter": {"id": "91110000600037341L", "country": "CN"},
             "officeCode": "CN800001", "exportCountry": "CN", "destinationCountry": "SG", "transportMode": "2",
             "invoice": {"amount": 100, "currency": "CNY"},
             "items": [{"sequence": 1, "commodityCode": "847130", "description": "Laptops", "originCountry": "CN",
                        "amount": {"amount": 100, "currency": "CNY"}, "grossMassKg": 12, "netMassKg": 10}]}
            """;
        HttpResponseMessage response = await SecurityNode.Basic(_node, "officer.cq").PostAsync("/api/declarations", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("mrn").GetString()!;
    }

    /// <summary>Verifies the detached JWS as a subscriber would: the body's base64url between the dots, ES256 with the certificate from /exchange/identity.</summary>
    private async Task<bool> SignatureVerifiesAsync(Received post)
    {
        string pem = JsonDocument.Parse(await SecurityNode.Basic(_node, "trader.a").GetStringAsync("/exchange/identity")).RootElement.GetProperty("certificatePem").GetString()!;
        using X509Certificate2 certificate = X509Certificate2.CreateFromPem(pem);
        using ECDsa key = certificate.GetECDsaPublicKey()!;
        string[] parts = post.Signature!.Split('.');
        Assert.Equal(3, parts.Length);
        Assert.Equal("", parts[1]);
        JsonElement header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])).RootElement;
        Assert.Equal("ES256", header.GetProperty("alg").GetString());
        Assert.Equal("landsea-notification+jws", header.GetProperty("typ").GetString());
        string input = parts[0] + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(post.Body));
        return key.VerifyData(Encoding.ASCII.GetBytes(input), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}
