using System.Net;
using System.Text;
using System.Text.Json;

namespace Landsea.Web.Tests.Risk;

/// <summary>
/// Issue 15 item 6: the officer's work queue. Red and yellow declarations whose goods wait for a control outcome come
/// first, with their reasons; the list filters by channel, office and "held", sorts by score or age, and counts per
/// channel; a trader sees none of the risk decision.
/// </summary>
public class WorkQueueTests(RiskNodeFixture node) : IClassFixture<RiskNodeFixture>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> Read(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task<List<(string Mrn, string? Channel, bool Awaiting, int Reasons)>> ListAsync(string query)
    {
        HttpResponseMessage response = await node.Client("officer.cq").GetAsync("/api/declarations?pageSize=200&" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await Read(response)).GetProperty("items").EnumerateArray().Select(i =>
        {
            JsonElement control = i.GetProperty("control");
            return (i.GetProperty("mrn").GetString()!, control.GetProperty("channel").ValueKind == JsonValueKind.Null ? null : control.GetProperty("channel").GetString(),
                control.GetProperty("awaitingOutcome").GetBoolean(), control.GetProperty("reasons").GetArrayLength());
        })];
    }

    [Fact]
    public async Task Queue_HeldRedThenYellowFirst_WithReasons_AnOutcomeTakesItOut()
    {
        await node.EnsureRuleAsync("QUEUE-RED", "9303", "Red");
        await node.EnsureRuleAsync("QUEUE-YELLOW", "9304", "Yellow");
        string green = await node.LodgeImportAsync("QUEUE-G-1", "847130");
        string yellow = await node.LodgeImportAsync("QUEUE-Y-1", "930400");
        string red1 = await node.LodgeImportAsync("QUEUE-R-1", "930390");
        string red2 = await node.LodgeImportAsync("QUEUE-R-2", "930390");

        var queue = await ListAsync("sort=queue");
        var ours = queue.Where(q => q.Mrn == green || q.Mrn == yellow || q.Mrn == red1 || q.Mrn == red2).ToList();
        Assert.Equal([red1, red2, yellow, green], ours.Select(q => q.Mrn)); // red before yellow; among reds the longer waiting first
        Assert.All(ours.Take(3), q => Assert.True(q.Awaiting));
        Assert.All(ours.Take(3), q => Assert.True(q.Reasons > 0, "a held declaration says why"));
        Assert.False(ours[3].Awaiting);
        Assert.Equal(("Red", "Yellow", "Green"), (ours[0].Channel, ours[2].Channel, ours[3].Channel));

        HttpResponseMessage outcome = await node.Client("officer.cq").PostAsync($"/api/declarations/{red1}/outcomes", Json("""{"found": false, "what": "scanned, goods as declared"}"""));
        Assert.Equal(HttpStatusCode.Created, outcome.StatusCode);
        var after = (await ListAsync("sort=queue")).Select(q => q.Mrn).Where(m => m == red1 || m == red2 || m == yellow).ToList();
        var held = (await ListAsync("awaiting=true")).Select(q => q.Mrn).ToList();
        var reds = (await ListAsync("channel=red")).Select(q => q.Mrn).ToList();

        Assert.Equal([red2, yellow, red1], after);
        Assert.Contains(red2, held);
        Assert.Contains(yellow, held);
        Assert.DoesNotContain(red1, held);
        Assert.DoesNotContain(green, held);
        Assert.Contains(red1, reds);
        Assert.DoesNotContain(yellow, reds);
    }

    [Fact]
    public async Task Page_CountsPerChannel_HeldRowsFirstWithReasons_EmptyStateSaysWhatToDo()
    {
        await node.EnsureRuleAsync("QUEUE-RED-P", "9305", "Red");
        string red = await node.LodgeImportAsync("QUEUE-P-R", "930510");
        await node.LodgeImportAsync("QUEUE-P-G", "847130");

        string page = await node.Client("officer.cq").GetStringAsync("/declarations");
        string heldOnlyNone = await node.Client("officer.cq").GetStringAsync("/declarations?awaiting=true&office=SG000001");
        string trader = await node.Client("trader.a").GetStringAsync("/declarations");

        Assert.Contains("id=\"channel-counts\"", page, StringComparison.Ordinal);
        Assert.Matches("Red: [0-9]+ \\([0-9]+ held for a control outcome\\)", page);
        Assert.Contains("<tr class=\"held\">", page, StringComparison.Ordinal);
        Assert.True(page.IndexOf(red, StringComparison.Ordinal) < page.IndexOf("QUEUE-P-G", StringComparison.Ordinal), "the held red declaration is listed before the green one");
        Assert.Contains("held: ", page, StringComparison.Ordinal);
        Assert.Contains("nothing waits for you", heldOnlyNone, StringComparison.Ordinal);
        Assert.DoesNotContain("<th>Channel</th>", trader, StringComparison.Ordinal);
        Assert.DoesNotContain("channel-counts", trader, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trader_SeesNoRiskDecision_AndMayNotFilterByChannel()
    {
        await node.LodgeImportAsync("QUEUE-T-1", "847130");
        HttpResponseMessage list = await node.Client("trader.a").GetAsync("/api/declarations");
        HttpResponseMessage byChannel = await node.Client("trader.a").GetAsync("/api/declarations?channel=Red");
        HttpResponseMessage badSort = await node.Client("officer.cq").GetAsync("/api/declarations?sort=fastest");

        JsonElement items = (await Read(list)).GetProperty("items");
        Assert.True(items.GetArrayLength() > 0);
        Assert.All(items.EnumerateArray(), i => Assert.True(!i.TryGetProperty("control", out JsonElement c) || c.ValueKind == JsonValueKind.Null));
        Assert.Equal(HttpStatusCode.BadRequest, byChannel.StatusCode);
        Assert.True((await Read(byChannel)).GetProperty("errors").TryGetProperty("channel", out _));
        Assert.Equal(HttpStatusCode.BadRequest, badSort.StatusCode);
        Assert.True((await Read(badSort)).GetProperty("errors").TryGetProperty("sort", out _));
    }
}
