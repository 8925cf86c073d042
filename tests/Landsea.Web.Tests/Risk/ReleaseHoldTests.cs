using System.Net;
using System.Text;
using System.Text.Json;

namespace Landsea.Web.Tests.Risk;

/// <summary>Issue 15, defect 1: a red or yellow channel holds the goods until the control outcome is recorded, or an officer overrides the hold.</summary>
public class ReleaseHoldTests(RiskNodeFixture node) : IClassFixture<RiskNodeFixture>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> Read(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private Task<HttpResponseMessage> ReleaseAsync(string user, string mrn, string body = """{"event": "Released"}""") =>
        node.Client(user).PostAsync($"/api/declarations/{mrn}/events", Json(body));

    [Theory]
    [InlineData("HOLD-RED", "9301", "930190", "Red")]
    [InlineData("HOLD-YELLOW", "9302", "930200", "Yellow")]
    public async Task Release_RedOrYellowWithoutOutcome_RefusedThenAllowedOnceTheControlIsRecorded(string rule, string prefix, string commodity, string channel)
    {
        await node.EnsureRuleAsync(rule, prefix, channel);
        string mrn = await node.LodgeImportAsync($"{rule}-1", commodity);
        Assert.Equal(channel, (await Read(await node.Client("officer.cq").GetAsync($"/api/declarations/{mrn}/risk"))).GetProperty("decision").GetProperty("channel").GetString());

        HttpResponseMessage held = await ReleaseAsync("officer.cq", mrn);
        JsonElement problem = await Read(held);
        Assert.Equal(HttpStatusCode.Conflict, held.StatusCode);
        Assert.Equal("LS083", problem.GetProperty("title").GetString());
        Assert.Contains(channel, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Accepted", (await Read(await node.Client("officer.cq").GetAsync($"/api/declarations/{mrn}"))).GetProperty("summary").GetProperty("status").GetString());

        HttpResponseMessage outcome = await node.Client("officer.cq").PostAsync($"/api/declarations/{mrn}/outcomes", Json("""{"found": false, "what": "container opened, goods as declared"}"""));
        Assert.Equal(HttpStatusCode.Created, outcome.StatusCode);
        HttpResponseMessage released = await ReleaseAsync("officer.cq", mrn);
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        Assert.Equal("Released", (await Read(released)).GetProperty("summary").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Release_GreenChannel_NeedsNoOutcome()
    {
        string mrn = await node.LodgeImportAsync("HOLD-GREEN-1", "847130");
        Assert.Equal("Green", (await Read(await node.Client("officer.cq").GetAsync($"/api/declarations/{mrn}/risk"))).GetProperty("decision").GetProperty("channel").GetString());

        Assert.Equal(HttpStatusCode.OK, (await ReleaseAsync("officer.cq", mrn)).StatusCode);
    }

    [Fact]
    public async Task Override_WithReasonByTheDeclarationsOffice_ReleasedAndRecordedAsOverride()
    {
        await node.EnsureRuleAsync("HOLD-RED", "9301", "Red");
        string mrn = await node.LodgeImportAsync("HOLD-OVR-1", "930190");

        HttpResponseMessage noReason = await ReleaseAsync("officer.cq", mrn, """{"event": "Released", "override": true, "note": "urgent"}""");
        HttpResponseMessage otherOffice = await ReleaseAsync("officer.qz", mrn, """{"event": "Released", "override": true, "note": "perishable goods, inspection at destination"}""");
        HttpResponseMessage overridden = await ReleaseAsync("officer.cq", mrn, """{"event": "Released", "override": true, "note": "perishable goods, inspection at destination"}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Equal("LS084", (await Read(noReason)).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, otherOffice.StatusCode);
        Assert.Equal("LS085", (await Read(otherOffice)).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, overridden.StatusCode);
        JsonElement last = (await Read(overridden)).GetProperty("history").EnumerateArray().Last();
        Assert.Equal("Released", last.GetProperty("event").GetString());
        Assert.StartsWith("Override of the hold (Red channel, no inspection outcome) by officer.cq: perishable goods", last.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Contains("Override of the hold", await node.Client("officer.cq").GetStringAsync($"/declarations/{mrn}"), StringComparison.Ordinal);
    }
}
