using Landsea.Risk.Declarations;
using Landsea.Risk.Features;

namespace Landsea.Risk.Tests.Features;

/// <summary>A feature may use earlier declarations and earlier days' outcomes, never a later row or its own label.</summary>
public class LeakageTests
{
    private static List<LabelledCase> InTimeOrder()
    {
        IReadOnlyList<LabelledCase> rows = Fixtures.Train;
        return [.. FeatureBuilder.TimeOrder([.. rows.Select(r => r.Case)]).Select(i => rows[i])];
    }

    [Fact]
    public void Fit_LaterRowsChangedOrRemoved_EarlierFeaturesUnchanged()
    {
        List<LabelledCase> rows = InTimeOrder();
        int cut = rows.Count / 2;
        List<LabelledCase> prefix = rows[..cut];

        // The later half: labels flipped and values copied from earlier rows, so that any look-ahead would show.
        var changed = new List<LabelledCase>(prefix);
        for (int i = cut; i < rows.Count; i++)
        {
            RiskCase template = rows[i - cut].Case;
            changed.Add(new LabelledCase(template with { Id = rows[i].Case.Id, Day = rows[i].Case.Day }, !rows[i].Found));
        }

        float[][] alone = FeatureBuilder.Fit(prefix).Features;
        float[][] withOriginal = FeatureBuilder.Fit(rows).Features;
        float[][] withChanged = FeatureBuilder.Fit(changed).Features;

        for (int i = 0; i < cut; i++)
        {
            AssertSame(alone[i], withOriginal[i], i);
            AssertSame(alone[i], withChanged[i], i);
        }
    }

    [Fact]
    public void Fit_LabelsOfOneDayFlipped_ThatDayUnchangedAndLaterDaysChanged()
    {
        List<LabelledCase> rows = InTimeOrder();
        DateOnly day = rows[rows.Count / 2].Case.Day;
        List<LabelledCase> flipped = [.. rows.Select(r => r.Case.Day == day ? r with { Found = !r.Found } : r)];

        float[][] a = FeatureBuilder.Fit(rows).Features;
        float[][] b = FeatureBuilder.Fit(flipped).Features;

        bool laterChanged = false;
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Case.Day <= day)
            {
                AssertSame(a[i], b[i], i);
            }
            else
            {
                laterChanged |= !a[i].AsSpan().SequenceEqual(b[i]);
            }
        }

        // Guards the test itself: outcomes are features for later days, so flipping them must show there.
        Assert.True(laterChanged);
    }

    [Fact]
    public void Names_NeverIncludeTheLabelColumns()
    {
        Assert.DoesNotContain(FeatureLayout.Names, n => n.Contains("Fraud", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(FeatureLayout.Count, FeatureLayout.Names.Distinct().Count());
    }

    [Fact]
    public void Transform_FrozenHistory_DoesNotDependOnOtherScoredRows()
    {
        FeatureHistory history = FeatureBuilder.Fit(Fixtures.Train).History;
        List<RiskCase> valid = [.. Fixtures.Valid.Select(v => v.Case)];

        float[][] batch = FeatureBuilder.Transform(valid, history);
        float[][] single = FeatureBuilder.Transform([valid[^1]], history);

        AssertSame(batch[^1], single[0], valid.Count - 1);
    }

    private static void AssertSame(float[] expected, float[] actual, int row)
    {
        for (int f = 0; f < expected.Length; f++)
        {
            Assert.True(
                expected[f].Equals(actual[f]),
                $"row {row}, feature '{FeatureLayout.Names[f]}': {expected[f]} vs {actual[f]}");
        }
    }
}
