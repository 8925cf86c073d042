using Landsea.Declarations;
using Landsea.Offices;
using Landsea.Shared;
using Landsea.Statistics;

namespace Landsea.Domain.Tests.Statistics;

/// <summary>Issue 14 item 5: declaration to trade lines, and the report's growth, share and rank.</summary>
public class TradeLinesTests
{
    private static readonly CurrencyCode Cny = CurrencyCode.Parse("CNY").Value;

    private static Declaration Export(string currency, decimal? amount, string destination = "TH", string mode = "2") => new()
    {
        FunctionalReference = "R", TypeCode = "EXA", FunctionCode = "9", Direction = DeclarationDirection.Export,
        DestinationCountry = CountryCode.Parse(destination).Value, TransportMode = mode, InvoiceCurrency = CurrencyCode.Parse(currency).Value,
        Items = [new GoodsItem(1, HsCode.Parse("847130").Value, "Laptops", CountryCode.Parse("CN").Value, amount, CurrencyCode.Parse(currency).Value, 1, 1)],
    };

    [Fact]
    public void Of_LaoKip_NoShippedRate_ValueZeroMarkedNoRate()
    {
        TradeLine line = Assert.Single(TradeLines.Of(Export("LAK", 1_000_000m), "T", "CN800001", new DateTimeOffset(2022, 5, 1, 0, 0, 0, TimeSpan.Zero), Cny));

        Assert.Equal((0L, TradeLines.NoRate, "LAK"), (line.ValueMinor, line.ValueStatus, line.Currency));
    }

    [Fact]
    public void Of_NoAmount_ValueZeroMarkedNoValue_AndTransitHasNoLines()
    {
        Declaration d = Export("CNY", null) with { InvoiceAmount = null };
        Assert.Equal(TradeLines.NoValue, Assert.Single(TradeLines.Of(d, "T", "CN800001", DateTimeOffset.UnixEpoch.AddYears(52), Cny)).ValueStatus);
        Assert.Empty(TradeLines.Of(d with { Direction = DeclarationDirection.Other }, "T", "CN800001", DateTimeOffset.UnixEpoch.AddYears(52), Cny));
    }

    [Fact]
    public void Of_LocalDay_IsTheOfficesDay_AndRateOfThatMonth()
    {
        // 2022-04-30 16:30 UTC is 2022-05-01 00:30 in Chongqing: May's rate (6.6990 CNY per USD), not April's.
        TradeLine line = Assert.Single(TradeLines.Of(Export("USD", 100m), "T", "CN800001", new DateTimeOffset(2022, 4, 30, 16, 30, 0, TimeSpan.Zero), Cny));

        Assert.Equal(new DateOnly(2022, 5, 1), line.LocalDay);
        Assert.Equal(new DateOnly(2022, 5, 1), line.RateMonth);
        Assert.Equal(10000L, line.ValueUsdMinor);
        Assert.Equal(TradeLines.Minor(100m * Landsea.Tariffs.ExchangeRates.Shipped.Rate(CurrencyCode.Parse("USD").Value, Cny, line.LocalDay).Value.Rate, Cny), line.ValueMinor);
    }

    [Theory]
    [InlineData("1", "SG", CorridorLines.RailSea)]
    [InlineData("1", "IN", CorridorLines.MyanmarIndia)]
    [InlineData("2", "LA", CorridorLines.LaosThailandRail)]
    [InlineData("2", "VN", CorridorLines.VietnamRail)]
    [InlineData("3", "VN", CorridorLines.VietnamRoad)]
    [InlineData("8", "CN", CorridorLines.Yangtze)]
    [InlineData(null, "SG", CorridorLines.Other)]
    public void CorridorLine_FromModeAndPartner(string? mode, string partner, string line) =>
        Assert.Equal(line, CorridorLines.Of(mode, partner, "CN800001"));

    [Fact]
    public void Build_GrowthShareRank_FromMinorUnits_TiesShareARank()
    {
        TradeCell[] cells =
        [
            new(2022, "SG", "export", 30000, 4000, 3, 0), new(2021, "SG", "export", 20000, 3000, 2, 0),
            new(2022, "TH", "import", 30000, 4000, 1, 0), new(2022, "LA", "export", 15000, 2000, 1, 1),
        ];

        TradeReport r = TradeReports.Build(2022, TradeBreakdown.Partner, Cny, cells);

        Assert.Equal(["SG", "TH", "LA"], r.Rows.Select(x => x.Key));
        Assert.Equal([1, 1, 3], r.Rows.Select(x => x.Rank));
        Assert.Equal(300.00m, r.Rows[0].Exports);
        Assert.Equal(50.0m, r.Rows[0].TotalYoyPct);
        Assert.Null(r.Rows[1].TotalYoyPct); // nothing the year before
        Assert.Equal([40.0m, 40.0m, 20.0m], r.Rows.Select(x => x.SharePct!.Value));
        Assert.Equal((750.00m, 1L), (r.Total.Total, r.Unvalued));
        Assert.StartsWith("key,label,exports_CNY", r.ToCsv(), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Quarters_FoldMonths_AndCompareWithTheSameQuarter()
    {
        TradeCell[] cells = [new(2022, "2022-01", "export", 100, 1, 1, 0), new(2022, "2022-03", "export", 100, 1, 1, 0), new(2021, "2021-02", "export", 100, 1, 1, 0)];

        TradeRow q1 = Assert.Single(TradeReports.Build(2022, TradeBreakdown.Quarter, Cny, cells).Rows);

        Assert.Equal(("Q1", 2.00m, 1.00m, 100.0m), (q1.Key, q1.Total, q1.PreviousTotal, q1.TotalYoyPct));
    }

    [Theory]
    [InlineData("colour")]
    [InlineData("3")]
    [InlineData(null)]
    public void ParseBreakdown_Unknown_LS780(string? text) =>
        Assert.Equal(StatisticsErrorCodes.BreakdownUnknown, TradeReports.ParseBreakdown(text).Failure?.Code);

    [Fact]
    public void WesternRanking_Chongqing2022_Second_MissingLast() =>
        Assert.Equal((2, "Chongqing"), WesternRanking.Of(ShippedStatistics.Rows(), 2022).Where(r => r.Region == "Chongqing").Select(r => (r.Rank, r.Region)).Single());
}
