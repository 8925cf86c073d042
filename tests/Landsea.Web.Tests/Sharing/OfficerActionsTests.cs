using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Landsea.Data;
using Landsea.Data.Risk;
using Landsea.Exchange.Records;
using Landsea.Exchange.Storage;
using Landsea.Sharing;
using Landsea.Web.Features.Exchange;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Landsea.Web.Tests.Sharing;

/// <summary>The officers' actions on partner goods: confirm an announced arrival, record the inspection of held goods.</summary>
public sealed class OfficerActionsTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private Uri _address = null!;

    public async Task InitializeAsync()
    {
        string db = Path.Combine(Path.GetTempPath(), "landsea-tests", $"sharing-{Guid.NewGuid():N}.db");
        _app = await NodeHost.BuildAsync(new NodeOptions { Database = db, Development = true }, ["--urls", "http://127.0.0.1:0"]);
        await _app.StartAsync();
        _address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private HttpClient As(string user) => new()
    {
        BaseAddress = _address,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:landsea-dev"))) },
    };

    /// <summary>Stores a received message's record as the hand-over would.</summary>
    private async Task ReceivedAsync(string type, string mrn, string state, string document)
    {
        await using DbConnection c = await _app.Services.GetRequiredService<NodeDatabase>().OpenAsync();
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, TimeProvider.System, CancellationToken.None);
        await MessageRecords.AddAsync(work, new MessageRecord(Guid.NewGuid().ToString("N"), MessageRecords.In, "CNNNG", type, mrn, 1, state, "test", document,
            DateTimeOffset.UnixEpoch));
        await work.CommitAsync(CancellationToken.None);
    }

    private async Task<string?> StateAsync(string type, string mrn)
    {
        await using DbConnection c = await _app.Services.GetRequiredService<NodeDatabase>().OpenAsync();
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, TimeProvider.System, CancellationToken.None);
        return (await MessageRecords.FindAsync(work, MessageRecords.In, type, mrn))?.State;
    }

    /// <summary>Issue 15 item 6: an officer whose node has goods announced to it lands on them; otherwise, and a trader always, on the declarations.</summary>
    [Fact]
    public async Task Landing_OfficerWithAnnouncedGoods_LandsOnThem_OthersOnDeclarations()
    {
        string? Landing(HttpResponseMessage r) => r.Headers.Location?.OriginalString;
        HttpClient Manual(string user)
        {
            var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _address };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:landsea-dev")));
            return http;
        }

        using HttpClient officer = Manual("officer.cq");
        using HttpClient trader = Manual("trader.a");
        string? before = Landing(await officer.GetAsync("/"));
        await ReceivedAsync(MessageTypes.ArrivalNotice, "26CNNNG0000000007X", ArrivalAnnounced.Expected, """{"exitOffice":"CN720001"}""");

        Assert.Equal("/declarations", before);
        Assert.Equal("/exchange/partner-goods", Landing(await officer.GetAsync("/")));
        Assert.Equal("/declarations", Landing(await trader.GetAsync("/")));
        await officer.PostAsync("/api/exchange/arrivals/26CNNNG0000000007X/confirm", null);
        Assert.Equal("/declarations", Landing(await officer.GetAsync("/")));
    }

    [Fact]
    public async Task ConfirmArrival_AnnouncedArrival_ConfirmedOnceThenNotFound()
    {
        await ReceivedAsync(MessageTypes.ArrivalNotice, "26CNNNG0000000001X", ArrivalAnnounced.Expected, """{"exitOffice":"CN720001"}""");
        using HttpClient officer = As("officer.cq");

        HttpResponseMessage first = await officer.PostAsync("/api/exchange/arrivals/26CNNNG0000000001X/confirm", null);
        HttpResponseMessage again = await officer.PostAsync("/api/exchange/arrivals/26CNNNG0000000001X/confirm", null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("confirmed", await StateAsync(MessageTypes.ArrivalNotice, "26CNNNG0000000001X"));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task ConfirmArrival_Auditor_Forbidden()
    {
        await ReceivedAsync(MessageTypes.ArrivalNotice, "26CNNNG0000000002X", ArrivalAnnounced.Expected, "{}");
        using HttpClient auditor = As("auditor");

        HttpResponseMessage response = await auditor.PostAsync("/api/exchange/arrivals/26CNNNG0000000002X/confirm", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(ArrivalAnnounced.Expected, await StateAsync(MessageTypes.ArrivalNotice, "26CNNNG0000000002X"));
    }

    [Fact]
    public async Task RecordInspection_HeldPreArrival_InspectedAndKeptByRisk()
    {
        await ReceivedAsync(MessageTypes.PreArrival, "26SGSIN0000000003X", PreArrivalAssessment.HoldDecision, "{}");
        using HttpClient officer = As("officer.cq");

        HttpResponseMessage response = await officer.PostAsJsonAsync("/api/exchange/pre-arrivals/26SGSIN0000000003X/inspection", new { found = true, what = "undeclared goods" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("inspected", await StateAsync(MessageTypes.PreArrival, "26SGSIN0000000003X"));
        var outcome = Assert.Single(await _app.Services.GetRequiredService<RiskStore>().OutcomesAsync("26SGSIN0000000003X"));
        Assert.Equal((true, "undeclared goods", "officer.cq"), (outcome.Found, outcome.What, outcome.RecordedBy));
    }

    [Fact]
    public async Task RecordInspection_NoPreArrival_NotFound()
    {
        using HttpClient officer = As("officer.cq");

        HttpResponseMessage response = await officer.PostAsJsonAsync("/api/exchange/pre-arrivals/26SGSIN0000000009X/inspection", new { found = false });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ConfirmArrivalPage_AnnouncedArrival_ConfirmsAndRedirects()
    {
        await ReceivedAsync(MessageTypes.ArrivalNotice, "26CNNNG0000000004X", ArrivalAnnounced.Expected, "{}");
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var officer = new HttpClient(handler) { BaseAddress = _address };
        officer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("officer.cq:landsea-dev")));

        HttpResponseMessage response = await officer.PostAsync("/exchange/arrivals/26CNNNG0000000004X/confirm", null);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("confirmed", await StateAsync(MessageTypes.ArrivalNotice, "26CNNNG0000000004X"));
    }
}
