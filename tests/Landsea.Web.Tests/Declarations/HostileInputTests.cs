using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Landsea.Web.Tests.Declarations;

/// <summary>
/// Issue 17 items 4 and 5: inputs that made the JSON reader throw (HTTP 500, no code, nothing kept), or that were accepted
/// and then broke release, are refused with a stable code and a pointer or place, and kept as received like every other rejection.
/// </summary>
public class HostileInputTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static byte[] Declaration(string reference, string sequence = "1", string description = "Laptops", string extraItemKey = "", string gross = "12") => Encoding.UTF8.GetBytes(
        $$"""
        {"functionalReference": "{{reference}}", "typeCode": "EXA", "functionCode": "9",
         "declarant": {"id": "91350100M000100Y43", "name": "Trader"}, "exporter": {"id": "91350100M000100Y43", "country": "CN"},
         "officeCode": "CN800001", "exportCountry": "CN", "destinationCountry": "SG", "transportMode": "2",
         "invoice": {"amount": 100, "currency": "CNY"},
         "items": [{"sequence": {{sequence}}, "commodityCode": "847130", "description": "{{description}}", "originCountry": "CN",
                    "amount": {"amount": 100, "currency": "CNY"}, "grossMassKg": {{gross}}, "netMassKg": 10{{extraItemKey}}},
                   {"sequence": 2, "commodityCode": "847130", "amount": {"amount": 100, "currency": "CNY"}, "grossMassKg": {{gross}}}]}
        """);

    private static byte[] InvalidUtf8(string reference)
    {
        byte[] bytes = Declaration(reference, description: "Lap\u00fftops");
        bytes[Array.IndexOf(bytes, (byte)0xC3) + 1] = 0x28;
        return bytes;
    }

    public static TheoryData<string, string, string> Inputs() => new()
    {
        { "sequence", "LS040", "/items/0/sequence" },
        { "surrogate", "LS005", "/items/0/description" },
        { "utf8", "LS005", "" },
        { "duplicate", "LS006", "/items/0/commodityCode" },
    };

    private static byte[] Input(string kind) => kind switch
    {
        "sequence" => Declaration("UNREAD-SEQ", sequence: "99999999999999999999"),
        "surrogate" => Declaration("UNREAD-SUR", description: "\\ud800"),
        "utf8" => InvalidUtf8("UNREAD-UTF"),
        "duplicate" => Declaration("UNREAD-DUP", extraItemKey: ", \"commodityCode\": \"090121\""),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    // Symptom: HTTP 500 with no code and no submission kept (OverflowException, InvalidOperationException); duplicate keys accepted.
    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task Issue_17_unreadable_json_answered_500_and_was_not_kept(string kind, string code, string pointer)
    {
        HttpClient trader = node.Client("trader.a");
        byte[] bytes = Input(kind);
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        HttpResponseMessage response = await trader.PostAsync("/api/declarations", content);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        JsonElement answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("rejected", answer.GetProperty("outcome").GetString());
        JsonElement error = Assert.Single(answer.GetProperty("errors").EnumerateArray());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(pointer, error.GetProperty("pointer").GetString());
        long id = answer.GetProperty("submissionId").GetInt64();
        Assert.True(id > 0);

        JsonElement kept = JsonDocument.Parse(await trader.GetStringAsync($"/api/submissions/{id}")).RootElement;
        Assert.Equal(bytes, kept.GetProperty("bytes").GetBytesFromBase64());
        Assert.Equal("rejected", kept.GetProperty("outcome").GetString());
        Assert.Equal(code, kept.GetProperty("errors")[0].GetProperty("code").GetString());
    }

    // Symptom: accepted (201); release then answered 500 (OverflowException summing the masses).
    [Fact]
    public async Task Issue_17_two_items_of_5e28_kg_were_accepted_and_release_answered_500()
    {
        HttpClient trader = node.Client("trader.a");
        var content = new ByteArrayContent(Declaration("RANGE-MASS", gross: "5e28"));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        HttpResponseMessage response = await trader.PostAsync("/api/declarations", content);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        JsonElement answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(
            [("LS062", "/items/0/grossMassKg"), ("LS062", "/items/1/grossMassKg")],
            answer.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("code").GetString(), e.GetProperty("pointer").GetString())));
        Assert.True(answer.GetProperty("submissionId").GetInt64() > 0);
    }
}
