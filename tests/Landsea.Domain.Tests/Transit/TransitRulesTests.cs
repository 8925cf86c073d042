using System.Text;
using Landsea.Tests;
using Landsea.Transit;

namespace Landsea.Domain.Tests.Transit;

/// <summary>The business rules under a corridor node's administration (Chongqing: NTA.CN, offices CN800001-3).</summary>
public sealed class TransitRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TransitAdministration Chongqing = TransitAdministration.For("CNCQI")!;

    /// <summary>HMRC's valid IE015 moved to Chongqing: recipient NTA.CN, departure Guoyuan Port, destination Qinzhou.</summary>
    internal static string Declaration() => File.ReadAllText(Repository.Path("vectors", "ncts", "samples-phase5", "cc015c-valid.xml"))
        .Replace("NTA.GB", "NTA.CN", StringComparison.Ordinal)
        .Replace("GB3KMA8M", "CN800001", StringComparison.Ordinal)
        .Replace("BN3KMA8M", "CN720001", StringComparison.Ordinal);

    private static TransitCheck Check(string text, TransitAdministration? administration = null) =>
        TransitValidation.Check(Encoding.UTF8.GetBytes(text), administration ?? Chongqing, Now);

    [Fact]
    public void Check_CorridorDeclaration_IsValid()
    {
        TransitCheck check = Check(Declaration());
        Assert.True(check.IsValid, string.Join("; ", check.Errors.Select(e => e.Code + " " + e.Reason)));
        Assert.Equal("CC015C", check.MessageType);
    }

    [Fact]
    public void Check_DepartureOfAnotherNode_ReturnsNotOfThisAdministration()
    {
        TransitCheck check = Check(Declaration().Replace("<referenceNumber>CN800001", "<referenceNumber>CN720002", StringComparison.Ordinal));
        TransitError e = Assert.Single(check.Errors);
        Assert.Equal((TransitErrorCodes.OfficeNotOfThisAdministration, "/ncts:CC015C/CustomsOfficeOfDeparture/referenceNumber"), (e.Code, e.Pointer));
    }

    [Fact]
    public void Check_UnknownChineseDestination_ReturnsOfficeUnknown()
    {
        TransitCheck check = Check(Declaration().Replace("CN720001", "CN999999", StringComparison.Ordinal));
        TransitError e = Assert.Single(check.Errors);
        Assert.Equal((TransitErrorCodes.OfficeUnknown, "/ncts:CC015C/CustomsOfficeOfDestinationDeclared/referenceNumber"), (e.Code, e.Pointer));
    }

    [Fact]
    public void Check_ForeignDestinationNotInTheList_IsAcceptedAsAnotherAdministrations()
    {
        Assert.True(Check(Declaration().Replace("CN720001", "VN123456", StringComparison.Ordinal)).IsValid);
    }

    [Fact]
    public void Check_RecipientOfAnotherAdministration_ReturnsRecipientNotThis()
    {
        TransitCheck check = Check(Declaration().Replace("NTA.CN", "NTA.SG", StringComparison.Ordinal));
        Assert.Contains(check.Errors, e => e.Code == TransitErrorCodes.RecipientNotThisAdministration && e.Pointer == "/ncts:CC015C/messageRecipient");
    }

    [Fact]
    public void Check_PreparedBeyondTolerance_ReturnsDateInFuture()
    {
        // 09:00 UTC is 17:00 in Chongqing; 17:09 local is within ten minutes, 17:11 is not.
        Assert.True(Check(Declaration().Replace("2022-07-02T03:11:04", "2026-12-02T17:09:00", StringComparison.Ordinal)).IsValid);
        TransitError e = Assert.Single(Check(Declaration().Replace("2022-07-02T03:11:04", "2026-12-02T17:11:00", StringComparison.Ordinal)).Errors);
        Assert.Equal((TransitErrorCodes.DateInFuture, "/ncts:CC015C/preparationDateAndTime"), (e.Code, e.Pointer));
    }

    [Theory]
    [InlineData("{{LRN}}", false)]
    [InlineData("CQ-2026/0001.A_b:1", true)]
    [InlineData("-starts-with-dash", false)]
    public void Check_LrnFormat(string lrn, bool valid)
    {
        TransitCheck check = Check(Declaration().Replace("<LRN>DHbrfgDQJRm</LRN>", $"<LRN>{lrn}</LRN>", StringComparison.Ordinal));
        Assert.Equal(valid, check.IsValid);
        if (!valid)
        {
            Assert.Equal((TransitErrorCodes.LrnFormat, "/ncts:CC015C/TransitOperation/LRN"), (check.Errors[0].Code, check.Errors[0].Pointer));
        }
    }

    [Fact]
    public void Check_MessageTypeOfAnotherMessage_ReturnsMismatch()
    {
        TransitError e = Assert.Single(Check(Declaration().Replace("<messageType>CC015C", "<messageType>CC013C", StringComparison.Ordinal)).Errors);
        Assert.Equal((TransitErrorCodes.MessageTypeMismatch, "/ncts:CC015C/messageType"), (e.Code, e.Pointer));
    }

    [Fact]
    public void Check_TwoItemsWithOneDeclarationNumber_ReturnsItemNumberDuplicate()
    {
        string text = Declaration();
        int start = text.IndexOf("<ConsignmentItem>", StringComparison.Ordinal), end = text.IndexOf("</ConsignmentItem>", StringComparison.Ordinal) + "</ConsignmentItem>".Length;
        string item = text[start..end];
        string second = item.Replace("<goodsItemNumber>34564", "<goodsItemNumber>34565", StringComparison.Ordinal);
        TransitCheck check = Check(text.Insert(end, second));
        TransitError e = Assert.Single(check.Errors);
        Assert.Equal((TransitErrorCodes.ItemNumberDuplicate, "/ncts:CC015C/Consignment/HouseConsignment[1]/ConsignmentItem[2]/declarationGoodsItemNumber"), (e.Code, e.Pointer));

        TransitCheck same = Check(text.Insert(end, item.Replace("<declarationGoodsItemNumber>25", "<declarationGoodsItemNumber>26", StringComparison.Ordinal)));
        Assert.Contains(same.Errors, x => x.Code == TransitErrorCodes.ItemNumberDuplicate && x.Pointer.EndsWith("ConsignmentItem[2]/goodsItemNumber", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_SealsDeclaredWithoutSeal_ReturnsSealCount()
    {
        string text = File.ReadAllText(Repository.Path("vectors", "ncts", "samples-phase5", "cc007c-valid.xml"));
        int start = text.IndexOf("<Seal>", StringComparison.Ordinal), end = text.IndexOf("</Seal>", StringComparison.Ordinal) + "</Seal>".Length;
        TransitError e = Assert.Single(Check(text.Remove(start, end - start), TransitAdministration.Uk).Errors);
        Assert.Equal((TransitErrorCodes.SealCount, "/ncts:CC007C/Consignment/Incident[1]/TransportEquipment[1]/numberOfSeals"), (e.Code, e.Pointer));
    }

    [Fact]
    public void Check_MalformedXml_ReturnsLineAndPosition()
    {
        TransitError e = Assert.Single(Check("<ncts:CC015C xmlns:ncts=\"http://ncts.dgtaxud.ec\">\n  <messageSender>x</messageSender\n</ncts:CC015C>").Errors);
        Assert.Equal(TransitErrorCodes.Malformed, e.Code);
        Assert.Contains("line 3", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_MalformedJson_ReturnsLineAndPosition()
    {
        TransitError e = Assert.Single(Check("{\n  \"n1:CC015C\": {\n    \"messageSender\": \"x\",,\n  }\n}").Errors);
        Assert.Equal(TransitErrorCodes.Malformed, e.Code);
        Assert.Contains("line 3, position 26", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_Dtd_IsRefused()
    {
        TransitError e = Assert.Single(Check("<!DOCTYPE x [<!ENTITY a \"b\">]><ncts:CC015C xmlns:ncts=\"http://ncts.dgtaxud.ec\"/>").Errors);
        Assert.Equal(TransitErrorCodes.DtdRefused, e.Code);
    }

    [Fact]
    public void Check_NotAnNctsMessage_ReturnsUnknownMessage()
    {
        Assert.Equal(TransitErrorCodes.UnknownMessage, Assert.Single(Check("<CC015C/>").Errors).Code);
        Assert.Equal(TransitErrorCodes.UnknownMessage, Assert.Single(Check("{\"n1:CC999C\": {}}").Errors).Code);
    }

    [Fact]
    public void Check_JsonObjectWhereAValueBelongs_ReturnsJsonType()
    {
        string json = File.ReadAllText(Repository.Path("vectors", "ncts", "samples-phase5", "cc007c-valid.json"))
            .Replace("\"messageSender\": \"token\"", "\"messageSender\": {\"a\": 1}", StringComparison.Ordinal);
        TransitCheck check = Check(json, TransitAdministration.Uk);
        Assert.Contains(check.Errors, e => e.Code == TransitErrorCodes.JsonType && e.Pointer == "/n1:CC007C/messageSender");
    }

    [Fact]
    public void Read_JsonAndXmlSample_GiveTheSameInfoset()
    {
        // JSON members come in any order; the mapped infoset is in schema order, so it serialises like the XML sample.
        NctsMessage xml = NctsReader.Read(File.ReadAllBytes(Repository.Path("vectors", "ncts", "samples-phase5", "cc007c-valid.xml"))).Message!;
        NctsMessage json = NctsReader.Read(File.ReadAllBytes(Repository.Path("vectors", "ncts", "samples-phase5", "cc007c-valid.json"))).Message!;
        string Names(NctsElement e) => string.Join(",", e.Descendants().Select(d => d.Name));
        Assert.Equal(Names(xml.Root), Names(json.Root));
        Assert.True(NctsReader.Read(Encoding.UTF8.GetBytes(json.Root.ToXml())).Errors.Count == 0);
    }
}
