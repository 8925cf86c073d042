using System.Net;
using System.Net.Http.Json;
using System.Xml.Linq;
using Landsea.Data.Tests.Transit;

namespace Landsea.Web.Tests.Transit;

/// <summary>Issue 10, item 5: the movement pages (list by status, office and local day; one movement's route, history, messages, guarantee, next step).</summary>
public class TransitPagesTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private async Task<string> LodgeReleasedAsync(string lrn, string messageId, string? transit = null)
    {
        await node.Client("officer.cq").PostAsJsonAsync("/api/transit/guarantees",
            new { grn = TransitMessages.Grn, kind = "Comprehensive", holderId = TransitMessages.Holder, accessCode = "AB12", amount = 100_000m, currency = "CNY" });
        byte[] declaration = TransitMessages.Declaration(lrn, messageId);
        if (transit is not null)
        {
            declaration = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(declaration).Replace("</CustomsOfficeOfDestinationDeclared>",
                $"</CustomsOfficeOfDestinationDeclared><CustomsOfficeOfTransitDeclared><sequenceNumber>1</sequenceNumber><referenceNumber>{transit}</referenceNumber></CustomsOfficeOfTransitDeclared>",
                StringComparison.Ordinal));
        }

        var body = new ByteArrayContent(declaration);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/xml");
        HttpResponseMessage r = await node.Client("trader.uk").PostAsync("/api/transit/messages", body);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        return XDocument.Parse(await r.Content.ReadAsStringAsync()).Root!.Element("TransitOperation")!.Element("MRN")!.Value;
    }

    [Fact]
    public async Task ListPage_ShowsTheMovementToOfficersAndItsHolder_FiltersByStateAndLocalDay()
    {
        string mrn = await LodgeReleasedAsync("PAGE-1", "P1");

        string officer = await node.Client("officer.cq").GetStringAsync("/transit?status=Released&office=CN800001");
        Assert.Contains($"href=\"/transit/{mrn}\"", officer, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/transit\">Transit</a>", officer, StringComparison.Ordinal);
        string holder = await node.Client("trader.uk").GetStringAsync("/transit");
        Assert.Contains(mrn, holder, StringComparison.Ordinal);
        string other = await node.Client("trader.a").GetStringAsync("/transit");
        Assert.DoesNotContain(mrn, other, StringComparison.Ordinal);
        Assert.Contains("id=\"empty\"", other, StringComparison.Ordinal);
        string notYet = await node.Client("officer.cq").GetStringAsync("/transit?from=2099-01-01");
        Assert.DoesNotContain(mrn, notYet, StringComparison.Ordinal);
        string controlled = await node.Client("officer.cq").GetStringAsync("/transit?status=UnderControl");
        Assert.DoesNotContain(mrn, controlled, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MovementPage_ShowsRouteHistoryMessagesGuaranteeAndNextStep()
    {
        string mrn = await LodgeReleasedAsync("PAGE-2", "P2");

        HttpResponseMessage page = await node.Client("officer.cq").GetAsync($"/transit/{mrn}");
        string html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("arrival at destination (IE006)", html, StringComparison.Ordinal);
        Assert.Matches("<ol id=\"route\"><li><strong>CN[^<]*</strong> \\(departure\\): released, 20[0-9-]+ [0-9:]+ \\+0[78]:00</li><li><strong>[^<]*</strong> \\(destination\\): expected", html);
        Assert.Contains("CC015C transit declaration", html, StringComparison.Ordinal);
        Assert.Contains("CC029C release for transit", html, StringComparison.Ordinal);
        Assert.Contains($"GRN {TransitMessages.Grn}", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"decide\"", html, StringComparison.Ordinal); // released: nothing for the officer to decide
        Assert.Equal(HttpStatusCode.NotFound, (await node.Client("trader.a").GetAsync($"/transit/{mrn}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await node.Client("admin").GetAsync("/transit")).StatusCode);
    }

    [Fact]
    public async Task MovementPage_RouteListsTheOfficesOfTransitInOrder()
    {
        string mrn = await LodgeReleasedAsync("PAGE-3", "P3", transit: "CN860001");

        string html = await node.Client("officer.cq").GetStringAsync($"/transit/{mrn}");

        Assert.Matches("\\(departure\\): released[^<]*</li><li><strong>CN860001 [^<]*</strong> \\(transit\\): expected</li><li><strong>CN720001 [^<]*</strong> \\(destination\\): expected", html);
        System.Text.Json.JsonElement view = System.Text.Json.JsonDocument.Parse(await node.Client("officer.cq").GetStringAsync($"/api/transit/movements/{mrn}")).RootElement;
        Assert.Equal(["CN860001"], view.GetProperty("officesOfTransit").EnumerateArray().Select(o => o.GetString()));
    }
}
