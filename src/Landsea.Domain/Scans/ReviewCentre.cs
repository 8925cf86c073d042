using System.Globalization;
using Landsea.Risk;
using Landsea.Shared;

namespace Landsea.Scans;

/// <summary>Where a scan is in the review centre's workflow (table <c>scan_reviews</c>, migration 0021_scan_review).</summary>
public enum ReviewStage
{
    /// <summary>Waiting for its first reviewer.</summary>
    Queued,

    /// <summary>With its first reviewer, no verdict yet.</summary>
    Assigned,

    /// <summary>The first verdict disagreed with the machine checks: waiting for a second reviewer.</summary>
    SecondQueued,

    /// <summary>With its second reviewer, no verdict yet.</summary>
    SecondAssigned,

    /// <summary>A verdict decided the scan (the first, when it agreed with the machine checks; else the second).</summary>
    Decided,

    /// <summary>At a scanning node: the scan was sent to the review centre's node; its verdict comes back from there.</summary>
    SentToCentre,
}

/// <summary>
/// One scan in the review centre's queue: what the ordering reads. <see cref="Priority"/> is the corridor's priority lane
/// (from <c>IScanPriority</c>: the corridor's priority flag); <see cref="Channel"/> and <see cref="RiskScore"/>
/// are the risk decision the node stored for the scan's MRN (null and 0 when it holds none); <see cref="QueuedAt"/> gives
/// the age; <see cref="Chapters"/> are the declared goods' HS chapters (two digits), for the reviewers' skills.
/// </summary>
public sealed record ReviewItem(
    string ScanId,
    bool Priority,
    Channel? Channel,
    double RiskScore,
    DateTimeOffset QueuedAt,
    IReadOnlyList<string> Chapters);

/// <summary>
/// A reviewer of the centre: an officer registered with skills, and how many scans they hold open (assigned, no verdict).
/// A skill is an HS chapter ("61") or <c>*</c> (every chapter); a reviewer may take a scan when a skill is <c>*</c> or one
/// of the scan's chapters (a scan whose declaration lists no goods needs a <c>*</c> reviewer).
/// </summary>
public sealed record Reviewer(string User, string Office, IReadOnlyList<string> Skills, int OpenAssignments)
{
    /// <summary>Whether this reviewer's skills cover the scan's chapters.</summary>
    public bool Covers(ReviewItem item) =>
        Skills.Contains(ReviewCentre.AnyChapter) || item.Chapters.Any(c => Skills.Contains(c));
}

/// <summary>Service-level timers of the centre: an unassigned scan and an assigned, undecided scan may wait this long.</summary>
public sealed record ReviewTimers(TimeSpan Unassigned, TimeSpan Undecided)
{
    /// <summary>30 minutes to be assigned, 2 hours from assignment to a verdict.</summary>
    public static ReviewTimers Default { get; } = new(TimeSpan.FromMinutes(30), TimeSpan.FromHours(2));
}

/// <summary>
/// What the timers read of one open review: its stage, when it entered that stage's wait (queued, or assigned) and the
/// alert kinds already raised for it (each is raised once).
/// </summary>
public sealed record ReviewClock(string ScanId, ReviewStage Stage, DateTimeOffset Since, IReadOnlyCollection<string> Raised);

/// <summary>A timer that ran out: the kind (<see cref="ReviewCentre.AlertUnassigned"/>, ...), since when and when it was due.</summary>
public sealed record ReviewAlert(string ScanId, string Kind, DateTimeOffset Since, DateTimeOffset DueAt);

/// <summary>What a verdict does: decides the scan, or asks for a second review (when it disagreed with the machine).</summary>
/// <param name="Decided">True when this verdict decides the scan.</param>
/// <param name="NextStage">The stage the scan goes to.</param>
/// <param name="Why">One sentence for the record (the disagreement, or which verdict decided).</param>
public sealed record VerdictEffect(bool Decided, ReviewStage NextStage, string Why);

/// <summary>
/// The review centre's decisions (issue 12 item 2), pure: the queue's order, which reviewer takes a scan, which timers ran
/// out, and what a verdict does (a first verdict that disagrees with the machine checks calls for a second review, whose
/// verdict decides). Refusals carry the codes of <see cref="ScanErrorCodes"/> (LS949–LS956).
/// </summary>
public static class ReviewCentre
{
    /// <summary>The skill that covers every HS chapter.</summary>
    public const string AnyChapter = "*";

    public const string Clear = "clear";
    public const string Inspect = "inspect";

    /// <summary>Alert: a scan waited for its first reviewer longer than <see cref="ReviewTimers.Unassigned"/>.</summary>
    public const string AlertUnassigned = "unassigned";

    /// <summary>Alert: a first reviewer held a scan longer than <see cref="ReviewTimers.Undecided"/>.</summary>
    public const string AlertUndecided = "undecided";

    /// <summary>Alert: a scan waited for its second reviewer longer than <see cref="ReviewTimers.Unassigned"/>.</summary>
    public const string AlertSecondUnassigned = "second-unassigned";

    /// <summary>Alert: a second reviewer held a scan longer than <see cref="ReviewTimers.Undecided"/>.</summary>
    public const string AlertSecondUndecided = "second-undecided";

    /// <summary>Most scans a reviewer holds open before automatic assignment passes them over.</summary>
    public const int DefaultMaxOpen = 5;

    /// <summary>
    /// The queue's order: the priority lane first, then the risk channel (red, yellow, green, none), then the risk score
    /// (highest first), then age (oldest first), then the scan id (so the order is total and stable).
    /// </summary>
    public static IReadOnlyList<ReviewItem> Order(IEnumerable<ReviewItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return [.. items.OrderByDescending(i => i.Priority)
            .ThenByDescending(i => ChannelRank(i.Channel))
            .ThenByDescending(i => i.RiskScore)
            .ThenBy(i => i.QueuedAt)
            .ThenBy(i => i.ScanId, StringComparer.Ordinal)];
    }

    private static int ChannelRank(Channel? c) => c switch { Channel.Red => 3, Channel.Yellow => 2, Channel.Green => 1, _ => 0 };

    /// <summary>
    /// The reviewer who takes <paramref name="item"/>: among those whose skills cover it, who are not in
    /// <paramref name="exclude"/> (the first reviewer, for a second review) and hold fewer than <paramref name="maxOpen"/>
    /// open scans, the one with the fewest open scans; ties go to the reviewer with a skill naming the chapter over a
    /// <c>*</c> reviewer, then by user name. LS949 when nobody may take it.
    /// </summary>
    public static Result<Reviewer> Choose(ReviewItem item, IEnumerable<Reviewer> reviewers, IReadOnlyCollection<string> exclude, int maxOpen = DefaultMaxOpen)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(reviewers);
        ArgumentNullException.ThrowIfNull(exclude);
        List<Reviewer> all = [.. reviewers];
        List<Reviewer> skilled = [.. all.Where(r => r.Covers(item) && !exclude.Contains(r.User))];
        Reviewer? best = skilled.Where(r => r.OpenAssignments < maxOpen)
            .OrderBy(r => r.OpenAssignments)
            .ThenBy(r => item.Chapters.Any(c => r.Skills.Contains(c)) ? 0 : 1)
            .ThenBy(r => r.User, StringComparer.Ordinal)
            .FirstOrDefault();
        if (best is not null)
        {
            return best;
        }

        string chapters = item.Chapters.Count == 0 ? "no declared goods" : "HS chapter " + string.Join(", ", item.Chapters);
        return Result<Reviewer>.Fail(ScanErrorCodes.NoReviewer, skilled.Count == 0
            ? $"No reviewer{(exclude.Count > 0 ? " other than " + string.Join(", ", exclude) : "")} has the skill for scan {Short(item.ScanId)} ({chapters}); register one with that chapter or '*'."
            : $"Every reviewer with the skill for scan {Short(item.ScanId)} ({chapters}) already holds {maxOpen} open scans.");
    }

    /// <summary>
    /// Whether <paramref name="reviewer"/> may be given <paramref name="item"/> by hand (an officer of the centre assigning):
    /// the reviewer must be registered (LS950), have the skill (LS949) and, for a second review, not be the first reviewer
    /// (LS951). The workload cap does not apply to a hand assignment.
    /// </summary>
    public static Result<Reviewer> CheckAssignment(ReviewItem item, ReviewStage stage, string reviewer, IEnumerable<Reviewer> reviewers, string? firstReviewer)
    {
        ArgumentNullException.ThrowIfNull(item);
        Reviewer? r = reviewers.FirstOrDefault(x => x.User == reviewer);
        if (stage is ReviewStage.Decided or ReviewStage.SentToCentre)
        {
            return Result<Reviewer>.Fail(ScanErrorCodes.ReviewClosed, $"Scan {Short(item.ScanId)} is decided or with the review centre; it is assigned to nobody here.");
        }

        if (r is null)
        {
            return Result<Reviewer>.Fail(ScanErrorCodes.ReviewerUnknown, $"'{reviewer}' is not a registered reviewer of this centre.");
        }

        if (!r.Covers(item))
        {
            return Result<Reviewer>.Fail(ScanErrorCodes.NoReviewer, $"Reviewer {reviewer} (skills {string.Join(", ", r.Skills)}) has no skill for HS chapter {string.Join(", ", item.Chapters)}.");
        }

        if (stage is (ReviewStage.SecondQueued or ReviewStage.SecondAssigned) && reviewer == firstReviewer)
        {
            return Result<Reviewer>.Fail(ScanErrorCodes.SameReviewer, $"{reviewer} gave the first verdict on scan {Short(item.ScanId)}; a second review needs another reviewer.");
        }

        return r;
    }

    /// <summary>
    /// The timers of <paramref name="clock"/> that have run out at <paramref name="now"/> and were not raised before:
    /// queued (or waiting for a second reviewer) longer than <see cref="ReviewTimers.Unassigned"/>, assigned longer than
    /// <see cref="ReviewTimers.Undecided"/>. Due exactly at the limit counts as run out. A decided scan has no timer.
    /// </summary>
    public static IReadOnlyList<ReviewAlert> DueAlerts(ReviewClock clock, DateTimeOffset now, ReviewTimers timers)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(timers);
        (string? kind, TimeSpan limit) = clock.Stage switch
        {
            ReviewStage.Queued => (AlertUnassigned, timers.Unassigned),
            ReviewStage.Assigned => (AlertUndecided, timers.Undecided),
            ReviewStage.SecondQueued => (AlertSecondUnassigned, timers.Unassigned),
            ReviewStage.SecondAssigned => (AlertSecondUndecided, timers.Undecided),
            _ => ((string?)null, TimeSpan.Zero),
        };
        DateTimeOffset due = clock.Since + limit;
        return kind is null || now < due || clock.Raised.Contains(kind) ? [] : [new ReviewAlert(clock.ScanId, kind, clock.Since, due)];
    }

    /// <summary>When the timer of a review at <paramref name="stage"/> since <paramref name="since"/> runs out (null for a decided scan).</summary>
    public static DateTimeOffset? DueAt(ReviewStage stage, DateTimeOffset since, ReviewTimers timers) => stage switch
    {
        ReviewStage.Queued or ReviewStage.SecondQueued => since + timers.Unassigned,
        ReviewStage.Assigned or ReviewStage.SecondAssigned => since + timers.Undecided,
        _ => null,
    };

    /// <summary>
    /// What a verdict by <paramref name="reviewer"/> does to a scan at <paramref name="stage"/>. A verdict is clear or
    /// inspect (LS952); a decided scan takes none (LS953). A first verdict (queued or assigned) that disagrees with the
    /// machine checks — clear while a check raised an alarm, or inspect while none did — asks for a second review; one
    /// that agrees decides. A second verdict must come from someone other than the first reviewer (LS951) and decides.
    /// </summary>
    public static Result<VerdictEffect> Verdict(ReviewStage stage, string verdict, bool machineAlarm, string reviewer, string? firstReviewer)
    {
        if (verdict is not (Clear or Inspect))
        {
            return Result<VerdictEffect>.Fail(ScanErrorCodes.VerdictInvalid, $"A verdict is '{Clear}' or '{Inspect}', not '{verdict}'.");
        }

        switch (stage)
        {
            case ReviewStage.Decided:
                return Result<VerdictEffect>.Fail(ScanErrorCodes.ReviewClosed, "The scan is decided; it takes no further verdict.");
            case ReviewStage.SentToCentre:
                return Result<VerdictEffect>.Fail(ScanErrorCodes.ReviewClosed, "The scan was sent to the review centre; its verdict comes from there.");
            case ReviewStage.SecondQueued or ReviewStage.SecondAssigned:
                return reviewer == firstReviewer
                    ? Result<VerdictEffect>.Fail(ScanErrorCodes.SameReviewer, $"{reviewer} gave the first verdict; the second review needs another reviewer.")
                    : new VerdictEffect(true, ReviewStage.Decided, $"second review by {reviewer}: {verdict} decides (the first verdict disagreed with the machine checks)");
            default:
                bool disagrees = verdict == Clear ? machineAlarm : !machineAlarm;
                return disagrees
                    ? new VerdictEffect(false, ReviewStage.SecondQueued, verdict == Clear
                        ? "first verdict clear while a machine check raised an alarm: second review"
                        : "first verdict inspect while no machine check raised an alarm: second review")
                    : new VerdictEffect(true, ReviewStage.Decided, string.Create(CultureInfo.InvariantCulture, $"first verdict {verdict} agrees with the machine checks ({(machineAlarm ? "an alarm" : "no alarm")})"));
        }
    }

    /// <summary>
    /// Reads a reviewer's skills: a comma- or space-separated list of two-digit HS chapters (01–97) or <c>*</c>; at least
    /// one, at most 100. LS954 naming the bad entry otherwise.
    /// </summary>
    public static Result<IReadOnlyList<string>> ParseSkills(string? text)
    {
        string[] parts = (text ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length is 0 or > 100)
        {
            return Result<IReadOnlyList<string>>.Fail(ScanErrorCodes.SkillsInvalid, "Give a reviewer's skills: HS chapters (two digits, e.g. 61, 84) or '*' for every chapter, at most 100.");
        }

        foreach (string p in parts)
        {
            bool chapter = p.Length == 2 && char.IsAsciiDigit(p[0]) && char.IsAsciiDigit(p[1]) && int.Parse(p, CultureInfo.InvariantCulture) is >= 1 and <= 97;
            if (!chapter && p != AnyChapter)
            {
                return Result<IReadOnlyList<string>>.Fail(ScanErrorCodes.SkillsInvalid, $"'{p}' is not an HS chapter (01–97) or '*'.");
            }
        }

        return Result<IReadOnlyList<string>>.Ok([.. parts.Distinct().Order(StringComparer.Ordinal)]);
    }

    /// <summary>The HS chapters (two digits, distinct, sorted) of the declared commodity codes.</summary>
    public static IReadOnlyList<string> ChaptersOf(IEnumerable<string?> commodityCodes) =>
        [.. commodityCodes.Where(c => c is { Length: >= 2 }).Select(c => c![..2]).Distinct().Order(StringComparer.Ordinal)];

    private static string Short(string id) => id.Length > 12 ? id[..12] : id;
}
