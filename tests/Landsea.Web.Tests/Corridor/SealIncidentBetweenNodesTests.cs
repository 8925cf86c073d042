using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Landsea.Exchange.Records;
using Landsea.Sharing;
using Landsea.Web.Tests.Exchange;

namespace Landsea.Web.Tests.CorridorSupervision;

/// <summary>
/// Issue 11 item 5 between two real nodes over HTTP with signed envelopes: Singapore (SGSIN, SG000001) finds a seal broken
/// on a consignment that left Chongqing (CNCQI, office of departure CN800002); besides Singapore's own alert, an IE180-style
/// incident goes to Chongqing, which records it on the consignment's timeline and alerts its office of departure.
/// </summary>
public sealed class SealIncidentBetweenNodesTests
{
    private static StringContent Json(string s) => new(s, Encoding.UTF8, "application/json");

    private static async Task<TwoNodesInProcess> StartAsync()
    {
        TwoNodesInProcess pair = await TwoNodesInProcess.StartAsync();
        await TwoNodesInProcess.AgreeAsync(pair.A, "SGSIN", [MessageTypes.PreArrival], [MessageTypes.PreArrivalDecision, MessageTypes.SealIncident]);
        await TwoNodesInProcess.AgreeAsync(pair.B, "CNCQI", [MessageTypes.PreArrivalDecision, MessageTypes.SealIncident], [MessageTypes.PreArrival]);
        return pair;
    }

    private static async Task DeclareAsync(TwoNodesInProcess pair, Microsoft.AspNetCore.Builder.WebApplication node, string id)
    {
        DateTimeOffset departure = TwoNodesInProcess.Exchange(pair.A).Time.GetUtcNow().AddHours(-80);
        string body = $$"""
            {"consignmentID": "{{id}}", "transportDocumentReference": "TD{{id.Replace("-", "", StringComparison.Ordinal)}}", "route": "ILSTC-RAIL-SEA",
             "departureAt": "{{departure:O}}", "equipment": [{"equipmentReference": "CSQU3054383", "seals": ["SL001"]}]}
            """;
        HttpResponseMessage r = await pair.Client(node, "trader.b").PostAsync("/api/corridor/consignments", Json(body));
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement[]> EntriesAsync(HttpClient client, string id) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/api/corridor/consignments/{id}/timeline")).GetProperty("entries").EnumerateArray()];

    [Fact]
    public async Task SealBrokenAtSingapore_GoesToChongqingAsAnIncident_OnItsTimelineAndAlerts()
    {
        await using TwoNodesInProcess pair = await StartAsync();
        await DeclareAsync(pair, pair.A, "SEAL-1");
        await DeclareAsync(pair, pair.B, "SEAL-1");
        HttpClient chongqing = pair.Client(pair.A, "officer.cq"), singapore = pair.Client(pair.B, "officer.sg");

        HttpResponseMessage check = await singapore.PostAsync("/api/corridor/consignments/SEAL-1/seal-checks",
            Json("""{"equipmentReference": "CSQU3054383", "outcome": "broken", "found": ["SL001"]}"""));
        Assert.Equal(HttpStatusCode.Created, check.StatusCode);

        await TwoNodesInProcess.WaitUntilAsync(async () => (await EntriesAsync(chongqing, "SEAL-1")).Any(e => e.GetProperty("source").GetString() == "incident"),
            "the seal incident on Chongqing's timeline", () => pair.Advance(TimeSpan.FromSeconds(1)));

        JsonElement incident = (await EntriesAsync(chongqing, "SEAL-1")).Single(e => e.GetProperty("source").GetString() == "incident");
        Assert.Equal("SG000001", incident.GetProperty("office").GetString());
        Assert.Equal("Asia/Singapore", incident.GetProperty("timeZone").GetString());
        Assert.Contains("from SGSIN", incident.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("seal broken on CSQU3054383", incident.GetProperty("text").GetString(), StringComparison.Ordinal);

        JsonElement[] alerts = [.. (await chongqing.GetFromJsonAsync<JsonElement>("/api/corridor/alerts?office=CN800002")).EnumerateArray()];
        JsonElement alert = Assert.Single(alerts, a => a.GetProperty("consignmentID").GetString() == "SEAL-1");
        Assert.Equal(("SealMismatch", "SG000001"), (alert.GetProperty("kind").GetString(), alert.GetProperty("place").GetString()));

        // Singapore's own timeline says where the incident went; its message log has it once.
        Assert.Contains(await EntriesAsync(singapore, "SEAL-1"), e => e.GetProperty("source").GetString() == "incident"
            && e.GetProperty("text").GetString()!.Contains("sent to CNCQI", StringComparison.Ordinal));
        List<MessageRecord> received = await TwoNodesInProcess.RecordsAsync(pair.A, "SEAL-1");
        Assert.Equal(["incident"], received.Where(r => r.Type == MessageTypes.SealIncident && r.Direction == MessageRecords.In).Select(r => r.State));
    }

    [Fact]
    public async Task IncidentForAConsignmentChongqingDoesNotSupervise_IsRefusedWithLS934_NothingElseChanges()
    {
        await using TwoNodesInProcess pair = await StartAsync();
        await DeclareAsync(pair, pair.B, "SEAL-2");
        HttpClient singapore = pair.Client(pair.B, "officer.sg");
        Assert.Equal(HttpStatusCode.Created, (await singapore.PostAsync("/api/corridor/consignments/SEAL-2/seal-checks",
            Json("""{"equipmentReference": "CSQU3054383", "outcome": "intact", "found": ["SL999"]}"""))).StatusCode);

        await TwoNodesInProcess.WaitUntilAsync(async () => (await TwoNodesInProcess.RecordsAsync(pair.A, "SEAL-2")).Any(r => r.Type == MessageTypes.SealIncident),
            "the seal incident at Chongqing", () => pair.Advance(TimeSpan.FromSeconds(1)));
        MessageRecord record = (await TwoNodesInProcess.RecordsAsync(pair.A, "SEAL-2")).Single(r => r.Type == MessageTypes.SealIncident);
        Assert.Equal("refused LS934", record.State);
        Assert.Empty((await pair.Client(pair.A, "officer.cq").GetFromJsonAsync<JsonElement[]>("/api/corridor/alerts?office=CN800002"))!);
    }
}
