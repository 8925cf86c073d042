using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Landsea.Scans;
using Landsea.Sharing;
using Landsea.Web.Tests.Exchange;

namespace Landsea.Web.Tests.Scans;

/// <summary>
/// Issue 12 items 1 and 2 between two real nodes: a scan lodged at Singapore (B, a scanning node) goes to the Chongqing
/// review centre (A, CNCQI) in several scan-part envelopes, is reassembled, hash-checked and queued there; the centre's
/// deciding verdict goes back to Singapore as scan-verdict and decides the scan there.
/// </summary>
public class ScansBetweenNodesTests
{
    private const string Trader = "91110000600037341L";

    [Fact(Timeout = 240_000)]
    public async Task ScanSentToTheCentreInParts_ReviewedThere_VerdictBackAtTheScanningNode()
    {
        await using TwoNodesInProcess pair = await TwoNodesInProcess.StartAsync(null, "--Scans:Review:PartBytes=65536", "--Scans:Review:Every=00:00:00");
        await TwoNodesInProcess.AgreeAsync(pair.A, "SGSIN", [MessageTypes.PreArrival, MessageTypes.ScanVerdict], [MessageTypes.PreArrivalDecision, MessageTypes.ScanPart]);
        await TwoNodesInProcess.AgreeAsync(pair.B, "CNCQI", [MessageTypes.PreArrivalDecision, MessageTypes.ScanPart], [MessageTypes.PreArrival, MessageTypes.ScanVerdict]);
        HttpClient singapore = pair.Client(pair.B, "officer.sg"), centre = pair.Client(pair.A, "officer.cq");

        SimulatedScan s = ScanSimulator.Simulate(21, 11, ScanScenario.UndeclaredDense, 400, 200, "610910");
        string mass = s.Declaration.Goods[0].GrossMassKg.ToString(CultureInfo.InvariantCulture);
        string declaration = $$"""
            {"functionalReference": "XSCAN-1", "typeCode": "EXA", "functionCode": "9",
             "declarant": {"id": "{{Trader}}", "name": "Beijing Machinery Export Co."}, "exporter": {"id": "{{Trader}}", "country": "CN"},
             "exportCountry": "CN", "destinationCountry": "VN", "transportMode": "3", "containers": ["{{s.Declaration.ContainerNumber}}"],
             "invoice": {"amount": 5000, "currency": "CNY"},
             "items": [{"sequence": 1, "commodityCode": "610910", "description": "T-shirts of cotton", "originCountry": "CN",
                        "amount": {"amount": 5000, "currency": "CNY"}, "grossMassKg": {{mass}}, "netMassKg": {{mass}}}]}
            """;
        HttpResponseMessage lodged = await pair.Client(pair.B, "trader.b").PostAsync("/api/declarations", new StringContent(declaration, Encoding.UTF8, "application/json"));
        string lodgedText = await lodged.Content.ReadAsStringAsync();
        Assert.True(lodged.IsSuccessStatusCode, lodgedText);
        string mrn = JsonDocument.Parse(lodgedText).RootElement.GetProperty("mrn").GetString()!;
        ScanMetadata meta = ScanMetadata.ForSimulated(s, 11, "scan") with { Mrn = mrn, Office = "SG000001" };
        var body = new { metadata = meta, low = Convert.ToBase64String(ScanPng.Encode(s.Image.Low, 400, 200)), high = Convert.ToBase64String(ScanPng.Encode(s.Image.High, 400, 200)) };
        HttpResponseMessage scan = await singapore.PostAsJsonAsync("/api/scans", body, ScanMetadata.Json);
        JsonElement answer = JsonDocument.Parse(await scan.Content.ReadAsStringAsync()).RootElement;
        Assert.True(scan.StatusCode == HttpStatusCode.Created, answer.ToString());
        string id = answer.GetProperty("scanId").GetString()!;
        int parts = answer.GetProperty("sentToCentreParts").GetInt32();
        Assert.True(parts > 3, $"{parts} parts");
        Assert.Equal("sent-to-centre", (await singapore.GetFromJsonAsync<JsonElement>($"/api/scans/{id}/review")).GetProperty("stage").GetString());
        Assert.Empty((await singapore.GetFromJsonAsync<JsonElement>("/api/scans/queue")).EnumerateArray());

        // At the centre: reassembled, stored by the same content hash, queued with what came of the declaration.
        JsonElement? queued = null;
        await TwoNodesInProcess.WaitUntilAsync(async () =>
        {
            queued = (await centre.GetFromJsonAsync<JsonElement>("/api/scans/queue")).EnumerateArray().FirstOrDefault(e => e.GetProperty("scanId").GetString() == id);
            return queued is { ValueKind: JsonValueKind.Object };
        }, "the scan queued at the centre", () => pair.Advance(TimeSpan.FromSeconds(1)), 90);
        Assert.Equal((mrn, "SG000001", "61"), (queued!.Value.GetProperty("mrn").GetString(), queued.Value.GetProperty("office").GetString(),
            queued.Value.GetProperty("chapters")[0].GetString()));
        JsonElement atCentre = await centre.GetFromJsonAsync<JsonElement>($"/api/scans/{id}/review");
        Assert.Equal("SGSIN/officer.sg", atCentre.GetProperty("events")[0].GetProperty("actor").GetString());

        // Reviewed at the centre (a second review when the first disagrees with the machine); the deciding verdict goes back.
        Assert.True((await centre.PutAsync("/api/scan-reviewers/officer.cq", new StringContent("""{"skills": "*"}""", Encoding.UTF8, "application/json"))).IsSuccessStatusCode);
        Assert.True((await centre.PutAsync("/api/scan-reviewers/officer.qz", new StringContent("""{"skills": "*"}""", Encoding.UTF8, "application/json"))).IsSuccessStatusCode);
        string verdict = """{"verdict": "inspect", "reason": "dense block behind the cartons", "regions": [{"x": 120, "y": 60, "width": 30, "height": 20, "note": "block"}]}""";
        HttpResponseMessage first = await centre.PostAsync($"/api/scans/{id}/verdicts", new StringContent(verdict, Encoding.UTF8, "application/json"));
        JsonElement f = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        Assert.True(first.StatusCode == HttpStatusCode.Created, f.ToString());
        if (!f.GetProperty("decided").GetBoolean())
        {
            HttpResponseMessage second = await pair.Client(pair.A, "officer.qz").PostAsync($"/api/scans/{id}/verdicts", new StringContent(verdict, Encoding.UTF8, "application/json"));
            f = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement;
            Assert.True(second.StatusCode == HttpStatusCode.Created, f.ToString());
        }

        Assert.True(f.GetProperty("returnedToScanningNode").GetBoolean(), f.ToString());
        await TwoNodesInProcess.WaitUntilAsync(async () =>
            (await singapore.GetFromJsonAsync<JsonElement>($"/api/scans/{id}/review")).GetProperty("stage").GetString() == "decided",
            "the verdict back at Singapore", () => pair.Advance(TimeSpan.FromSeconds(1)), 90);
        JsonElement back = await singapore.GetFromJsonAsync<JsonElement>($"/api/scans/{id}/review");
        JsonElement returned = back.GetProperty("events").EnumerateArray().Last();
        Assert.Equal("verdict-returned", returned.GetProperty("action").GetString());
        Assert.StartsWith("CNCQI/officer.", returned.GetProperty("actor").GetString(), StringComparison.Ordinal);
        Assert.Contains("inspect", returned.GetProperty("detail").GetString(), StringComparison.Ordinal);
        string page = await singapore.GetStringAsync($"/scans/{id}");
        Assert.Contains("CNCQI/officer.", page, StringComparison.Ordinal);
        string declarationPage = await singapore.GetStringAsync($"/declarations/{mrn}");
        Assert.Contains("id=\"scan-verdicts\"", declarationPage, StringComparison.Ordinal);
        Assert.Contains("inspect physically by CNCQI/officer.", declarationPage, StringComparison.Ordinal);
    }
}
