using System.Data.Common;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Landsea.Data;
using Landsea.Exchange;
using Landsea.Exchange.Receiving;
using Landsea.Exchange.Signing;
using Landsea.Web.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Landsea.Web.Tests.Exchange;

/// <summary>
/// Issue 17 item 2 over real HTTP: <c>POST /exchange/envelopes</c> is rate-limited per source address and per partner (429
/// with Retry-After, on the node's injected clock), refusals and limits are counted in the node's meter, and what was
/// refused becomes one audit entry per source and interval.
/// </summary>
public sealed class ExchangeLimitsTests : IAsyncLifetime
{
    // 10:00:03 UTC: the 10-second windows are aligned to the clock, so 7 s are left in the first.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 10, 0, 3, TimeSpan.Zero));
    private readonly string _db = Path.Combine(Path.GetTempPath(), "landsea-tests", $"web-limits-{Guid.NewGuid():N}.db");
    private WebApplication _app = null!;
    private Uri _base = null!;

    public async Task InitializeAsync()
    {
        _app = await NodeHost.BuildAsync(new NodeOptions { Database = _db, Development = true },
            ["--urls", "http://127.0.0.1:0", "--Exchange:Limits:PerSourceRequests=4", "--Exchange:Limits:PerPartnerRequests=2"],
            b => b.Services.AddSingleton<TimeProvider>(_clock));
        await _app.StartAsync();
        _base = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Envelopes_SourceOverItsLimit_429WithRetryAfterUntilTheWindowEnds_CountedAndSummarised()
    {
        using Counters counters = new(_app);

        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 6; i++)
        {
            using HttpResponseMessage r = await PostAsync("x"u8.ToArray(), "application/json");
            statuses.Add(r.StatusCode);
        }

        using HttpResponseMessage limited = await PostAsync("x"u8.ToArray(), "application/json");
        _clock.Advance(TimeSpan.FromSeconds(7));
        using HttpResponseMessage afterWindow = await PostAsync("x"u8.ToArray(), "application/json");

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.UnprocessableEntity, 4), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), limited.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, afterWindow.StatusCode);
        Assert.Equal(3, counters.Limited("source"));
        Assert.Equal(5, counters.Refused(nameof(ReceiptOutcome.BadEnvelope)));
        await _app.StopAsync(); // flushes the open summary
        List<AuditEntry> audit = await AuditAsync();
        AuditEntry summary = Assert.Single(audit, e => e.Record.Kind == RefusalSummary.AuditKind);
        Assert.Contains("source 127.0.0.1 ", summary.Record.Detail, StringComparison.Ordinal);
        Assert.Contains("5 requests (5 envelopes) refused (BENV 5); 3 over the source rate limit", summary.Record.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(audit, e => e.Record.Kind == "inbound");
    }

    [Fact]
    public async Task Envelopes_PartnerOverItsLimit_429WithRetryAfter_ItsAdmittedRequestsAuditedPerEnvelope()
    {
        using Counters counters = new(_app);
        using NodeIdentity partner = NodeIdentity.Create("SGSIN", "Singapore Customs", TimeProvider.System);
        using HttpClient admin = new() { BaseAddress = _base };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:landsea-dev")));
        (await admin.PostAsJsonAsync("/api/exchange/partners",
            new { code = "SGSIN", name = "Singapore Customs", endpoint = "http://127.0.0.1:1/exchange/envelopes", certificatePem = partner.CertificatePem })).EnsureSuccessStatusCode();

        var statuses = new List<HttpStatusCode>();
        TimeSpan? retryAfter = null;
        for (int i = 0; i < 3; i++)
        {
            var envelope = new Envelope(Guid.NewGuid().ToString("N"), "pre-arrival", "1", "SGSIN", "CNCQI", $"26SG000000000000{i}", 1, DateTimeOffset.UtcNow, "{}"u8.ToArray());
            using HttpResponseMessage r = await PostAsync(EnvelopeCodec.ToWire(EnvelopeCodec.Sign(envelope, partner)), "application/json");
            statuses.Add(r.StatusCode);
            retryAfter = r.Headers.RetryAfter?.Delta ?? retryAfter;
        }

        // No agreement yet: each admitted envelope is refused NAGR, and audited on its own as a partner's traffic is.
        Assert.Equal([HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(TimeSpan.FromSeconds(7), retryAfter);
        Assert.Equal(1, counters.Limited("partner"));
        List<AuditEntry> inbound = (await AuditAsync()).Where(e => e.Record.Kind == "inbound").ToList();
        Assert.Equal(["NAGR", "NAGR"], inbound.Select(e => e.Record.Outcome));
        Assert.All(inbound, e => Assert.Equal("SGSIN", e.Record.Partner));
    }

    private async Task<HttpResponseMessage> PostAsync(byte[] body, string media)
    {
        using var http = new HttpClient { BaseAddress = _base };
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(media);
        return await http.PostAsync("/exchange/envelopes", content);
    }

    private async Task<List<AuditEntry>> AuditAsync()
    {
        await using DbConnection c = await NodeDatabase.FromArgument(_db).OpenAsync(default);
        return await AuditTrail.ReadAllAsync(c, default);
    }

    /// <summary>This node's <c>landsea.exchange.requests.*</c> counters, by tag value.</summary>
    private sealed class Counters : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, long> _values = new(StringComparer.Ordinal);

        public Counters(WebApplication app)
        {
            IMeterFactory factory = app.Services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == NodeMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory)
                    && instrument.Name.StartsWith("landsea.exchange.requests.", StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                lock (_values)
                {
                    string key = instrument.Name + "|" + tags[0].Value;
                    _values[key] = _values.GetValueOrDefault(key) + value;
                }
            });
            _listener.Start();
        }

        public long Limited(string limit) => Get("landsea.exchange.requests.limited|" + limit);

        public long Refused(string outcome) => Get("landsea.exchange.requests.refused|" + outcome);

        public void Dispose() => _listener.Dispose();

        private long Get(string key)
        {
            lock (_values)
            {
                return _values.GetValueOrDefault(key);
            }
        }
    }
}
