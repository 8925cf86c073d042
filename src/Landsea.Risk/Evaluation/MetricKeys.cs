namespace Landsea.Risk.Evaluation;

/// <summary>The metric names of <c>risk evaluate --json</c>: <c>precision@1%</c> … <c>recall@10%</c>, <c>auc</c>.</summary>
public static class MetricKeys
{
    public static IReadOnlyList<string> All { get; } =
    [
        .. RankingMetrics.StandardPercents.Select(p => $"precision@{p}%"),
        .. RankingMetrics.StandardPercents.Select(p => $"recall@{p}%"),
        "auc",
    ];

    /// <summary>The metrics in <see cref="All"/> order.</summary>
    public static IEnumerable<KeyValuePair<string, double>> Flatten(RankingMetrics m)
    {
        foreach (int p in RankingMetrics.StandardPercents)
        {
            yield return new($"precision@{p}%", m.At(p).Precision);
        }

        foreach (int p in RankingMetrics.StandardPercents)
        {
            yield return new($"recall@{p}%", m.At(p).Recall);
        }

        yield return new("auc", m.Auc);
    }
}
