using System.Text.Json;
using Landsea.Cli;

namespace Landsea.Cli.Tests.Tariffs;

public class TariffAdviseCommandTests
{
    private static readonly string[] s_motor = ["tariff", "advise", "--hs", "8501.52", "--origin", "TH", "--importer", "CN", "--value", "1000", "--currency", "USD", "--date", "2024-03-01", "--json"];

    [Fact]
    public async Task Advise_NoBom_RecommendsRcep_RuleToMeet()
    {
        (int exit, string output, _) = await CliHarness.Run(s_motor);
        Assert.Equal(ExitCodes.Ok, exit);
        JsonElement root = JsonDocument.Parse(output).RootElement;
        Assert.Equal("RCEP", root.GetProperty("recommended").GetString());
        JsonElement rcep = root.GetProperty("options")[0];
        Assert.Equal(JsonValueKind.Null, rcep.GetProperty("ruleMet").ValueKind);
        Assert.Equal("CTH or RVC40", rcep.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Advise_BomFailing_RecommendsMfn()
    {
        (int exit, string output, _) = await CliHarness.Run([.. s_motor, "--bom", Landsea.Tests.Repository.Path("data", "tariffs", "samples", "motor-th-fails.json")]);
        Assert.Equal(ExitCodes.Ok, exit);
        JsonElement root = JsonDocument.Parse(output).RootElement;
        Assert.Equal("MFN", root.GetProperty("recommended").GetString());
        Assert.False(root.GetProperty("options").EnumerateArray().Single(o => o.GetProperty("agreement").GetString() == "RCEP").GetProperty("ruleMet").GetBoolean());
    }

    [Fact]
    public async Task Advise_BadValue_Exit1_NamesOption()
    {
        (int exit, _, string err) = await CliHarness.Run(["tariff", "advise", "--hs", "8501.52", "--origin", "TH", "--importer", "CN", "--value", "-3", "--currency", "USD"]);
        Assert.Equal(ExitCodes.Invalid, exit);
        Assert.Contains("--value", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchDuty_SmallRun_ReportsBothRates()
    {
        (int exit, string output, _) = await CliHarness.Run(["bench", "duty", "--count", "2000", "--rounds", "1", "--json"]);
        Assert.Equal(ExitCodes.Ok, exit);
        JsonElement root = JsonDocument.Parse(output).RootElement;
        Assert.True(root.GetProperty("dutyOptionsQuestionsPerSecond").GetDouble() > 0);
        Assert.True(root.GetProperty("baselineMfnLookupPerSecond").GetDouble() > 0);
    }
}
