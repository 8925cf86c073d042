using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Landsea.Web.Tests.Declarations;

/// <summary>Issue 15, item 8: a per-account feed of status changes with a cursor, acknowledged by cursor; ETag on reads.</summary>
public class FeedTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private const string TraderA = "91350100M000100Y43";

    private static async Task<JsonElement> Read(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task<string> LodgeAsync(string user, string reference, string declarant)
    {
        string json = $$"""
            {"functionalReference": "{{reference}}", "typeCode": "EXA", "functionCode": "9",
             "declarant": {"id": "{{declarant}}", "name": "Trader"}, "exporter": {"id": "{{declarant}}", "country": "CN"},
             "officeCode": "CN800001", "exportCountry": "CN", "destinationCountry": "SG", "transportMode": "2",
             "invoice": {"amount": 100, "currency": "CNY"},
             "items": [{"sequence": 1, "commodityCode": "847130", "description": "Laptops", "originCountry": "CN",
                        "amount": {"amount": 100, "currency": "CNY"}, "grossMassKg": 12, "netMassKg": 10}]}
            """;
        HttpResponseMessage response = await node.Client(user).PostAsync("/api/declarations", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Read(response)).GetProperty("mrn").GetString()!;
    }

    private static List<(long Cursor, string Mrn, string Event)> Entries(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(e => (e.GetProperty("cursor").GetInt64(), e.GetProperty("mrn").GetString()!, e.GetProperty("event").GetString()!)).ToList();

    [Fact]
    public async Task Feed_TraderSeesOwnChangesInOrder_FromACursor_AndNoOfficerNames()
    {
        HttpClient trader = node.Client("trader.a");
        long start = (await Read(await trader.GetAsync("/api/notifications?limit=500"))).GetProperty("cursor").GetInt64();
        string own = await LodgeAsync("trader.a", "FEED-A-1", TraderA);
        string other = await LodgeAsync("officer.cq", "FEED-B-1", "91110000600037341L");
        Assert.Equal(HttpStatusCode.OK, (await node.Client("officer.cq").PostAsJsonAsync($"/api/declarations/{own}/events", new { @event = "Released" })).StatusCode);

        HttpResponseMessage response = await trader.GetAsync($"/api/notifications?after={start}");
        string body = await response.Content.ReadAsStringAsync();
        var entries = Entries(await Read(response));

        Assert.Equal(["Received", "Accepted", "Released"], entries.Where(e => e.Mrn == own).Select(e => e.Event));
        Assert.DoesNotContain(entries, e => e.Mrn == other);
        Assert.Equal(entries.Select(e => e.Cursor).Order(), entries.Select(e => e.Cursor));
        Assert.DoesNotContain("officer.cq", body, StringComparison.Ordinal);

        JsonElement next = await Read(await trader.GetAsync($"/api/notifications?after={entries[^1].Cursor}"));
        Assert.Empty(next.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Acknowledge_ReadWithoutCursorContinuesAfterIt_AndNeverMovesBack()
    {
        HttpClient trader = node.Client("trader.b");
        string first = await LodgeAsync("trader.b", "FEED-ACK-1", "91110000600037341L");
        var page = Entries(await Read(await trader.GetAsync("/api/notifications?after=0&limit=500")));
        long upTo = page.Last(e => e.Mrn == first).Cursor;

        HttpResponseMessage ack = await trader.PostAsJsonAsync("/api/notifications/ack", new { cursor = upTo });
        HttpResponseMessage back = await trader.PostAsJsonAsync("/api/notifications/ack", new { cursor = 1 });
        HttpResponseMessage beyond = await trader.PostAsJsonAsync("/api/notifications/ack", new { cursor = upTo + 1_000_000 });
        string second = await LodgeAsync("trader.b", "FEED-ACK-2", "91110000600037341L");
        JsonElement resumed = await Read(await trader.GetAsync("/api/notifications"));

        Assert.Equal(upTo, (await Read(ack)).GetProperty("cursor").GetInt64());
        Assert.Equal(upTo, (await Read(back)).GetProperty("cursor").GetInt64());
        Assert.Equal(HttpStatusCode.BadRequest, beyond.StatusCode);
        Assert.Equal(upTo, resumed.GetProperty("acknowledged").GetInt64());
        Assert.DoesNotContain(Entries(resumed), e => e.Mrn == first);
        Assert.Contains(Entries(resumed), e => e.Mrn == second);
    }

    [Fact]
    public async Task Feed_BadCursor_400NamingIt()
    {
        HttpResponseMessage response = await node.Client("trader.a").GetAsync("/api/notifications?after=yesterday");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Read(response)).GetProperty("errors").TryGetProperty("after", out _));
    }

    [Fact]
    public async Task Declaration_ETag_304UntilItChanges()
    {
        string mrn = await LodgeAsync("officer.cq", "ETAG-1", TraderA);
        HttpClient officer = node.Client("officer.cq");
        HttpResponseMessage first = await officer.GetAsync($"/api/declarations/{mrn}");
        EntityTagHeaderValue etag = first.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/api/declarations/{mrn}");
        again.Headers.IfNoneMatch.Add(etag);
        HttpResponseMessage notModified = await officer.SendAsync(again);
        await officer.PostAsJsonAsync($"/api/declarations/{mrn}/events", new { @event = "Released" });
        using var afterChange = new HttpRequestMessage(HttpMethod.Get, $"/api/declarations/{mrn}");
        afterChange.Headers.IfNoneMatch.Add(etag);
        HttpResponseMessage changed = await officer.SendAsync(afterChange);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
    }

    [Fact]
    public async Task Issue_15_Trader_SeesCustomsNotTheOfficersName()
    {
        string mrn = await LodgeAsync("trader.a", "ACTOR-1", TraderA);
        Assert.Equal(HttpStatusCode.OK, (await node.Client("officer.cq").PostAsJsonAsync($"/api/declarations/{mrn}/events", new { @event = "Released" })).StatusCode);

        string asTrader = await node.Client("trader.a").GetStringAsync($"/api/declarations/{mrn}");
        string asOfficer = await node.Client("officer.cq").GetStringAsync($"/api/declarations/{mrn}");
        string page = await node.Client("trader.a").GetStringAsync($"/declarations/{mrn}");

        Assert.DoesNotContain("officer.cq", asTrader, StringComparison.Ordinal);
        Assert.Contains("\"actor\":\"customs\"", asTrader, StringComparison.Ordinal);
        Assert.Contains("\"actor\":\"trader.a\"", asTrader, StringComparison.Ordinal);
        Assert.Contains("officer.cq", asOfficer, StringComparison.Ordinal);
        Assert.DoesNotContain("officer.cq", page, StringComparison.Ordinal);
    }
}
