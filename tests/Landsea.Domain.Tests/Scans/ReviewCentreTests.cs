using Landsea.Risk;
using Landsea.Scans;

namespace Landsea.Domain.Tests.Scans;

/// <summary>Issue 12 item 2: the review centre's decisions (queue order, assignment, timers, second review).</summary>
public class ReviewCentreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 6, 0, 0, TimeSpan.Zero);

    private static ReviewItem Item(string id, bool priority = false, Channel? channel = null, double score = 0, int minutesOld = 0, params string[] chapters) =>
        new(id, priority, channel, score, T0.AddMinutes(-minutesOld), chapters.Length == 0 ? ["61"] : chapters);

    [Fact]
    public void Order_PriorityLaneFirst_ThenChannel_ThenScore_ThenOldest()
    {
        ReviewItem[] items =
        [
            Item("old-green", channel: Channel.Green, score: 0.9, minutesOld: 500),
            Item("red-low", channel: Channel.Red, score: 0.2, minutesOld: 10),
            Item("red-high", channel: Channel.Red, score: 0.8, minutesOld: 5),
            Item("red-high-older", channel: Channel.Red, score: 0.8, minutesOld: 50),
            Item("lane-none", priority: true, minutesOld: 1),
            Item("no-decision", minutesOld: 900),
            Item("yellow", channel: Channel.Yellow, score: 0.1),
        ];

        IReadOnlyList<ReviewItem> ordered = ReviewCentre.Order(items);

        Assert.Equal(["lane-none", "red-high-older", "red-high", "red-low", "yellow", "old-green", "no-decision"], ordered.Select(i => i.ScanId));
    }

    [Fact]
    public void Choose_FewestOpenAmongSkilled_SpecialistBeforeGeneralistOnTie()
    {
        ReviewItem tshirts = Item("s1", chapters: "61");
        Reviewer[] reviewers =
        [
            new("busy.textiles", "CN800001", ["61"], 3),
            new("free.machines", "CN800001", ["84"], 0),
            new("any.one", "CN800001", ["*"], 1),
            new("textiles", "CN800001", ["61", "62"], 1),
        ];

        Assert.Equal("textiles", ReviewCentre.Choose(tshirts, reviewers, []).Value.User);
        Assert.Equal("any.one", ReviewCentre.Choose(tshirts, reviewers, ["textiles"]).Value.User);
        Assert.Equal("free.machines", ReviewCentre.Choose(Item("s2", chapters: "84"), reviewers, []).Value.User);
    }

    [Fact]
    public void Choose_NobodySkilled_LS949_AndAtTheCap_LS949NamingTheCap()
    {
        Reviewer[] reviewers = [new("machines", "CN800001", ["84"], 0), new("textiles", "CN800001", ["61"], 5)];

        var noSkill = ReviewCentre.Choose(Item("s1", chapters: "27"), reviewers, []);
        var capped = ReviewCentre.Choose(Item("s2", chapters: "61"), reviewers, [], maxOpen: 5);

        Assert.Equal(ScanErrorCodes.NoReviewer, noSkill.Failure!.Code);
        Assert.Contains("HS chapter 27", noSkill.Failure.Reason, StringComparison.Ordinal);
        Assert.Equal(ScanErrorCodes.NoReviewer, capped.Failure!.Code);
        Assert.Contains("already holds 5", capped.Failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAssignment_Unknown_Unskilled_FirstReviewerForSecondReview_Decided_AreRefused()
    {
        Reviewer[] reviewers = [new("a", "CN800001", ["61"], 0), new("b", "CN800001", ["84"], 0)];
        ReviewItem item = Item("s1", chapters: "61");

        Assert.Equal(ScanErrorCodes.ReviewerUnknown, ReviewCentre.CheckAssignment(item, ReviewStage.Queued, "nobody", reviewers, null).Failure!.Code);
        Assert.Equal(ScanErrorCodes.NoReviewer, ReviewCentre.CheckAssignment(item, ReviewStage.Queued, "b", reviewers, null).Failure!.Code);
        Assert.Equal(ScanErrorCodes.SameReviewer, ReviewCentre.CheckAssignment(item, ReviewStage.SecondQueued, "a", reviewers, "a").Failure!.Code);
        Assert.Equal(ScanErrorCodes.ReviewClosed, ReviewCentre.CheckAssignment(item, ReviewStage.Decided, "a", reviewers, null).Failure!.Code);
        Assert.Equal("a", ReviewCentre.CheckAssignment(item, ReviewStage.Assigned, "a", reviewers, null).Value.User);
    }

    [Fact]
    public void DueAlerts_AtTheLimitOnce_PerStage()
    {
        var timers = new ReviewTimers(TimeSpan.FromMinutes(30), TimeSpan.FromHours(2));
        var queued = new ReviewClock("s1", ReviewStage.Queued, T0, []);

        Assert.Empty(ReviewCentre.DueAlerts(queued, T0.AddMinutes(29.9), timers));
        ReviewAlert due = Assert.Single(ReviewCentre.DueAlerts(queued, T0.AddMinutes(30), timers));
        Assert.Equal((ReviewCentre.AlertUnassigned, T0.AddMinutes(30)), (due.Kind, due.DueAt));
        Assert.Empty(ReviewCentre.DueAlerts(queued with { Raised = [ReviewCentre.AlertUnassigned] }, T0.AddHours(5), timers));

        var assigned = new ReviewClock("s1", ReviewStage.Assigned, T0, [ReviewCentre.AlertUnassigned]);
        Assert.Empty(ReviewCentre.DueAlerts(assigned, T0.AddMinutes(119), timers));
        Assert.Equal(ReviewCentre.AlertUndecided, Assert.Single(ReviewCentre.DueAlerts(assigned, T0.AddHours(2), timers)).Kind);
        Assert.Equal(ReviewCentre.AlertSecondUnassigned, Assert.Single(ReviewCentre.DueAlerts(assigned with { Stage = ReviewStage.SecondQueued }, T0.AddHours(1), timers)).Kind);
        Assert.Equal(ReviewCentre.AlertSecondUndecided, Assert.Single(ReviewCentre.DueAlerts(assigned with { Stage = ReviewStage.SecondAssigned }, T0.AddHours(3), timers)).Kind);
        Assert.Empty(ReviewCentre.DueAlerts(assigned with { Stage = ReviewStage.Decided }, T0.AddDays(3), timers));
    }

    [Theory]
    [InlineData("clear", false, true)]
    [InlineData("inspect", true, true)]
    [InlineData("clear", true, false)]
    [InlineData("inspect", false, false)]
    public void Verdict_FirstAgreeingWithTheMachineDecides_DisagreeingAsksForSecondReview(string verdict, bool alarm, bool decides)
    {
        VerdictEffect e = ReviewCentre.Verdict(ReviewStage.Assigned, verdict, alarm, "a", null).Value;

        Assert.Equal(decides, e.Decided);
        Assert.Equal(decides ? ReviewStage.Decided : ReviewStage.SecondQueued, e.NextStage);
    }

    [Fact]
    public void Verdict_SecondByAnotherDecides_ByTheFirstRefusedLS951_DecidedLS953_BadWordLS952()
    {
        Assert.True(ReviewCentre.Verdict(ReviewStage.SecondAssigned, "clear", true, "b", "a").Value.Decided);
        Assert.True(ReviewCentre.Verdict(ReviewStage.SecondQueued, "inspect", true, "b", "a").Value.Decided);
        Assert.Equal(ScanErrorCodes.SameReviewer, ReviewCentre.Verdict(ReviewStage.SecondAssigned, "clear", true, "a", "a").Failure!.Code);
        Assert.Equal(ScanErrorCodes.ReviewClosed, ReviewCentre.Verdict(ReviewStage.Decided, "clear", false, "c", "a").Failure!.Code);
        Assert.Equal(ScanErrorCodes.VerdictInvalid, ReviewCentre.Verdict(ReviewStage.Queued, "maybe", false, "a", null).Failure!.Code);
    }

    [Fact]
    public void ParseSkills_ChaptersAndStar_RefusesHeadingsLS954()
    {
        Assert.Equal(["*", "61", "84"], ReviewCentre.ParseSkills("84, 61 *,61").Value);
        Assert.Equal(ScanErrorCodes.SkillsInvalid, ReviewCentre.ParseSkills("6109").Failure!.Code);
        Assert.Equal(ScanErrorCodes.SkillsInvalid, ReviewCentre.ParseSkills("98").Failure!.Code);
        Assert.Equal(ScanErrorCodes.SkillsInvalid, ReviewCentre.ParseSkills("").Failure!.Code);
        Assert.Equal(["61", "84"], ReviewCentre.ChaptersOf(["610910", null, "847130", "611020"]));
    }
}
