using Landsea.CorridorSupervision;
using Landsea.Sharing;
using static Landsea.Domain.Tests.CorridorSupervision.CorridorSamples;

namespace Landsea.Domain.Tests.CorridorSupervision;

/// <summary>Issue 11 item 5: a mismatched seal check becomes an IE180-style incident for the office of departure, and reads back whole.</summary>
public class SealIncidentTests
{
    private static readonly Route RailSeaRoute = RouteBook.Shipped.Find("ILSTC-RAIL-SEA")!;

    private static SealCheck Check(Consignment c, SealOutcome outcome, IReadOnlyList<string> found, IReadOnlyList<string>? fresh = null) =>
        CustomsEvents.CheckSeals(Guid.NewGuid(), c, RouteBook.Shipped.PlaceOfOffice("SG000001")!, "CSQU3054383", outcome, found, fresh ?? [], Departure.AddHours(100)).Check;

    [Fact]
    public void Of_OnlyAMismatch_AddressedToTheDepartureOffice()
    {
        Consignment c = RailSea();
        Assert.Null(SealIncident.Of("i0", c, RailSeaRoute, Check(c, SealOutcome.Intact, ["SEAL001"])));
        SealIncident replaced = SealIncident.Of("i1", c, RailSeaRoute, Check(c, SealOutcome.Replaced, [], ["NEW9"]))!;
        Assert.Equal(("CN800002", "SG000001"), (replaced.DepartureOffice, replaced.OfficeCode));
        Assert.Equal(["NEW9"], replaced.Found);
        Assert.Equal(["SEAL001"], replaced.Expected);
        Assert.NotNull(SealIncident.Of("i2", c, RailSeaRoute, Check(c, SealOutcome.Intact, ["SEAL999"])));
    }

    [Fact]
    public void Payload_ReadsBackWhole_AndAMissingFieldReadsAsUnreadable()
    {
        Consignment c = RailSea();
        SealIncident sent = SealIncident.Of("i1", c, RailSeaRoute, Check(c, SealOutcome.Broken, ["SEAL001"]))!;
        ReceivedMessage read = ReceivedMessage.Read(MessageTypes.SealIncident, "SGSIN", c.Id, 1, SharedDocuments.SealIncident(sent), Departure).Value;
        SealIncident got = Assert.IsType<SealIncidentReceived>(read).Incident!;
        Assert.Equal((sent.IncidentId, sent.ConsignmentId, sent.OfficeCode, sent.Outcome, sent.Reason, sent.CheckedAt), (got.IncidentId, got.ConsignmentId, got.OfficeCode, got.Outcome, got.Reason, got.CheckedAt));
        Assert.Equal(sent.Expected, got.Expected);
        Assert.Equal("incident", read.State);

        ReceivedMessage bad = ReceivedMessage.Read(MessageTypes.SealIncident, "SGSIN", c.Id, 2, """{"incidentID": "x", "office": "SG000001", "outcome": "melted"}"""u8.ToArray(), Departure).Value;
        Assert.Null(Assert.IsType<SealIncidentReceived>(bad).Incident);
        Assert.Equal("unreadable", bad.State);
    }
}
