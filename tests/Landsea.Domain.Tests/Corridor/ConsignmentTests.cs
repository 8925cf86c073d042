using Landsea.CorridorSupervision;

namespace Landsea.Domain.Tests.CorridorSupervision;

/// <summary>Issue 11 item 2: a consignment's containers are checked by ISO 6346, its seals and MRNs by shape; it is planned on its route.</summary>
public class ConsignmentTests
{
    private static ConsignmentRequest Request(string container = "CSQU3054383", string route = "ILSTC-RAIL-SEA", string[]? seals = null, string[]? mrns = null) =>
        new("CQ-1", "TRD1", route, CorridorSamples.Departure, [new EquipmentRequest(container, seals ?? ["S1"])], mrns ?? []);

    [Fact]
    public void Check_BadCheckDigit_LS906NamesTheContainer()
    {
        var r = ConsignmentRules.Check(Request("CSQU3054384"), RouteBook.Shipped, "t");
        Assert.Equal(CorridorErrorCodes.EquipmentNumber, r.Failure?.Code);
        Assert.StartsWith("/equipment/0/equipmentReference", r.Failure!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_UnknownRoute_LS904() =>
        Assert.Equal(CorridorErrorCodes.RouteUnknown, ConsignmentRules.Check(Request(route: "NOWHERE"), RouteBook.Shipped, "t").Failure?.Code);

    [Fact]
    public void Check_SealTwice_LS907() =>
        Assert.Equal(CorridorErrorCodes.SealNumber, ConsignmentRules.Check(Request(seals: ["S1", "S1"]), RouteBook.Shipped, "t").Failure?.Code);

    [Fact]
    public void Check_BadMrn_LS908() =>
        Assert.Equal(CorridorErrorCodes.ConsignmentMrn, ConsignmentRules.Check(Request(mrns: ["NOTANMRN"]), RouteBook.Shipped, "t").Failure?.Code);

    [Fact]
    public void Plan_EtaIsTheSumOfTheLegsTypicalTimes()
    {
        Consignment c = CorridorSamples.RailSea();
        var plan = ConsignmentRules.Plan(c, RouteBook.Shipped.Find(c.RouteId)!);
        Assert.Equal(["CNCQI", "CNQZH", "SGSIN"], plan.Select(p => p.Place.Locode));
        Assert.Equal(CorridorSamples.Departure.AddHours(48), plan[1].Eta);
        Assert.Equal(CorridorSamples.Departure.AddHours(48 + 144), plan[2].Eta);
    }
}
