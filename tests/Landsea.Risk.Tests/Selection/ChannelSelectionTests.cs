using Landsea.Risk.Modeling;
using Landsea.Risk.Selection;

namespace Landsea.Risk.Tests.Selection;

public class ChannelSelectionTests
{
    private static readonly DateOnly s_day = new(2021, 3, 1);

    private static List<ScoredDeclaration> Day(int n) =>
        [.. Enumerable.Range(1, n).Select(i => new ScoredDeclaration(
            Fixtures.Case(id: i.ToString(System.Globalization.CultureInfo.InvariantCulture), importer: i == 7 ? "WATCHED" : "IMP"),
            ModelScore: i / (double)(n + 1),
            Factors: [new ModelFactor("HsItemPrice: irregularity rate before", 0.9f, 0.2f, 0.3)]))];

    [Fact]
    public void SelectDay_NoRules_RedAndYellowByScoreWithinBudget()
    {
        List<ScoredDeclaration> day = Day(100);

        IReadOnlyList<ChannelDecision> d = ChannelSelection.SelectDay(day, [], s_day, new RiskSettings { RandomShare = 0 }, new Random(1));

        Assert.Equal(5, d.Count(x => x.Channel == Channel.Red));
        Assert.Equal(10, d.Count(x => x.Channel == Channel.Yellow));
        Assert.Equal(["96", "97", "98", "99", "100"], d.Where(x => x.Channel == Channel.Red).Select(x => x.DeclarationId));
        Assert.All(d, x => Assert.Contains(x.Reasons, r => r.Kind == "model"));
    }

    [Fact]
    public void SelectDay_RandomShare_DrawsPartOfTheRedBudgetAtRandom()
    {
        List<ScoredDeclaration> day = Day(1000);

        IReadOnlyList<ChannelDecision> d = ChannelSelection.SelectDay(day, [], s_day, new RiskSettings { RedShare = 0.10, RandomShare = 0.10 }, new Random(3));

        Assert.Equal(100, d.Count(x => x.Channel == Channel.Red));
        Assert.Equal(10, d.Count(x => x.Random));
        Assert.All(d.Where(x => x.Random), x => Assert.Equal("random", x.Reasons[0].Kind));
    }

    [Fact]
    public void SelectDay_FixedRedRuleAndWeight_ForcedAndReasoned()
    {
        List<ScoredDeclaration> day = Day(20);
        RiskRule watch = new()
        {
            Id = "R-1", Title = "watched trader", Author = "officer", ValidFrom = s_day,
            Conditions = new RuleConditions { Traders = ["WATCHED"] }, FixedChannel = Channel.Red,
        };
        RiskRule chapter = new()
        {
            Id = "R-2", Title = "wood", Author = "officer", ValidFrom = s_day,
            Conditions = new RuleConditions { HsPrefixes = ["44"] }, Weight = 0.5,
        };
        RiskRule expired = chapter with { Id = "R-3", ValidFrom = new DateOnly(2020, 1, 1), ValidTo = new DateOnly(2020, 12, 31), FixedChannel = Channel.Red, Weight = null };

        IReadOnlyList<ChannelDecision> d = ChannelSelection.SelectDay(day, [watch, chapter, expired], s_day, new RiskSettings { RandomShare = 0 }, new Random(1));

        ChannelDecision seven = d.Single(x => x.DeclarationId == "7");
        Assert.Equal(Channel.Red, seven.Channel);
        Assert.Contains(seven.Reasons, r => r.Text.StartsWith("R-1 v1", StringComparison.Ordinal));
        Assert.DoesNotContain(d.SelectMany(x => x.Reasons), r => r.Text.StartsWith("R-3", StringComparison.Ordinal));
        ChannelDecision one = d.Single(x => x.DeclarationId == "1");
        Assert.Equal(1 - ((1 - one.ModelScore) * 0.5), one.Score, 12);
        Assert.Equal(2, d.Count(x => x.Channel == Channel.Red)); // forced 7 + floor(20 × 5 %) = 1 by score
    }

    [Fact]
    public void SelectDay_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentException>(() => ChannelSelection.SelectDay(Day(3), [], s_day, new RiskSettings { RedShare = 0.8, YellowShare = 0.5 }, new Random(1)));
    }
}
