using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Landsea.Exchange;
using Landsea.Exchange.Signing;

namespace Landsea.Web.Tests.Exchange;

/// <summary><c>POST /exchange/held-head</c> (issue 17 item 3) answers only a query signed by a registered partner for this node.</summary>
public sealed class HeldHeadTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task HeldHead_QueryFromPartner_AnsweredNoReceiptYet_OthersRefused403()
    {
        using NodeIdentity partner = NodeIdentity.Create("MYKUL", "Malaysia Customs", TimeProvider.System);
        using NodeIdentity stranger = NodeIdentity.Create("MYKUL", "Not Malaysia", TimeProvider.System);
        using HttpClient admin = node.Client("admin");
        (await admin.PostAsJsonAsync("/api/exchange/partners",
            new { code = "MYKUL", name = "Malaysia Customs", endpoint = "http://127.0.0.1:1/exchange/envelopes", certificatePem = partner.CertificatePem })).EnsureSuccessStatusCode();
        DateTimeOffset now = DateTimeOffset.UtcNow;

        using HttpResponseMessage genuine = await PostAsync(HeldHeads.SignQuery(partner, "CNCQI", now));
        using HttpResponseMessage forged = await PostAsync(HeldHeads.SignQuery(stranger, "CNCQI", now));
        using HttpResponseMessage elsewhere = await PostAsync(HeldHeads.SignQuery(partner, "SGSIN", now));
        using HttpResponseMessage stale = await PostAsync(HeldHeads.SignQuery(partner, "CNCQI", now.AddMinutes(-10)));
        using HttpResponseMessage garbage = await PostAsync("not a query");

        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        using JsonDocument answer = JsonDocument.Parse(await genuine.Content.ReadAsStringAsync());
        Assert.False(answer.RootElement.TryGetProperty("receipt", out JsonElement receipt) && receipt.ValueKind != JsonValueKind.Null); // none kept yet
        Assert.All([forged, elsewhere, stale, garbage], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Contains("pinned certificate", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void EndpointBeside_EnvelopesUrl_HeldHeadUrl()
    {
        Assert.Equal(new Uri("http://127.0.0.1:5082/exchange/held-head"), HeldHeads.EndpointBeside(new Uri("http://127.0.0.1:5082/exchange/envelopes")));
    }

    private async Task<HttpResponseMessage> PostAsync(string query)
    {
        using HttpClient http = node.Client();
        using var content = new StringContent(query, Encoding.ASCII, "application/jose");
        return await http.PostAsync("/exchange/held-head", content);
    }
}
