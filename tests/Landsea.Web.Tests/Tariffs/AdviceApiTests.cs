using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Landsea.Web.Tests.Tariffs;

/// <summary>Issue 13 item 4: advice computed from a stored declaration, stored, served, and only to who may see the declaration.</summary>
public class AdviceApiTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    internal static async Task<string> LodgeAsync(HttpClient trader, string reference, string? destination = "CN")
    {
        string dest = destination is null ? "" : $"\"destinationCountry\":\"{destination}\",";
        string json = "{\"functionalReference\":\"" + reference + "\",\"typeCode\":\"EXA\",\"declarant\":{\"id\":\"91110000600037341L\"}," + dest
            + "\"items\":[{\"sequence\":1,\"commodityCode\":\"081060\",\"description\":\"durian\",\"originCountry\":\"TH\",\"amount\":{\"amount\":1000,\"currency\":\"CNY\"}}]}";
        HttpResponseMessage r = await trader.PostAsync("/api/declarations", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
        return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mrn").GetString()!;
    }

    [Fact]
    public async Task Post_ComputesFromTheDeclaration_Stores_GetServesIt()
    {
        HttpClient trader = node.Client("trader.b");
        string mrn = await LodgeAsync(trader, "ADVICE-1");
        HttpResponseMessage none = await trader.GetAsync($"/api/declarations/{mrn}/advice");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Contains("LS743", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        HttpResponseMessage created = await trader.PostAsync($"/api/declarations/{mrn}/advice", null);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        JsonElement item = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items")[0];
        // Shipped lines: CN MFN 20 %, ACFTA 0 % on 0810.60 (sample): ACFTA saves 200 CNY on 1000 CNY.
        Assert.Equal("ACFTA", item.GetProperty("recommended").GetString());
        Assert.Equal(200m, item.GetProperty("savedVersusMfn").GetDecimal());
        Assert.Equal("CN", item.GetProperty("importer").GetString());

        JsonElement stored = await trader.GetFromJsonAsync<JsonElement>($"/api/declarations/{mrn}/advice");
        Assert.Equal("trader.b", stored.GetProperty("askedBy").GetString());
        Assert.Equal("ACFTA", stored.GetProperty("items")[0].GetProperty("recommended").GetString());
        Assert.Contains("Form E", stored.GetProperty("items")[0].GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_OtherTraderNotFound_AuditorForbidden_AuditorReads()
    {
        string mrn = await LodgeAsync(node.Client("trader.b"), "ADVICE-2");
        Assert.Equal(HttpStatusCode.NotFound, (await node.Client("trader.a").PostAsync($"/api/declarations/{mrn}/advice", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await node.Client("trader.a").GetAsync($"/api/declarations/{mrn}/advice")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await node.Client("auditor").PostAsync($"/api/declarations/{mrn}/advice", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await node.Client("officer.cq").PostAsync($"/api/declarations/{mrn}/advice", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await node.Client("auditor").GetAsync($"/api/declarations/{mrn}/advice")).StatusCode);
    }

    [Fact]
    public async Task Post_NoDestination_422_LS742_NothingStored()
    {
        HttpClient trader = node.Client("trader.b");
        string mrn = await LodgeAsync(trader, "ADVICE-3", destination: null);
        HttpResponseMessage r = await trader.PostAsync($"/api/declarations/{mrn}/advice", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("LS742", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await trader.GetAsync($"/api/declarations/{mrn}/advice")).StatusCode);
    }
}
