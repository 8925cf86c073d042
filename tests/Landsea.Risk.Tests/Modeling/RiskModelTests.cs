using Landsea.Risk.Declarations;
using Landsea.Risk.Evaluation;
using Landsea.Risk.Modeling;
using Landsea.Shared;
using Microsoft.Extensions.Time.Testing;

namespace Landsea.Risk.Tests.Modeling;

public sealed class RiskModelTests : IDisposable
{
    private static readonly LearnerOptions s_small = new() { Iterations = 300, LearningRate = 0.05, EarlyStoppingRounds = 0 };
    private static readonly Lazy<RiskModel> s_model = new(() => RiskTraining.Train(
        Fixtures.Train, null, s_small,
        new DataFingerprint("train-small.csv", new string('0', 64), Fixtures.Train.Count, Fixtures.Train.Count(t => t.Found)),
        null, "HS6 Code", new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero))));

    private readonly string _dir = Directory.CreateTempSubdirectory("landsea-risk-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Train_SmallFixture_BeatsRandomOnHoldOut()
    {
        IReadOnlyList<LabelledCase> holdOut = Fixtures.Valid;
        double[] scores = s_model.Value.ScoreBatch([.. holdOut.Select(h => h.Case)]);
        bool[] labels = [.. holdOut.Select(h => h.Found)];

        RankingMetrics m = RankingMetrics.Compute(scores, labels, [.. holdOut.Select(h => h.Case.Id)]);
        double baseRate = labels.Average(l => l ? 1.0 : 0.0);

        // Random ranking: AUC 0.5 ± 0.02 and P@10% ≈ base rate on 1,017 rows; a 1-in-12 sample of train keeps
        // few repeat consignments, so the margin is smaller than on the full data.
        Assert.True(m.Auc > 0.6, $"AUC {m.Auc}");
        Assert.True(m.At(10).Precision > 1.5 * baseRate, $"P@10% {m.At(10).Precision} vs base rate {baseRate}");
    }

    [Fact]
    public void Score_SingleAndBatch_Agree()
    {
        RiskCase d = Fixtures.Valid[5].Case;
        double single = s_model.Value.Score(d);
        double batch = s_model.Value.ScoreBatch([.. Fixtures.Valid.Take(3000).Select(v => v.Case)])[5];
        Assert.Equal(single, batch, 6);
        Assert.InRange(single, 0, 1);
    }

    [Fact]
    public void SaveLoad_RoundTrip_SameScoresAndManifest()
    {
        string path = Path.Combine(_dir, "model.lsrm");
        s_model.Value.Save(path);

        Result<RiskModel> loaded = RiskModel.Load(path);

        Assert.True(loaded.IsValid, loaded.Failure?.ToString());
        using RiskModel model = loaded.Value;
        Assert.Equal(s_model.Value.Manifest.ModelId, model.Manifest.ModelId);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero), model.Manifest.TrainedAt);
        Assert.Equal(300, model.Manifest.Options.Iterations);
        Assert.Equal(Fixtures.Train.Count, model.Manifest.Train.Rows);
        foreach (LabelledCase v in Fixtures.Valid.Take(50))
        {
            Assert.Equal(s_model.Value.Score(v.Case), model.Score(v.Case), 6);
        }

        Assert.Equal(["model.lsrm"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void LoadBytes_RegistryBytes_SameModelInMemory()
    {
        byte[] bytes = s_model.Value.ToBytes();

        Result<RiskModel> loaded = RiskModel.Load(bytes);

        Assert.True(loaded.IsValid, loaded.Failure?.ToString());
        using RiskModel model = loaded.Value;
        Assert.Equal(s_model.Value.Manifest.ModelId, model.Manifest.ModelId);
        RiskCase d = Fixtures.Valid[7].Case;
        Assert.Equal(s_model.Value.Score(d), model.Score(d), 6);
        Assert.Equal(RiskErrors.ModelFileInvalid, RiskModel.Load([1, 2, 3]).Failure!.Code);
    }

    [Fact]
    public void Save_FailsMidway_LeavesOldFileAndNoTemporary()
    {
        string path = Path.Combine(_dir, "model.lsrm");
        File.WriteAllText(path, "old");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.WriteByte(1);
            throw new InvalidOperationException("disk full");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Load_NotAModel_ReturnsError()
    {
        string path = Path.Combine(_dir, "bad.lsrm");
        File.WriteAllText(path, "not a zip");

        Result<RiskModel> loaded = RiskModel.Load(path);

        Assert.Equal(RiskErrors.ModelFileInvalid, loaded.Failure!.Code);
    }

    [Fact]
    public void Explain_RiskyDeclaration_GivesAtMostThreePositiveFactors()
    {
        RiskCase riskiest = Fixtures.Valid.Select(v => v.Case).MaxBy(s_model.Value.Score)!;

        IReadOnlyList<ModelFactor> factors = s_model.Value.Explain(riskiest);

        Assert.InRange(factors.Count, 1, 3);
        Assert.All(factors, f => Assert.True(f.Contribution > 0));
    }
}
