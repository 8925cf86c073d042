using System.Text.Json;
using Landsea.Cli;

namespace Landsea.Cli.Tests.Transit;

public class TransitCheckCommandTests
{
    private static readonly string s_samples = Landsea.Tests.Repository.Path("vectors", "ncts", "samples-phase5");

    [Fact]
    public async Task Check_ValidAndInvalid_JsonArrayAndExit1()
    {
        (int exit, string output, _) = await CliHarness.Run(["transit", "check", "--node", "GB", "--json",
            Path.Combine(s_samples, "cc015c-valid.xml"), Path.Combine(s_samples, "cc015c-invalid-reference-departure.json")]);

        Assert.Equal(ExitCodes.Invalid, exit);
        JsonElement[] results = [.. JsonDocument.Parse(output).RootElement.EnumerateArray()];
        Assert.Equal(2, results.Length);
        Assert.True(results[0].GetProperty("valid").GetBoolean());
        Assert.Equal("CC015C", results[0].GetProperty("messageType").GetString());
        Assert.Empty(results[0].GetProperty("errors").EnumerateArray());
        JsonElement error = Assert.Single(results[1].GetProperty("errors").EnumerateArray());
        Assert.Equal("LS524", error.GetProperty("code").GetString());
        Assert.Equal("/n1:CC015C/CustomsOfficeOfDeparture/referenceNumber", error.GetProperty("pointer").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Check_AllValid_Exit0()
    {
        (int exit, string output, _) = await CliHarness.Run(["transit", "check", "--node", "GB", Path.Combine(s_samples, "cc007c-valid-xi.xml")]);
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.StartsWith("valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_UkSampleAtChongqing_IsNotForThisAdministration()
    {
        (int exit, string output, _) = await CliHarness.Run(["transit", "check", Path.Combine(s_samples, "cc015c-valid.xml")]);
        Assert.Equal(ExitCodes.Invalid, exit);
        Assert.Contains("LS522", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_UnknownNode_UsageError2()
    {
        (int exit, _, string error) = await CliHarness.Run(["transit", "check", "--node", "XX", Path.Combine(s_samples, "cc015c-valid.xml")]);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--node", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_MissingFile_UsageError2()
    {
        (int exit, _, string error) = await CliHarness.Run(["transit", "check", "/no/such/file.xml"]);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("no such file", error, StringComparison.Ordinal);
    }
}

public class TransitLodgeCommandTests
{
    [Fact]
    public async Task Lodge_NotAnAddress_UsageError2()
    {
        string file = Landsea.Tests.Repository.Path("vectors", "ncts", "samples-phase5", "cc015c-valid.xml");
        (int exit, _, string error) = await CliHarness.Run(["transit", "lodge", file, "--node", "not-a-url"]);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--node", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lodge_NodeDown_UsageError2()
    {
        string file = Landsea.Tests.Repository.Path("vectors", "ncts", "samples-phase5", "cc015c-valid.xml");
        (int exit, _, string error) = await CliHarness.Run(["transit", "lodge", file, "--node", "http://127.0.0.1:9"]);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.StartsWith("error:", error, StringComparison.Ordinal);
    }
}
