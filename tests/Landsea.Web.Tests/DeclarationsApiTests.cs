using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml;
using Landsea.Declarations.Wco;

namespace Landsea.Web.Tests;

public class DeclarationsApiTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static StringContent Xml(string relative) =>
        new(File.ReadAllText(Path.Combine(NodeFixture.Samples, relative)), Encoding.UTF8, "application/xml");

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Health_Anonymous_Ok()
    {
        JsonElement health = await Json(await node.Client().GetAsync("/health"));
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal("CNCQI", health.GetProperty("node").GetString());
    }

    [Fact]
    public async Task OpenApi_DocumentsDeclarationEndpoints()
    {
        string doc = await node.Client().GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/declarations", doc, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await node.Client().GetAsync("/api-docs")).StatusCode);
    }

    [Fact]
    public async Task Lodge_Anonymous_Unauthorized()
    {
        HttpResponseMessage response = await node.Client().PostAsync("/api/declarations", Xml("TT_IM101a/TT_IM101a.xml"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Lodge_SampleTwice_CreatedThenSameAnswer()
    {
        HttpClient trader = node.Client("officer.cq");
        HttpResponseMessage first = await trader.PostAsync("/api/declarations", Xml("TT_IM021a/Step1_TT_IM021a.xml"));
        HttpResponseMessage again = await trader.PostAsync("/api/declarations", Xml("TT_IM021a/Step1_TT_IM021a.xml"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        string mrn = (await Json(first)).GetProperty("mrn").GetString()!;
        Assert.Equal(mrn, (await Json(again)).GetProperty("mrn").GetString());
        Assert.True((await Json(again)).GetProperty("duplicate").GetBoolean());
        Assert.Equal($"/api/declarations/{mrn}", first.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Lodge_RetiredCommodityCode_RejectedWithPointer()
    {
        HttpResponseMessage response = await node.Client("trader.uk").PostAsync("/api/declarations", Xml("TT_IM168a/Step1_TT_IM168a.xml"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        JsonElement error = (await Json(response)).GetProperty("errors")[0];
        Assert.Equal("LS020", error.GetProperty("code").GetString());
        Assert.EndsWith("/Commodity/Classification[1]/ID", error.GetProperty("pointer").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lodge_AcceptXml_RejectionAsDmsrejValidAgainstResSchema()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/declarations") { Content = Xml("TT_IM068a/TT_IM068a.xml") };
        request.Headers.Accept.ParseAdd("application/xml");
        HttpResponseMessage response = await node.Client("officer.cq").SendAsync(request);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        byte[] res = await response.Content.ReadAsByteArrayAsync();
        Assert.Empty(ResProblems(res));
        string text = Encoding.UTF8.GetString(res);
        Assert.Contains("<FunctionCode>03</FunctionCode>", text, StringComparison.Ordinal);
        Assert.Contains("<ValidationCode>LS020</ValidationCode>", text, StringComparison.Ordinal);
        Assert.Contains("Classification[1]/ID", text, StringComparison.Ordinal);
    }

    private static List<string> ResProblems(byte[] res)
    {
        var problems = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = WcoSchemas.Notification };
        settings.ValidationEventHandler += (_, e) => problems.Add(e.Message);
        using var reader = XmlReader.Create(new MemoryStream(res), settings);
        while (reader.Read())
        {
        }

        return problems;
    }

    [Fact]
    public async Task Lodge_JsonWithBadField_RejectedWithJsonPointer()
    {
        string json = """{"functionalReference":"J-1","typeCode":"EXA","declarant":{"id":"91350100M000100Y43"},"items":[{"sequence":1,"commodityCode":"847130","amount":{"amount":"lots","currency":"CNY"}}]}""";
        HttpResponseMessage response = await node.Client("trader.a").PostAsync("/api/declarations", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        JsonElement error = (await Json(response)).GetProperty("errors")[0];
        Assert.Equal("/items/0/amount/amount", error.GetProperty("pointer").GetString());
        Assert.Equal("LS061", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Officer_ReleasesDeclaration_HistoryRecordsWhoAndWhereAndResValidates()
    {
        HttpResponseMessage lodged = await node.Client("trader.uk").PostAsync("/api/declarations", Xml("TT_IM101a/TT_IM101a.xml"));
        string mrn = (await Json(lodged)).GetProperty("mrn").GetString()!;

        HttpResponseMessage released = await node.Client("officer.cq").PostAsJsonAsync($"/api/declarations/{mrn}/events", new { @event = "Released", note = "scan clear" });
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        JsonElement last = (await Json(released)).GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("officer.cq", "CN800001", "Released"), (last.GetProperty("actor").GetString(), last.GetProperty("officeCode").GetString(), last.GetProperty("status").GetString()));

        HttpResponseMessage byTrader = await node.Client("trader.uk").PostAsJsonAsync($"/api/declarations/{mrn}/events", new { @event = "Cleared" });
        Assert.Equal(HttpStatusCode.Forbidden, byTrader.StatusCode);

        long eventId = last.GetProperty("id").GetInt64();
        byte[] res = await node.Client("trader.uk").GetByteArrayAsync($"/api/declarations/{mrn}/notifications/{eventId}");
        var problems = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = WcoSchemas.Notification };
        settings.ValidationEventHandler += (_, e) => problems.Add(e.Message);
        using (var reader = XmlReader.Create(new MemoryStream(res), settings))
        {
            while (reader.Read())
            {
            }
        }

        Assert.Empty(problems);
        Assert.Contains("<FunctionCode>08</FunctionCode>", Encoding.UTF8.GetString(res), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Trader_SeesOnlyOwn()
    {
        string json = """{"functionalReference":"B-ONLY","typeCode":"EXA","declarant":{"id":"91110000600037341L"},"items":[{"sequence":1,"commodityCode":"847130","amount":{"amount":10,"currency":"CNY"}}]}""";
        HttpResponseMessage lodged = await node.Client("trader.b").PostAsync("/api/declarations", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, lodged.StatusCode);
        string mrn = (await Json(lodged)).GetProperty("mrn").GetString()!;

        JsonElement asA = await Json(await node.Client("trader.a").GetAsync("/api/declarations?pageSize=200"));
        Assert.DoesNotContain(asA.GetProperty("items").EnumerateArray(), d => d.GetProperty("mrn").GetString() == mrn);
        Assert.Equal(HttpStatusCode.NotFound, (await node.Client("trader.a").GetAsync($"/api/declarations/{mrn}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await node.Client("auditor").GetAsync($"/api/declarations/{mrn}")).StatusCode);
    }

    [Fact]
    public async Task Lodge_TooLarge_Refused413()
    {
        var big = new ByteArrayContent(new byte[WcoDeclarationReader.DefaultMaxBytes + 10]);
        big.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/xml");
        HttpResponseMessage response = await node.Client("trader.uk").PostAsync("/api/declarations", big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
