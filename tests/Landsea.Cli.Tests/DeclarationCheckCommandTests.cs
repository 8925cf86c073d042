using System.CommandLine;
using System.Text.Json;
using Landsea.Cli;

namespace Landsea.Cli.Tests;

public class DeclarationCheckCommandTests
{
    private static readonly string s_samples = Landsea.Tests.Repository.Path("vectors", "wco-dm-uk-cds", "examples", "annotated_XML_samples");

    private static Task<(int Exit, string Out, string Err)> Run(params string[] args) => CliHarness.Run(args);

    [Fact]
    public async Task Check_ValidAndRetired_JsonArrayAndExit1()
    {
        string valid = Path.Combine(s_samples, "TT_IM101a", "TT_IM101a.xml");
        string retired = Path.Combine(s_samples, "TT_IM168a", "Step1_TT_IM168a.xml");

        (int exit, string output, _) = await Run("declaration", "check", valid, retired, "--json", "--date", "2026-11-26");

        Assert.Equal(1, exit);
        JsonElement[] results = JsonDocument.Parse(output).RootElement.EnumerateArray().ToArray();
        Assert.Equal(2, results.Length);
        Assert.True(results[0].GetProperty("valid").GetBoolean());
        Assert.Empty(results[0].GetProperty("errors").EnumerateArray());
        Assert.False(results[1].GetProperty("valid").GetBoolean());
        JsonElement error = results[1].GetProperty("errors")[0];
        Assert.Equal("LS020", error.GetProperty("code").GetString());
        Assert.StartsWith("/md:MetaData/Declaration/GoodsShipment/GovernmentAgencyGoodsItem[1]/Commodity/Classification[", error.GetProperty("pointer").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(error.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Check_AllValid_Exit0()
    {
        (int exit, string output, _) = await Run("declaration", "check", Path.Combine(s_samples, "TT_IM101a", "TT_IM101a.xml"));
        Assert.Equal(0, exit);
        Assert.StartsWith("valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_MissingFile_UsageError2()
    {
        (int exit, _, string error) = await Run("declaration", "check", "/no/such/file.xml");
        Assert.Equal(2, exit);
        Assert.Contains("no such file", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_UsageError2()
    {
        (int exit, _, string error) = await Run("declaration", "check", "--bogus");
        Assert.Equal(2, exit);
        Assert.Contains("--bogus", error, StringComparison.Ordinal);
    }
}
