using System.Text.Json;

namespace Landsea.Cli.Tests.Measures;

/// <summary>Issue 14 A items 1 and 4: landsea measures load (whole file or nothing) and landsea measures match.</summary>
public class MeasuresCommandTests
{
    private static string TempFile(string name, string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"landsea-measures-{Guid.NewGuid():N}-{name}");
        File.WriteAllText(path, text);
        return path;
    }

    private static string NewDb() => Path.Combine(Path.GetTempPath(), $"landsea-measures-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Load_ShippedSample_ThenMatch_FromTheDatabase()
    {
        string db = NewDb();
        string sample = Landsea.Tests.Repository.Path("data", "measures", "asean-sample.json");

        (int exit, string output, string err) = await CliHarness.Run("measures", "load", sample, "--db", db, "--json");
        (int exit2, string matched, string err2) = await CliHarness.Run("measures", "match", "--hs", "1209.91", "--country", "TH", "--db", db, "--on", "2026-12-03", "--json");

        Assert.True(exit == 0, err);
        JsonElement load = JsonDocument.Parse(output).RootElement;
        Assert.Equal((7, 7, true), (load.GetProperty("loaded").GetInt32(), load.GetProperty("added").GetInt32(), load.GetProperty("sample").GetBoolean()));
        Assert.Contains("LS769", err, StringComparison.Ordinal); // THA/288/Rev.1 changes THA/288, not shipped
        Assert.True(exit2 == 0, err2);
        JsonElement m = JsonDocument.Parse(matched).RootElement;
        JsonElement only = Assert.Single(m.GetProperty("measures").EnumerateArray());
        Assert.Equal(("G/SPS/N/THA/288/Rev.1", "revision", "G/SPS/N/THA/288"), (only.GetProperty("symbol").GetString(), only.GetProperty("type").GetString(), only.GetProperty("changes").GetString()));
    }

    [Fact]
    public async Task Load_BadCsv_ListsErrorsByLineAndField_AndLoadsNothing()
    {
        string db = NewDb();
        string csv = TempFile("bad.csv", """
            symbol,area,type,member,distributed,commentDeadline,entryIntoForce,entryIntoForceNote,title,products,hs,ics,objectives,keywords,link,source,sample
            G/TBT/N/THA/712,TBT,regular,TH,2024-03-01,,,,Good one,,0810,,,,,,false
            G/TBT/N/THA/713,TBT,regular,TH,2024-03-01,,,,Bad HS,,0810.6,,,,,,false
            """);

        Assert.Equal(0, (await CliHarness.Run("measures", "load", Landsea.Tests.Repository.Path("data", "measures", "asean-sample.json"), "--db", db)).Exit);
        (int exit, _, string err) = await CliHarness.Run("measures", "load", csv, "--db", db);
        (int exit2, string matched, _) = await CliHarness.Run("measures", "match", "--hs", "0810", "--country", "TH", "--db", db, "--json");

        Assert.Equal(1, exit);
        Assert.Contains("line 3: hs:", err, StringComparison.Ordinal);
        Assert.Contains("[LS767]", err, StringComparison.Ordinal);
        Assert.Contains("nothing loaded", err, StringComparison.Ordinal);
        Assert.Equal(0, exit2);
        // The good line of the bad file was not loaded either: only the sample's durian measure answers.
        Assert.Equal(["G/TBT/N/THA/615"], JsonDocument.Parse(matched).RootElement.GetProperty("measures").EnumerateArray().Select(e => e.GetProperty("symbol").GetString()));
    }

    [Fact]
    public async Task Match_WithoutDb_ReadsTheShippedSample_AndTextNamesTheMeasure()
    {
        (int exit, string output, _) = await CliHarness.Run("measures", "match", "--hs", "0810.60.00", "--country", "TH", "--on", "2026-12-03");

        Assert.Equal(0, exit);
        Assert.Contains("G/TBT/N/THA/615", output, StringComparison.Ordinal);
        Assert.Contains("SAMPLE", output, StringComparison.Ordinal);
        Assert.DoesNotContain("G/TBT/N/THA/241", output, StringComparison.Ordinal); // 0811.90 frozen durian is another subheading
    }

    [Theory]
    [InlineData("0810.6", "TH", "LS767")]
    [InlineData("0810", "Thailand", "LS771")]
    public async Task Match_BadInput_Exits1WithTheCode(string hs, string country, string code)
    {
        (int exit, string output, string err) = await CliHarness.Run("measures", "match", "--hs", hs, "--country", country, "--json");

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains(code, err, StringComparison.Ordinal);
    }
}
