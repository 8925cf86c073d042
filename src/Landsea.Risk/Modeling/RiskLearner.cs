using Landsea.Risk.Features;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Landsea.Risk.Modeling;

/// <summary>One training example: the feature vector and the inspection outcome.</summary>
public sealed class FeatureRow
{
    public float[] Features { get; set; } = [];

    public bool Label { get; set; }
}

/// <summary>The score column ML.NET writes.</summary>
public sealed class ScoreRow
{
    public float Score { get; set; }
}

/// <summary>Fits a learner on feature vectors (train), optionally stopping early on a second set (valid).</summary>
public static class RiskLearner
{
    public static SchemaDefinition Schema(int featureCount)
    {
        SchemaDefinition schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        return schema;
    }

    public static IDataView ToDataView(MLContext ml, float[][] features, IReadOnlyList<bool>? labels)
    {
        var rows = new FeatureRow[features.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = new FeatureRow { Features = features[i], Label = labels is not null && labels[i] };
        }

        return ml.Data.LoadFromEnumerable(rows, Schema(FeatureLayout.Count));
    }

    /// <summary>Fits; <paramref name="valid"/> (may be null) is used only for early stopping.</summary>
    public static ITransformer Fit(MLContext ml, LearnerOptions options, IDataView train, IDataView? valid)
    {
        switch (options.Kind)
        {
            case LearnerKind.LightGbm:
            {
                LightGbmBinaryTrainer trainer = options.UseLibraryDefaults
                    ? ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options { Seed = options.Seed, NumberOfThreads = options.Threads })
                    : ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
                    {
                        Seed = options.Seed,
                        NumberOfThreads = options.Threads,
                        NumberOfLeaves = options.Leaves,
                        MinimumExampleCountPerLeaf = options.MinExamplesPerLeaf,
                        LearningRate = options.LearningRate,
                        NumberOfIterations = options.Iterations,
                        EarlyStoppingRound = valid is null ? 0 : options.EarlyStoppingRounds,
                        EvaluationMetric = LightGbmBinaryTrainer.Options.EvaluateMetricType.Logloss,
                        HandleMissingValue = true,
                        Booster = new GradientBooster.Options
                        {
                            FeatureFraction = options.FeatureFraction,
                            SubsampleFraction = options.Subsample,
                            SubsampleFrequency = options.Subsample < 1 ? 1 : 0,
                            L2Regularization = options.L2,
                        },
                    });
                return valid is null || options.UseLibraryDefaults ? trainer.Fit(train) : trainer.Fit(train, valid);
            }

            case LearnerKind.FastTree:
            {
                FastTreeBinaryTrainer trainer = options.UseLibraryDefaults
                    ? ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options { Seed = options.Seed, NumberOfThreads = options.Threads })
                    : ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
                    {
                        Seed = options.Seed,
                        NumberOfThreads = options.Threads,
                        NumberOfLeaves = options.Leaves,
                        MinimumExampleCountPerLeaf = options.MinExamplesPerLeaf,
                        LearningRate = options.LearningRate,
                        NumberOfTrees = options.Iterations,
                        FeatureFraction = options.FeatureFraction,
                        BaggingSize = options.Subsample < 1 ? 1 : 0,
                        BaggingExampleFraction = options.Subsample,
                        EarlyStoppingRule = valid is null ? null : new TolerantEarlyStoppingRule(),
                        EarlyStoppingMetric = EarlyStoppingMetric.L1Norm,
                    });
                return valid is null || options.UseLibraryDefaults ? trainer.Fit(train) : trainer.Fit(train, valid);
            }

            case LearnerKind.LogisticRegression:
            {
                var pipeline = ml.Transforms.ReplaceMissingValues(nameof(FeatureRow.Features))
                    .Append(ml.Transforms.NormalizeMeanVariance(nameof(FeatureRow.Features)))
                    .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(
                        new Microsoft.ML.Trainers.LbfgsLogisticRegressionBinaryTrainer.Options { NumberOfThreads = options.Threads }));
                return pipeline.Fit(train);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Kind, "unknown learner");
        }
    }

    /// <summary>Raw scores (higher = riskier), in row order.</summary>
    public static double[] Score(MLContext ml, ITransformer model, IDataView data)
    {
        IDataView scored = model.Transform(data);
        return [.. scored.GetColumn<float>("Score").Select(s => (double)s)];
    }
}
