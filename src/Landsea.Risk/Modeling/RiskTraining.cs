using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Landsea.Risk.Declarations;
using Landsea.Risk.Evaluation;
using Landsea.Risk.Features;
using Microsoft.ML;

namespace Landsea.Risk.Modeling;

/// <summary>Fits a <see cref="RiskModel"/>: features from the train rows only, the valid rows for early stopping and metrics.</summary>
public static class RiskTraining
{
    public static RiskModel Train(
        IReadOnlyList<LabelledCase> train,
        IReadOnlyList<LabelledCase>? valid,
        LearnerOptions options,
        DataFingerprint trainFingerprint,
        DataFingerprint? validFingerprint,
        string hsColumn,
        TimeProvider clock,
        IProgress<string>? progress = null)
    {
        progress?.Report($"features: replaying {train.Count} training declarations in time order");
        FittedFeatures fitted = FeatureBuilder.Fit(train);
        var ml = new MLContext(options.Seed);
        IDataView trainView = RiskLearner.ToDataView(ml, fitted.Features, train.Select(t => t.Found).ToList());
        IDataView? validView = null;
        float[][]? validFeatures = null;
        if (valid is not null)
        {
            validFeatures = FeatureBuilder.Transform(valid.Select(v => v.Case).ToList(), fitted.History);
            validView = RiskLearner.ToDataView(ml, validFeatures, valid.Select(v => v.Found).ToList());
        }

        progress?.Report($"learner: fitting {options.Kind} (seed {options.Seed}, up to {options.Iterations} rounds, {options.Threads} threads)");
        ITransformer learner = RiskLearner.Fit(ml, options, trainView, validView);

        var metrics = new Dictionary<string, double>();
        if (valid is not null && validView is not null)
        {
            double[] scores = RiskLearner.Score(ml, learner, validView);
            RankingMetrics m = RankingMetrics.Compute(scores, valid.Select(v => v.Found).ToList(), valid.Select(v => v.Case.Id).ToList());
            foreach ((string key, double value) in MetricKeys.Flatten(m))
            {
                metrics[key] = value;
            }

            progress?.Report($"valid: P@5% {m.At(5).Precision:F3}, P@10% {m.At(10).Precision:F3}, AUC {m.Auc:F4}");
        }

        var manifest = new ModelManifest
        {
            ModelId = ModelId(trainFingerprint, options),
            TrainedAt = clock.GetUtcNow(),
            Train = trainFingerprint,
            Valid = validFingerprint,
            HsColumn = hsColumn,
            Options = options,
            Features = FeatureLayout.Names,
            TypicalFeatures = Typical(fitted.Features),
            ValidMetrics = metrics,
        };
        return new RiskModel(ml, learner, fitted.History, manifest);
    }

    private static string ModelId(DataFingerprint train, LearnerOptions options)
    {
        string text = string.Join('\n', train.Sha256, JsonSerializer.Serialize(options), string.Join('|', FeatureLayout.Names));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    // Per-feature median over the non-missing training values (NaN when all are missing).
    private static float[] Typical(float[][] rows)
    {
        var typical = new float[FeatureLayout.Count];
        var column = new List<float>(rows.Length);
        for (int f = 0; f < typical.Length; f++)
        {
            column.Clear();
            foreach (float[] row in rows)
            {
                if (!float.IsNaN(row[f]))
                {
                    column.Add(row[f]);
                }
            }

            column.Sort();
            typical[f] = column.Count == 0 ? float.NaN : column[column.Count / 2];
        }

        return typical;
    }
}
