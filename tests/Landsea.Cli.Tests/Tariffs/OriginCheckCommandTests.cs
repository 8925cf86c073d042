using System.Text.Json;
using Landsea.Cli;

namespace Landsea.Cli.Tests.Tariffs;

public class OriginCheckCommandTests
{
    private static string Sample(string name) => Landsea.Tests.Repository.Path("data", "tariffs", "samples", name);

    [Fact]
    public async Task Check_QualifyingSample_Exit0_BothAgreements_WithFigures()
    {
        (int exit, string output, _) = await CliHarness.Run(["origin", "check", "--bom", Sample("motor-th-qualifies.json"), "--date", "2024-03-01", "--json"]);
        Assert.Equal(ExitCodes.Ok, exit);
        JsonElement root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(["RCEP", "ACFTA"], root.GetProperty("qualifiesUnder").EnumerateArray().Select(e => e.GetString()));
        JsonElement rcep = root.GetProperty("agreements")[0];
        Assert.Equal("CTH", rcep.GetProperty("decidedBy").GetString());
        Assert.Equal("8501", rcep.GetProperty("rule").GetProperty("prefix").GetString());
        Assert.Equal(360m, rcep.GetProperty("vnm").GetDecimal());
        Assert.Equal(64m, rcep.GetProperty("rvcBuildDownPercent").GetDecimal());
    }

    [Fact]
    public async Task Check_FailingSample_Exit1_NamesInputWithoutShift()
    {
        (int exit, string output, _) = await CliHarness.Run(["origin", "check", "--bom", Sample("motor-th-fails.json"), "--date", "2024-03-01", "--agreement", "RCEP", "--json"]);
        Assert.Equal(ExitCodes.Invalid, exit);
        JsonElement rcep = Assert.Single(JsonDocument.Parse(output).RootElement.GetProperty("agreements").EnumerateArray());
        Assert.Equal("does-not-qualify", rcep.GetProperty("status").GetString());
        Assert.Equal("850152", Assert.Single(rcep.GetProperty("failedTariffShift").EnumerateArray()).GetString());
        Assert.Equal(35m, rcep.GetProperty("rvcBuildDownPercent").GetDecimal());
    }

    [Fact]
    public async Task Check_NegativeValue_Exit1_FieldAndCode()
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("landsea-bom-").FullName, "bom.json");
        await File.WriteAllTextAsync(file, """{"formatVersion":1,"product":"8501.52","exporter":"TH","currency":"USD","fob":100,"inputs":[{"hs":"8501.10","origin":"US","value":-1}]}""");
        (int exit, string output, _) = await CliHarness.Run(["origin", "check", "--bom", file, "--json"]);
        Assert.Equal(ExitCodes.Invalid, exit);
        JsonElement error = Assert.Single(JsonDocument.Parse(output).RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal(("/inputs/0/value", "LS737"), (error.GetProperty("field").GetString(), error.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Check_MissingFile_Exit2()
    {
        (int exit, _, string err) = await CliHarness.Run(["origin", "check", "--bom", "/nonexistent/bom.json"]);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("no such file", err, StringComparison.Ordinal);
    }
}
