using System.Text.Json;

namespace Landsea.Cli.Tests.Statistics;

/// <summary>Issue 14 item 6: landsea stats load / report.</summary>
public class StatsCommandTests
{
    private static string Repo(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Landsea.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir!.FullName, relative);
    }

    private static string NewDb() => Path.Combine(Path.GetTempPath(), $"landsea-stats-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Report_ShippedFiles_JsonHasTheIssuesShape()
    {
        (int exit, string output, _) = await CliHarness.Run("stats", "report", "--region", "Chongqing", "--year", "2022", "--json");

        Assert.Equal(0, exit);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement r = doc.RootElement;
        Assert.Equal("Chongqing", r.GetProperty("region").GetString());
        Assert.Equal(2022, r.GetProperty("year").GetInt32());
        Assert.Equal("CNY", r.GetProperty("currency").GetString());
        Assert.Equal(815.84m, r.GetProperty("totalBn").GetDecimal());
        Assert.Equal(2.0m, r.GetProperty("totalYoyPct").GetDecimal());
        Assert.Equal(524.53m, r.GetProperty("exportsBn").GetDecimal());
        Assert.Equal(1.5m, r.GetProperty("exportsYoyPct").GetDecimal());
        Assert.Equal(291.31m, r.GetProperty("importsBn").GetDecimal());
        Assert.Equal(2.9m, r.GetProperty("importsYoyPct").GetDecimal());
        Assert.Equal(2, r.GetProperty("rank").GetInt32());
        Assert.Equal(12, r.GetProperty("of").GetInt32());
        Assert.Equal(21.1m, r.GetProperty("sharePct").GetDecimal());
        Assert.Equal(121.24m, r.GetProperty("usd").GetProperty("totalBn").GetDecimal());
        Assert.Contains("sharePct", r.GetProperty("derived").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task LoadThenReport_FromTheDatabase_SameFigures()
    {
        string db = NewDb();
        Assert.Equal(0, (await CliHarness.Run("stats", "load", Repo("data/provincial-trade/western-regions-foreign-trade-2021-2022.csv"), "--db", db)).Exit);
        Assert.Equal(0, (await CliHarness.Run("stats", "load", Repo("data/provincial-trade/chongqing-2022-cumulative.csv"), "--db", db)).Exit);

        (int exit, string output, _) = await CliHarness.Run("stats", "report", "--region", "Chongqing", "--year", "2022", "--db", db, "--json");

        Assert.Equal(0, exit);
        JsonElement r = JsonDocument.Parse(output).RootElement;
        Assert.Equal(815.84m, r.GetProperty("totalBn").GetDecimal());
        Assert.Equal(1.5m, r.GetProperty("exportsYoyPct").GetDecimal());
        Assert.Equal(2, r.GetProperty("rank").GetInt32());
    }

    [Fact]
    public async Task LoadBadFile_Exit1NamesLineAndField_AndLoadsNothing()
    {
        string db = NewDb();
        Assert.Equal(0, (await CliHarness.Run("stats", "load", Repo("data/provincial-trade/western-regions-foreign-trade-2021-2022.csv"), "--db", db)).Exit);
        string file = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "province_en,year,period,total_bn_cny,exports_bn_cny,imports_bn_cny,total_yoy_pct,value_status\n"
            + "Chongqing,2022,full-year,999.99,524.53,291.31,2.0,reported\nSichuan,2022,full-year,1007.67,lots,386.16,6.1,reported\n");

        (int exit, _, string error) = await CliHarness.Run("stats", "load", file, "--db", db);
        (int reportExit, string report, _) = await CliHarness.Run("stats", "report", "--region", "Chongqing", "--year", "2022", "--db", db, "--json");

        Assert.Equal(1, exit);
        Assert.Contains("line 3, field exports_bn_cny", error, StringComparison.Ordinal);
        Assert.Contains("nothing loaded", error, StringComparison.Ordinal);
        Assert.Equal(0, reportExit);
        Assert.Equal(815.84m, JsonDocument.Parse(report).RootElement.GetProperty("totalBn").GetDecimal()); // the good first line was not stored
    }
}
