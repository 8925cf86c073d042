using Landsea.Risk.Declarations;
using Landsea.Risk.Features;
using Landsea.Risk.Modeling;
using Microsoft.ML;

namespace Landsea.Risk.Simulation;

/// <summary>Settings of a week-by-week replay.</summary>
public sealed record ReplayOptions
{
    /// <summary>
    /// The budget, in the node's one settings type: <see cref="RiskSettings.RedShare"/> is the share of each week's
    /// declarations inspected (default 10 %), <see cref="RiskSettings.RandomShare"/> the share of the inspections drawn
    /// at random from the declarations the model did not pick (default 5 %). Yellow and the score thresholds do not apply.
    /// </summary>
    public RiskSettings Budget { get; init; } = new() { RedShare = 0.10, RandomShare = 0.05 };

    public int Seed { get; init; } = 1;

    public int Threads { get; init; } = 2;

    /// <summary>Learner used for the weekly refit (small and fixed: no valid set exists online).</summary>
    public LearnerOptions Learner { get; init; } = new()
    {
        Iterations = 200, LearningRate = 0.05, Leaves = 15, MinExamplesPerLeaf = 10, EarlyStoppingRounds = 0,
    };
}

/// <summary>One week of a replay. Precision = found / inspected; recall = found / irregular in the week.</summary>
public sealed record ReplayWeek(DateOnly Start, int Declarations, int Irregular, int Inspected, int RandomInspected, int Found)
{
    public double Precision => Inspected == 0 ? 0 : (double)Found / Inspected;

    public double Recall => Irregular == 0 ? 0 : (double)Found / Irregular;
}

/// <summary>
/// Online selection: replays declarations week by week (weeks start on Monday). Each week the model fitted on
/// the outcomes of earlier <em>inspected</em> declarations ranks the week; the top of the ranking and a random
/// share are inspected; only their outcomes are learned. The first week, with no model yet, is all random.
/// </summary>
public static class SelectionReplay
{
    public static IReadOnlyList<ReplayWeek> Run(IReadOnlyList<LabelledCase> rows, ReplayOptions options, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> problems = options.Budget.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        double inspectionRate = options.Budget.RedShare;
        double randomShare = options.Budget.RandomShare;

        int[] order = FeatureBuilder.TimeOrder([.. rows.Select(r => r.Case)]);
        var history = new FeatureHistory();
        var ml = new MLContext(options.Seed);
        var rng = new Random(options.Seed);
        var trainFeatures = new List<float[]>();
        var trainLabels = new List<bool>();
        ITransformer? model = null;
        var weeks = new List<ReplayWeek>();

        int start = 0;
        while (start < order.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            DateOnly monday = WeekStart(rows[order[start]].Case.Day);
            int end = start;
            while (end < order.Length && WeekStart(rows[order[end]].Case.Day) == monday)
            {
                end++;
            }

            int n = end - start;
            var features = new float[n][];
            for (int i = 0; i < n; i++)
            {
                RiskCase d = rows[order[start + i]].Case;
                features[i] = new float[FeatureLayout.Count];
                FeatureLayout.Write(d, history, features[i]);
                history.Observe(d);
            }

            int budget = (int)(n * inspectionRate);
            int randomPicks = model is null ? budget : (int)Math.Round(budget * randomShare);
            var inspected = new bool[n];
            if (model is not null && budget - randomPicks > 0)
            {
                IDataView view = RiskLearner.ToDataView(ml, features, null);
                double[] scores = RiskLearner.Score(ml, model, view);
                string[] ids = [.. Enumerable.Range(0, n).Select(i => rows[order[start + i]].Case.Id)];
                int[] ranked = Evaluation.RankingMetrics.Rank(scores, ids);
                for (int i = 0; i < budget - randomPicks; i++)
                {
                    inspected[ranked[i]] = true;
                }
            }

            int[] rest = [.. Enumerable.Range(0, n).Where(i => !inspected[i])];
            rng.Shuffle(rest);
            for (int i = 0; i < Math.Min(randomPicks, rest.Length); i++)
            {
                inspected[rest[i]] = true;
            }

            int found = 0, irregular = 0, count = 0;
            for (int i = 0; i < n; i++)
            {
                LabelledCase r = rows[order[start + i]];
                irregular += r.Found ? 1 : 0;
                if (inspected[i])
                {
                    count++;
                    found += r.Found ? 1 : 0;
                    history.Learn(r.Case, r.Found);
                    trainFeatures.Add(features[i]);
                    trainLabels.Add(r.Found);
                }
            }

            weeks.Add(new ReplayWeek(monday, n, irregular, count, Math.Min(randomPicks, rest.Length), found));
            progress?.Report($"week of {monday:yyyy-MM-dd}: {n} declarations, {count} inspected, {found} irregular found of {irregular}");

            if (trainLabels.Contains(true) && trainLabels.Contains(false))
            {
                IDataView train = RiskLearner.ToDataView(ml, [.. trainFeatures], trainLabels);
                model = RiskLearner.Fit(ml, options.Learner with { Seed = options.Seed, Threads = options.Threads }, train, null);
            }

            start = end;
        }

        return weeks;
    }

    /// <summary>The Monday of the week holding <paramref name="date"/>.</summary>
    public static DateOnly WeekStart(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
}
