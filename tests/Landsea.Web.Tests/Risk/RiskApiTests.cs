using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Landsea.Data.Declarations;
using Landsea.Exchange.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Landsea.Web.Tests.Risk;

/// <summary>A real node on a loopback port with its own SQLite file and an extra outcome sink that records what it receives.</summary>
public sealed class RiskNodeFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public CapturingSink Sink { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        string db = Path.Combine(Path.GetTempPath(), "landsea-tests", $"web-risk-{Guid.NewGuid():N}.db");
        _app = await NodeHost.BuildAsync(new NodeOptions { Database = db, Development = true }, ["--urls", "http://127.0.0.1:0"],
            b => b.Services.AddSingleton<IInspectionOutcomeSink>(Sink));
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>A rule that puts every declaration with an HS code under <paramref name="prefix"/> in <paramref name="channel"/> (kept when it exists already).</summary>
    public async Task EnsureRuleAsync(string id, string prefix, string channel)
    {
        HttpResponseMessage rule = await Client("officer.cq").PostAsync("/api/risk/rules", new StringContent($$"""
            {"id": "{{id}}", "title": "Test rule {{channel}} {{prefix}}", "validFrom": "2020-01-01", "conditions": {"hsPrefixes": ["{{prefix}}"]}, "fixedChannel": "{{channel}}"}
            """, Encoding.UTF8, "application/json"));
        Assert.True(rule.StatusCode is System.Net.HttpStatusCode.Created or System.Net.HttpStatusCode.Conflict, await rule.Content.ReadAsStringAsync());
    }

    /// <summary>An import of one goods item under <paramref name="commodity"/>, lodged by officer.cq for trader 91350100M000100Y43 at CN800001; its MRN.</summary>
    public async Task<string> LodgeImportAsync(string reference, string commodity)
    {
        string json = $$"""
            {"functionalReference": "{{reference}}", "typeCode": "IMA", "functionCode": "9", "issuedAt": "2026-11-26T08:00:00Z",
             "declarant": {"id": "91350100M000100Y43", "name": "Chongqing Yangtze Trading Co."},
             "importer": {"id": "91350100M000100Y43", "name": "Importer", "country": "CN"}, "exporter": {"name": "Seller", "country": "VN"},
             "officeCode": "CN800001", "exportCountry": "VN", "destinationCountry": "CN", "transportMode": "3",
             "invoice": {"amount": 800, "currency": "CNY"},
             "items": [{"sequence": 1, "commodityCode": "{{commodity}}", "description": "Goods", "originCountry": "VN",
                        "amount": {"amount": 800, "currency": "CNY"}, "grossMassKg": 12, "netMassKg": 10}]}
            """;
        HttpResponseMessage response = await Client("officer.cq").PostAsync("/api/declarations", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("mrn").GetString()!;
    }

    public HttpClient Client(string user)
    {
        var http = new HttpClient { BaseAddress = BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:landsea-dev")));
        return http;
    }

    public sealed class CapturingSink : IInspectionOutcomeSink
    {
        private readonly List<InspectionOutcome> _received = [];

        public IReadOnlyList<InspectionOutcome> Received
        {
            get
            {
                lock (_received)
                {
                    return [.. _received];
                }
            }
        }

        public Task RecordAsync(UnitOfWork work, InspectionOutcome outcome, CancellationToken ct)
        {
            lock (_received)
            {
                _received.Add(outcome);
            }

            return Task.CompletedTask;
        }
    }
}

public class RiskApiTests(RiskNodeFixture node) : IClassFixture<RiskNodeFixture>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> Read(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task<string> LodgeAsync(string reference, string commodity = "847130", string importer = "91350100M000100Y43")
    {
        string json = $$"""
            {"functionalReference": "{{reference}}", "typeCode": "IMA", "functionCode": "9", "issuedAt": "2026-11-26T08:00:00Z",
             "declarant": {"id": "91350100M000100Y43", "name": "Chongqing Yangtze Trading Co."},
             "importer": {"id": "{{importer}}", "name": "Importer", "country": "CN"}, "exporter": {"name": "Seller", "country": "VN"},
             "officeCode": "CN800001", "exportCountry": "VN", "destinationCountry": "CN", "transportMode": "3",
             "invoice": {"amount": 1200.50, "currency": "CNY"},
             "items": [{"sequence": 1, "commodityCode": "{{commodity}}", "description": "Goods", "originCountry": "VN",
                        "amount": {"amount": 1200.50, "currency": "CNY"}, "grossMassKg": 120, "netMassKg": 100}]}
            """;
        HttpResponseMessage response = await node.Client("officer.cq").PostAsync("/api/declarations", Json(json));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Read(response)).GetProperty("mrn").GetString()!;
    }

    [Fact]
    public async Task Rules_CreateEditRead_RoundTripWithVersionsAndAuthor()
    {
        HttpClient officer = node.Client("officer.cq");
        HttpResponseMessage created = await officer.PostAsync("/api/risk/rules", Json("""
            {"id": "RT-1", "title": "Laptops from VN", "validFrom": "2026-01-01", "validTo": "2026-12-31",
             "conditions": {"hsPrefixes": ["8471"], "originCountries": ["VN"]}, "weight": 0.3}
            """));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        JsonElement v1 = await Read(created);
        Assert.Equal("officer.cq", v1.GetProperty("author").GetString());
        Assert.Equal(1, v1.GetProperty("version").GetInt32());

        HttpResponseMessage edited = await node.Client("officer.qz").PutAsync("/api/risk/rules/RT-1", Json("""
            {"title": "Laptops from VN", "validFrom": "2026-01-01", "conditions": {"hsPrefixes": ["8471"]}, "fixedChannel": "Yellow"}
            """));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);

        JsonElement versions = await Read(await node.Client("auditor").GetAsync("/api/risk/rules/RT-1"));
        Assert.Equal(2, versions.GetArrayLength());
        Assert.Equal(0.3, versions[0].GetProperty("rule").GetProperty("weight").GetDouble());
        Assert.Equal("Yellow", versions[1].GetProperty("rule").GetProperty("fixedChannel").GetString());
        Assert.Equal("officer.qz", versions[1].GetProperty("rule").GetProperty("author").GetString());
        JsonElement current = await Read(await officer.GetAsync("/api/risk/rules"));
        Assert.Contains(current.EnumerateArray(), r => r.GetProperty("id").GetString() == "RT-1" && r.GetProperty("version").GetInt32() == 2);
    }

    [Fact]
    public async Task Rules_Invalid_BadRequestNamingTheField()
    {
        HttpResponseMessage response = await node.Client("officer.cq").PostAsync("/api/risk/rules", Json("""
            {"id": "BAD-1", "title": "t", "validFrom": "2026-01-01", "conditions": {"hsPrefixes": ["8"], "originCountries": ["vietnam"]}, "weight": 1.5}
            """));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement errors = (await Read(response)).GetProperty("errors");
        Assert.Contains("not in (0, 1]", errors.GetProperty("weight")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("conditions.hsPrefixes[0]", out _));
        Assert.True(errors.TryGetProperty("conditions.originCountries[0]", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await node.Client("officer.cq").GetAsync("/api/risk/rules/BAD-1")).StatusCode);
    }

    [Fact]
    public async Task Rules_UnknownFieldOrTrader_Refused()
    {
        HttpResponseMessage unknown = await node.Client("officer.cq").PostAsync("/api/risk/rules", Json("""
            {"id": "BAD-2", "title": "t", "validFrom": "2026-01-01", "conditions": {"hsPrefixes": ["84"]}, "weight": 0.5, "colour": "red"}
            """));
        HttpResponseMessage trader = await node.Client("trader.a").PostAsync("/api/risk/rules", Json("{}"));

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await Read(unknown)).GetProperty("errors").TryGetProperty("colour", out _));
        Assert.Equal(HttpStatusCode.Forbidden, trader.StatusCode);
    }

    [Fact]
    public async Task Accepted_WithFixedRedRule_DecisionInApiAndOnPage()
    {
        HttpClient officer = node.Client("officer.cq");
        HttpResponseMessage rule = await officer.PostAsync("/api/risk/rules", Json("""
            {"id": "WATCH-1", "title": "Importer under investigation", "validFrom": "2020-01-01",
             "conditions": {"traders": ["91110000600037341L"]}, "fixedChannel": "Red"}
            """));
        Assert.Equal(HttpStatusCode.Created, rule.StatusCode);

        string mrn = await LodgeAsync("RISK-RED-1", importer: "91110000600037341L");
        JsonElement decision = (await Read(await officer.GetAsync($"/api/declarations/{mrn}/risk"))).GetProperty("decision");
        string page = await officer.GetStringAsync($"/declarations/{mrn}");

        Assert.Equal("Red", decision.GetProperty("channel").GetString());
        Assert.Equal("Rule", decision.GetProperty("basis").GetString());
        Assert.False(decision.TryGetProperty("modelId", out _)); // no model promoted: rules only
        Assert.Contains(decision.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("text").GetString()!.StartsWith("WATCH-1 v1 'Importer under investigation' by officer.cq", StringComparison.Ordinal));
        Assert.Contains("id=\"risk-channel\"", page, StringComparison.Ordinal);
        Assert.Contains(">Red</span>", page, StringComparison.Ordinal);
        Assert.Contains("WATCH-1 v1", page, StringComparison.Ordinal);
        Assert.Contains("rules only (no model promoted)", page, StringComparison.Ordinal);
        Assert.Contains("id=\"risk-outcome-form\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await node.Client("trader.b").GetAsync($"/api/declarations/{mrn}/risk")).StatusCode);
        Assert.DoesNotContain("id=\"risk\"", await node.Client("trader.b").GetStringAsync($"/declarations/{mrn}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outcome_RecordedByOfficer_StoredShownAndSentToEverySink()
    {
        string mrn = await LodgeAsync("RISK-OUT-1");
        HttpClient officer = node.Client("officer.cq");

        HttpResponseMessage recorded = await officer.PostAsync($"/api/declarations/{mrn}/outcomes", Json("""{"found": true, "what": "500 undeclared units"}"""));
        HttpResponseMessage missing = await officer.PostAsync($"/api/declarations/{mrn}/outcomes", Json("""{"what": "?"}"""));
        HttpResponseMessage byAuditor = await node.Client("auditor").PostAsync($"/api/declarations/{mrn}/outcomes", Json("""{"found": false}"""));

        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True((await Read(missing)).GetProperty("errors").TryGetProperty("found", out _));
        Assert.Equal(HttpStatusCode.Forbidden, byAuditor.StatusCode);
        InspectionOutcome sent = Assert.Single(node.Sink.Received, o => o.Mrn == mrn);
        Assert.True(sent.Found);
        Assert.Equal("CN800001", sent.Source);
        Assert.False(sent.FromPartner);
        JsonElement outcomes = (await Read(await officer.GetAsync($"/api/declarations/{mrn}/risk"))).GetProperty("outcomes");
        Assert.Equal("500 undeclared units", Assert.Single(outcomes.EnumerateArray()).GetProperty("what").GetString());
        Assert.Contains("500 undeclared units", await officer.GetStringAsync($"/declarations/{mrn}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RulesPage_InvalidForm_ShowsProblemsByField()
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id"] = "PAGE-1", ["title"] = "From the page", ["validFrom"] = "2026-01-01", ["weight"] = "lots", ["hsPrefixes"] = "61",
        });

        string page = await (await node.Client("officer.cq").PostAsync("/risk/rules", form)).Content.ReadAsStringAsync();

        Assert.Contains("id=\"rule-problems\"", page, StringComparison.Ordinal);
        Assert.Contains("<strong>weight</strong>: &#39;lots&#39; is not a number", page, StringComparison.Ordinal);
    }
}
