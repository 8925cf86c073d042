using System.Globalization;
using System.Text;
using System.Text.Json;
using Landsea.Risk.Declarations;
using Landsea.Risk.Features;
using Landsea.Risk.Modeling;
using Microsoft.ML;

namespace Landsea.Risk.Evaluation;

/// <summary>Every metric of one ranker as mean ± sd over the seeds, keyed as in <see cref="MetricKeys.All"/>.</summary>
public sealed record RankerSummary(IReadOnlyDictionary<string, MeanSd> Metrics, IReadOnlyList<RankingMetrics> PerSeed)
{
    public MeanSd this[string key] => Metrics[key];

    public static RankerSummary Of(IReadOnlyList<RankingMetrics> perSeed)
    {
        var metrics = new Dictionary<string, MeanSd>();
        foreach (string key in MetricKeys.All)
        {
            metrics[key] = MeanSd.Of([.. perSeed.Select(m => MetricKeys.Flatten(m).First(kv => kv.Key == key).Value)]);
        }

        return new RankerSummary(metrics, perSeed);
    }
}

/// <summary>The model and the baselines from one run.</summary>
public sealed record EvaluationReport(int Seeds, int TestRows, int TestIrregular, RankerSummary Model, RankerSummary Random, RankerSummary Logistic, RankerSummary Default)
{
    /// <summary>
    /// The JSON object of <c>risk evaluate --json</c>: <c>{"model": {...}, "baselines": {"random", "logistic", "default"}}</c>;
    /// <paramref name="extra"/> may add properties at the end (the command's warnings).
    /// </summary>
    public string ToJson(Action<Utf8JsonWriter>? extra = null)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WritePropertyName("model");
            Write(w, Model);
            w.WriteStartObject("baselines");
            w.WritePropertyName("random");
            Write(w, Random);
            w.WritePropertyName("logistic");
            Write(w, Logistic);
            w.WritePropertyName("default");
            Write(w, Default);
            w.WriteEndObject();
            extra?.Invoke(w);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A plain-text table: one row per ranker, mean ± sd per metric.</summary>
    public string ToTable()
    {
        var sb = new StringBuilder();
        CultureInfo inv = CultureInfo.InvariantCulture;
        sb.AppendLine(inv, $"test: {TestRows} declarations, {TestIrregular} irregular; {Seeds} seed(s); mean ± sd");
        sb.Append(inv, $"{"ranker",-10}");
        foreach (string key in MetricKeys.All)
        {
            sb.Append(inv, $" {key,16}");
        }

        sb.AppendLine();
        foreach ((string name, RankerSummary s) in new[] { ("model", Model), ("random", Random), ("logistic", Logistic), ("default", Default) })
        {
            sb.Append(inv, $"{name,-10}");
            foreach (string key in MetricKeys.All)
            {
                sb.Append(inv, $" {$"{s[key].Mean:F3} ± {s[key].Sd:F3}",16}");
            }

            sb.AppendLine();
        }

        return sb.ToString();
    }

    private static void Write(Utf8JsonWriter w, RankerSummary s)
    {
        w.WriteStartObject();
        foreach (string key in MetricKeys.All)
        {
            w.WriteStartObject(key);
            WriteNumber(w, "mean", s[key].Mean);
            WriteNumber(w, "sd", s[key].Sd);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, Math.Round(value, 6));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}

/// <summary>
/// <c>risk evaluate</c>: per seed, fits the model (train only; valid for early stopping) and the baselines
/// (random order, logistic regression, the learner with library defaults) on the same features, and ranks the test rows.
/// </summary>
public static class RiskEvaluation
{
    public static EvaluationReport Run(
        IReadOnlyList<LabelledCase> train,
        IReadOnlyList<LabelledCase> valid,
        IReadOnlyList<LabelledCase> test,
        int seeds,
        LearnerOptions? tuned = null,
        IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seeds, 1);
        tuned ??= new LearnerOptions();
        progress?.Report($"features: {train.Count} train, {valid.Count} valid, {test.Count} test declarations");
        FittedFeatures fitted = FeatureBuilder.Fit(train);
        float[][] validFeatures = FeatureBuilder.Transform(valid.Select(v => v.Case).ToList(), fitted.History);
        float[][] testFeatures = FeatureBuilder.Transform(test.Select(v => v.Case).ToList(), fitted.History);
        bool[] trainLabels = [.. train.Select(t => t.Found)];
        bool[] validLabels = [.. valid.Select(t => t.Found)];
        bool[] testLabels = [.. test.Select(t => t.Found)];
        string[] testIds = [.. test.Select(t => t.Case.Id)];

        var model = new List<RankingMetrics>();
        var random = new List<RankingMetrics>();
        var logistic = new List<RankingMetrics>();
        var library = new List<RankingMetrics>();
        for (int seed = 1; seed <= seeds; seed++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ml = new MLContext(seed);
            IDataView trainView = RiskLearner.ToDataView(ml, fitted.Features, trainLabels);
            IDataView validView = RiskLearner.ToDataView(ml, validFeatures, validLabels);
            IDataView testView = RiskLearner.ToDataView(ml, testFeatures, testLabels);

            var rng = new Random(seed);
            double[] randomScores = [.. test.Select(_ => rng.NextDouble())];
            random.Add(RankingMetrics.Compute(randomScores, testLabels, testIds));

            progress?.Report($"seed {seed}/{seeds}: model ({tuned.Kind})");
            ITransformer m = RiskLearner.Fit(ml, tuned with { Seed = seed }, trainView, validView);
            model.Add(RankingMetrics.Compute(RiskLearner.Score(ml, m, testView), testLabels, testIds));
            progress?.Report($"seed {seed}/{seeds}: model P@5% {model[^1].At(5).Precision:F3}, P@10% {model[^1].At(10).Precision:F3}, AUC {model[^1].Auc:F4}");

            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report($"seed {seed}/{seeds}: logistic regression");
            ITransformer lr = RiskLearner.Fit(ml, new LearnerOptions { Kind = LearnerKind.LogisticRegression, Seed = seed, Threads = tuned.Threads }, trainView, null);
            logistic.Add(RankingMetrics.Compute(RiskLearner.Score(ml, lr, testView), testLabels, testIds));

            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report($"seed {seed}/{seeds}: {tuned.Kind} with library defaults");
            ITransformer d = RiskLearner.Fit(ml, LearnerOptions.LibraryDefaults(tuned.Kind, seed) with { Threads = tuned.Threads }, trainView, null);
            library.Add(RankingMetrics.Compute(RiskLearner.Score(ml, d, testView), testLabels, testIds));
        }

        return new EvaluationReport(
            seeds, test.Count, testLabels.Count(l => l),
            RankerSummary.Of(model), RankerSummary.Of(random), RankerSummary.Of(logistic), RankerSummary.Of(library));
    }
}
