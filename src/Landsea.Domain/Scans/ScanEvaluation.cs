namespace Landsea.Scans;

/// <summary>One check against one scenario: true-positive rates at two false-alarm rates and the ROC AUC, beside the baseline's.</summary>
/// <param name="Target">True for the scenario the check is built for.</param>
/// <param name="Negatives">Clean scans the check applies to (its false-alarm side).</param>
/// <param name="Positives">Scans of the scenario the check applies to.</param>
public sealed record CheckEvaluation(
    string Check,
    string Scenario,
    bool Target,
    int Negatives,
    int Positives,
    double TprAt1pctFpr,
    double TprAt022pctFpr,
    double Auc,
    double BaselineTprAt1pctFpr,
    double BaselineTprAt022pctFpr,
    double BaselineAuc);

/// <summary>The scores of one evaluated scan.</summary>
/// <param name="Scores">Per check name, its score; absent where the check does not apply.</param>
public sealed record ScoredScan(long Index, ScanScenario Scenario, IReadOnlyDictionary<string, double> Scores, double Baseline);

/// <summary>A run of <c>landsea scan evaluate</c>.</summary>
public sealed record EvaluationReport(long Seed, int Count, int Width, int Height, IReadOnlyList<CheckEvaluation> Checks);

/// <summary>Evaluates the checks on simulated scans: ROC per check and scenario against the clean scans the check applies to.</summary>
public static class ScanEvaluation
{
    /// <summary>The scenarios each check is reported against; the first is its target.</summary>
    public static readonly IReadOnlyList<(string Check, ScanScenario[] Scenarios)> Pairs =
    [
        (ScanChecks.EmptyContainer, [ScanScenario.LoadDeclaredEmpty]),
        (ScanChecks.MassFill, [ScanScenario.MassUnderdeclared, ScanScenario.UndeclaredDense, ScanScenario.MaterialMismatch]),
        (ScanChecks.Material, [ScanScenario.MaterialMismatch, ScanScenario.UndeclaredDense, ScanScenario.MassUnderdeclared]),
        (ScanChecks.Anomaly, [ScanScenario.UndeclaredDense, ScanScenario.MassUnderdeclared, ScanScenario.MaterialMismatch]),
    ];

    /// <summary>Simulates and scores scan <paramref name="index"/> of the run.</summary>
    public static ScoredScan Score(long seed, long index, int width, int height, ReferenceLibrary references)
    {
        SimulatedScan s = ScanSimulator.Simulate(seed, index, width, height);
        ScanAnalysis a = ScanAnalysis.Of(s.Image);
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (CheckFinding f in ScanChecks.Run(a, s.Declaration, references))
        {
            if (f.Applies)
            {
                scores[f.Check] = f.Score;
            }
        }

        return new ScoredScan(index, s.Truth.Scenario, scores, ScanChecks.BaselineScore(a, s.Declaration, references));
    }

    /// <summary>Scores <paramref name="count"/> scans of <paramref name="seed"/> (in parallel; each scan has its own random stream, so the result does not depend on the order).</summary>
    public static EvaluationReport Run(long seed, int count, int width, int height, ReferenceLibrary references, int parallelism, IProgress<int>? progress = null)
    {
        var scored = new ScoredScan[count];
        int done = 0;
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) }, i =>
        {
            scored[i] = Score(seed, i, width, height, references);
            int n = Interlocked.Increment(ref done);
            if (n % 250 == 0)
            {
                progress?.Report(n);
            }
        });
        return new EvaluationReport(seed, count, width, height, Evaluate(scored));
    }

    public static IReadOnlyList<CheckEvaluation> Evaluate(IReadOnlyList<ScoredScan> scored)
    {
        var rows = new List<CheckEvaluation>();
        foreach ((string check, ScanScenario[] scenarios) in Pairs)
        {
            ScoredScan[] negatives = [.. scored.Where(s => ScanScenarios.IsClean(s.Scenario) && s.Scores.ContainsKey(check))];
            double[] neg = [.. negatives.Select(s => s.Scores[check])];
            double[] negBase = [.. negatives.Select(s => s.Baseline)];
            for (int k = 0; k < scenarios.Length; k++)
            {
                ScoredScan[] positives = [.. scored.Where(s => s.Scenario == scenarios[k] && s.Scores.ContainsKey(check))];
                double[] pos = [.. positives.Select(s => s.Scores[check])];
                double[] posBase = [.. positives.Select(s => s.Baseline)];
                rows.Add(new CheckEvaluation(check, ScanScenarios.Name(scenarios[k]), k == 0, neg.Length, pos.Length,
                    TprAt(neg, pos, 0.01), TprAt(neg, pos, 0.0022), Auc(neg, pos),
                    TprAt(negBase, posBase, 0.01), TprAt(negBase, posBase, 0.0022), Auc(negBase, posBase)));
            }
        }

        return rows;
    }

    /// <summary>
    /// The share of positives scoring above the threshold that lets at most ⌊<paramref name="fpr"/> × negatives⌋ negatives
    /// through (scores equal to the threshold do not alarm). With fewer than 1 / fpr negatives that threshold is the highest
    /// negative score.
    /// </summary>
    public static double TprAt(double[] negatives, double[] positives, double fpr)
    {
        if (negatives.Length == 0 || positives.Length == 0)
        {
            return double.NaN;
        }

        double[] sorted = [.. negatives.OrderDescending()];
        int allowed = (int)Math.Floor(fpr * sorted.Length + 1e-9);
        double threshold = sorted[Math.Min(allowed, sorted.Length - 1)];
        return positives.Count(p => p > threshold) / (double)positives.Length;
    }

    /// <summary>ROC AUC: the probability that a positive outscores a negative, ties counted half (Mann–Whitney).</summary>
    public static double Auc(double[] negatives, double[] positives)
    {
        if (negatives.Length == 0 || positives.Length == 0)
        {
            return double.NaN;
        }

        var all = negatives.Select(v => (v, positive: false)).Concat(positives.Select(v => (v, positive: true))).OrderBy(p => p.v).ToArray();
        double rankSum = 0;
        int i = 0;
        while (i < all.Length)
        {
            int j = i;
            while (j + 1 < all.Length && all[j + 1].v == all[i].v)
            {
                j++;
            }

            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++)
            {
                rankSum += all[k].positive ? rank : 0;
            }

            i = j + 1;
        }

        double np = positives.Length, nn = negatives.Length;
        return (rankSum - np * (np + 1) / 2) / (np * nn);
    }
}
