using Landsea.Risk.Declarations;

namespace Landsea.Risk.Evaluation;

/// <summary>Precision and recall when the top n % of the ranking is inspected.</summary>
/// <param name="Percent">n: the share of declarations inspected, in percent.</param>
/// <param name="Inspected">k = floor(N × n / 100).</param>
/// <param name="Precision">Irregular among the k inspected, divided by k (0 when k = 0).</param>
/// <param name="Recall">Irregular among the k inspected, divided by all irregular (0 when there are none).</param>
public sealed record TopShare(int Percent, int Inspected, double Precision, double Recall);

/// <summary>Ranking quality of one scoring of one labelled set.</summary>
public sealed record RankingMetrics(IReadOnlyList<TopShare> Shares, double Auc)
{
    /// <summary>The shares the benchmark reports: 1, 2, 5 and 10 %.</summary>
    public static IReadOnlyList<int> StandardPercents { get; } = [1, 2, 5, 10];

    /// <summary>
    /// Ranks by descending score, equal scores by ascending declaration id (<see cref="DeclarationIdComparer"/>),
    /// and inspects the first k = floor(N × n / 100). ROC AUC is the Mann–Whitney statistic with tied scores
    /// counted as half (NaN when one class is absent).
    /// </summary>
    public static RankingMetrics Compute(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, IReadOnlyList<string> ids, IReadOnlyList<int>? percents = null)
    {
        int n = scores.Count;
        if (labels.Count != n || ids.Count != n)
        {
            throw new ArgumentException("scores, labels and ids must have the same length");
        }

        percents ??= StandardPercents;
        int[] order = Rank(scores, ids);
        int positives = labels.Count(l => l);
        var shares = new List<TopShare>(percents.Count);
        foreach (int percent in percents)
        {
            int k = (int)((long)n * percent / 100);
            int hits = 0;
            for (int i = 0; i < k; i++)
            {
                hits += labels[order[i]] ? 1 : 0;
            }

            shares.Add(new TopShare(percent, k, k == 0 ? 0 : (double)hits / k, positives == 0 ? 0 : (double)hits / positives));
        }

        return new RankingMetrics(shares, RocAuc(scores, labels));
    }

    /// <summary>Indices by descending score, ties by ascending declaration id.</summary>
    public static int[] Rank(IReadOnlyList<double> scores, IReadOnlyList<string> ids)
    {
        int[] order = [.. Enumerable.Range(0, scores.Count)];
        Array.Sort(order, (a, b) =>
        {
            int c = scores[b].CompareTo(scores[a]);
            return c != 0 ? c : DeclarationIdComparer.Instance.Compare(ids[a], ids[b]);
        });
        return order;
    }

    public static double RocAuc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        int n = scores.Count;
        int[] order = [.. Enumerable.Range(0, n)];
        Array.Sort(order, (a, b) => scores[a].CompareTo(scores[b]));
        double rankSumPositive = 0;
        long positives = 0;
        int i = 0;
        while (i < n)
        {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]].Equals(scores[order[i]]))
            {
                j++;
            }

            double averageRank = ((i + j) / 2.0) + 1; // 1-based ranks, ties share their average
            for (int t = i; t <= j; t++)
            {
                if (labels[order[t]])
                {
                    rankSumPositive += averageRank;
                    positives++;
                }
            }

            i = j + 1;
        }

        long negatives = n - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        return (rankSumPositive - (positives * (positives + 1) / 2.0)) / (positives * (double)negatives);
    }

    public TopShare At(int percent) => Shares.First(s => s.Percent == percent);
}
