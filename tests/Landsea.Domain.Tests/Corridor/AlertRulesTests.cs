using Landsea.CorridorSupervision;

namespace Landsea.Domain.Tests.CorridorSupervision;

/// <summary>Issue 11 items 5 and 6: which alerts a consignment's events and seal checks raise, and when.</summary>
public class AlertRulesTests
{
    private static readonly Route RailSea = RouteBook.Shipped.Find("ILSTC-RAIL-SEA")!;
    private static readonly AlertSettings Settings = new();

    private static CorridorEvent At(Consignment c, CustomsEventKind kind, string locode, DateTimeOffset at) =>
        CustomsEvents.Of(Guid.NewGuid(), c, kind, RouteBook.Shipped.Places.TryGetValue(locode, out Place? p) ? p : new Place(locode, locode, "Asia/Shanghai", null, 0, 0), at, at);

    private static IReadOnlyList<Alert> Compute(Consignment c, DateTimeOffset now, params CorridorEvent[] events) =>
        AlertRules.Compute(c, RailSea, events, [], now, Settings, code => Offices.Corridor.FindOffice(code) is not null);

    [Fact]
    public void Overdue_OnlyAfterEtaAndGrace_AtTheNextOffice()
    {
        Consignment c = CorridorSamples.RailSea();
        CorridorEvent departed = At(c, CustomsEventKind.Departure, "CNCQI", CorridorSamples.Departure);
        // 48 h typical, grace 25 % = 12 h: not overdue at 59 h, overdue at 61 h.
        Assert.DoesNotContain(Compute(c, CorridorSamples.Departure.AddHours(59), departed), a => a.Kind == AlertKind.Overdue);
        Alert late = Assert.Single(Compute(c, CorridorSamples.Departure.AddHours(61), departed), a => a.Kind == AlertKind.Overdue);
        Assert.Equal("CN720001", late.Place);
        Assert.Contains("+08:00", late.Reason, StringComparison.Ordinal);
        Assert.Equal(["CN720001", "CN800002"], late.Notify);
    }

    [Fact]
    public void Overdue_NotOnceArrived()
    {
        Consignment c = CorridorSamples.RailSea();
        CorridorEvent arrived = At(c, CustomsEventKind.Arrival, "CNQZH", CorridorSamples.Departure.AddHours(50));
        Assert.DoesNotContain(Compute(c, CorridorSamples.Departure.AddHours(70), arrived), a => a.Kind == AlertKind.Overdue && a.Place == "CN720001");
    }

    [Fact]
    public void EventOffTheRoute_IsADeviation_ArrivalAtAnOtherOffice_IsUndeclared()
    {
        Consignment c = CorridorSamples.RailSea();
        var alerts = Compute(c, CorridorSamples.Departure.AddHours(20),
            At(c, CustomsEventKind.Inspection, "CNKNM", CorridorSamples.Departure.AddHours(10)),
            At(c, CustomsEventKind.Arrival, "CNPIN", CorridorSamples.Departure.AddHours(12)));
        Assert.Contains(alerts, a => a.Kind == AlertKind.RouteDeviation && a.Place == "CNKNM");
        Assert.Contains(alerts, a => a.Kind == AlertKind.UndeclaredOffice && a.Place == "CN720002");
    }

    [Fact]
    public void RetractedEvent_RaisesNothing()
    {
        Consignment c = CorridorSamples.RailSea();
        CorridorEvent wrong = At(c, CustomsEventKind.Arrival, "CNPIN", CorridorSamples.Departure.AddHours(12));
        CorridorEvent fix = CustomsEvents.Retraction(Guid.NewGuid(), wrong, CorridorSamples.Departure.AddHours(13));
        Assert.Empty(Compute(c, CorridorSamples.Departure.AddHours(14), wrong, fix));
    }

    [Fact]
    public void LongStop_AfterTheLimitAtAnIntermediateStop()
    {
        Consignment c = CorridorSamples.RailSea();
        CorridorEvent arrived = At(c, CustomsEventKind.Arrival, "CNQZH", CorridorSamples.Departure.AddHours(48));
        Assert.DoesNotContain(Compute(c, CorridorSamples.Departure.AddHours(70), arrived), a => a.Kind == AlertKind.LongStop);
        Assert.Contains(Compute(c, CorridorSamples.Departure.AddHours(73), arrived), a => a.Kind == AlertKind.LongStop && a.Place == "CN720001");
    }

    [Theory]
    [InlineData(SealOutcome.Intact, new[] { "SEAL001" }, false)]
    [InlineData(SealOutcome.Intact, new[] { "OTHER" }, true)]
    [InlineData(SealOutcome.Broken, new string[0], true)]
    [InlineData(SealOutcome.Replaced, new string[0], true)]
    public void SealCheck_MismatchAgainstDeparture(SealOutcome outcome, string[] found, bool mismatch)
    {
        Consignment c = CorridorSamples.RailSea();
        var (check, e) = CustomsEvents.CheckSeals(Guid.NewGuid(), c, RouteBook.Shipped.Places["CNQZH"], "CSQU3054383", outcome, found, outcome == SealOutcome.Replaced ? ["NEW1"] : [], CorridorSamples.Departure.AddHours(49));
        Assert.Equal(mismatch, check.Mismatch);
        Assert.Equal(outcome == SealOutcome.Replaced ? "RSEA" : "INSP", e.TypeCode);
        var alerts = AlertRules.Compute(c, RailSea, [e], [check], CorridorSamples.Departure.AddHours(50), Settings, _ => true);
        Assert.Equal(mismatch, alerts.Any(a => a.Kind == AlertKind.SealMismatch && a.Place == "CN720001/CSQU3054383"));
    }
}
