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

    private static string Invalidation(string office = "CN800001") => Sample("cc014c-valid.xml")
        .Replace("<messageRecipient>token</messageRecipient>", "<messageRecipient>NTA.CN</messageRecipient>", StringComparison.Ordinal)
        .Replace("<TransitOperation>\n    </TransitOperation>", $"<TransitOperation><MRN>{FirstMrn.Value}</MRN></TransitOperation>", StringComparison.Ordinal)
        .Replace("GB123456", office, StringComparison.Ordinal)
        .Replace("<initiatedByCustoms>1</initiatedByCustoms>", "<initiatedByCustoms>0</initiatedByCustoms><justification>wrong goods</justification>", StringComparison.Ordinal)
        .Replace("<HolderOfTheTransitProcedure>\n    </HolderOfTheTransitProcedure>", "<HolderOfTheTransitProcedure><identificationNumber>ezv3Z</identificationNumber></HolderOfTheTransitProcedure>", StringComparison.Ordinal);

    [Fact]
    public void InvalidationAfterRelease_CancelsReleasesTheGuaranteeAndTellsEveryOfficeTheReleaseTold()
    {
        TransitOutcome released = Release(Declaration(transit: "CN860001"), out NctsMessage declaration);
        TransitCheck ie014 = Check(Invalidation(), Chongqing);
        Assert.True(ie014.IsValid, string.Join("; ", ie014.Errors.Select(e => $"{e.Code} {e.Pointer} {e.Reason}")));

        TransitOutcome cancelled = TransitDesk.Decide(ie014, Context(Chongqing, released.Movement, declaration, released.Guarantee));

        Assert.Equal((TransitOutcome.Accepted, MovementState.Cancelled), (cancelled.Status, cancelled.Movement!.State));
        Assert.Equal("IE009", Assert.Single(cancelled.Answers).Type);
        Assert.Equal(50_000m, cancelled.Guarantee!.Available.Amount);
        Assert.Equal([("CN720001", OfficeRecord.Cancellation), ("CN860001", OfficeRecord.Cancellation)], cancelled.Records.Select(r => (r.Office, r.Ncts)).OrderBy(r => r.Office));
        Assert.All(cancelled.Records, r => Assert.Equal("CC009C", NctsReader.Read(OfficeRecords.CarriedBytes(r)).MessageType));
        PlannedMessage planned = OfficeRecords.Plan(cancelled.Records.Single(r => r.Office == "CN720001"), Corridor.FindNode("CNCQI")!)!;
        Assert.Equal(("CNNNG", "transit-ie010"), (planned.Recipient, planned.Type));
    }

    [Fact]
    public void InvalidationAfterTheGoodsCrossed_IsRefusedOutOfSequence()
    {
        TransitOutcome released = Release(Declaration(transit: "CN860001"), out NctsMessage declaration);
        var ie118 = new OfficeRecord(OfficeRecord.BorderCrossing, FirstMrn.Value, "CN800001", "CN860001", T0.AddHours(30), null);
        var answer = new AnswerContext("NTA.CN", "token", T0, Chongqing.TimeZone, "CQ-3", null);
        Movement crossed = TransitDesk.ApplyRecord(ie118, released.Movement!, declaration, released.Guarantee, answer, "CNKMG").Movement!;

        TransitOutcome refused = TransitDesk.Decide(Check(Invalidation(), Chongqing), Context(Chongqing, crossed, declaration, released.Guarantee));

        Assert.Equal(TransitOutcome.Refused, refused.Status);
        Assert.Equal(TransitErrorCodes.OutOfSequence, Assert.Single(refused.Errors).Code);
        Assert.Empty(refused.Records);
        Assert.Equal(MovementState.Released, refused.Movement!.State);
    }

    [Fact]
    public void CancellationAtDestination_CancelsTheAnnouncedMovement_AndAnArrivalAfterItIsRefused()
    {
        (Movement announced, NctsMessage released) = Announced();
        var ie010 = new OfficeRecord(OfficeRecord.Cancellation, FirstMrn.Value, "CN720001", "CN800001", T0.AddHours(2), "<x/>");
        var answer = new AnswerContext("NTA.CN", "token", T0, Nanning.TimeZone, "NN-1", null);

        TransitOutcome cancelled = TransitDesk.ApplyRecord(ie010, announced, released, null, answer, "CNCQI");
        Assert.Equal(MovementState.Cancelled, cancelled.Movement!.State);

        TransitOutcome late = TransitDesk.Decide(Check(Arrival(), Nanning), Context(Nanning, cancelled.Movement, released, office: "CN720001"));
        Assert.Equal(TransitOutcome.Refused, late.Status);
        Assert.Empty(late.Records);
    }

    [Fact]
    public void ConformUnloadingAtAnotherNodesDestination_ReleasesTheGoodsWithAnIe025ValidAgainstTheXsd()
    {
        (Movement announced, NctsMessage released) = Announced();
        Movement arrived = TransitDesk.Decide(Check(Arrival(), Nanning), Context(Nanning, announced, released, office: "CN720001")).Movement!;

        TransitOutcome unloaded = TransitDesk.Decide(Check(Unloading(conform: true), Nanning), Context(Nanning, arrived, released, office: "CN720001"));

        TransitAnswer ie025 = Assert.Single(unloaded.Answers);
        Assert.Equal("IE025", ie025.Type);
        TransitCheck written = NctsReader.Read(Encoding.UTF8.GetBytes(ie025.Xml.ToString()));
        Assert.True(written.Errors.Count == 0, ie025.Xml + "\n" + string.Join("\n", written.Errors.Select(e => $"{e.Pointer}: {e.Reason}")));
        Assert.Equal(("CC025C", FirstMrn.Value), (written.MessageType, written.Message!.Mrn));
        Assert.Equal(true, Assert.Single(unloaded.Records).Conform);
    }

    [Fact]
    public void ArrivalWithoutARecord_AsksTheDepartureNodeByItsMrn()
    {
        TransitOutcome asked = TransitDesk.Decide(Check(Arrival(), Nanning), Context(Nanning, office: "CN720001"));

        Assert.Equal(TransitOutcome.Accepted, asked.Status);
        Assert.Null(asked.Movement);
        Assert.Empty(asked.Answers);
        OfficeRecord ie002 = Assert.Single(asked.Records);
        Assert.Equal((OfficeRecord.AarRequest, "", "CN720001", FirstMrn.Value), (ie002.Ncts, ie002.Office, ie002.From, ie002.Mrn));
        Assert.Equal("CC007C", NctsReader.Read(OfficeRecords.CarriedBytes(ie002)).MessageType);
        PlannedMessage planned = OfficeRecords.Plan(ie002, Corridor.FindNode("CNNNG")!)!;
        Assert.Equal(("CNCQI", "transit-ie002"), (planned.Recipient, planned.Type));

        Result<ReceivedMessage> read = ReceivedMessage.Read(planned.Type, "CNNNG", "m-2", 1, planned.Payload, T0);
        Assert.True(read.IsValid, read.Failure?.Reason);
    }

    [Theory]
    [InlineData("CN", "CQI000000001", "CNCQI")]
    [InlineData("CN", "NNG000000001", "CNNNG")]
    [InlineData("GB", "ABC000000001", null)]
    public void NodeOf_NamesTheCorridorNodeThatIssuedTheMrn(string country, string serial, string? node)
    {
        Assert.Equal(node, OfficeRecords.NodeOf(Mrn.Create(2026, country, serial, 'J').Value.Value));
        Assert.Null(OfficeRecords.NodeOf("not-an-mrn"));
    }

    [Fact]
    public void AarRequestAtDeparture_AnswersWithTheReleaseRecord_OrSaysWhyNot()
    {
        TransitOutcome released = Release(Declaration(), out NctsMessage declaration);
        string ie029 = released.Answers.Single(a => a.Type == "IE029").Xml.ToString();
        var answer = new AnswerContext("NTA.CN", "token", T0, Chongqing.TimeZone, "CQ-4", null);
        var request = new OfficeRecord(OfficeRecord.AarRequest, FirstMrn.Value, "", "CN720002", T0.AddHours(20), Arrival());

        TransitOutcome answered = TransitDesk.ApplyRecord(request, released.Movement!, declaration, released.Guarantee, answer, "CNNNG", ie029);
        OfficeRecord ie003 = Assert.Single(answered.Records);
        Assert.Equal((OfficeRecord.AarResponse, "CN720002", "CN800001"), (ie003.Ncts, ie003.Office, ie003.From));
        Assert.Equal("CC029C", NctsReader.Read(OfficeRecords.CarriedBytes(ie003)).MessageType);
        Assert.Equal(("IE002", "CN720002"), (answered.Movement!.History[^1].Message, answered.Movement.History[^1].Office));

        Movement written = TransitLifecycle.ControlResults(TransitLifecycle.Step(released.Movement!, "IE006", T0, "CN720001", "CNNNG").Value, false, T0, "CN720001", "CNNNG").Value;
        TransitOutcome refused = TransitDesk.ApplyRecord(request, written, declaration, null, answer, "CNNNG", ie029);
        Assert.Equal(TransitOutcome.Refused, refused.Status);
        OfficeRecord no = Assert.Single(refused.Records);
        Assert.Equal((OfficeRecord.AarResponse, "CN720002", null), (no.Ncts, no.Office, no.Carried));
        Assert.False(string.IsNullOrEmpty(no.Remarks));
        PlannedMessage planned = OfficeRecords.Plan(no, Corridor.FindNode("CNCQI")!)!;
        Assert.True(ReceivedMessage.Read(planned.Type, "CNCQI", "m-3", 1, planned.Payload, T0).IsValid);
    }
}
