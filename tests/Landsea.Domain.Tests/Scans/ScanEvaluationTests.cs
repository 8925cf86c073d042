using Landsea.Scans;

namespace Landsea.Domain.Tests.Scans;

/// <summary>Issue 12 item 5: ROC figures are computed right, and the checks hold over several seeds.</summary>
public class ScanEvaluationTests
{
    [Fact]
    public void TprAt_ThresholdIsTheNegativeThatLetsTheAllowedShareThrough()
    {
        double[] negatives = [.. Enumerable.Range(0, 100).Select(i => (double)i)];
        double[] positives = [98.5, 99.5, 50, 120];

        Assert.Equal(0.75, ScanEvaluation.TprAt(negatives, positives, 0.01)); // 1 of 100 may pass: threshold 98
        Assert.Equal(0.50, ScanEvaluation.TprAt(negatives, positives, 0.0022)); // none may pass: threshold 99
    }

    [Fact]
    public void Auc_PerfectHalfAndTies()
    {
        Assert.Equal(1.0, ScanEvaluation.Auc([1, 2], [3, 4]));
        Assert.Equal(0.0, ScanEvaluation.Auc([3, 4], [1, 2]));
        Assert.Equal(0.5, ScanEvaluation.Auc([1, 1], [1, 1]));
        Assert.Equal(0.75, ScanEvaluation.Auc([1, 3], [2, 4]));
    }

    [Theory]
    [InlineData(101)]
    [InlineData(202)]
    [InlineData(303)]
    public void Run_OverSeeds_EmptyMassAndMaterialFindTheirScenarioAtOnePercent_BetterThanTheBaselineWhereItIsBlind(long seed)
    {
        ReferenceLibrary library = ReferenceLibrary.Build(400, 200, perHeading: 3);
        EvaluationReport report = ScanEvaluation.Run(seed, 240, 400, 200, library, Environment.ProcessorCount);
        CheckEvaluation Target(string check) => report.Checks.Single(c => c.Check == check && c.Target);

        Assert.True(Target(ScanChecks.EmptyContainer).TprAt1pctFpr >= 0.95, $"{Target(ScanChecks.EmptyContainer)}");
        Assert.True(Target(ScanChecks.MassFill).TprAt1pctFpr >= 0.95, $"{Target(ScanChecks.MassFill)}");
        Assert.True(Target(ScanChecks.Material).TprAt1pctFpr >= 0.85, $"{Target(ScanChecks.Material)}");
        Assert.True(Target(ScanChecks.Material).Auc > Target(ScanChecks.Material).BaselineAuc + 0.2, $"{Target(ScanChecks.Material)}");
        Assert.True(Target(ScanChecks.Anomaly).Auc > Target(ScanChecks.Anomaly).BaselineAuc, $"{Target(ScanChecks.Anomaly)}");
    }
}
