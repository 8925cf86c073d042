using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dapper;
using Landsea.Data;
using Landsea.Web.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Landsea.Web.Tests.ServiceDefaults;

/// <summary>
/// Issue 17 item 7: with the database unwritable, lodging answers 503 with a reason and Retry-After (not a bare 500) and the
/// node is not ready until the database takes writes again. Faults are simulated with the database's connection hook
/// (<see cref="NodeDatabase.OnOpened"/>): the tests run as root, where a read-only file mode would not stop a write.
/// </summary>
public sealed class StorageFaultTests : IAsyncLifetime, IDisposable
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private WebApplication _app = null!;
    private int _lodged;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        string db = Path.Combine(Path.GetTempPath(), "landsea-tests", $"storage-{Guid.NewGuid():N}.db");
        _app = await NodeHost.BuildAsync(new NodeOptions { Database = db, Development = true }, ["--urls", "http://127.0.0.1:0"],
            b => b.Services.AddSingleton<TimeProvider>(_clock));
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("officer.cq:landsea-dev")));
    }

    public void Dispose() => _http.Dispose();

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private NodeDatabase Db => _app.Services.GetRequiredService<NodeDatabase>();

    private async Task<HttpResponseMessage> LodgeAsync()
    {
        // A new functional reference each time: the same document again is an idempotent duplicate that writes nothing.
        string xml = File.ReadAllText(Path.Combine(NodeFixture.Samples, "TT_IM101a", "TT_IM101a.xml"))
            .Replace("U.78477672K77G", $"U.{Interlocked.Increment(ref _lodged):D8}K77G", StringComparison.Ordinal);
        using var content = new StringContent(xml, Encoding.UTF8, "application/xml");
        return await _http.PostAsync("/api/declarations", content);
    }

    private async Task<long> DeclarationsAsync()
    {
        await using DbConnection c = await Db.OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM declarations");
    }

    [Fact]
    public async Task Issue_17_Lodge_DatabaseReadOnly_503WithReasonAndRetryAfter_NotReadyUntilWritableAgain()
    {
        // Symptom: with the database file unwritable, lodging answered a generic 500 while /health said ok. (The hook acts on
        // connections opened after it is set: the declaration writer opens its own on the first lodging.)
        Db.OnOpened = (c, ct) => c.ExecuteAsync(new CommandDefinition("PRAGMA query_only = ON", cancellationToken: ct));

        using HttpResponseMessage refused = await LodgeAsync();
        using HttpResponseMessage notReady = await _http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(30), refused.Headers.RetryAfter?.Delta);
        using (JsonDocument problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()))
        {
            Assert.Equal("database is read-only (SQLITE_READONLY)", problem.RootElement.GetProperty("reason").GetString());
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        var check = new DatabaseHealthCheck(Db, _app.Services.GetRequiredService<StorageFaults>());
        Assert.Contains("cannot take writes: database is read-only", (await check.CheckHealthAsync(new())).Description, StringComparison.Ordinal);

        // Writable again (pooled connections keep their pragma: turned off explicitly): ready once Retry-After has passed.
        Db.OnOpened = (c, ct) => c.ExecuteAsync(new CommandDefinition("PRAGMA query_only = OFF", cancellationToken: ct));
        HttpStatusCode tooSoon = (await _http.GetAsync("/health/ready")).StatusCode;
        _clock.Advance(StorageFaults.RetryAfter);
        HttpStatusCode afterRetryAfter = (await _http.GetAsync("/health/ready")).StatusCode;
        HttpStatusCode lodgedAgain = (await LodgeAsync()).StatusCode;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, tooSoon);
        Assert.Equal(HttpStatusCode.OK, afterRetryAfter);
        Assert.Equal(HttpStatusCode.Created, lodgedAgain);
        Assert.Equal(1L, await DeclarationsAsync());
    }

    [Fact]
    public async Task Issue_17_Lodge_DiskFull_503WithReasonAndRetryAfter_NothingKept()
    {
        // A full disk: the database may not grow by a single page (pooled connections get the limit on their next open).
        Db.OnOpened = async (c, ct) =>
        {
            long pages = await c.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA page_count", cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition($"PRAGMA max_page_count = {pages}", cancellationToken: ct));
        };

        using HttpResponseMessage refused = await LodgeAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("SQLITE_FULL", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _http.GetAsync("/health/ready")).StatusCode);
        Db.OnOpened = (c, ct) => c.ExecuteAsync(new CommandDefinition("PRAGMA max_page_count = 4294967294", cancellationToken: ct));
        Assert.Equal(0L, await DeclarationsAsync());
        HttpResponseMessage again = await LodgeAsync();
        Assert.True(again.StatusCode == HttpStatusCode.Created, await again.Content.ReadAsStringAsync());
    }
}
