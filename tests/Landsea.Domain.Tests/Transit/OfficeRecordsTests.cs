using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Landsea.Offices;
using Landsea.Shared;
using Landsea.Sharing;
using Landsea.Tests;
using Landsea.Transit;

namespace Landsea.Domain.Tests.Transit;

/// <summary>
/// NCTS office-to-office records between nodes: what departure sends on release (IE001, IE050), what destination does with
/// the trader's IE007 and IE044 for a movement announced to it (IE043, IE006, IE018), and what departure does on receipt.
/// </summary>
public sealed class OfficeRecordsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TransitAdministration Chongqing = TransitAdministration.For("CNCQI")!;
    private static readonly TransitAdministration Nanning = TransitAdministration.For("CNNNG")!;
    private static readonly Mrn FirstMrn = Mrn.Create(2026, "CN", "CQI000000001", 'J').Value;
    private const string Grn = "26CN0000000001234";

    private static string Sample(string name) => File.ReadAllText(Repository.Path("vectors", "ncts", "samples-phase5", name));

    private static TransitCheck Check(string xml, TransitAdministration administration) => TransitValidation.Check(Encoding.UTF8.GetBytes(xml), administration, T0);

    /// <summary>Chongqing (CN800001) to <paramref name="destination"/>, optionally through an office of transit, with a 10,000 CNY guarantee.</summary>
    private static string Declaration(string destination = "CN720001", string? transit = null)
    {
        string xml = LifecycleTests.Declaration().Root.ToXml().Replace("CN720001", destination, StringComparison.Ordinal);
        if (transit is not null)
        {
            xml = xml.Replace("</CustomsOfficeOfDestinationDeclared>",
                $"</CustomsOfficeOfDestinationDeclared><CustomsOfficeOfTransitDeclared><sequenceNumber>1</sequenceNumber><referenceNumber>{transit}</referenceNumber></CustomsOfficeOfTransitDeclared>",
                StringComparison.Ordinal);
        }

        return xml;
    }

    private static TransitDesk.Context Context(TransitAdministration administration, Movement? movement = null, NctsMessage? declaration = null, Guarantee? guarantee = null, string office = "CN800001") =>
        new(movement, declaration, guarantee, false, FirstMrn, TransitControlSettings.None, office, "trader", null, new TransitDesk.AnswerIds(() => "ID-" + Guid.NewGuid().ToString("N")[..8]), T0, administration);

    private static Guarantee Comprehensive() => Guarantees.Register(Grn, GuaranteeKind.Comprehensive, "ezv3Z", "AB12", new Money(50_000m, CurrencyCode.Parse("CNY").Value)).Value;

    private static TransitOutcome Release(string xml, out NctsMessage declaration)
    {
        TransitCheck check = Check(xml, Chongqing);
        Assert.True(check.IsValid, string.Join("; ", check.Errors.Select(e => $"{e.Code} {e.Pointer} {e.Reason}")));
        declaration = check.Message!;
        TransitOutcome outcome = TransitDesk.Decide(check, Context(Chongqing, guarantee: Comprehensive()));
        Assert.Equal(MovementState.Released, outcome.Movement!.State);
        return outcome;
    }

    [Fact]
    public void Release_ToAnotherNodesDestination_AnnouncesItWithAnIe001CarryingTheRelease()
    {
        TransitOutcome released = Release(Declaration(), out _);

        OfficeRecord record = Assert.Single(released.Records);
        Assert.Equal((OfficeRecord.AnticipatedArrival, "CN720001", "CN800001", FirstMrn.Value), (record.Ncts, record.Office, record.From, record.Mrn));
        PlannedMessage planned = OfficeRecords.Plan(record, Corridor.FindNode("CNCQI")!)!;
        Assert.Equal(("CNNNG", "transit-ie001", FirstMrn.Value), (planned.Recipient, planned.Type, planned.Conversation));
        Assert.Contains(planned.Type, MessageTypes.TransitFromDeparture);

        // The carried release is the CC029C the holder got, valid against its XSD at the receiving node.
        TransitCheck carried = NctsReader.Read(OfficeRecords.CarriedBytes(record));
        Assert.True(carried.IsValid, string.Join("; ", carried.Errors.Select(e => e.Reason)));
        Assert.Equal("CC029C", carried.MessageType);
    }

    [Fact]
    public void Release_ToAnOfficeOfTheSameNode_SendsNothing()
    {
        TransitOutcome released = Release(Declaration(destination: "CN800002"), out _);
        Assert.Empty(released.Records);
    }

    [Fact]
    public void Release_ThroughAnotherNodesOfficeOfTransit_SendsAnIe050ThereToo()
    {
        TransitOutcome released = Release(Declaration(transit: "CN860001"), out _);

        Assert.Equal([(OfficeRecord.AnticipatedArrival, "CN720001"), (OfficeRecord.AnticipatedTransit, "CN860001")], released.Records.Select(r => (r.Ncts, r.Office)));
        Assert.Equal("CNKMG", OfficeRecords.Plan(released.Records[1], Corridor.FindNode("CNCQI")!)!.Recipient);
    }

    [Fact]
    public void Record_RoundTripsThroughTheEnvelopePayload()
    {
        TransitOutcome released = Release(Declaration(), out _);
        PlannedMessage planned = OfficeRecords.Plan(released.Records[0], Corridor.FindNode("CNCQI")!)!;

        Result<ReceivedMessage> read = ReceivedMessage.Read(planned.Type, "CNCQI", planned.Conversation, 1, planned.Payload, T0);

        TransitRecordReceived received = Assert.IsType<TransitRecordReceived>(read.Value);
        Assert.Equal(released.Records[0], received.Record);
    }

    [Theory]
    [InlineData("transit-ie001", "{\"mrn\":\"26CNCQI000000001J0\",\"office\":\"CN720001\",\"from\":\"CN800001\"}")]
    [InlineData("transit-ie018", "{\"mrn\":\"26CNCQI000000001J0\",\"office\":\"CN800001\",\"from\":\"CN720001\",\"carries\":\"<x/>\"}")]
    [InlineData("transit-ie999", "{\"mrn\":\"26CNCQI000000001J0\",\"office\":\"CN800001\",\"from\":\"CN720001\"}")]
    [InlineData("transit-ie006", "{\"office\":\"CN800001\",\"from\":\"CN720001\",\"carries\":\"<x/>\"}")]
    public void Record_Incomplete_IsRefusedWithRecordInvalid(string type, string payload)
    {
        Result<ReceivedMessage> read = ReceivedMessage.Read(type, "CNNNG", "m", 1, Encoding.UTF8.GetBytes(payload), T0);
        Assert.Equal(TransitErrorCodes.RecordInvalid, read.Failure?.Code);
    }

    /// <summary>The Nanning node's record of the movement, from the IE001 Chongqing sent.</summary>
    private static (Movement Announced, NctsMessage Released) Announced()
    {
        OfficeRecord ie001 = Release(Declaration(), out _).Records[0];
        TransitCheck carried = NctsReader.Read(OfficeRecords.CarriedBytes(ie001));
        Movement announced = TransitLifecycle.Announce(carried.Message!, ie001.Ncts, T0, ie001.Office, "CNCQI").Value;
        return (announced, carried.Message!);
    }

    private static string Arrival() => Sample("cc007c-valid.xml")
        .Replace("NTA.GB", "NTA.CN", StringComparison.Ordinal)
        .Replace("27WF9X1FQ9RCKN0TM3", FirstMrn.Value, StringComparison.Ordinal)
        .Replace("GB123456", "CN720001", StringComparison.Ordinal);

    private static string Unloading(bool conform) => Sample("cc044c-valid.xml")
        .Replace("<messageRecipient>token</messageRecipient>", "<messageRecipient>NTA.CN</messageRecipient>", StringComparison.Ordinal)
        .Replace("27WF9X1FQ9RCKN0TM3", FirstMrn.Value, StringComparison.Ordinal)
        .Replace("GB123456", "CN720001", StringComparison.Ordinal)
        .Replace("<conform>0</conform>", conform ? "<conform>1</conform>" : "<conform>0</conform>", StringComparison.Ordinal)
        .Replace("</unloadingDate>", conform ? "</unloadingDate>" : "</unloadingDate><unloadingRemark>two packages missing</unloadingRemark>", StringComparison.Ordinal);

    [Fact]
    public void Announce_KeepsTheMovementsMrnOfficesAndHolder()
    {
        (Movement m, _) = Announced();
        Assert.Equal((MovementState.Announced, FirstMrn, "CN800001", "CN720001", "ezv3Z"), (m.State, m.Mrn!.Value, m.DepartureOffice, m.DestinationOffice, m.HolderId));
        Assert.False(m.HoldsGuarantee);
    }

    [Fact]
    public void ArrivalAtDestination_OfAnAnnouncedMovement_AnswersIe043AndAdvisesDeparture()
    {
        (Movement announced, NctsMessage released) = Announced();
        TransitCheck ie007 = Check(Arrival(), Nanning);
        Assert.True(ie007.IsValid, string.Join("; ", ie007.Errors.Select(e => $"{e.Code} {e.Pointer} {e.Reason}")));

        TransitOutcome arrived = TransitDesk.Decide(ie007, Context(Nanning, announced, released, office: "CN720001"));

        Assert.Equal(TransitOutcome.Accepted, arrived.Status);
        Assert.Equal(MovementState.Arrived, arrived.Movement!.State);
        TransitAnswer ie043 = Assert.Single(arrived.Answers);
        Assert.Equal("IE043", ie043.Type);
        TransitCheck written = NctsReader.Read(Encoding.UTF8.GetBytes(ie043.Xml.ToString()));
        Assert.True(written.Errors.Count == 0, ie043.Xml + "\n" + string.Join("\n", written.Errors.Select(e => $"{e.Pointer}: {e.Reason}")));
        OfficeRecord advice = Assert.Single(arrived.Records);
        Assert.Equal((OfficeRecord.ArrivalAdvice, "CN800001", "CN720001"), (advice.Ncts, advice.Office, advice.From));
        Assert.Equal("CC007C", NctsReader.Read(OfficeRecords.CarriedBytes(advice)).MessageType);
    }

    [Fact]
    public void UnloadingAtDestination_SendsTheControlResultsBackToDeparture()
    {
        (Movement announced, NctsMessage released) = Announced();
        Movement arrived = TransitDesk.Decide(Check(Arrival(), Nanning), Context(Nanning, announced, released, office: "CN720001")).Movement!;

        TransitOutcome unloaded = TransitDesk.Decide(Check(Unloading(conform: false), Nanning), Context(Nanning, arrived, released, office: "CN720001"));

        Assert.Equal(MovementState.Unloaded, unloaded.Movement!.State);
        Assert.True(unloaded.Movement.IsTerminal);
        OfficeRecord results = Assert.Single(unloaded.Records);
        Assert.Equal((OfficeRecord.ControlResults, false, "two packages missing"), (results.Ncts, results.Conform, results.Remarks));
    }

    [Fact]
    public void Departure_AppliesArrivalAdviceThenControlResults_WritesOffAndReleasesTheGuarantee()
    {
        TransitOutcome released = Release(Declaration(), out NctsMessage declaration);
        var answer = new AnswerContext("NTA.CN", "token", T0, Chongqing.TimeZone, "CQ-1", null);
        var advice = new OfficeRecord(OfficeRecord.ArrivalAdvice, FirstMrn.Value, "CN800001", "CN720001", T0.AddDays(1), "<x/>");
        var results = new OfficeRecord(OfficeRecord.ControlResults, FirstMrn.Value, "CN800001", "CN720001", T0.AddDays(1), "<x/>", true);

        TransitOutcome early = TransitDesk.ApplyRecord(results, released.Movement!, declaration, released.Guarantee, answer, "CNNNG");
        Assert.Equal((TransitOutcome.Refused, TransitErrorCodes.RecordNotApplicable), (early.Status, early.Errors.Single().Code));

        TransitOutcome arrived = TransitDesk.ApplyRecord(advice, released.Movement!, declaration, released.Guarantee, answer, "CNNNG");
        TransitOutcome done = TransitDesk.ApplyRecord(results, arrived.Movement!, declaration, released.Guarantee, answer, "CNNNG");

        Assert.Equal(MovementState.WrittenOff, done.Movement!.State);
        Assert.Equal(("IE006", "CN720001", "CNNNG"), (done.Movement.History[^2].Message, done.Movement.History[^2].Office, done.Movement.History[^2].Actor));
        Assert.Equal("IE045", Assert.Single(done.Answers).Type);
        Assert.Equal(50_000m, done.Guarantee!.Available.Amount);
    }

    [Fact]
    public void Crossing_AtAnOfficeOfTransit_TellsDepartureAndDepartureNotesIt()
    {
        TransitOutcome released = Release(Declaration(transit: "CN860001"), out NctsMessage declaration);
        OfficeRecord ie050 = released.Records[1];
        Movement atMohan = TransitLifecycle.Announce(NctsReader.Read(OfficeRecords.CarriedBytes(ie050)).Message!, ie050.Ncts, T0, "CN860001", "CNCQI").Value;

        TransitOutcome crossed = TransitDesk.Crossing(atMohan, T0.AddHours(30), "CN860001", "officer.mh");
        OfficeRecord ie118 = Assert.Single(crossed.Records);
        TransitOutcome noted = TransitDesk.ApplyRecord(ie118, released.Movement!, declaration, null, new AnswerContext("NTA.CN", "token", T0, Chongqing.TimeZone, "CQ-2", null), "CNKMG");

        Assert.Equal(MovementState.Crossed, crossed.Movement!.State);
        Assert.Equal((MovementState.Released, "IE118", "CN860001"), (noted.Movement!.State, noted.Movement.History[^1].Message, noted.Movement.History[^1].Office));
    }
}
