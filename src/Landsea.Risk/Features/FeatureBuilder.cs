using Landsea.Risk.Declarations;

namespace Landsea.Risk.Features;

/// <summary>The features of a fitted set, in input order, and the frozen history that scores new declarations.</summary>
public sealed record FittedFeatures(float[][] Features, FeatureHistory History);

/// <summary>
/// Builds leakage-free training features. Declarations are replayed in (date, declaration id) order; each one's
/// features are read from the history <em>before</em> it is observed, and outcomes are learned only at the end
/// of their day, so a feature never sees a later declaration, a same-day outcome, or its own label.
/// </summary>
public static class FeatureBuilder
{
    public static FittedFeatures Fit(IReadOnlyList<LabelledCase> rows)
    {
        var history = new FeatureHistory();
        float[][] features = Replay(rows, history, freeze: true);
        return new FittedFeatures(features, history);
    }

    /// <summary>
    /// Replays <paramref name="rows"/> into <paramref name="history"/> (which may already hold earlier declarations)
    /// and returns each row's features as of just before it was lodged, in input order.
    /// </summary>
    public static float[][] Replay(IReadOnlyList<LabelledCase> rows, FeatureHistory history, bool freeze)
    {
        int[] order = TimeOrder(rows.Select(r => r.Case).ToList());
        var features = new float[rows.Count][];
        int start = 0;
        while (start < order.Length)
        {
            DateOnly day = rows[order[start]].Case.Day;
            int end = start;
            while (end < order.Length && rows[order[end]].Case.Day == day)
            {
                int at = order[end];
                var f = new float[FeatureLayout.Count];
                FeatureLayout.Write(rows[at].Case, history, f);
                features[at] = f;
                history.Observe(rows[at].Case);
                end++;
            }

            for (int j = start; j < end; j++)
            {
                LabelledCase r = rows[order[j]];
                history.Learn(r.Case, r.Found);
            }

            start = end;
        }

        if (freeze)
        {
            history.Freeze();
        }

        return features;
    }

    /// <summary>Features of declarations scored against a fitted (frozen) history, in input order.</summary>
    public static float[][] Transform(IReadOnlyList<RiskCase> rows, FeatureHistory history)
    {
        var features = new float[rows.Count][];
        for (int i = 0; i < rows.Count; i++)
        {
            features[i] = new float[FeatureLayout.Count];
            FeatureLayout.Write(rows[i], history, features[i]);
        }

        return features;
    }

    /// <summary>Indices of <paramref name="rows"/> sorted by date, then declaration id (stable).</summary>
    public static int[] TimeOrder(IReadOnlyList<RiskCase> rows)
    {
        int[] order = [.. Enumerable.Range(0, rows.Count)];
        Array.Sort(order, (a, b) =>
        {
            int c = rows[a].Day.CompareTo(rows[b].Day);
            if (c != 0)
            {
                return c;
            }

            c = DeclarationIdComparer.Instance.Compare(rows[a].Id, rows[b].Id);
            return c != 0 ? c : a.CompareTo(b);
        });
        return order;
    }
}
