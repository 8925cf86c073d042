using System.Net.Http.Headers;
using System.Text;
using Landsea.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Landsea.Web.Tests.CorridorSupervision;

/// <summary>A node whose alert job and pusher do not run on their own: the tests run their rounds (no waiting on a clock).</summary>
public sealed class CorridorNode : IAsyncLifetime
{
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        string db = Path.Combine(Path.GetTempPath(), "landsea-tests", $"corridor-{Guid.NewGuid():N}.db");
        _app = await NodeHost.BuildAsync(new NodeOptions { Database = db, Development = true },
            ["--urls", "http://127.0.0.1:0", "--Corridor:AlertsEvery=00:00:00", "--Corridor:PushEvery=00:00:00",
                // trader.b is an authorised trader of this node: it may flag its own consignments for the priority lane.
                "--Corridor:AuthorisedTraders:0=91110000600037341L"]);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    public HttpClient Client(string user)
    {
        var http = new HttpClient { BaseAddress = BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:landsea-dev")));
        return http;
    }

    /// <summary>Declares a consignment on the rail-sea line departing <paramref name="departure"/> (trader.b; priority with a reason).</summary>
    public async Task<string> DeclareAsync(string id, DateTimeOffset departure, string route = "ILSTC-RAIL-SEA", bool priority = false, string box = "CSQU3054383")
    {
        string body = $$"""
            {"consignmentID": "{{id}}", "transportDocumentReference": "TD{{id.Replace("-", "", StringComparison.Ordinal)}}", "route": "{{route}}",
             "departureAt": "{{departure:O}}", "priority": {{(priority ? "true, \"priorityReason\": \"medical supplies\"" : "false")}},
             "equipment": [{"equipmentReference": "{{box}}", "seals": ["SL-{{id}}"]}]}
            """;
        HttpResponseMessage r = await Client("trader.b").PostAsync("/api/corridor/consignments", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
        return "TD" + id.Replace("-", "", StringComparison.Ordinal);
    }

    public static string Transport(string code, string locode, DateTimeOffset at, string document, Guid? id = null) => $$"""
        {"eventID": "{{id ?? Guid.NewGuid()}}", "eventType": "TRANSPORT", "eventClassifierCode": "ACT", "eventDateTime": "{{at:O}}",
         "eventCreatedDateTime": "{{at:O}}", "transportEventTypeCode": "{{code}}",
         "transportCall": {"transportCallID": "TC-{{locode}}", "UNLocationCode": "{{locode}}", "modeOfTransport": "RAIL"},
         "documentReferences": [{"documentReferenceType": "TRD", "documentReferenceValue": "{{document}}"}]}
        """;
}
