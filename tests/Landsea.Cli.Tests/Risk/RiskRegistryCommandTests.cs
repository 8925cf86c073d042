using System.CommandLine;
using Landsea.Risk;

namespace Landsea.Cli.Tests.Risk;

public class RiskRegistryCommandTests
{
    private static Task<(int Exit, string Out, string Err)> Run(params string[] args) => CliHarness.Run(args);

    [Fact]
    public async Task Registry_EmptyDatabase_RulesOnlyAndClearRefusals()
    {
        string db = Path.Combine(Path.GetTempPath(), "landsea-tests", $"cli-risk-{Guid.NewGuid():N}.db");

        (int listed, string list, _) = await Run("risk", "models", "--db", db);
        (int rolled, _, string rollErr) = await Run("risk", "rollback", "--db", db);
        (int retrained, _, string retrainErr) = await Run("risk", "retrain", "--db", db);
        (int promoted, _, string promoteErr) = await Run("risk", "promote", "--db", db, "nope");

        Assert.Equal(0, listed);
        Assert.Contains("rules only", list, StringComparison.Ordinal);
        Assert.Equal(1, rolled);
        Assert.Contains("no model is promoted", rollErr, StringComparison.Ordinal);
        Assert.Equal(1, retrained);
        Assert.Contains($"[{RiskErrors.TrainTooFew}]", retrainErr, StringComparison.Ordinal);
        Assert.Equal(1, promoted);
        Assert.Contains("no model 'nope'", promoteErr, StringComparison.Ordinal);
    }
}
