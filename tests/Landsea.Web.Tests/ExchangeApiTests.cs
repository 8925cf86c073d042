using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Landsea.Exchange.Signing;

namespace Landsea.Web.Tests;

/// <summary>Who may manage the exchange over the API: administrators manage partners and agreements, officers and auditors read.</summary>
public sealed class ExchangeApiTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task Partners_OnlyAdministratorRegisters_OthersReadOrAreRefused()
    {
        object request = Partner("THTST");

        using HttpResponseMessage byOfficer = await node.Client("officer.cq").PostAsJsonAsync("/api/exchange/partners", request);
        using HttpResponseMessage byAuditor = await node.Client("auditor").PostAsJsonAsync("/api/exchange/partners", request);
        using HttpResponseMessage byTrader = await node.Client("trader.a").GetAsync("/api/exchange/partners");
        using HttpResponseMessage byAdmin = await node.Client("admin").PostAsJsonAsync("/api/exchange/partners", request);
        string listed = await node.Client("auditor").GetStringAsync("/api/exchange/partners");

        Assert.Equal(HttpStatusCode.Forbidden, byOfficer.StatusCode);
        Assert.Contains("only administrators", await byOfficer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, byAuditor.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byTrader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        Assert.Contains("\"THTST\"", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agreement_AdministratorRecordsVersions_OfficerRefused_BadPartnerAndCertificateNamed()
    {
        HttpClient admin = node.Client("admin");
        (await admin.PostAsJsonAsync("/api/exchange/partners", Partner("VNTST"))).EnsureSuccessStatusCode();
        var first = new { outbound = new[] { new { type = "control-result", allowedFields = (string[]?)null } }, inbound = new[] { "control-result" } };
        var second = new { outbound = new[] { new { type = "control-result", allowedFields = (string[]?)["/mrn", "/found"] } }, inbound = Array.Empty<string>() };

        using HttpResponseMessage byOfficer = await node.Client("officer.cq").PutAsJsonAsync("/api/exchange/partners/VNTST/agreement", first);
        (await admin.PutAsJsonAsync("/api/exchange/partners/VNTST/agreement", first)).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync("/api/exchange/partners/VNTST/agreement", second)).EnsureSuccessStatusCode();
        using HttpResponseMessage unknown = await admin.PutAsJsonAsync("/api/exchange/partners/XXNOP/agreement", first);
        using HttpResponseMessage badCertificate = await admin.PostAsJsonAsync("/api/exchange/partners",
            new { code = "MYTST", name = "Test", endpoint = "http://127.0.0.1:1/exchange/envelopes", certificatePem = "not a certificate" });
        using JsonDocument history = JsonDocument.Parse(await node.Client("officer.cq").GetStringAsync("/api/exchange/partners/VNTST/agreements"));

        Assert.Equal(HttpStatusCode.Forbidden, byOfficer.StatusCode);
        Assert.Equal([1L, 2L], history.RootElement.EnumerateArray().Select(v => v.GetProperty("version").GetInt64()));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badCertificate.StatusCode);
        Assert.Contains("certificatePem", await badCertificate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PartnersPage_ShowsEachPartnersAgreementFieldByField_TradersRefused()
    {
        HttpClient admin = node.Client("admin");
        (await admin.PostAsJsonAsync("/api/exchange/partners", Partner("LATST"))).EnsureSuccessStatusCode();
        var agreement = new { outbound = new[] { new { type = "pre-arrival", allowedFields = (string[]?)["/mrn", "/items/*/commodityCode"] } }, inbound = new[] { "pre-arrival-decision" } };
        (await admin.PutAsJsonAsync("/api/exchange/partners/LATST/agreement", agreement)).EnsureSuccessStatusCode();

        string page = await node.Client("officer.cq").GetStringAsync("/exchange/partners");
        using HttpResponseMessage denied = await node.Client("trader.a").GetAsync("/exchange/partners");
        string byTrader = await denied.Content.ReadAsStringAsync();

        Assert.Contains("id=\"partner-LATST\"", page, StringComparison.Ordinal);
        // Issue 15 item 6: the field by name, its JSON Pointer in the title.
        Assert.Contains("<span class=\"field\" title=\"/items/*/commodityCode\">commodity code of each goods item</span>", page, StringComparison.Ordinal);
        Assert.Contains("We accept: pre-arrival-decision", page, StringComparison.Ordinal);
        Assert.DoesNotContain("partner-LATST", byTrader, StringComparison.Ordinal);
        Assert.Contains("Only officers, auditors and administrators", byTrader, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode); // issue 15: a denial is a 403 page, not a 200
    }

    [Fact]
    public async Task DeadLetters_WithdrawNeedsAdministratorAndAReason()
    {
        using HttpResponseMessage byOfficer = await node.Client("officer.cq").PostAsJsonAsync("/api/exchange/dead-letters/abc/withdraw", new { reason = "gone" });
        using HttpResponseMessage noReason = await node.Client("admin").PostAsJsonAsync("/api/exchange/dead-letters/abc/withdraw", new { reason = " " });
        using HttpResponseMessage missing = await node.Client("admin").PostAsJsonAsync("/api/exchange/dead-letters/abc/withdraw", new { reason = "gone" });

        Assert.Equal(HttpStatusCode.Forbidden, byOfficer.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("reason", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Quarantine_OfficersRead_DiscardAndRetryNeedAdministrator_DiscardNeedsAReason()
    {
        using HttpResponseMessage list = await node.Client("auditor").GetAsync("/api/exchange/quarantine");
        using HttpResponseMessage byTrader = await node.Client("trader.a").GetAsync("/api/exchange/quarantine");
        using HttpResponseMessage byOfficer = await node.Client("officer.cq").PostAsJsonAsync("/api/exchange/quarantine/abc/discard", new { reason = "gone" });
        using HttpResponseMessage noReason = await node.Client("admin").PostAsJsonAsync("/api/exchange/quarantine/abc/discard", new { reason = " " });
        using HttpResponseMessage missing = await node.Client("admin").PostAsJsonAsync("/api/exchange/quarantine/abc/discard", new { reason = "gone" });
        using HttpResponseMessage retryMissing = await node.Client("admin").PostAsync("/api/exchange/quarantine/abc/retry", null);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal("[]", await list.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, byTrader.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byOfficer.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("reason", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, retryMissing.StatusCode);
    }

    private static object Partner(string code)
    {
        using NodeIdentity identity = NodeIdentity.Create(code, "Test Customs " + code, TimeProvider.System);
        return new { code, name = "Test Customs " + code, endpoint = "http://127.0.0.1:1/exchange/envelopes", certificatePem = identity.CertificatePem };
    }
}
