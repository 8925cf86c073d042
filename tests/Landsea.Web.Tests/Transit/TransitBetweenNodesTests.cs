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

        // The holder's software follows it in the notification feed at Chongqing: MRN, release, and the write-off that
        // Singapore's unloading remarks brought.
        JsonElement feed = JsonDocument.Parse(await pair.Client(pair.A, "trader.uk").GetStringAsync("/api/notifications?kind=movement")).RootElement;
        Assert.Equal([$"CC028C {mrn} Released", $"CC029C {mrn} Released", $"CC045C {mrn} WrittenOff"], feed.GetProperty("items").EnumerateArray()
            .Select(i => $"{i.GetProperty("movement").GetProperty("messageType").GetString()} {i.GetProperty("mrn").GetString()} {i.GetProperty("movement").GetProperty("state").GetString()}"));
        Assert.Empty(JsonDocument.Parse(await pair.Client(pair.A, "trader.a").GetStringAsync("/api/notifications?kind=movement")).RootElement.GetProperty("items").EnumerateArray());
    }

    private static async Task<JsonElement> MessageStatusAsync(HttpClient client, HttpResponseMessage lodged) =>
        JsonDocument.Parse(await client.GetStringAsync("/api/transit/messages/" + lodged.Headers.GetValues("X-Transit-Message").Single())).RootElement;

    [Fact]
    public async Task ArrivalAtSingapore_OfAnMrnChongqingNeverIssued_IsAskedForThenRefusedWithTheReason()
    {
        await using TwoNodesInProcess pair = await StartAsync();
        HttpClient singapore = pair.Client(pair.B, "officer.sg");

        string never = Landsea.Shared.Mrn.Create(2026, "CN", "CQI000000099", 'J').Value.Value;
        HttpResponseMessage arrival = await singapore.PostAsync("/api/transit/messages", Xml(ToSingapore(TransitMessages.Arrival(never, "SG-ARR-9"))));

        Assert.Equal(HttpStatusCode.Accepted, arrival.StatusCode);
        Assert.Equal("AwaitingRecord", JsonDocument.Parse(await arrival.Content.ReadAsStringAsync()).RootElement.GetProperty("outcome").GetString());
        Assert.Equal("AwaitingRecord", (await MessageStatusAsync(singapore, arrival)).GetProperty("status").GetString());
        await TwoNodesInProcess.WaitUntilAsync(async () => (await MessageStatusAsync(singapore, arrival)).GetProperty("status").GetString() == "Refused",
            "IE003 refusal at Singapore", () => pair.Advance(TimeSpan.FromSeconds(1)));

        JsonElement refused = await MessageStatusAsync(singapore, arrival);
        JsonElement error = refused.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal("/ncts:CC007C/TransitOperation/MRN", error.GetProperty("pointer").GetString());
        Assert.Contains("CNCQI", error.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Null(await StateAsync(singapore, never));
    }

    /// <summary>
    /// The trader who lodged an arrival that had to wait for its record learns of the refusal without asking: the IE056
    /// comes in its notification feed, naming the arrival it answers; another trader's feed does not show it.
    /// </summary>
    [Fact]
    public async Task ArrivalRefusedAfterTheAar_TheIe056ReachesTheLodgingTradersFeed()
    {
        await using TwoNodesInProcess pair = await StartAsync();
        HttpClient trader = pair.Client(pair.B, "trader.a"), singapore = pair.Client(pair.B, "officer.sg");
        string never = Landsea.Shared.Mrn.Create(2026, "CN", "CQI000000098", 'J').Value.Value;

        HttpResponseMessage arrival = await trader.PostAsync("/api/transit/messages", Xml(ToSingapore(TransitMessages.Arrival(never, "SG-ARR-8"))));
        Assert.Equal(HttpStatusCode.Accepted, arrival.StatusCode);
        await TwoNodesInProcess.WaitUntilAsync(async () => (await MessageStatusAsync(singapore, arrival)).GetProperty("status").GetString() == "Refused",
            "IE003 refusal at Singapore", () => pair.Advance(TimeSpan.FromSeconds(1)));

        JsonElement entry = JsonDocument.Parse(await trader.GetStringAsync("/api/notifications")).RootElement.GetProperty("items").EnumerateArray().Single();
        Assert.Equal(("movement", never, "SG000001"), (entry.GetProperty("kind").GetString(), entry.GetProperty("mrn").GetString(), entry.GetProperty("officeCode").GetString()));
        Assert.Equal(("CC056C", "rejection"), (entry.GetProperty("movement").GetProperty("messageType").GetString(), entry.GetProperty("movement").GetProperty("meaning").GetString()));
        Assert.Equal(arrival.Headers.GetValues("X-Transit-Message").Single(), entry.GetProperty("movement").GetProperty("inReplyTo").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(JsonDocument.Parse(await pair.Client(pair.B, "trader.uk").GetStringAsync("/api/notifications")).RootElement.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task GoodsDivertedToSingapore_SingaporeAsksChongqingForTheRecord_ArrivesAndChongqingIsAdvised()
    {
        await using TwoNodesInProcess pair = await StartAsync();
        HttpClient chongqing = pair.Client(pair.A, "officer.cq"), singapore = pair.Client(pair.B, "officer.sg");
        // Declared for Qinzhou (CN720001, the Nanning node, which this pair does not run): Singapore gets no IE001.
        byte[] declaration = TransitMessages.Declaration("DIV-1", "DIV-1-1");
        HttpResponseMessage released = await pair.Client(pair.A, "trader.uk").PostAsync("/api/transit/messages", Xml(declaration));
        Assert.Equal(HttpStatusCode.Created, released.StatusCode);
        string mrn = XDocument.Parse(await released.Content.ReadAsStringAsync()).Root!.Element("TransitOperation")!.Element("MRN")!.Value;

        HttpResponseMessage arrival = await singapore.PostAsync("/api/transit/messages", Xml(ToSingapore(TransitMessages.Arrival(mrn, "SG-DIV-1"))));
        Assert.Equal(HttpStatusCode.Accepted, arrival.StatusCode);

        await TwoNodesInProcess.WaitUntilAsync(async () => await StateAsync(singapore, mrn) == "Arrived", "IE003 then the waiting IE007 at Singapore", () => pair.Advance(TimeSpan.FromSeconds(1)));
        Assert.Equal(("Applied", "Arrived"), ((await MessageStatusAsync(singapore, arrival)).GetProperty("status").GetString(), (await MessageStatusAsync(singapore, arrival)).GetProperty("movementState").GetString()));
        await TwoNodesInProcess.WaitUntilAsync(async () => await StateAsync(chongqing, mrn) == "Arrived", "IE006 at Chongqing", () => pair.Advance(TimeSpan.FromSeconds(1)));

        JsonElement atChongqing = JsonDocument.Parse(await chongqing.GetStringAsync($"/api/transit/movements/{mrn}")).RootElement;
        Assert.Equal(["IE015", "IE028", "GUA", "IE029", "IE002", "IE006"], atChongqing.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("message").GetString()));
        Assert.Equal("SG000001", atChongqing.GetProperty("transitions")[4].GetProperty("office").GetString());
        JsonElement atSingapore = JsonDocument.Parse(await singapore.GetStringAsync($"/api/transit/movements/{mrn}")).RootElement;
        string[] messages = [.. atSingapore.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("direction").GetString() + " " + m.GetProperty("messageType").GetString())];
        Assert.Equal(["in CC007C", "out IE002", "in IE003", "out CC043C", "out IE006"], messages);
        string page = await chongqing.GetStringAsync($"/transit/{mrn}");
        Assert.Contains("(destination): not reached: the goods arrived elsewhere</li>", page, StringComparison.Ordinal);
        Assert.Matches("<strong>SG000001 [^<]*</strong> \\(actual destination\\): arrived, 20[0-9-]+ [0-9:]+ \\+08:00", page);
    }

    [Fact]
    public async Task InvalidationAfterRelease_CancelsTheMovementAtSingaporeToo_AndALateArrivalIsRefused()
    {
        await using TwoNodesInProcess pair = await StartAsync();
        HttpClient chongqing = pair.Client(pair.A, "officer.cq"), singapore = pair.Client(pair.B, "officer.sg");
        string mrn = await ReleaseAsync(pair, "SG-C");
        await TwoNodesInProcess.WaitUntilAsync(async () => await StateAsync(singapore, mrn) == "Announced", "IE001 at Singapore", () => pair.Advance(TimeSpan.FromSeconds(1)));

        HttpResponseMessage invalidation = await pair.Client(pair.A, "trader.uk").PostAsync("/api/transit/messages", Xml(TransitMessages.Invalidation(mrn, "SG-C-INV")));
        Assert.Equal(HttpStatusCode.OK, invalidation.StatusCode);
        Assert.Equal("IE009", invalidation.Headers.GetValues("X-Ncts-Answers").Single());
        Assert.Equal("Cancelled", await StateAsync(chongqing, mrn));
        await TwoNodesInProcess.WaitUntilAsync(async () => await StateAsync(singapore, mrn) == "Cancelled", "IE010 at Singapore", () => pair.Advance(TimeSpan.FromSeconds(1)));

        HttpResponseMessage late = await singapore.PostAsync("/api/transit/messages", Xml(ToSingapore(TransitMessages.Arrival(mrn, "SG-C-ARR"))));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("IE056", late.Headers.GetValues("X-Ncts-Answers").Single());
        Assert.Equal("Refused", (await MessageStatusAsync(singapore, late)).GetProperty("status").GetString());
    }
}
