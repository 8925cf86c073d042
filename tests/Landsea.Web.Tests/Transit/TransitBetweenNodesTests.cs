using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Landsea.Data.Tests.Transit;
using Landsea.Sharing;
using Landsea.Web.Tests.Exchange;

namespace Landsea.Web.Tests.Transit;

/// <summary>
/// One movement from Chongqing (CNCQI, office of departure CN800001) to Singapore (SGSIN, office of destination SG000001),
/// two real nodes over HTTP with signed envelopes: the release announces it (IE001), the arrival at Singapore is advised
/// back (IE006), the unloading remarks are the control results (IE018) that write the movement off at Chongqing.
/// </summary>
public sealed class TransitBetweenNodesTests
{
    private static ByteArrayContent Xml(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/xml");
        return content;
    }

    private static byte[] ToSingapore(byte[] message) => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(message)
        .Replace("NTA.CN", "NTA.SG", StringComparison.Ordinal)
        .Replace("CN800002", "SG000001", StringComparison.Ordinal));

    private static async Task<string?> StateAsync(HttpClient client, string mrn)
    {
        HttpResponseMessage r = await client.GetAsync($"/api/transit/movements/{mrn}");
        return r.IsSuccessStatusCode ? JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("movement").GetProperty("state").GetString() : null;
    }

    private static async Task<TwoNodesInProcess> StartAsync()
    {
        TwoNodesInProcess pair = await TwoNodesInProcess.StartAsync();
        await TwoNodesInProcess.AgreeAsync(pair.A, "SGSIN", MessageTypes.TransitFromDeparture, MessageTypes.TransitToDeparture);
        await TwoNodesInProcess.AgreeAsync(pair.B, "CNCQI", MessageTypes.TransitToDeparture, MessageTypes.TransitFromDeparture);
        HttpResponseMessage g = await pair.Client(pair.A, "officer.cq").PostAsJsonAsync("/api/transit/guarantees",
            new { grn = TransitMessages.Grn, kind = "Comprehensive", holderId = TransitMessages.Holder, accessCode = "AB12", amount = 100_000m, currency = "CNY" });
        Assert.Equal(HttpStatusCode.Created, g.StatusCode);
        return pair;
    }

    private static async Task<string> ReleaseAsync(TwoNodesInProcess pair, string lrn)
    {
        byte[] declaration = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(TransitMessages.Declaration(lrn, lrn + "-1")).Replace("CN720001", "SG000001", StringComparison.Ordinal));
        HttpResponseMessage r = await pair.Client(pair.A, "trader.uk").PostAsync("/api/transit/messages", Xml(declaration));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        Assert.Equal("IE028,IE029", r.Headers.GetValues("X-Ncts-Answers").Single());
        return XDocument.Parse(await r.Content.ReadAsStringAsync()).Root!.Element("TransitOperation")!.Element("MRN")!.Value;
    }

    [Fact]
    public async Task Movement_ReleasedAtChongqing_IsAnnouncedArrivesAtSingaporeAndIsWrittenOff()
    {
        await using TwoNodesInProcess pair = await StartAsync();
        HttpClient chongqing = pair.Client(pair.A, "officer.cq"), singapore = pair.Client(pair.B, "officer.sg");
        string mrn = await ReleaseAsync(pair, "SG-1");

        await TwoNodesInProcess.WaitUntilAsync(async () => await StateAsync(singapore, mrn) == "Announced", "IE001 at Singapore", () => pair.Advance(TimeSpan.FromSeconds(1)));

        HttpResponseMessage arrival = await singapore.PostAsync("/api/transit/messages", Xml(ToSingapore(TransitMessages.Arrival(mrn, "SG-ARR-1"))));
        Assert.Equal(HttpStatusCode.OK, arrival.StatusCode);
        Assert.Equal("IE043", arrival.Headers.GetValues("X-Ncts-Answers").Single());
        await TwoNodesInProcess.WaitUntilAsync(async () => await StateAsync(chongqing, mrn) == "Arrived", "IE006 at Chongqing", () => pair.Advance(TimeSpan.FromSeconds(1)));

        HttpResponseMessage unloading = await singapore.PostAsync("/api/transit/messages", Xml(ToSingapore(TransitMessages.UnloadingRemarks(mrn, "SG-UNL-1", conform: true))));
        Assert.Equal(HttpStatusCode.OK, unloading.StatusCode);
        Assert.Equal("Unloaded", await StateAsync(singapore, mrn));
        await TwoNodesInProcess.WaitUntilAsync(async () => await StateAsync(chongqing, mrn) == "WrittenOff", "IE018 at Chongqing", () => pair.Advance(TimeSpan.FromSeconds(1)));

        JsonElement view = JsonDocument.Parse(await chongqing.GetStringAsync($"/api/transit/movements/{mrn}")).RootElement;
        Assert.Equal(["IE015", "IE028", "GUA", "IE029", "IE006", "IE045"], view.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("message").GetString()));
        Assert.Equal("SG000001", view.GetProperty("transitions")[4].GetProperty("office").GetString());
        Assert.Equal("SGSIN", view.GetProperty("transitions")[5].GetProperty("actor").GetString());
        Assert.StartsWith("100000", view.GetProperty("guarantee").GetProperty("available").GetString(), StringComparison.Ordinal);
        string[] messages = [.. view.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("direction").GetString() + " " + m.GetProperty("messageType").GetString())];
        Assert.Equal(["in CC015C", "out CC028C", "out CC029C", "out IE001", "in IE006", "in IE018", "out CC045C"], messages);
    }

    [Fact]
    public async Task ArrivalAtSingapore_BeforeTheAnnouncement_IsRefusedAsUnknownAndChangesNothing()
    {
        await using TwoNodesInProcess pair = await StartAsync();
        HttpClient singapore = pair.Client(pair.B, "officer.sg");

        HttpResponseMessage arrival = await singapore.PostAsync("/api/transit/messages", Xml(ToSingapore(TransitMessages.Arrival("26CNCQI000000099J0", "SG-ARR-9"))));

        Assert.Equal(HttpStatusCode.NotFound, arrival.StatusCode);
        Assert.Equal("IE056", arrival.Headers.GetValues("X-Ncts-Answers").Single());
        Assert.Null(await StateAsync(singapore, "26CNCQI000000099J0"));
    }
}
