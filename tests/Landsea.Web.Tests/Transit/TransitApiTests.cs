using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Landsea.Data.Tests.Transit;
using Landsea.Transit;

namespace Landsea.Web.Tests.Transit;

public class TransitApiTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static ByteArrayContent Body(byte[] bytes, string type = "application/xml")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);
        return content;
    }

    private async Task RegisterGuaranteeAsync()
    {
        HttpResponseMessage r = await node.Client("officer.cq").PostAsJsonAsync("/api/transit/guarantees",
            new { grn = TransitMessages.Grn, kind = "Comprehensive", holderId = TransitMessages.Holder, accessCode = "AB12", amount = 100_000m, currency = "CNY" });
        Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.UnprocessableEntity, r.StatusCode.ToString());
    }

    [Fact]
    public async Task Lodge_Declaration_AnswersIe028AndTheMovementIsVisibleToItsHolderOnly()
    {
        await RegisterGuaranteeAsync();
        HttpResponseMessage r = await node.Client("trader.uk").PostAsync("/api/transit/messages", Body(TransitMessages.Declaration("WEB-1", "W1")));

        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        Assert.Equal("IE028,IE029", r.Headers.GetValues("X-Ncts-Answers").Single());
        XDocument ie028 = XDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.Equal("CC028C", ie028.Root!.Name.LocalName);
        string mrn = ie028.Root.Element("TransitOperation")!.Element("MRN")!.Value;
        Assert.Empty(NctsReader.Read(Encoding.UTF8.GetBytes(ie028.ToString())).Errors);

        JsonElement view = JsonDocument.Parse(await node.Client("trader.uk").GetStringAsync($"/api/transit/movements/{mrn}")).RootElement;
        Assert.Equal("Released", view.GetProperty("movement").GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await node.Client("trader.a").GetAsync($"/api/transit/movements/{mrn}")).StatusCode);
        JsonElement list = JsonDocument.Parse(await node.Client("officer.cq").GetStringAsync("/api/transit/movements?status=Released&office=CN800001")).RootElement;
        Assert.Contains(list.EnumerateArray(), m => m.GetProperty("mrn").GetString() == mrn);
        Assert.Empty(JsonDocument.Parse(await node.Client("trader.a").GetStringAsync("/api/transit/movements")).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task Lodge_InvalidJson_422WithIe056()
    {
        string json = File.ReadAllText(Landsea.Tests.Repository.Path("vectors", "ncts", "samples-phase5", "cc015c-valid.json"));
        HttpResponseMessage r = await node.Client("trader.uk").PostAsync("/api/transit/messages", Body(Encoding.UTF8.GetBytes(json), "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        XDocument ie056 = XDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.Equal("CC056C", ie056.Root!.Name.LocalName);
        Assert.Contains(ie056.Root.Elements("FunctionalError"), e => e.Element("errorReason")!.Value == TransitErrorCodes.RecipientNotThisAdministration
            && e.Element("errorPointer")!.Value == "/n1:CC015C/messageRecipient");
    }

    [Fact]
    public async Task Lodge_UnknownMrn_404WithIe056()
    {
        HttpResponseMessage r = await node.Client("trader.uk").PostAsync("/api/transit/messages", Body(TransitMessages.Invalidation("26CNCQI999999999J6", "W9")));
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Contains("<errorCode>90</errorCode>", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lodge_Auditor_Forbidden()
    {
        HttpResponseMessage r = await node.Client("auditor").PostAsync("/api/transit/messages", Body(TransitMessages.Declaration("WEB-2", "W2")));
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
    }

    [Fact]
    public async Task Act_ReleaseOfAReleasedMovement_409AndTradersMayNotAct()
    {
        await RegisterGuaranteeAsync();
        HttpResponseMessage lodged = await node.Client("trader.uk").PostAsync("/api/transit/messages", Body(TransitMessages.Declaration("WEB-3", "W3")));
        string mrn = lodged.Headers.Location!.ToString().Split('/')[^1];

        Assert.Equal(HttpStatusCode.Conflict, (await node.Client("officer.cq").PostAsJsonAsync($"/api/transit/movements/{mrn}/release", new { text = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await node.Client("trader.uk").PostAsJsonAsync($"/api/transit/movements/{mrn}/release", new { text = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await node.Client("officer.cq").PostAsJsonAsync($"/api/transit/movements/{mrn}/bogus", new { text = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await node.Client("trader.uk").PostAsync("/api/transit/overdue", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await node.Client("officer.cq").PostAsync("/api/transit/overdue", null)).StatusCode);
        JsonElement balance = JsonDocument.Parse(await node.Client("trader.uk").GetStringAsync($"/api/transit/guarantees/{TransitMessages.Grn}")).RootElement;
        Assert.EndsWith(" CNY", balance.GetProperty("available").GetString(), StringComparison.Ordinal);
    }
}
