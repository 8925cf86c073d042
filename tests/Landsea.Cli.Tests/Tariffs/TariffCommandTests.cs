using System.Text.Json;
using Landsea.Cli;

namespace Landsea.Cli.Tests.Tariffs;

public class TariffCommandTests
{
    [Fact]
    public async Task Load_InvalidFile_Exit1_LineAndField_NothingStored_ThenValidLoads()
    {
        string dir = Directory.CreateTempSubdirectory("landsea-tariff-").FullName;
        string db = Path.Combine(dir, "node.db");
        string good = Landsea.Tests.Repository.Path("data", "tariffs", "cn-schedule.csv");
        string bad = Path.Combine(dir, "bad.csv");
        await File.WriteAllTextAsync(bad, (await File.ReadAllLinesAsync(good))[0] + "\n"
            + "1,CN,MFN,,HS2022,0101210000,ad-valorem,0,,,,2022-01-01,false,x\n"
            + "1,CN,MFN,,HS2022,0810600000,ad-valorem,twenty,,,,2022-01-01,false,x\n");

        (int exit, string output, _) = await CliHarness.Run(["tariff", "load", bad, "--db", db, "--json"]);
        Assert.Equal(ExitCodes.Invalid, exit);
        JsonElement error = Assert.Single(JsonDocument.Parse(output).RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal(3, error.GetProperty("line").GetInt32());
        Assert.Equal("adValoremPercent", error.GetProperty("field").GetString());

        // The valid first line of the bad file was not stored: the database answers no rate for it.
        (int exitLoad, _, _) = await CliHarness.Run(["tariff", "load", good, "--db", db]);
        Assert.Equal(ExitCodes.Ok, exitLoad);
        (int exitNone, _, _) = await CliHarness.Run(["tariff", "duty", "--hs", "0101.21", "--origin", "TH", "--importer", "CN", "--value", "1", "--currency", "CNY", "--date", "2024-01-01", "--db", db]);
        Assert.Equal(ExitCodes.Invalid, exitNone);

        (int exitDuty, string duty, _) = await CliHarness.Run(["tariff", "duty", "--hs", "0810.60", "--origin", "TH", "--importer", "CN", "--value", "100", "--currency", "CNY", "--date", "2024-01-01", "--db", db, "--json"]);
        Assert.Equal(ExitCodes.Ok, exitDuty);
        JsonElement[] options = [.. JsonDocument.Parse(duty).RootElement.GetProperty("options").EnumerateArray()];
        Assert.Equal("ACFTA", options[0].GetProperty("agreement").GetString());
        Assert.Equal(20m, options[1].GetProperty("duty").GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task Duty_BadInput_Exit1_NamesTheOption()
    {
        (int exit, _, string err) = await CliHarness.Run(["tariff", "duty", "--hs", "0810.60", "--origin", "TH", "--importer", "CN", "--value", "abc", "--currency", "CNY"]);
        Assert.Equal(ExitCodes.Invalid, exit);
        Assert.Contains("--value", err, StringComparison.Ordinal);
    }
}
