using System.Net;
using System.Text;
using System.Text.Json;

namespace Landsea.Web.Tests.Declarations;

/// <summary>Issue 15, item 8: Idempotency-Key on lodging makes a retry safe.</summary>
public class IdempotencyKeyTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static string Declaration(string reference, int mass = 12) => $$"""
        {"functionalReference": "{{reference}}", "typeCode": "EXA", "functionCode": "9",
         "declarant": {"id": "91350100M000100Y43", "name": "Trader"}, "exporter": {"id": "91350100M000100Y43", "country": "CN"},
         "officeCode": "CN800001", "exportCountry": "CN", "destinationCountry": "SG", "transportMode": "2",
         "invoice": {"amount": 100, "currency": "CNY"},
         "items": [{"sequence": 1, "commodityCode": "847130", "description": "Laptops", "originCountry": "CN",
                    "amount": {"amount": 100, "currency": "CNY"}, "grossMassKg": {{mass}}, "netMassKg": 10}]}
        """;

    private async Task<HttpResponseMessage> LodgeAsync(string body, string? key, string user = "trader.a")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/declarations") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        return await node.Client(user).SendAsync(request);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Retry_SameKeyAndBody_ReplaysTheFirstAnswer_WithItsStatusCode()
    {
        string key = Guid.NewGuid().ToString();
        string body = Declaration($"IDEM-{key[..8]}");

        HttpResponseMessage first = await LodgeAsync(body, key);
        HttpResponseMessage retry = await LodgeAsync(body, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal((await Json(first)).GetProperty("mrn").GetString(), (await Json(retry)).GetProperty("mrn").GetString());
        Assert.Equal((await Json(first)).GetProperty("submissionId").GetInt64(), (await Json(retry)).GetProperty("submissionId").GetInt64());
    }

    [Fact]
    public async Task SameKey_OtherBody_Refused422_LS608_AndNothingLodged()
    {
        string key = Guid.NewGuid().ToString();
        HttpResponseMessage first = await LodgeAsync(Declaration($"IDEM-{key[..8]}"), key);
        HttpResponseMessage other = await LodgeAsync(Declaration($"IDEM-{key[..8]}-B"), key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("LS608", (await Json(other)).GetProperty("code").GetString());
        JsonElement list = await Json(await node.Client("trader.a").GetAsync($"/api/declarations?pageSize=200"));
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), d => d.GetProperty("functionalReference").GetString() == $"IDEM-{key[..8]}-B");
    }

    [Fact]
    public async Task Keys_ArePerAccount_AndMalformedKeysRefused()
    {
        string key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Created, (await LodgeAsync(Declaration($"IDEM-{key[..8]}"), key)).StatusCode);
        // Another account's key of the same text is its own: it is not refused as a reused key.
        HttpResponseMessage officer = await LodgeAsync(Declaration($"IDEM-{key[..8]}-O"), key, "officer.cq");
        Assert.NotEqual(HttpStatusCode.UnprocessableEntity, officer.StatusCode);

        HttpResponseMessage malformed = await LodgeAsync(Declaration("IDEM-BAD"), new string('k', 256));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("Idempotency-Key", (await Json(malformed)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentRetries_OneLodgement()
    {
        string key = Guid.NewGuid().ToString();
        string body = Declaration($"IDEM-{key[..8]}");

        HttpResponseMessage[] answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => LodgeAsync(body, key)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        long[] ids = [.. (await Task.WhenAll(answers.Select(Json))).Select(j => j.GetProperty("submissionId").GetInt64()).Distinct()];
        Assert.Single(ids);
    }
}
