using Landsea.Statistics;

namespace Landsea.Domain.Tests.Statistics;

/// <summary>Issue 14 item 6: the published aggregates reproduce the brief's Chongqing 2022 figures; bad files are refused by line and field.</summary>
public class OfficialTradeTests
{
    private const string Header = "province_en,province_zh,year,period,total_bn_cny,exports_bn_cny,imports_bn_cny,total_yoy_pct,value_status,source_url,source_note\n";

    [Fact]
    public void ShippedFiles_Chongqing2022_ReproduceTheBriefsFigures()
    {
        RegionReport r = RegionReports.Build(ShippedStatistics.Rows(), "Chongqing", 2022, ShippedStatistics.CnyPerUsd(2022).Value, "test").Value;

        Assert.Equal(815.84m, r.TotalBn);
        Assert.Equal(2.0m, r.TotalYoyPct);
        Assert.Equal(524.53m, r.ExportsBn);
        Assert.Equal(1.5m, r.ExportsYoyPct);
        Assert.Equal(291.31m, r.ImportsBn);
        Assert.Equal(2.9m, r.ImportsYoyPct);
        Assert.Equal((2, 12), (r.Rank, r.Of));
        Assert.Equal(21.1m, r.SharePct);
        Assert.Equal(6.7290m, r.Usd.CnyPerUsd);
        Assert.Equal(121.24m, r.Usd.TotalBn); // 815.84 / 6.729
        Assert.Contains("sharePct", r.Derived); // the western total is itself derived in the source
        Assert.Contains("rank", r.Derived); // five regions have no full-year 2022 value
        Assert.DoesNotContain("totalBn", r.Derived);
    }

    [Fact]
    public void GrowthNotStated_IsComputedFromTheYearBefore_AndMarkedDerived()
    {
        string text = Header + "A,,2021,full-year,100,,,,reported,,\nA,,2022,full-year,103.05,,,,reported,,\n";
        RegionReport r = RegionReports.Build(OfficialTradeFile.Parse(text).Value, "A", 2022, 6.5m, "test").Value;

        Assert.Equal(3.1m, r.TotalYoyPct);
        Assert.Contains("totalYoyPct", r.Derived);
    }

    [Fact]
    public void MissingColumn_RefusedOnLine1NamingTheColumn()
    {
        var result = OfficialTradeFile.Parse("province_en,year,period,total_bn_cny,exports_bn_cny,imports_bn_cny,value_status\nA,2022,full-year,1,1,0,reported\n");

        Assert.Equal(StatisticsErrorCodes.ColumnMissing, result.Failure!.Code);
        Assert.Contains("line 1", result.Failure.Reason, StringComparison.Ordinal);
        Assert.Contains("total_yoy_pct", result.Failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void NonNumericValue_RefusedWithLineAndField()
    {
        var result = OfficialTradeFile.Parse(Header + "A,,2022,full-year,1,1,0,2.0,reported,,\nB,,2022,full-year,12x,1,0,,reported,,\n");

        Assert.Equal(StatisticsErrorCodes.NotNumeric, result.Failure!.Code);
        Assert.Contains("line 3, field total_bn_cny", result.Failure.Reason, StringComparison.Ordinal);
        Assert.Contains("12x", result.Failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownRegionOrYear_FailsWithCode()
    {
        var result = RegionReports.Build(ShippedStatistics.Rows(), "Atlantis", 2022, 6.7m, "test");

        Assert.Equal(StatisticsErrorCodes.RegionYearNotFound, result.Failure!.Code);
    }
}
