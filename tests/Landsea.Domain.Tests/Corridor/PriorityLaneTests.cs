using Landsea.CorridorSupervision;
using Landsea.Shared;
using static Landsea.Domain.Tests.CorridorSupervision.CorridorSamples;

namespace Landsea.Domain.Tests.CorridorSupervision;

/// <summary>Issue 11 item 7: who may change the lane and what it takes; pre-clearance on pre-arrival data; clearance time per lane.</summary>
public class PriorityLaneTests
{
    private static readonly string[] Authorised = ["trader"];

    private static readonly PriorityActor Officer = new("officer.qz", true, null);

    [Fact]
    public void Change_OfficerOrTheAuthorisedOwnTrader_WithAReason()
    {
        Consignment c = RailSea();
        PriorityChange byOfficer = PriorityLane.Change(c, true, Officer, "  blood plasma  ", [], Departure).Value;
        Assert.Equal(("officer.qz", "officer", "blood plasma", Departure), (byOfficer.By, byOfficer.Role, byOfficer.Reason, byOfficer.At));

        PriorityChange byTrader = PriorityLane.Change(c, true, new PriorityActor("trader.b", false, "trader"), "spare parts for a stopped plant", Authorised, Departure).Value;
        Assert.Equal(("authorised trader", "trader"), (byTrader.Role, byTrader.TraderId));
    }

    [Theory]
    [InlineData("other", true, "reason", CorridorErrorCodes.PriorityRefused)]
    [InlineData(null, true, "reason", CorridorErrorCodes.PriorityRefused)]
    [InlineData("trader", false, "reason", CorridorErrorCodes.PriorityNotAuthorised)]
    [InlineData("trader", true, "", CorridorErrorCodes.PriorityReason)]
    public void Change_Refused_WithItsCode(string? traderId, bool authorised, string reason, string code)
    {
        Result<PriorityChange> r = PriorityLane.Change(RailSea(), true, new PriorityActor("someone", false, traderId), reason, authorised ? Authorised : [], Departure);
        Assert.Equal(code, r.Failure?.Code);
    }

    [Fact]
    public void Change_ToTheLaneItIsIn_IsRefused_AndAReasonOver500IsRefused()
    {
        Assert.Equal(CorridorErrorCodes.PriorityUnchanged, PriorityLane.Change(RailSea(priority: true), true, Officer, "x", [], Departure).Failure?.Code);
        Assert.Equal(CorridorErrorCodes.PriorityUnchanged, PriorityLane.Change(RailSea(), false, Officer, "x", [], Departure).Failure?.Code);
        Assert.Equal(CorridorErrorCodes.PriorityReason, PriorityLane.Change(RailSea(), true, Officer, new string('x', 501), [], Departure).Failure?.Code);
    }

    [Fact]
    public void LaneAt_FollowsTheRecordedChanges()
    {
        PriorityChange on = new("CQ-0001", true, "o", "officer", null, "r", Departure.AddHours(1));
        PriorityChange off = on with { Priority = false, At = Departure.AddHours(5) };
        Assert.Equal(Lane.Normal, PriorityLane.LaneAt(false, [on, off], Departure));
        Assert.Equal(Lane.Priority, PriorityLane.LaneAt(false, [off, on], Departure.AddHours(3)));
        Assert.Equal(Lane.Normal, PriorityLane.LaneAt(false, [on, off], Departure.AddHours(6)));
        Assert.Equal(Lane.Priority, PriorityLane.LaneAt(true, [], Departure));
        // Flagged when declared: priority even for an event dated before the declaration.
        Assert.Equal(Lane.Priority, PriorityLane.LaneAt(true, [on], Departure, declaredAt: Departure.AddHours(1)));
    }

    private static CoverState Green(string mrn = "M1") => new(mrn, CoverKind.Declaration, "Accepted", Departure.AddHours(-2), "Green", "CN720001", null);

    [Fact]
    public void PreClearance_PriorityAndEveryMrnAcceptedGreenBeforeArrival()
    {
        Consignment c = RailSea(priority: true);
        PreClearanceVerdict v = PreClearance.Decide(c, [Green("M1"), Green("M2") with { Status = "Released", Channel = "Red", AcceptedAt = Departure.AddHours(-1), ArrivedAtOffice = Departure }]);
        Assert.True(v.PreCleared, v.Summary);
        Assert.Equal(Departure.AddHours(-1), v.At);
        Assert.True(PreClearance.Decide(c, [new CoverState("T1", CoverKind.Transit, "Released", Departure, null, "CN800002", null)]).PreCleared);
        Assert.True(PreClearance.Decide(c, [new CoverState("T2", CoverKind.Transit, "GuaranteeReserved", Departure, "Green", "CN800002", null)]).PreCleared);
    }

    [Theory]
    [InlineData(CoverKind.Unknown, null, null, CorridorErrorCodes.PreClearanceUnknownMrn)]
    [InlineData(CoverKind.Declaration, "Rejected", "Green", CorridorErrorCodes.PreClearanceNotAccepted)]
    [InlineData(CoverKind.Declaration, "Received", "Green", CorridorErrorCodes.PreClearanceNotAccepted)]
    [InlineData(CoverKind.Declaration, "Accepted", "Red", CorridorErrorCodes.PreClearanceNotGreen)]
    [InlineData(CoverKind.Declaration, "Accepted", "Yellow", CorridorErrorCodes.PreClearanceNotGreen)]
    [InlineData(CoverKind.Declaration, "Accepted", null, CorridorErrorCodes.PreClearanceNotGreen)]
    [InlineData(CoverKind.Declaration, "UnderControl", "Green", CorridorErrorCodes.PreClearanceNotGreen)]
    [InlineData(CoverKind.Transit, "Submitted", "Green", CorridorErrorCodes.PreClearanceNotAccepted)]
    [InlineData(CoverKind.Transit, "UnderControl", "Red", CorridorErrorCodes.PreClearanceNotGreen)]
    public void PreClearance_Refused_NamesWhy(CoverKind kind, string? status, string? channel, string code)
    {
        PreClearanceVerdict v = PreClearance.Decide(RailSea(priority: true), [Green(), new CoverState("M9", kind, status, Departure, channel, "CN720001", null)]);
        Assert.False(v.PreCleared);
        Assert.Equal([code], v.Reasons.Select(r => r.Code));
        Assert.Contains("M9", v.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void PreClearance_AcceptedAfterArrival_NormalLane_NoMrn()
    {
        Assert.Equal([CorridorErrorCodes.PreClearanceAfterArrival],
            PreClearance.Decide(RailSea(priority: true), [Green() with { ArrivedAtOffice = Departure.AddHours(-3) }]).Reasons.Select(r => r.Code));
        Assert.Equal([CorridorErrorCodes.PreClearanceNotPriority], PreClearance.Decide(RailSea(), [Green()]).Reasons.Select(r => r.Code));
        Assert.Equal([CorridorErrorCodes.PreClearanceNoCover], PreClearance.Decide(RailSea(priority: true), []).Reasons.Select(r => r.Code));
    }

    private static CorridorEvent At(Consignment c, CustomsEventKind kind, string office, double hours) =>
        CustomsEvents.Of(Guid.NewGuid(), c, kind, RouteBook.Shipped.PlaceOfOffice(office)!, Departure.AddHours(hours), Departure.AddHours(hours));

    [Fact]
    public void Samples_ArrivalToRelease_PerOffice_DepartureFromDeclaration_RetractedLeftOut()
    {
        Consignment c = RailSea();
        Route route = RouteBook.Shipped.Find(c.RouteId)!;
        CorridorEvent wrongRelease = At(c, CustomsEventKind.Released, "CN720001", 49);
        CorridorEvent[] events =
        [
            At(c, CustomsEventKind.Released, "CN800002", 1),
            At(c, CustomsEventKind.Arrival, "CN720001", 48),
            wrongRelease,
            CustomsEvents.Retraction(Guid.NewGuid(), wrongRelease, Departure.AddHours(50)),
            At(c, CustomsEventKind.Released, "CN720001", 52),
            At(c, CustomsEventKind.Arrival, "SG000001", 100),
        ];
        PriorityChange flagged = new(c.Id, true, "o", "officer", null, "r", Departure.AddHours(50));
        IReadOnlyList<ClearanceSample> samples = ClearanceTimes.Samples(c with { Priority = true }, route, events, [flagged], Departure.AddHours(-2));

        Assert.Equal([("CN800002", 3.0, Lane.Normal), ("CN720001", 4.0, Lane.Priority)], samples.Select(s => (s.OfficeCode, s.Hours, s.Lane)));
    }

    [Fact]
    public void Figures_P50P90NearestRank_PerOfficeAndLane_ByOfficeLocalDayOfRelease()
    {
        // Released at 16:30 UTC on 1 December: 2 December 00:30 in Qinzhou (UTC+8).
        DateTimeOffset release = new(2026, 12, 1, 16, 30, 0, TimeSpan.Zero);
        var samples = new List<ClearanceSample>();
        for (int i = 1; i <= 10; i++)
        {
            samples.Add(new ClearanceSample($"N{i}", "CN720001", Lane.Normal, release.AddHours(-i), release, new DateOnly(2026, 12, 2)));
        }

        samples.Add(new ClearanceSample("P1", "CN720001", Lane.Priority, release, release.AddMinutes(-30), new DateOnly(2026, 12, 2)));
        samples.Add(new ClearanceSample("P2", "SG000001", Lane.Priority, release, release.AddHours(2), new DateOnly(2026, 12, 1)));

        IReadOnlyList<ClearanceFigure> all = ClearanceTimes.Figures(samples);
        Assert.Equal(new ClearanceFigure("CN720001", Lane.Normal, 10, 5, 9), all.Single(f => f.OfficeCode == "CN720001" && f.Lane == Lane.Normal));
        Assert.Equal(new ClearanceFigure("CN720001", Lane.Priority, 1, 0, 0), all.Single(f => f.OfficeCode == "CN720001" && f.Lane == Lane.Priority));
        Assert.Equal(new ClearanceFigure("SG000001", Lane.Normal, 0, null, null), all.Single(f => f.OfficeCode == "SG000001" && f.Lane == Lane.Normal));
        Assert.Equal(new ClearanceFigure(ClearanceTimes.AllOffices, Lane.Priority, 2, 0, 2), all.Single(f => f.OfficeCode == ClearanceTimes.AllOffices && f.Lane == Lane.Priority));

        IReadOnlyList<ClearanceFigure> day = ClearanceTimes.Figures(samples, new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 2), "CN720001");
        Assert.Equal([11], [day.Sum(f => f.Count)]);
        Assert.Equal(0, ClearanceTimes.Figures(samples, new DateOnly(2026, 12, 2), null, "SG000001").Sum(f => f.Count));
    }
}
