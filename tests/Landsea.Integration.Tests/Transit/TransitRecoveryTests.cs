using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Landsea.Cli.Commands.Demo;
using Landsea.Integration.Tests.Exchange;

namespace Landsea.Integration.Tests.Transit;

/// <summary>
/// Transit between two node processes, Chongqing (departure) and Singapore (destination), when things break: the
/// destination node is down while movements are released, and the departure node is killed (kill -9) after the releases
/// committed and before any IE001 went out. After both restart, every movement is announced at Singapore exactly once.
/// </summary>
public sealed class TransitRecoveryTests
{
    private const int Movements = 20;

    private static async Task<HttpResponseMessage> SendAsync(TwoNodes nodes, NodeProcess node, string user, HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(node.Url + path)) { Content = content };
        request.Headers.Authorization = TwoNodes.Basic(user);
        HttpResponseMessage r = await nodes.Http.SendAsync(request);
        await r.Content.LoadIntoBufferAsync();
        return r;
    }

    [Fact]
    public async Task DestinationDownDepartureKilledAfterRelease_Restarted_EachMovementAnnouncedExactlyOnce()
    {
        await using TwoNodes nodes = await TwoNodes.CreateAsync();
        await nodes.StartAsync(nodes.A);
        HttpResponseMessage g = await SendAsync(nodes, nodes.A, "officer.cq", HttpMethod.Post, "/api/transit/guarantees",
            JsonContent.Create(new { grn = DemoTransit.Grn, kind = "Comprehensive", holderId = DemoTransit.Holder, accessCode = "DEMO", amount = 10_000_000m, currency = "CNY" }));
        Assert.Equal(HttpStatusCode.Created, g.StatusCode);

        var mrns = new List<string>();
        for (int i = 0; i < Movements; i++)
        {
            var body = new ByteArrayContent(Encoding.UTF8.GetBytes(DemoTransit.Declaration($"REC-{i:D3}", "SG000001")));
            body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/xml");
            HttpResponseMessage r = await SendAsync(nodes, nodes.A, "officer.cq", HttpMethod.Post, "/api/transit/messages", body);
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
            mrns.Add(XDocument.Parse(await r.Content.ReadAsStringAsync()).Root!.Element("TransitOperation")!.Element("MRN")!.Value);
        }

        // Singapore has been down all along, so every IE001 is still in Chongqing's outbox when Chongqing dies.
        Assert.Equal(Movements, (await nodes.StatsAsync(nodes.A)).Pending);
        nodes.A.Kill();
        await Task.WhenAll(nodes.StartAsync(nodes.A), nodes.StartAsync(nodes.B));

        await TwoNodes.WaitUntilAsync(async () => (await AnnouncedAsync(nodes)).Count >= Movements, TimeSpan.FromMinutes(2), $"{Movements} movements announced at Singapore");
        await nodes.WaitUntilQuietAsync(nodes.A, nodes.B, TimeSpan.FromMinutes(1));

        List<string> announced = await AnnouncedAsync(nodes);
        Assert.Equal(mrns.Order(StringComparer.Ordinal), announced.Order(StringComparer.Ordinal));
        Assert.Equal(Movements, (await nodes.AppliedAsync(nodes.B)).Count(e => e.Type == "transit-ie001"));
        Assert.Equal(0, (await nodes.StatsAsync(nodes.A)).Pending);
    }

    private static async Task<List<string>> AnnouncedAsync(TwoNodes nodes)
    {
        HttpResponseMessage r = await SendAsync(nodes, nodes.B, "auditor", HttpMethod.Get, "/api/transit/movements?status=Announced&limit=500");
        if (!r.IsSuccessStatusCode)
        {
            return [];
        }

        using JsonDocument doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        return [.. doc.RootElement.EnumerateArray().Select(m => m.GetProperty("mrn").GetString()!)];
    }
}
