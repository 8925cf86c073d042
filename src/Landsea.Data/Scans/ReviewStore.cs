using System.Data.Common;
using System.Globalization;
using Dapper;
using Landsea.Exchange.Storage;
using Landsea.Risk;
using Landsea.Scans;
using Landsea.Shared;

namespace Landsea.Data.Scans;

/// <summary>
/// The seam for the corridor's priority lane (issue 12 item 2): whether a scan's consignment travels in the priority lane.
/// The node answers from the corridor's flag (<see cref="CorridorScanPriority"/>); <see cref="NoScanPriority"/> answers
/// false for every scan.
/// </summary>
public interface IScanPriority
{
    /// <summary>True when the declaration <paramref name="mrn"/> / container is in the priority lane.</summary>
    ValueTask<bool> IsPriorityAsync(string? mrn, string? containerNumber, CancellationToken ct);
}

/// <summary>No priority lane: every scan is in the ordinary lane.</summary>
public sealed class NoScanPriority : IScanPriority
{
    public ValueTask<bool> IsPriorityAsync(string? mrn, string? containerNumber, CancellationToken ct) => ValueTask.FromResult(false);
}

/// <summary>
/// The corridor's priority lane (issue 11 item 7) for the review queue: a scan is in the priority lane when its declaration
/// (MRN) or its container is on a consignment flagged priority at this node.
/// </summary>
public sealed class CorridorScanPriority(Landsea.Data.CorridorSupervision.CorridorStore corridor) : IScanPriority
{
    public async ValueTask<bool> IsPriorityAsync(string? mrn, string? containerNumber, CancellationToken ct) =>
        (mrn is { Length: > 0 } && await corridor.IsPriorityAsync(mrn, ct))
        || (containerNumber is { Length: > 0 } && await corridor.IsPriorityAsync(containerNumber, ct));
}

/// <summary>One open scan of the centre's queue, in the queue's order, with what the page and API show.</summary>
public sealed record QueueEntry(int Position, ReviewItem Item, ReviewStage Stage, DateTimeOffset StageSince, DateTimeOffset? DueAt, string? AssignedTo,
    string? FirstReviewer, string? Mrn, string? ContainerNumber, string? Office, IReadOnlyList<string> Alerts);

/// <summary>A scan's review: its stage and who holds it, the deciding verdict (if decided).</summary>
public sealed record ReviewState(string ScanId, ReviewStage Stage, DateTimeOffset QueuedAt, DateTimeOffset StageSince, IReadOnlyList<string> Chapters,
    string? AssignedTo, string? FirstReviewer, string? FirstVerdictId, string? DecidedVerdictId, DateTimeOffset? DecidedAt, string? OriginNode = null, string? DeclaredGoodsJson = null);

/// <summary>One recorded action of the review workflow (table <c>scan_review_events</c>).</summary>
public sealed record ReviewEvent(long Id, string? ScanId, string Action, string Actor, DateTimeOffset At, string Detail);

/// <summary>A registered reviewer (table <c>scan_reviewers</c>) with how many scans they hold open.</summary>
public sealed record StoredReviewer(string User, string Office, IReadOnlyList<string> Skills, int OpenAssignments, DateTimeOffset RegisteredAt, string RegisteredBy)
{
    public Reviewer ToReviewer() => new(User, Office, Skills, OpenAssignments);
}

/// <summary>What recording a verdict did: the verdict row, its effect, and the second reviewer when one was assigned at once.</summary>
public sealed record VerdictRecorded(StoredVerdict Verdict, VerdictEffect Effect, string? SecondReviewer);

/// <summary>
/// The review centre's workflow (issue 12 item 2; tables of migration 0021_scan_review): the queue, reviewers and their
/// skills, assignment by workload and skill, verdicts with second review on disagreement, service-level alerts, and every
/// action recorded with who and when. The decisions are <see cref="ReviewCentre"/>'s; this stores them. It reads
/// <c>scans</c> (Data/Scans/ScanStore) and <c>risk_decisions</c> (Data/Risk) and writes verdicts through ScanStore's SQL.
/// </summary>
public sealed partial class ReviewStore(NodeDatabase db, TimeProvider time, IScanPriority priority)
{
    public const string System = "system";

    public ReviewStore(NodeDatabase db, TimeProvider time)
        : this(db, time, new NoScanPriority())
    {
    }

    // ---- stages as stored ----

    public static string StageText(ReviewStage s) => s switch
    {
        ReviewStage.Queued => "queued",
        ReviewStage.Assigned => "assigned",
        ReviewStage.SecondQueued => "second-queued",
        ReviewStage.SecondAssigned => "second-assigned",
        ReviewStage.SentToCentre => "sent-to-centre",
        _ => "decided",
    };

    internal static ReviewStage Stage(string s) => s switch
    {
        "queued" => ReviewStage.Queued,
        "assigned" => ReviewStage.Assigned,
        "second-queued" => ReviewStage.SecondQueued,
        "second-assigned" => ReviewStage.SecondAssigned,
        "sent-to-centre" => ReviewStage.SentToCentre,
        _ => ReviewStage.Decided,
    };

    /// <summary>Puts a just-lodged scan in the queue, in the lodging's transaction (called by <see cref="ScanStore.LodgeAsync"/>).</summary>
    internal static async Task EnqueueAsync(DbConnection c, DbTransaction tx, string scanId, IReadOnlyList<string> chapters, DateTimeOffset at, string actor, CancellationToken ct)
    {
        string now = Text(at);
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO scan_reviews (scan_id, stage, queued_at, stage_since, chapters) VALUES (@scanId, 'queued', @now, @now, @chapters) ON CONFLICT (scan_id) DO NOTHING",
            new { scanId, now, chapters = string.Join(",", chapters) }, tx, cancellationToken: ct));
        await EventAsync(c, tx, scanId, "queued", actor, at, chapters.Count == 0 ? "no declared goods" : "HS chapters " + string.Join(", ", chapters), ct);
    }

    // ---- reviewers ----

    /// <summary>Registers (or re-registers with new skills) a reviewer; LS954 when the skills do not read.</summary>
    public async Task<Result<StoredReviewer>> RegisterReviewerAsync(string reviewer, string office, string? skills, string by, CancellationToken ct = default)
    {
        Result<IReadOnlyList<string>> parsed = ReviewCentre.ParseSkills(skills);
        if (!parsed.IsValid)
        {
            return parsed.Failure!;
        }

        if (string.IsNullOrWhiteSpace(reviewer) || reviewer.Length > 200 || string.IsNullOrWhiteSpace(office) || office.Length > 20)
        {
            return new Failure(ScanErrorCodes.ReviewerUnknown, "A reviewer needs a user name (up to 200 characters) and an office code.");
        }

        DateTimeOffset at = time.GetUtcNow();
        string list = string.Join(",", parsed.Value);
        await using DbConnection c = await db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, time, ct);
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO scan_reviewers (reviewer, office, skills, registered_at, registered_by) VALUES (@reviewer, @office, @list, @at, @by)
            ON CONFLICT (reviewer) DO UPDATE SET office = excluded.office, skills = excluded.skills, registered_at = excluded.registered_at, registered_by = excluded.registered_by
            """, new { reviewer, office, list, at = Text(at), by }, work.Transaction, cancellationToken: ct));
        await EventAsync(c, work.Transaction, null, "reviewer-registered", by, at, $"{reviewer} ({office}): skills {list}", ct);
        await work.CommitAsync(ct);
        return (await ReviewersAsync(ct)).First(r => r.User == reviewer);
    }

    /// <summary>The registered reviewers with their open assignments, by user name.</summary>
    public async Task<IReadOnlyList<StoredReviewer>> ReviewersAsync(CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        return await ReviewersAsync(c, null, ct);
    }

    private static async Task<IReadOnlyList<StoredReviewer>> ReviewersAsync(DbConnection c, DbTransaction? tx, CancellationToken ct) =>
        [.. (await c.QueryAsync<(string, string, string, string, string, long)>(new CommandDefinition(
            """
            SELECT r.reviewer, r.office, r.skills, r.registered_at, r.registered_by,
                (SELECT COUNT(*) FROM scan_reviews v WHERE v.assigned_to = r.reviewer AND v.stage IN ('assigned', 'second-assigned'))
            FROM scan_reviewers r ORDER BY r.reviewer
            """, transaction: tx, cancellationToken: ct)))
            .Select(r => new StoredReviewer(r.Item1, r.Item2, r.Item3.Split(',', StringSplitOptions.RemoveEmptyEntries), (int)r.Item6, Time(r.Item4), r.Item5))];

    // ---- the queue ----

    /// <summary>The open scans (not decided) in the queue's order (<see cref="ReviewCentre.Order"/>), with their timers.</summary>
    public async Task<IReadOnlyList<QueueEntry>> QueueAsync(ReviewTimers timers, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(timers);
        await using DbConnection c = await db.OpenAsync(ct);
        return await QueueAsync(c, null, timers, ct);
    }

    private async Task<IReadOnlyList<QueueEntry>> QueueAsync(DbConnection c, DbTransaction? tx, ReviewTimers timers, CancellationToken ct)
    {
        List<OpenRow> rows = [.. await c.QueryAsync<OpenRow>(new CommandDefinition(
            """
            SELECT r.scan_id AS ScanId, r.stage AS Stage, r.queued_at AS QueuedAt, r.stage_since AS StageSince, r.chapters AS Chapters,
                r.assigned_to AS AssignedTo, r.first_reviewer AS FirstReviewer, s.mrn AS Mrn, s.container_number AS ContainerNumber, s.office AS Office,
                COALESCE(d.channel, r.risk_channel) AS Channel, COALESCE(d.score, r.risk_score) AS Score
            FROM scan_reviews r JOIN scans s ON s.scan_id = r.scan_id LEFT JOIN risk_decisions d ON d.mrn = s.mrn
            WHERE r.stage NOT IN ('decided', 'sent-to-centre')
            """, transaction: tx, cancellationToken: ct))];
        ILookup<string, string> alerts = (await c.QueryAsync<(string, string)>(new CommandDefinition(
            "SELECT a.scan_id, a.kind FROM scan_review_alerts a JOIN scan_reviews r ON r.scan_id = a.scan_id WHERE r.stage NOT IN ('decided', 'sent-to-centre')", transaction: tx, cancellationToken: ct)))
            .ToLookup(a => a.Item1, a => a.Item2);
        var byId = new Dictionary<string, OpenRow>(StringComparer.Ordinal);
        var items = new List<ReviewItem>();
        foreach (OpenRow r in rows)
        {
            bool lane = await priority.IsPriorityAsync(r.Mrn, r.ContainerNumber, ct);
            Channel? channel = Enum.TryParse(r.Channel, out Channel ch) ? ch : null;
            items.Add(new ReviewItem(r.ScanId, lane, channel, r.Score ?? 0, Time(r.QueuedAt), Chapters(r.Chapters)));
            byId[r.ScanId] = r;
        }

        return [.. ReviewCentre.Order(items).Select((item, i) =>
        {
            OpenRow r = byId[item.ScanId];
            ReviewStage stage = Stage(r.Stage);
            DateTimeOffset since = Time(r.StageSince);
            return new QueueEntry(i + 1, item, stage, since, ReviewCentre.DueAt(stage, since, timers), r.AssignedTo, r.FirstReviewer, r.Mrn, r.ContainerNumber, r.Office,
                [.. alerts[item.ScanId].Order(StringComparer.Ordinal)]);
        })];
    }

    /// <summary>A scan's review, or null when the scan is not in the review workflow.</summary>
    public async Task<ReviewState?> StateAsync(string scanId, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        return await StateAsync(c, null, scanId, ct);
    }

    internal static async Task<ReviewState?> StateAsync(DbConnection c, DbTransaction? tx, string scanId, CancellationToken ct)
    {
        StateRow? x = (await c.QueryAsync<StateRow>(new CommandDefinition(
            """
            SELECT scan_id AS ScanId, stage AS Stage, queued_at AS QueuedAt, stage_since AS StageSince, chapters AS Chapters, assigned_to AS AssignedTo,
                first_reviewer AS FirstReviewer, first_verdict_id AS FirstVerdictId, decided_verdict_id AS DecidedVerdictId, decided_at AS DecidedAt,
                origin_node AS OriginNode, declared_goods AS DeclaredGoods
            FROM scan_reviews WHERE scan_id = @scanId
            """, new { scanId }, tx, cancellationToken: ct))).FirstOrDefault();
        return x is null ? null
            : new ReviewState(x.ScanId, Stage(x.Stage), Time(x.QueuedAt), Time(x.StageSince), Chapters(x.Chapters), x.AssignedTo, x.FirstReviewer, x.FirstVerdictId,
                x.DecidedVerdictId, x.DecidedAt is null ? null : Time(x.DecidedAt), x.OriginNode, x.DeclaredGoods);
    }

    /// <summary>Every recorded action on a scan, oldest first.</summary>
    public async Task<IReadOnlyList<ReviewEvent>> EventsAsync(string scanId, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        return [.. (await c.QueryAsync<(long, string?, string, string, string, string)>(new CommandDefinition(
            "SELECT id, scan_id, action, actor, at, detail FROM scan_review_events WHERE scan_id = @scanId ORDER BY id", new { scanId }, cancellationToken: ct)))
            .Select(e => new ReviewEvent(e.Item1, e.Item2, e.Item3, e.Item4, Time(e.Item5), e.Item6))];
    }

    // ---- assignment ----

    /// <summary>
    /// Assigns a queued scan (first or second review): to <paramref name="reviewer"/> when named (checked by
    /// <see cref="ReviewCentre.CheckAssignment"/>), else to the reviewer <see cref="ReviewCentre.Choose"/> picks by
    /// workload and skill. A scan already assigned is reassigned (its timer starts again). LS953 when the scan is not open.
    /// </summary>
    public async Task<Result<string>> AssignAsync(string scanId, string? reviewer, string actor, int maxOpen = ReviewCentre.DefaultMaxOpen, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, time, ct);
        ReviewState? state = await StateAsync(c, work.Transaction, scanId, ct);
        if (state is null || state.Stage is ReviewStage.Decided or ReviewStage.SentToCentre)
        {
            return new Failure(ScanErrorCodes.ReviewClosed, state is null ? $"No scan {scanId} is in the review queue." : $"Scan {scanId[..Math.Min(12, scanId.Length)]} is decided; it is assigned to nobody.");
        }

        ReviewItem item = new(scanId, false, null, 0, state.QueuedAt, state.Chapters);
        IReadOnlyList<Reviewer> reviewers = [.. (await ReviewersAsync(c, work.Transaction, ct)).Select(r => r.ToReviewer())];
        Result<Reviewer> chosen = reviewer is null
            ? ReviewCentre.Choose(item, reviewers.Select(r => r.User == state.AssignedTo ? r with { OpenAssignments = r.OpenAssignments - 1 } : r), Exclude(state), maxOpen)
            : ReviewCentre.CheckAssignment(item, state.Stage, reviewer, reviewers, state.FirstReviewer);
        if (!chosen.IsValid)
        {
            return chosen.Failure!;
        }

        await SetAssignedAsync(c, work.Transaction, state, chosen.Value.User, actor, reviewer is null ? "by workload and skill" : "by hand", ct);
        await work.CommitAsync(ct);
        return chosen.Value.User;
    }

    /// <summary>
    /// Assigns every waiting scan, in the queue's order, to the reviewer <see cref="ReviewCentre.Choose"/> picks (workloads
    /// counted as they grow); scans nobody may take stay waiting. Returns (scan, reviewer) for each assignment made.
    /// </summary>
    public async Task<IReadOnlyList<(string ScanId, string Reviewer)>> AssignWaitingAsync(ReviewTimers timers, int maxOpen = ReviewCentre.DefaultMaxOpen, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, time, ct);
        var reviewers = (await ReviewersAsync(c, work.Transaction, ct)).Select(r => r.ToReviewer()).ToDictionary(r => r.User, StringComparer.Ordinal);
        var made = new List<(string, string)>();
        foreach (QueueEntry e in await QueueAsync(c, work.Transaction, timers, ct))
        {
            if (e.Stage is not (ReviewStage.Queued or ReviewStage.SecondQueued) || reviewers.Count == 0)
            {
                continue;
            }

            ReviewState state = (await StateAsync(c, work.Transaction, e.Item.ScanId, ct))!;
            Result<Reviewer> chosen = ReviewCentre.Choose(e.Item, reviewers.Values, Exclude(state), maxOpen);
            if (!chosen.IsValid)
            {
                continue;
            }

            await SetAssignedAsync(c, work.Transaction, state, chosen.Value.User, System, "by workload and skill", ct);
            reviewers[chosen.Value.User] = chosen.Value with { OpenAssignments = chosen.Value.OpenAssignments + 1 };
            made.Add((e.Item.ScanId, chosen.Value.User));
        }

        await work.CommitAsync(ct);
        return made;
    }

    private static IReadOnlyCollection<string> Exclude(ReviewState s) =>
        s.Stage is ReviewStage.SecondQueued or ReviewStage.SecondAssigned && s.FirstReviewer is not null ? [s.FirstReviewer] : [];

    private async Task SetAssignedAsync(DbConnection c, DbTransaction tx, ReviewState state, string reviewer, string actor, string how, CancellationToken ct)
    {
        DateTimeOffset at = time.GetUtcNow();
        ReviewStage next = state.Stage is ReviewStage.SecondQueued or ReviewStage.SecondAssigned ? ReviewStage.SecondAssigned : ReviewStage.Assigned;
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE scan_reviews SET stage = @stage, assigned_to = @reviewer, stage_since = @at WHERE scan_id = @scanId",
            new { stage = StageText(next), reviewer, at = Text(at), scanId = state.ScanId }, tx, cancellationToken: ct));
        await EventAsync(c, tx, state.ScanId, "assigned", actor, at,
            $"{(next == ReviewStage.SecondAssigned ? "second review" : "first review")} to {reviewer} ({how}){(state.AssignedTo is { } was && was != reviewer ? $", was {was}" : "")}", ct);
    }

    // ---- verdicts ----

    /// <summary>
    /// Records a verdict on a scan in the workflow. <see cref="ReviewCentre.Verdict"/> decides its effect: a first verdict
    /// that agrees with the machine checks (<paramref name="machineAlarm"/>: whether any check raised an alarm) decides the
    /// scan; one that disagrees asks for a second review, assigned at once to another reviewer when one may take it. A
    /// second verdict, by someone else, decides. Refused (nothing recorded): LS952, LS951, LS953.
    /// </summary>
    public async Task<Result<VerdictRecorded>> RecordVerdictAsync(string scanId, string verdict, string reason, string regionsJson, string reviewer, string office, bool machineAlarm,
        int maxOpen = ReviewCentre.DefaultMaxOpen, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, time, ct);
        ReviewState? state = await StateAsync(c, work.Transaction, scanId, ct);
        if (state is null)
        {
            return new Failure(ScanErrorCodes.ReviewClosed, $"No lodged scan {scanId} is in the review queue.");
        }

        Result<VerdictEffect> effect = ReviewCentre.Verdict(state.Stage, verdict, machineAlarm, reviewer, state.FirstReviewer);
        if (!effect.IsValid)
        {
            return effect.Failure!;
        }

        DateTimeOffset at = time.GetUtcNow();
        StoredVerdict v = await ScanStore.InsertVerdictAsync(c, work.Transaction, scanId, verdict, reason, regionsJson, reviewer, office, at, ct);
        bool first = state.Stage is ReviewStage.Queued or ReviewStage.Assigned;
        await EventAsync(c, work.Transaction, scanId, "verdict", reviewer, at, $"{(first ? "first" : "second")} verdict {verdict} at {office}: {Clip(reason)}", ct);
        string? second = null;
        if (effect.Value.Decided)
        {
            await c.ExecuteAsync(new CommandDefinition(
                """
                UPDATE scan_reviews SET stage = 'decided', assigned_to = NULL, stage_since = @at, decided_verdict_id = @id, decided_at = @at,
                    first_reviewer = COALESCE(first_reviewer, @reviewer), first_verdict_id = COALESCE(first_verdict_id, @id)
                WHERE scan_id = @scanId
                """, new { at = Text(at), id = v.VerdictId, reviewer, scanId }, work.Transaction, cancellationToken: ct));
            await EventAsync(c, work.Transaction, scanId, "decided", reviewer, at, $"{verdict}: {effect.Value.Why}", ct);
        }
        else
        {
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE scan_reviews SET stage = 'second-queued', assigned_to = NULL, stage_since = @at, first_reviewer = @reviewer, first_verdict_id = @id WHERE scan_id = @scanId",
                new { at = Text(at), id = v.VerdictId, reviewer, scanId }, work.Transaction, cancellationToken: ct));
            await EventAsync(c, work.Transaction, scanId, "second-review-requested", System, at, effect.Value.Why, ct);
            ReviewState queued = (await StateAsync(c, work.Transaction, scanId, ct))!;
            Result<Reviewer> chosen = ReviewCentre.Choose(new ReviewItem(scanId, false, null, 0, queued.QueuedAt, queued.Chapters),
                (await ReviewersAsync(c, work.Transaction, ct)).Select(r => r.ToReviewer()), [reviewer], maxOpen);
            if (chosen.IsValid)
            {
                await SetAssignedAsync(c, work.Transaction, queued, chosen.Value.User, System, "by workload and skill", ct);
                second = chosen.Value.User;
            }
        }

        await work.CommitAsync(ct);
        return new VerdictRecorded(v, effect.Value, second);
    }

    // ---- timers ----

    /// <summary>
    /// Raises every service-level alert that is due at the node's clock and was not raised before (one per scan and kind:
    /// the table's key, so a restarted node raises none twice), each recorded as an "alert" action. Returns those raised.
    /// </summary>
    public async Task<IReadOnlyList<ReviewAlert>> ScanAlertsAsync(ReviewTimers timers, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(timers);
        DateTimeOffset now = time.GetUtcNow();
        await using DbConnection c = await db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, time, ct);
        var raised = new List<ReviewAlert>();
        foreach (QueueEntry e in await QueueAsync(c, work.Transaction, timers, ct))
        {
            foreach (ReviewAlert a in ReviewCentre.DueAlerts(new ReviewClock(e.Item.ScanId, e.Stage, e.StageSince, e.Alerts), now, timers))
            {
                int n = await c.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO scan_review_alerts (scan_id, kind, due_at, raised_at) VALUES (@ScanId, @Kind, @due, @now) ON CONFLICT (scan_id, kind) DO NOTHING",
                    new { a.ScanId, a.Kind, due = Text(a.DueAt), now = Text(now) }, work.Transaction, cancellationToken: ct));
                if (n == 1)
                {
                    string late = (now - a.Since).TotalMinutes.ToString("0", CultureInfo.InvariantCulture);
                    await EventAsync(c, work.Transaction, a.ScanId, "alert", System, now,
                        $"{a.Kind}: {(a.Kind.EndsWith("unassigned", StringComparison.Ordinal) ? "waiting for a reviewer" : $"with {e.AssignedTo}, no verdict")} for {late} min (due {Text(a.DueAt)})", ct);
                    raised.Add(a);
                }
            }
        }

        await work.CommitAsync(ct);
        return raised;
    }

    // ---- helpers ----

    internal static Task<int> EventAsync(DbConnection c, DbTransaction? tx, string? scanId, string action, string actor, DateTimeOffset at, string detail, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO scan_review_events (scan_id, action, actor, at, detail) VALUES (@scanId, @action, @actor, @at, @detail)",
            new { scanId, action, actor, at = Text(at), detail }, tx, cancellationToken: ct));

    private static string Clip(string s) => s.Length <= 200 ? s : s[..200] + "…";

    private static string[] Chapters(string s) => s.Split(',', StringSplitOptions.RemoveEmptyEntries);

    internal static string Text(DateTimeOffset t) => StoredTime.Iso(t);

    internal static DateTimeOffset Time(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private sealed class OpenRow
    {
        public string ScanId { get; set; } = "";
        public string Stage { get; set; } = "";
        public string QueuedAt { get; set; } = "";
        public string StageSince { get; set; } = "";
        public string Chapters { get; set; } = "";
        public string? AssignedTo { get; set; }
        public string? FirstReviewer { get; set; }
        public string? Mrn { get; set; }
        public string? ContainerNumber { get; set; }
        public string? Office { get; set; }
        public string? Channel { get; set; }
        public double? Score { get; set; }
    }

    private sealed class StateRow
    {
        public string ScanId { get; set; } = "";
        public string Stage { get; set; } = "";
        public string QueuedAt { get; set; } = "";
        public string StageSince { get; set; } = "";
        public string Chapters { get; set; } = "";
        public string? AssignedTo { get; set; }
        public string? FirstReviewer { get; set; }
        public string? FirstVerdictId { get; set; }
        public string? DecidedVerdictId { get; set; }
        public string? DecidedAt { get; set; }
        public string? OriginNode { get; set; }
        public string? DeclaredGoods { get; set; }
    }
}
