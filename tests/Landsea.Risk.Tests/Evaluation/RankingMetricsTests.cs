using Landsea.Risk.Evaluation;

namespace Landsea.Risk.Tests.Evaluation;

public class RankingMetricsTests
{
    [Fact]
    public void Compute_TenRows_MatchesHandCount()
    {
        // Ranked: ids 1..10 by descending score; irregular: 1, 2, 4, 9 (4 of 10).
        double[] scores = [0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1];
        bool[] labels = [true, true, false, true, false, false, false, false, true, false];
        string[] ids = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];

        RankingMetrics m = RankingMetrics.Compute(scores, labels, ids, [10, 20, 30, 50]);

        // k = floor(10 × n / 100) = 1, 2, 3, 5.
        Assert.Equal([1, 2, 3, 5], m.Shares.Select(s => s.Inspected));
        Assert.Equal([1.0, 1.0, 2.0 / 3, 3.0 / 5], m.Shares.Select(s => s.Precision));
        Assert.Equal([0.25, 0.5, 0.5, 0.75], m.Shares.Select(s => s.Recall));

        // Positive/negative pairs ordered correctly: id1 beats 6 negatives, id2 6, id4 5, id9 1 → 18 of 24.
        Assert.Equal(18.0 / 24, m.Auc, 12);
    }

    [Fact]
    public void Compute_EqualScores_BreaksTiesByAscendingNumericId()
    {
        double[] scores = [0.5, 0.5, 0.5];
        bool[] labels = [false, true, false];
        string[] ids = ["10", "9", "100"]; // numeric order: 9, 10, 100

        RankingMetrics m = RankingMetrics.Compute(scores, labels, ids, [34]);

        Assert.Equal(1, m.Shares[0].Inspected);
        Assert.Equal(1.0, m.Shares[0].Precision);
    }

    [Fact]
    public void Compute_ShareBelowOneRow_InspectsNothing()
    {
        RankingMetrics m = RankingMetrics.Compute([0.9, 0.1], [true, false], ["1", "2"], [1, 2, 5, 10]);

        Assert.All(m.Shares, s => Assert.Equal(0, s.Inspected));
        Assert.All(m.Shares, s => Assert.Equal(0.0, s.Precision));
    }

    [Fact]
    public void RocAuc_TiedPositiveAndNegative_CountsHalf()
    {
        // Pairs: (0.9, 0.8) 1, (0.9, 0.1) 1, (0.8+, 0.8-) 0.5, (0.8+, 0.1) 1 → 3.5 / 4.
        Assert.Equal(0.875, RankingMetrics.RocAuc([0.9, 0.8, 0.8, 0.1], [true, false, true, false]), 12);
    }

    [Fact]
    public void RocAuc_OneClassOnly_IsNaN()
    {
        Assert.True(double.IsNaN(RankingMetrics.RocAuc([0.2, 0.3], [true, true])));
    }
}
