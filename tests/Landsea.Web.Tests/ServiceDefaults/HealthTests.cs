using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Landsea.Data;
using Landsea.Web.Features.Exchange;
using Landsea.Web.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Landsea.Web.Tests.ServiceDefaults;

/// <summary>Each test runs its own node (one SQLite file each): some of them stop a loop.</summary>
public sealed class HealthTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private Uri _address = null!;

    public async Task InitializeAsync()
    {
        string db = Path.Combine(Path.GetTempPath(), "landsea-tests", $"health-{Guid.NewGuid():N}.db");
        _app = await NodeHost.BuildAsync(new NodeOptions { Database = db, Development = true }, ["--urls", "http://127.0.0.1:0"]);
        await _app.StartAsync();
        string address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _address = new Uri(address);
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private HttpClient Http() => new() { BaseAddress = _address };

    [Fact]
    public async Task Live_RunningNode_Healthy()
    {
        using HttpClient http = Http();
        HttpResponseMessage live = await http.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_RunningNode_HealthyAndHealthStillAnswers()
    {
        using HttpClient http = Http();
        HttpResponseMessage ready = await http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
        Assert.Contains("\"status\":\"ok\"", await http.GetStringAsync("/health"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_DeliveryLoopStopped_UnhealthyWhileLiveStaysHealthy()
    {
        // Was flaky: the loop could still be "not started" when stopped (a background service's ExecuteAsync runs on the thread
        // pool after StartAsync returns). Stopping the service now marks a loop that never started "stopped" as well.
        using HttpClient http = Http();
        ExchangeSender sender = _app.Services.GetServices<IHostedService>().OfType<ExchangeSender>().Single();
        await sender.StopAsync(CancellationToken.None);

        HttpResponseMessage ready = await http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("stopped", _app.Services.GetRequiredService<BackgroundLoops>().States[ExchangeSender.LoopName]);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Ready_HandOverLoopStopped_Unhealthy()
    {
        using HttpClient http = Http();
        ExchangeHandOver handOver = _app.Services.GetServices<IHostedService>().OfType<ExchangeHandOver>().Single();
        await handOver.StopAsync(CancellationToken.None);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public void Loops_NeverStartedThenServiceStopped_StoppedNotNotStarted()
    {
        var loops = new BackgroundLoops(TimeProvider.System);
        loops.Expect("x");

        loops.ServiceStopped("x");

        Assert.Equal(BackgroundLoops.StoppedState, loops.States["x"]);
    }

    [Fact]
    public void Loops_NoPassWithinBound_StuckUntilTheNextPass()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
        var loops = new BackgroundLoops(clock);
        loops.Expect("x", TimeSpan.FromMinutes(1));
        loops.Expect("unbounded");
        loops.Started("x");
        loops.Started("unbounded");

        clock.Advance(TimeSpan.FromSeconds(59));
        string withinBound = loops.States["x"];
        loops.Passed("x");
        clock.Advance(TimeSpan.FromSeconds(61));
        string afterBound = loops.States["x"];
        loops.Passed("x");

        Assert.Equal(BackgroundLoops.Running, withinBound);
        Assert.Equal("stuck: no pass for 61 s (bound 60 s)", afterBound);
        Assert.Equal(BackgroundLoops.Running, loops.States["x"]);
        Assert.Equal(BackgroundLoops.Running, loops.States["unbounded"]);
    }

    [Fact]
    public async Task Issue_17_Ready_HandOverLoopStuck_UnhealthyNamingTheLoop()
    {
        // The hand-over loop waits an hour between passes here, so no pass comes while the node's clock moves 10 minutes on.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        string db = Path.Combine(Path.GetTempPath(), "landsea-tests", $"health-stuck-{Guid.NewGuid():N}.db");
        WebApplication app = await NodeHost.BuildAsync(new NodeOptions { Database = db, Development = true },
            ["--urls", "http://127.0.0.1:0", "--Exchange:HandOverPoll=01:00:00", "--Exchange:LoopStuckAfter=00:05:00"],
            b => b.Services.AddSingleton<TimeProvider>(clock));
        await app.StartAsync();
        try
        {
            BackgroundLoops loops = app.Services.GetRequiredService<BackgroundLoops>();
            using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
            await WaitUntilAsync(() => loops.States[ExchangeHandOver.LoopName] == BackgroundLoops.Running && loops.States[ExchangeSender.LoopName] == BackgroundLoops.Running);
            HttpResponseMessage before = await http.GetAsync("/health/ready");

            clock.Advance(TimeSpan.FromMinutes(10));
            HttpResponseMessage after = await http.GetAsync("/health/ready");

            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, after.StatusCode);
            Assert.StartsWith("stuck: no pass for 600 s", loops.States[ExchangeHandOver.LoopName], StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        DateTime until = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "timed out waiting for the loops to run");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task DatabaseCheck_UnreachablePostgres_Unhealthy()
    {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        var check = new DatabaseHealthCheck(NodeDatabase.FromArgument("Host=127.0.0.1;Port=1;Username=landsea;Password=landsea;Database=landsea;Timeout=3"));

        HealthCheckResult result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("Postgres database unreachable", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DatabaseCheck_NodeDatabase_Healthy()
    {
        var check = new DatabaseHealthCheck(_app.Services.GetRequiredService<NodeDatabase>());

        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    [Fact]
    public async Task Lodge_AcceptedDeclaration_RecordsLodgedMetric()
    {
        using HttpClient http = Http();
        IMeterFactory factory = _app.Services.GetRequiredService<IMeterFactory>();
        long lodged = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this node's meter: other tests' nodes in the same process publish the same instrument names.
            if (instrument.Meter.Name == NodeMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name == "landsea.declarations.lodged")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref lodged, value));
        listener.Start();
        using var content = new StringContent(File.ReadAllText(Path.Combine(NodeFixture.Samples, "TT_IM101a", "TT_IM101a.xml")), Encoding.UTF8, "application/xml");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("officer.cq:landsea-dev")));

        HttpResponseMessage response = await http.PostAsync("/api/declarations", content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, Interlocked.Read(ref lodged));
    }
}
