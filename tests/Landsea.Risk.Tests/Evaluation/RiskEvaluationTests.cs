using System.Text.Json;
using Landsea.Risk.Evaluation;
using Landsea.Risk.Modeling;

namespace Landsea.Risk.Tests.Evaluation;

public class RiskEvaluationTests
{
    [Fact]
    public void Run_TwoSeeds_JsonHasModelAndBaselinesWithEveryMetric()
    {
        EvaluationReport report = RiskEvaluation.Run(
            Fixtures.Train, Fixtures.Valid, Fixtures.Valid, seeds: 2, new LearnerOptions { Iterations = 200, LearningRate = 0.1 });

        using JsonDocument json = JsonDocument.Parse(report.ToJson());
        JsonElement root = json.RootElement;
        Assert.Equal(["model", "baselines"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["random", "logistic", "default"], root.GetProperty("baselines").EnumerateObject().Select(p => p.Name));
        string[] keys =
        [
            "precision@1%", "precision@2%", "precision@5%", "precision@10%",
            "recall@1%", "recall@2%", "recall@5%", "recall@10%", "auc",
        ];
        foreach (JsonElement ranker in new[] { root.GetProperty("model") }.Concat(root.GetProperty("baselines").EnumerateObject().Select(p => p.Value)))
        {
            Assert.Equal(keys, ranker.EnumerateObject().Select(p => p.Name));
            foreach (JsonProperty metric in ranker.EnumerateObject())
            {
                Assert.Equal(["mean", "sd"], metric.Value.EnumerateObject().Select(p => p.Name));
                Assert.InRange(metric.Value.GetProperty("mean").GetDouble(), 0, 1);
            }
        }

        Assert.True(report.Model["auc"].Mean > report.Random["auc"].Mean);
    }

    [Fact]
    public void MeanSd_KnownValues_UsesSampleDeviation()
    {
        MeanSd m = MeanSd.Of([1.0, 2.0, 3.0, 4.0]);
        Assert.Equal(2.5, m.Mean, 12);
        Assert.Equal(Math.Sqrt(5.0 / 3), m.Sd, 12);
        Assert.Equal(0.0, MeanSd.Of([0.7]).Sd);
    }
}
