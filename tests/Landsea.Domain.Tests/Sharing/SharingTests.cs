using System.Text;
using System.Text.Json;
using Landsea.Declarations;
using Landsea.Offices;
using Landsea.Shared;
using Landsea.Sharing;

namespace Landsea.Domain.Tests.Sharing;

public class DeclarationSharingTests
{
    private static readonly CustomsNode s_chongqing = Corridor.FindNode("CNCQI")!;
    private static readonly DateTimeOffset s_at = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static Declaration Export(string destination) => new()
    {
        FunctionalReference = "REF-1", TypeCode = "EX", FunctionCode = "9", Direction = DeclarationDirection.Export, DestinationCountry = CountryCode.Parse(destination).OrThrow(),
        Items = [new GoodsItem(1, HsCode.Parse("8471300000").OrThrow(), "laptops", CountryCode.Parse("CN").OrThrow(), 1000m, CurrencyCode.Parse("USD").OrThrow(), 12m, 10m)],
    };

    private static StatusChange Change(DeclarationEvent e) => new(1, e, DeclarationStatus.Released, s_at, "CN800001", "officer.cq", null);

    [Fact]
    public void OnStatusChange_ExportReleasedToSingapore_PreArrivalAndArrivalNotice()
    {
        IReadOnlyList<PlannedMessage> planned = DeclarationSharing.OnStatusChange("26CN80000100000017", "CN800001", DeclarationDirection.Export, Export("SG"),
            Change(DeclarationEvent.Released), s_chongqing);

        Assert.Collection(planned,
            m => Assert.Equal(("SGSIN", MessageTypes.PreArrival), (m.Recipient, m.Type)),
            m => Assert.Equal((MessageTypes.ExitOfficeFor("SG").NodeCode, MessageTypes.ArrivalNotice), (m.Recipient, m.Type)));
        using JsonDocument pre = JsonDocument.Parse(planned[0].Payload);
        Assert.Equal("26CN80000100000017", pre.RootElement.GetProperty("mrn").GetString());
        Assert.Equal("8471300000", pre.RootElement.GetProperty("items")[0].GetProperty("commodityCode").GetString());
    }

    [Fact]
    public void OnStatusChange_NotARelease_NothingPlanned()
    {
        Assert.Empty(DeclarationSharing.OnStatusChange("M", "CN800001", DeclarationDirection.Export, Export("SG"), Change(DeclarationEvent.Accepted), s_chongqing));
    }

    [Fact]
    public void OnStatusChange_ImportReleased_NothingPlanned()
    {
        Assert.Empty(DeclarationSharing.OnStatusChange("M", "CN800001", DeclarationDirection.Import, Export("SG"), Change(DeclarationEvent.Released), s_chongqing));
    }
}

public class PreArrivalAssessmentTests
{
    private static PreArrivalAssessment Assess(string json)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        return PreArrivalAssessment.Assess(doc.RootElement);
    }

    [Theory]
    [InlineData("""{"items":[{"commodityCode":"847130","grossMassKg":1e400}]}""")]
    [InlineData("""{"items":[{"commodityCode":"847130","grossMassKg":79000000000000000000000000000},{"commodityCode":"847130","grossMassKg":79000000000000000000000000000}]}""")]
    [InlineData("""{"items":[1]}""")]
    [InlineData("""{"items":[{"commodityCode":"847130","grossMassKg":-5}]}""")]
    [InlineData("""{"items":[{"commodityCode":"847130","grossMassKg":"12"}]}""")]
    public void Issue_17_Assess_HostilePayload_HoldsWithAReasonNeverThrows(string json)
    {
        PreArrivalAssessment assessment = Assess(json);

        Assert.True(assessment.Hold);
        Assert.False(string.IsNullOrWhiteSpace(assessment.Reason));
    }

    [Fact]
    public void Issue_17_Assess_MassNull_IsAbsentNotHostile() =>
        Assert.False(Assess("""{"items":[{"commodityCode":"847130","grossMassKg":null}]}""").Hold);

    [Fact]
    public void Assess_OrdinaryGoods_Release() =>
        Assert.Equal(new PreArrivalAssessment(false, "no risk rule matched"), Assess("""{"items":[{"commodityCode":"847130","grossMassKg":12}]}"""));

    [Fact]
    public void Assess_SensitiveChapter_Hold() =>
        Assert.Equal(new PreArrivalAssessment(true, "HS chapter 93 is selected for inspection"), Assess("""{"items":[{"commodityCode":"930100"}]}"""));

    [Fact]
    public void Assess_OverMassLimit_Hold() =>
        Assert.Equal("gross mass over 25 000 kg", Assess("""{"items":[{"commodityCode":"847130","grossMassKg":20000},{"commodityCode":"847130","grossMassKg":5001}]}""").Reason);

    [Fact]
    public void Assess_ItemsNotAnArray_HoldNoGoodsItems() =>
        Assert.Equal(new PreArrivalAssessment(true, "no goods items"), Assess("""{"items":"many"}"""));

    [Fact]
    public void Assess_ItemNotAnObject_HoldNoCommodityCode() =>
        Assert.Equal(new PreArrivalAssessment(true, "an item has no commodity code"), Assess("""{"items":[7]}"""));
}

public class ReceivedMessageTests
{
    private static readonly DateTimeOffset s_now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static Result<ReceivedMessage> Read(string type, string payload) =>
        ReceivedMessage.Read(type, "SGSIN", "CONV", 4, Encoding.UTF8.GetBytes(payload), s_now);

    [Fact]
    public void Read_XmlPayload_FailsNotObject() =>
        Assert.Equal(SharingErrors.PayloadNotObject, Read(MessageTypes.PreArrival, "<ping/>").Failure?.Code);

    [Fact]
    public void Read_TestPing_IsRecordedOpaqueWhateverItsPayload()
    {
        // Test traffic is XML or anything else: recorded, not refused (a refusal would send a notice back for each one).
        OtherReceived ping = Assert.IsType<OtherReceived>(Read(MessageTypes.TestPing, "<ping/>").Value);
        Assert.Equal(("recorded", false), (ping.State, ping.KeepsDocument));
    }

    [Fact]
    public void Read_BrokenJson_FailsNotJson() =>
        Assert.Equal(SharingErrors.PayloadNotJson, Read(MessageTypes.PreArrival, "{\"mrn\":").Failure?.Code);

    [Fact]
    public void Read_PreArrivalWithoutMrn_ConversationAndAssessment()
    {
        var pre = Assert.IsType<PreArrivalReceived>(Read(MessageTypes.PreArrival, """{"items":[{"commodityCode":"280100"}]}""").Value);

        Assert.Equal("CONV", pre.Mrn);
        Assert.Equal("hold", pre.State);
        Assert.Equal("pre-arrival from SGSIN: hold (HS chapter 28 is selected for inspection)", pre.Summary);
    }

    [Fact]
    public void Read_ControlResultWithBadTime_FoundAtReceptionTime()
    {
        var result = Assert.IsType<ControlResultReceived>(Read(MessageTypes.ControlResult, """{"mrn":"M1","found":true,"at":"yesterday","source":"SGSIN"}""").Value);

        Assert.Equal(("M1", true, "found", s_now), (result.Mrn, result.Found, result.State, result.At));
    }

    [Fact]
    public void Read_Withdrawal_NamesEnvelopeAndSequence() =>
        Assert.Equal("SGSIN withdrew envelope E9 (sequence 4): gave up",
            Read(MessageTypes.Withdrawal, """{"withdrawn":"E9","reason":"gave up"}""").Value.Summary);

    [Fact]
    public void Read_UnknownType_RecordedWithoutDocument()
    {
        ReceivedMessage m = Read("something-else", "{}").Value;

        Assert.Equal(("recorded", false), (m.State, m.KeepsDocument));
    }
}

/// <summary>Issue 17: every reader used at hand-over is total; hostile payloads give a result, never an exception.</summary>
public class HostilePayloadTests
{
    private static readonly DateTimeOffset s_now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string> Hostile => new()
    {
        { MessageTypes.PreArrival, """{"mrn":"M1","items":[{"commodityCode":"847130","grossMassKg":1e400}]}""" },
        { MessageTypes.PreArrival, """{"mrn":"M1","items":[1]}""" },
        { MessageTypes.PreArrival, """{"mrn":"M1","items":{"commodityCode":"847130"}}""" },
        { MessageTypes.PreArrival, """{"mrn":"M1","items":[[{"commodityCode":"847130"}]]}""" },
        { MessageTypes.PreArrival, """{"mrn":"M1","items":[{"commodityCode":847130,"grossMassKg":{"kg":1}}]}""" },
        { MessageTypes.PreArrival, """{"mrn":"M1","items":[{"commodityCode":"8","grossMassKg":-1e-400}]}""" },
        { MessageTypes.PreArrival, """{"mrn":"\ud800","items":[]}""" },
        { MessageTypes.PreArrival, """{"mrn":"M1","items":[{"commodityCode":"\udc00\ud800"}]}""" },
        { MessageTypes.PreArrival, """{"\ud800":1}""" },
        { MessageTypes.PreArrivalDecision, """{"mrn":["M1"],"decision":{"hold":true},"reason":1e400}""" },
        { MessageTypes.ArrivalNotice, """{"mrn":"M1","exitOffice":"\ud800"}""" },
        { MessageTypes.ControlResult, """{"mrn":"M1","found":"yes","at":99999999999999999999,"source":[]}""" },
        { MessageTypes.ControlResult, """{"mrn":"M1","at":"9999-99-99T99:99:99Z"}""" },
        { MessageTypes.Withdrawal, """{"withdrawn":12,"reason":null}""" },
        { MessageTypes.RefusedApplication, """{"refused":{"id":1},"type":"\ud800","reason":[1]}""" },
        { MessageTypes.PreArrival, "[1,2,3]" },
        { MessageTypes.PreArrival, "{" },
        { MessageTypes.PreArrival, new string('[', 10_000) },
        { MessageTypes.PreArrival, "{" + string.Concat(Enumerable.Repeat("\"a\":{", 100)) + "}" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Issue_17_Read_HostilePayload_ResultNeverThrows(string type, string payload)
    {
        Result<ReceivedMessage> read = ReceivedMessage.Read(type, "SGSIN", "CONV", 1, Encoding.UTF8.GetBytes(payload), s_now);

        Assert.True(read.IsValid ? !string.IsNullOrEmpty(read.Value.State) : read.Failure!.Code.StartsWith("LS30", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new byte[] { 0x7B, 0x22, 0x6D, 0x72, 0x6E, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D })] // {"mrn":"<C3 28>"}: invalid UTF-8 in a string
    [InlineData(new byte[] { 0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D })] // {"<FF FE>":1}: invalid UTF-8 in a property name
    [InlineData(new byte[] { 0x7B, 0xED, 0xA0, 0x80, 0x7D })] // { <ED A0 80> }: an encoded surrogate outside any string
    public void Issue_17_Read_InvalidUtf8_FailsWithACodeNeverThrows(byte[] payload)
    {
        Result<ReceivedMessage> read = ReceivedMessage.Read(MessageTypes.PreArrival, "SGSIN", "CONV", 1, payload, s_now);

        Assert.False(read.IsValid);
        Assert.Contains(read.Failure!.Code, new[] { SharingErrors.PayloadNotJson, SharingErrors.PayloadTextInvalid });
    }

    [Fact]
    public void Issue_17_Read_LoneSurrogate_FailsTextInvalid()
    {
        // Symptom: JsonElement.GetString threw InvalidOperationException out of the hand-over on "\ud800".
        Result<ReceivedMessage> read = ReceivedMessage.Read(MessageTypes.PreArrival, "SGSIN", "CONV", 1, """{"mrn":"\ud800"}"""u8.ToArray(), s_now);

        Assert.Equal(SharingErrors.PayloadTextInvalid, read.Failure!.Code);
    }

    [Fact]
    public void Read_RefusedApplication_NamesTheEnvelopeAndReason()
    {
        var refused = Assert.IsType<ApplicationRefusedReceived>(ReceivedMessage.Read(MessageTypes.RefusedApplication, "SGSIN", "M1", 3,
            """{"refused":"E7","type":"pre-arrival","sequence":2,"attempts":5,"reason":"application failed 5 times (FormatException)"}"""u8.ToArray(), s_now).Value);

        Assert.Equal(("E7", "pre-arrival", ApplicationRefusedReceived.Refusal), (refused.Refused, refused.RefusedType, refused.State));
        Assert.Equal("SGSIN could not apply envelope E7 (pre-arrival): application failed 5 times (FormatException)", refused.Summary);
    }

    [Theory]
    [InlineData("""{"exitOffice":"\ud800"}""")]
    [InlineData("""{"exitOffice":["CN"]}""")]
    [InlineData("[]")]
    [InlineData("{")]
    public void ExitOfficeOf_HostileStoredNotice_EmptyNeverThrows(string notice) => Assert.Equal("", SharedDocuments.ExitOfficeOf(notice));

    [Fact]
    public void Issue_17_Assess_LoneSurrogateCommodityCode_HoldsNeverThrows()
    {
        using var doc = System.Text.Json.JsonDocument.Parse("""{"items":[{"commodityCode":"\ud800\ud800"}]}""");

        Assert.True(PreArrivalAssessment.Assess(doc.RootElement).Hold);
    }
}
