using System.Text.Json;
using Landsea.Data;

namespace Landsea.Cli.Tests.Scans;

/// <summary>Issue 12 items 1 and 5: landsea scan simulate / evaluate / lodge.</summary>
public class ScanCommandTests
{
    private static string NewDir() => Path.Combine(Path.GetTempPath(), $"landsea-scans-{Guid.NewGuid():N}");

    [Fact]
    public async Task Evaluate_Json_HasTheIssuesShape_OnlyJsonOnStdout()
    {
        (int exit, string output, string error) = await CliHarness.Run("scan", "evaluate", "--count", "64", "--seed", "5", "--width", "200", "--height", "100", "--json");

        Assert.Equal(0, exit);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement root = doc.RootElement;
        Assert.True(root.GetProperty("simulated").GetBoolean());
        Assert.Equal(5, root.GetProperty("seed").GetInt64());
        JsonElement[] checks = [.. root.GetProperty("checks").EnumerateArray()];
        Assert.Equal(10, checks.Length);
        JsonElement empty = checks.Single(c => c.GetProperty("check").GetString() == "empty-container");
        Assert.Equal("load-declared-empty", empty.GetProperty("scenario").GetString());
        foreach (string field in new[] { "tprAt1pctFpr", "tprAt022pctFpr", "auc", "baselineTprAt1pctFpr" })
        {
            Assert.InRange(empty.GetProperty(field).GetDouble(), 0, 1);
        }

        Assert.Contains("simulating", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_CountZero_Exit2_LS940()
    {
        (int exit, _, string error) = await CliHarness.Run("scan", "evaluate", "--count", "0");

        Assert.Equal(2, exit);
        Assert.Contains("LS940", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_WritesChannelsMetadataAndLabels_SameSeedSameBytes()
    {
        string a = NewDir(), b = NewDir();
        Assert.Equal(0, (await CliHarness.Run("scan", "simulate", "--count", "3", "--seed", "8", "--dir", a, "--width", "128", "--height", "64")).Exit);
        Assert.Equal(0, (await CliHarness.Run("scan", "simulate", "--count", "3", "--seed", "8", "--dir", b, "--width", "128", "--height", "64")).Exit);

        string[] files = [.. Directory.GetFiles(a).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        Assert.Equal(12, files.Length);
        Assert.Contains("scan-000002.label.json", files);
        foreach (string f in files)
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(a, f)), await File.ReadAllBytesAsync(Path.Combine(b, f)));
        }

        using JsonDocument label = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(a, "scan-000002.label.json")));
        Assert.Equal("load-declared-empty", label.RootElement.GetProperty("scenario").GetString());
    }

    [Fact]
    public async Task Lodge_SimulatedScanWithoutItsDeclaration_Exit1_LS946_KeptAsRefused()
    {
        string dir = NewDir();
        Assert.Equal(0, (await CliHarness.Run("scan", "simulate", "--count", "2", "--seed", "8", "--dir", dir, "--width", "128", "--height", "64")).Exit);
        string db = Path.Combine(dir, "node.db");
        await NodeDatabase.FromArgument(db).MigrateAsync();

        (int exit, string output, _) = await CliHarness.Run("scan", "lodge", Path.Combine(dir, "scan-000001.json"), "--db", db, "--json");
        (int again, string second, _) = await CliHarness.Run("scan", "lodge", Path.Combine(dir, "scan-000001.json"), "--db", db, "--json");

        Assert.Equal(1, exit);
        using JsonDocument answer = JsonDocument.Parse(output);
        Assert.Equal(("refused", "LS946"), (answer.RootElement.GetProperty("status").GetString(), answer.RootElement.GetProperty("code").GetString()));
        Assert.Equal(1, again);
        Assert.True(JsonDocument.Parse(second).RootElement.GetProperty("duplicate").GetBoolean());
    }
}
