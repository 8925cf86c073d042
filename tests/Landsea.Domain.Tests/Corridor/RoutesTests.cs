using Landsea.CorridorSupervision;

namespace Landsea.Domain.Tests.CorridorSupervision;

/// <summary>Issue 11 item 1: the corridor's lines are data, each leg with its mode, typical time and source.</summary>
public class RoutesTests
{
    private const string Places = "locode,name,time_zone,office,lat,lon\nCNCQI,Chongqing,Asia/Shanghai,CN800002,,\nCNQZH,Qinzhou,Asia/Shanghai,CN720001,,\nSGSIN,Singapore,Asia/Singapore,SG000001,,\n";
    private const string Facts = "fact_id,topic,metric,value,unit,as_of,status,source_url,source_excerpt_or_note\nF03,x,y,48,hours,2017,reported,https://example.org/f03,z\n";

    [Fact]
    public void Shipped_HasEveryLineOfTheIssue()
    {
        RouteBook book = RouteBook.Shipped;
        string[] ids = ["ILSTC-RAIL-SEA", "GUOYUAN-RAIL-SEA", "XIAONANYA-RAIL-SEA", "CQ-HANOI-RAIL", "CQ-HANOI-ROAD", "CLR-BANGKOK", "CLR-LAEMCHABANG", "CN-MM-IN", "YANGTZE-BARGE", "CR-EXPRESS-WEST", "TUANJIE-XIAONANYA"];
        Assert.All(ids, id => Assert.NotNull(book.Find(id)));
        Assert.Equal(["CNCQI", "CNKNM", "CNMHN", "LABTN", "LAVTE", "THNOK", "THBKK"], book.Find("CLR-BANGKOK")!.Stops.Select(p => p.Locode));
        Assert.Equal(LegMode.River, book.Find("YANGTZE-BARGE")!.Legs[0].Mode);
    }

    [Fact]
    public void Shipped_RailSeaLegs_CarryTheFactsFileHoursAndSource()
    {
        Route r = RouteBook.Shipped.Find("ILSTC-RAIL-SEA")!;
        Assert.Equal(48, r.Legs[0].TypicalHours);
        Assert.Equal("F03", r.Legs[0].Fact);
        Assert.StartsWith("http", r.Legs[0].Source, StringComparison.Ordinal);
        Assert.Equal(144, r.Legs[1].TypicalHours);
        Assert.Equal(LegMode.Sea, r.Legs[1].Mode);
        Assert.Equal("CN720001", r.Legs[0].To.OfficeCode);
        Assert.Equal("Asia/Singapore", r.Legs[1].To.TimeZoneId);
    }

    [Fact]
    public void Shipped_EveryPlaceHasCoordinates_XiaonanyaFromThePlacesFile()
    {
        Assert.All(RouteBook.Shipped.Places.Values, p => Assert.InRange(p.Latitude, -90, 90));
        Assert.Equal(29.49, RouteBook.Shipped.Places["CNCQD"].Latitude);
    }

    [Theory]
    [InlineData("route,name,leg,from,to,mode,typical_hours,fact\nR1,r,1,CNCQI,CNQZH,hover,48,F03\n", "LS901", "line 2, column mode")]
    [InlineData("route,name,leg,from,to,mode,typical_hours,fact\nR1,r,1,CNCQI,XXXXX,rail,48,F03\n", "LS901", "column to")]
    [InlineData("route,name,leg,from,to,mode,typical_hours,fact\nR1,r,1,CNCQI,CNQZH,rail,-3,F03\n", "LS903", "typical_hours")]
    [InlineData("route,name,leg,from,to,mode,typical_hours,fact\nR1,r,1,CNCQI,CNQZH,rail,48,F99\n", "LS903", "column fact")]
    [InlineData("route,name,leg,from,to,mode,typical_hours,fact\nR1,r,1,CNCQI,CNQZH,rail,48,F03\nR1,r,2,CNCQI,SGSIN,sea,144,estimate\n", "LS902", "line 3")]
    [InlineData("route,name,leg,from,to,mode,typical_hours,fact\nR1,r,2,CNCQI,CNQZH,rail,48,F03\n", "LS902", "leg 2 follows leg 0")]
    [InlineData("route,name,from,to\nR1,r,CNCQI,CNQZH\n", "LS900", "no column 'leg'")]
    public void Read_BadRoutesFile_NamesLineAndColumn(string routes, string code, string where)
    {
        var r = RouteFiles.Read(routes, Places, Facts);
        Assert.Equal(code, r.Failure?.Code);
        Assert.Contains(where, r.Failure!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OperatorsRoute_IsReadWithEstimate()
    {
        var r = RouteFiles.Read("route,name,leg,from,to,mode,typical_hours,fact\nMY-LINE,mine,1,CNCQI,CNQZH,road,20,estimate\nMY-LINE,mine,2,CNQZH,SGSIN,sea,150,F03\n", Places, Facts);
        Assert.True(r.IsValid, r.Failure?.Reason);
        Assert.True(r.Value.Find("MY-LINE")!.Legs[0].IsEstimate);
        Assert.Equal(TimeSpan.FromHours(170), r.Value.Find("MY-LINE")!.TypicalTotal);
    }

    [Fact]
    public void Read_PlaceWithUnknownZone_IsRefused()
    {
        var r = RouteFiles.Read("route,name,leg,from,to,mode,typical_hours,fact\n", "locode,name,time_zone,office,lat,lon\nCNCQI,C,Mars/Olympus,,,\n", Facts);
        Assert.Equal("LS901", r.Failure?.Code);
        Assert.Contains("time_zone", r.Failure!.Reason, StringComparison.Ordinal);
    }
}
