using Landsea.Risk.Declarations;
using Landsea.Risk.Modeling;
using Landsea.Risk.Simulation;

namespace Landsea.Risk.Tests.Simulation;

public class SelectionReplayTests
{
    [Fact]
    public void Run_Fixture_InspectsBudgetEveryWeekAndLearns()
    {
        // The first 20 weeks of the small train fixture, with a cheap learner.
        IReadOnlyList<LabelledCase> rows = [.. Fixtures.Train.Where(r => r.Case.Day < new DateOnly(2020, 5, 18))];
        var options = new ReplayOptions
        {
            Budget = new RiskSettings { RedShare = 0.2, YellowShare = 0, RandomShare = 0.1 },
            Learner = new LearnerOptions { Iterations = 40, LearningRate = 0.2, Leaves = 8, MinExamplesPerLeaf = 5, EarlyStoppingRounds = 0 },
        };

        IReadOnlyList<ReplayWeek> weeks = SelectionReplay.Run(rows, options);

        Assert.Equal(rows.Count, weeks.Sum(w => w.Declarations));
        Assert.All(weeks, w => Assert.Equal((int)(w.Declarations * 0.2), w.Inspected));
        Assert.Equal(weeks[0].Inspected, weeks[0].RandomInspected); // no model in the first week
        Assert.All(weeks.Skip(1), w => Assert.Equal((int)Math.Round((int)(w.Declarations * 0.2) * 0.1), w.RandomInspected));
        Assert.All(weeks, w => Assert.InRange(w.Precision, 0, 1));
    }

    [Fact]
    public void WeekStart_AnyDay_IsThatWeeksMonday()
    {
        Assert.Equal(new DateOnly(2020, 12, 28), SelectionReplay.WeekStart(new DateOnly(2021, 1, 3))); // Sunday
        Assert.Equal(new DateOnly(2021, 1, 4), SelectionReplay.WeekStart(new DateOnly(2021, 1, 4))); // Monday
    }
}
