
namespace Landsea.Risk.Tests.Node;

public class OnlineSelectionTests
{
    private static readonly RiskSettings s_settings = new() { RedShare = 0.10, YellowShare = 0.10, RandomShare = 0 };

    [Fact]
    public void Choose_HighScores_RedNeverExceedsShareOfTheDaySoFar()
    {
        var counts = new DayCounts(0, 0, 0);
        for (int i = 0; i < 100; i++)
        {
            (Channel channel, _, _) = OnlineSelection.Choose(0.99, null, counts, s_settings, draw: 0.99);
            counts = new DayCounts(counts.Decided + 1, counts.Red + (channel == Channel.Red ? 1 : 0), counts.Yellow + (channel == Channel.Yellow ? 1 : 0));
            Assert.True(counts.Red <= Math.Floor(counts.Decided * 0.10 + 1e-9), $"after {counts.Decided}: {counts.Red} red");
            Assert.True(counts.Yellow <= Math.Floor(counts.Decided * 0.10 + 1e-9));
        }

        Assert.Equal(10, counts.Red);
        Assert.Equal(9, counts.Yellow); // the 100th went red
    }

    [Fact]
    public void Choose_FixedChannelRule_WinsEvenOverBudget()
    {
        (Channel channel, SelectionBasis basis, _) = OnlineSelection.Choose(0, Channel.Red, new DayCounts(0, 0, 0), s_settings, 0.99);

        Assert.Equal(Channel.Red, channel);
        Assert.Equal(SelectionBasis.Rule, basis);
    }

    [Fact]
    public void Choose_LowDraw_RedAtRandomWhenBudgetAllows()
    {
        var settings = new RiskSettings { RedShare = 0.10, RandomShare = 0.5 };

        // n = 20: red budget 2, of which floor(20 × 0.10 × 0.5) = 1 is the random reserve.
        Assert.Equal(SelectionBasis.Random, OnlineSelection.Choose(0, null, new DayCounts(19, 0, 0, 0), settings, draw: 0.01).Basis);
        Assert.Equal(Channel.Green, OnlineSelection.Choose(0, null, new DayCounts(19, 0, 0, 1), settings, draw: 0.01).Channel); // reserve used
        Assert.Equal(Channel.Green, OnlineSelection.Choose(0, null, new DayCounts(19, 0, 0, 0), settings, draw: 0.06).Channel); // 0.06 ≥ 0.10 × 0.5
        Assert.Equal(Channel.Yellow, OnlineSelection.Choose(0.9, null, new DayCounts(19, 1, 0, 0), settings, draw: 0.99).Channel); // score share spent
    }

    [Fact]
    public void Choose_RedBudgetSpent_HighScoreGoesYellow()
    {
        (Channel channel, _, string why) = OnlineSelection.Choose(0.9, null, new DayCounts(19, 2, 0), s_settings, 0.99);

        Assert.Equal(Channel.Yellow, channel);
        Assert.Contains("red budget", why, StringComparison.Ordinal);
    }
}
