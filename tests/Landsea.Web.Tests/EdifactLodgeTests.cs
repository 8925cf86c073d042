using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Landsea.Declarations;
using Landsea.Declarations.Json;
using Landsea.Declarations.Edifact;

namespace Landsea.Web.Tests;

/// <summary>A CUSDEC lodged at a node becomes a declaration like WCO XML does, and its status comes back as CUSRES.</summary>
public class EdifactLodgeTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static byte[] Cusdec(string reference, string commodity)
    {
        string json = $$"""
            {"functionalReference":"{{reference}}","typeCode":"EXA","declarant":{"id":"91350100M000100Y43","name":"Chongqing Yangtze Trading"},
             "exporter":{"id":"91350100M000100Y43","country":"CN"},"exportCountry":"CN","destinationCountry":"SG",
             "invoice":{"amount":500,"currency":"CNY"},
             "items":[{"sequence":1,"commodityCode":"{{commodity}}","description":"Laptops","originCountry":"CN","amount":{"amount":500,"currency":"CNY"},"grossMassKg":12,"netMassKg":10}]}
            """;
        Declaration declaration = JsonDeclarationReader.Read(Encoding.UTF8.GetBytes(json), new DateOnly(2026, 11, 26)).Declaration!;
        return CusdecDeclarationWriter.Write(declaration);
    }

    private static ByteArrayContent Content(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/EDIFACT");
        return content;
    }

    [Fact]
    public async Task Lodge_Cusdec_AcceptedAndStatusAsCusres()
    {
        HttpResponseMessage response = await node.Client("trader.a").PostAsync("/api/declarations", Content(Cusdec("EDI-1", "847130")));

        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        string mrn = JsonDocument.Parse(body).RootElement.GetProperty("mrn").GetString()!;
        JsonElement detail = JsonDocument.Parse(await node.Client("officer.cq").GetStringAsync($"/api/declarations/{mrn}")).RootElement;
        Assert.Equal("847130", detail.GetProperty("declaration").GetProperty("items")[0].GetProperty("commodityCode").GetString());
        // The model's value types are served as their canonical strings, the shape the API has always had.
        Assert.Equal("CNY", detail.GetProperty("declaration").GetProperty("items")[0].GetProperty("currency").GetString());
        Assert.Equal("CNY", detail.GetProperty("declaration").GetProperty("invoiceCurrency").GetString());
        JsonElement declaration = detail.GetProperty("declaration");
        Assert.Equal("91350100M000100Y43", declaration.GetProperty("declarantId").GetString());
        Assert.Equal(("CN", "SG"), (declaration.GetProperty("exportCountry").GetString(), declaration.GetProperty("destinationCountry").GetString()));
        Assert.Equal("CN", declaration.GetProperty("items")[0].GetProperty("originCountry").GetString());
        JsonElement exporter = declaration.GetProperty("parties").EnumerateArray().Single(p => p.GetProperty("role").GetString() == "Exporter");
        Assert.Equal(("91350100M000100Y43", "CN"), (exporter.GetProperty("id").GetString(), exporter.GetProperty("countryCode").GetString()));
        Assert.Equal(["91350100M000100Y43"], declaration.GetProperty("traderIds").EnumerateArray().Select(t => t.GetString()));
        long eventId = detail.GetProperty("history")[1].GetProperty("id").GetInt64();

        string cusres = Encoding.UTF8.GetString(await node.Client("trader.a").GetByteArrayAsync($"/api/declarations/{mrn}/notifications/{eventId}?format=edifact"));
        Assert.Contains("UNH+", cusres, StringComparison.Ordinal);
        Assert.Contains("CUSRES", cusres, StringComparison.Ordinal);
        Assert.Contains(mrn, cusres, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lodge_CusdecRetiredCode_RejectedWithSegmentPointer()
    {
        HttpResponseMessage response = await node.Client("trader.a").PostAsync("/api/declarations", Content(Cusdec("EDI-2", "970200")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        JsonElement error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors")[0];
        Assert.Equal(ErrorCodes.CommodityUnknown, error.GetProperty("code").GetString());
        Assert.Matches(@"^/messages/1/segments/\d+/elements/\d+/components/\d+$", error.GetProperty("pointer").GetString());
    }
}
