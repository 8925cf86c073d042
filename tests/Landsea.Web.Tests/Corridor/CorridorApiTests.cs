using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Landsea.Web.Features.CorridorSupervision;
using Microsoft.Extensions.DependencyInjection;

namespace Landsea.Web.Tests.CorridorSupervision;

/// <summary>Issue 11 items 2-6 over HTTP: declare, send DCSA events (good and bad), read them back filtered and paged, seal checks raising one alert.</summary>
public class CorridorApiTests(CorridorNode node) : IClassFixture<CorridorNode>
{
    private static StringContent Json(string s) => new(s, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Declare_BadContainer_LS906NamesTheField()
    {
        string body = """{"consignmentID": "BAD-1", "transportDocumentReference": "X", "route": "ILSTC-RAIL-SEA", "departureAt": "2026-01-01T00:00:00Z", "equipment": [{"equipmentReference": "CSQU3054384"}]}""";
        HttpResponseMessage r = await node.Client("trader.b").PostAsync("/api/corridor/consignments", Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        string text = await r.Content.ReadAsStringAsync();
        Assert.Contains("LS906", text, StringComparison.Ordinal);
        Assert.Contains("/equipment/0/equipmentReference", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_PostedAndServed_DcsaShaped_WithCustomsEventsAndPages()
    {
        DateTimeOffset departure = DateTimeOffset.UtcNow.AddHours(-5);
        string doc = await node.DeclareAsync("API-1", departure);
        HttpClient officer = node.Client("officer.cq");
        Assert.Equal(HttpStatusCode.Created, (await officer.PostAsync("/api/corridor/consignments/API-1/customs-events", Json("""{"kind": "released", "officeCode": "CN800002"}"""))).StatusCode);
        HttpResponseMessage posted = await node.Client("trader.b").PostAsync("/api/corridor/v2/events", Json(CorridorNode.Transport("DEPA", "CNCQI", departure.AddHours(1), doc)));
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        // A bad one: a DCSA-style error naming the field, and nothing added to the timeline.
        HttpResponseMessage bad = await node.Client("trader.b").PostAsync("/api/corridor/v2/events", Json(CorridorNode.Transport("LAND", "CNCQI", departure.AddHours(2), doc)));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        JsonElement error = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, error.GetProperty("statusCode").GetInt32());
        JsonElement first = error.GetProperty("errors")[0];
        Assert.Equal("LS911", first.GetProperty("errorCodeText").GetString());
        Assert.Equal("/transportEventTypeCode", first.GetProperty("jsonPath").GetString());
        HttpResponseMessage future = await node.Client("trader.b").PostAsync("/api/corridor/v2/events", Json(CorridorNode.Transport("ARRI", "CNQZH", DateTimeOffset.UtcNow.AddDays(2), doc)));
        Assert.Contains("LS914", await future.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        JsonElement[] events = [.. (await officer.GetFromJsonAsync<JsonElement>($"/api/corridor/v2/events?transportDocumentReference={doc}")).EnumerateArray()];
        Assert.Equal(2, events.Length);
        Assert.Equal("SHIPMENT", events[0].GetProperty("eventType").GetString());
        Assert.Equal("RELS", events[0].GetProperty("shipmentEventTypeCode").GetString());
        Assert.Equal("TRANSPORT", events[1].GetProperty("eventType").GetString());
        foreach (JsonElement e in events)
        {
            foreach (string field in new[] { "eventID", "eventType", "eventClassifierCode", "eventDateTime", "eventCreatedDateTime" })
            {
                Assert.True(e.TryGetProperty(field, out _), field);
            }
        }

        HttpResponseMessage page1 = await officer.GetAsync($"/api/corridor/v2/events?transportDocumentReference={doc}&limit=1");
        string cursor = page1.Headers.GetValues("Next-Page-Cursor").Single();
        JsonElement page2 = await officer.GetFromJsonAsync<JsonElement>($"/api/corridor/v2/events?transportDocumentReference={doc}&limit=1&cursor={cursor}");
        Assert.Equal("TRANSPORT", page2[0].GetProperty("eventType").GetString());
        Assert.Single((await officer.GetFromJsonAsync<JsonElement>($"/api/corridor/v2/events?transportDocumentReference={doc}&eventType=SHIPMENT")).EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.GetAsync("/api/corridor/v2/events?eventType=PARTY")).StatusCode);

        JsonElement timeline = await officer.GetFromJsonAsync<JsonElement>("/api/corridor/consignments/API-1/timeline");
        Assert.Equal(2, timeline.GetProperty("entries").GetArrayLength());
        Assert.EndsWith("+08:00", timeline.GetProperty("entries")[0].GetProperty("localTime").GetString(), StringComparison.Ordinal);
        Assert.Equal("Asia/Shanghai", timeline.GetProperty("entries")[0].GetProperty("timeZone").GetString());
    }

    [Fact]
    public async Task SealBroken_AlertOnce_ToTheCheckingAndDepartureOffices_Acknowledged()
    {
        DateTimeOffset departure = DateTimeOffset.UtcNow.AddHours(-50);
        await node.DeclareAsync("SEAL-1", departure);
        HttpClient qinzhou = node.Client("officer.qz");
        HttpResponseMessage r = await qinzhou.PostAsync("/api/corridor/consignments/SEAL-1/seal-checks", Json("""{"equipmentReference": "CSQU3054383", "outcome": "broken"}"""));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var job = node.Services.GetRequiredService<AlertJob>();
        Assert.Contains(await job.ScanOnceAsync(), a => a.ConsignmentId == "SEAL-1" && a.Kind == Landsea.CorridorSupervision.AlertKind.SealMismatch);
        Assert.DoesNotContain(await job.ScanOnceAsync(), a => a.ConsignmentId == "SEAL-1");

        JsonElement[] alerts = [.. (await qinzhou.GetFromJsonAsync<JsonElement>("/api/corridor/alerts?open=true")).EnumerateArray().Where(a => a.GetProperty("consignmentID").GetString() == "SEAL-1")];
        JsonElement seal = Assert.Single(alerts, a => a.GetProperty("kind").GetString() == "SealMismatch");
        Assert.Equal(["CN720001", "CN800002"], seal.GetProperty("notify").EnumerateArray().Select(n => n.GetString()));
        HttpResponseMessage ack = await qinzhou.PostAsync("/api/corridor/alerts/acknowledge", Json($$"""{"key": "{{seal.GetProperty("key").GetString()}}"}"""));
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.DoesNotContain((await qinzhou.GetFromJsonAsync<JsonElement>("/api/corridor/alerts?open=true")).EnumerateArray(), a => a.GetProperty("key").GetString() == seal.GetProperty("key").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await node.Client("trader.b").PostAsync("/api/corridor/consignments/SEAL-1/seal-checks", Json("""{"equipmentReference": "CSQU3054383", "outcome": "intact"}"""))).StatusCode);
    }

    [Fact]
    public async Task Subscriber_DownThenUp_GetsEventsInOrderOnce()
    {
        var received = new List<string>();
        int status = 503;
        using var listener = new HttpListener();
        int port = Random.Shared.Next(20000, 40000);
        listener.Prefixes.Add($"http://127.0.0.1:{port}/hook/");
        listener.Start();
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext ctx;
                try
                {
                    ctx = await listener.GetContextAsync();
                }
                catch (HttpListenerException)
                {
                    return;
                }

                using var reader = new StreamReader(ctx.Request.InputStream);
                string body = await reader.ReadToEndAsync();
                if (status == 200)
                {
                    lock (received)
                    {
                        received.Add(body + "|" + ctx.Request.Headers["Notification-Signature"]);
                    }
                }

                ctx.Response.StatusCode = status;
                ctx.Response.Close();
            }
        });

        string secret = Convert.ToBase64String(new byte[32]);
        HttpResponseMessage sub = await node.Client("officer.cq").PostAsync("/api/corridor/v2/event-subscriptions",
            Json($$"""{"callbackUrl": "http://127.0.0.1:{{port}}/hook/", "secret": "{{secret}}", "transportDocumentReference": "TDSUB1"}"""));
        Assert.Equal(HttpStatusCode.Created, sub.StatusCode);
        DateTimeOffset departure = DateTimeOffset.UtcNow.AddHours(-3);
        string doc = await node.DeclareAsync("SUB-1", departure);
        await node.Client("trader.b").PostAsync("/api/corridor/v2/events", Json(CorridorNode.Transport("DEPA", "CNCQI", departure.AddHours(1), doc)));

        var pusher = node.Services.GetRequiredService<EventPusher>();
        Assert.Equal(0, await pusher.RunOnceAsync(DateTimeOffset.UtcNow));
        status = 200;
        await node.Client("trader.b").PostAsync("/api/corridor/v2/events", Json(CorridorNode.Transport("ARRI", "CNQZH", departure.AddHours(2), doc)));
        Assert.Equal(1, await pusher.RunOnceAsync(DateTimeOffset.UtcNow.AddMinutes(1)));
        Assert.Equal(0, await pusher.RunOnceAsync(DateTimeOffset.UtcNow.AddMinutes(2)));
        listener.Stop();

        string only = Assert.Single(received);
        JsonElement[] pushed = [.. JsonDocument.Parse(only[..only.LastIndexOf('|')]).RootElement.EnumerateArray()];
        Assert.Equal(["DEPA", "ARRI"], pushed.Select(e => e.GetProperty("transportEventTypeCode").GetString()));
        Assert.Equal(EventPusher.Signature(new byte[32], Encoding.UTF8.GetBytes(only[..only.LastIndexOf('|')])), only[(only.LastIndexOf('|') + 1)..]);
    }
}
