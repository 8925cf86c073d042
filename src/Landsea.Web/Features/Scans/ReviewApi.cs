using System.Security.Claims;
using System.Text.Json;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Data.Scans;
using Landsea.Scans;
using Landsea.Shared;
using Landsea.Web.Features.Access;
using Microsoft.Extensions.Options;

namespace Landsea.Web.Features.Scans;

/// <summary>
/// The review centre's API (issue 12 item 2): the queue in its order, reviewers and their skills, assignment (by hand or
/// by workload and skill), verdicts (second review when the first disagrees with the machine checks) and a scan's review
/// record. Reading: customs officers and auditors; acting: customs officers of an office (reviewers).
/// </summary>
public static class ReviewApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        RouteGroupBuilder g = app.MapGroup("/api/scans").RequireAuthorization().WithTags("Scans");
        g.MapGet("/queue", QueueAsync).WithName("scanQueue")
            .WithSummary("The review queue: open scans in order (priority lane, risk channel and score, age), stage, reviewer, timer and alerts");
        // Reviewers have their own root: /api/scans/reviewers/{reviewer} and /api/scans/{id}/assign would be ambiguous paths.
        RouteGroupBuilder reviewers = app.MapGroup("/api/scan-reviewers").RequireAuthorization().WithTags("Scans");
        reviewers.MapGet("/", ReviewersAsync).WithName("scanReviewers").WithSummary("The registered reviewers, their skills and open scans");
        reviewers.MapPut("/{reviewer}", RegisterAsync).WithName("registerScanReviewer")
            .WithSummary("Register a reviewer: {\"skills\": \"61,84\" or \"*\", \"office\": \"CN800001\"} (office defaults to the caller's); 422 LS954");
        g.MapPost("/{id}/assign", AssignAsync).WithName("assignScan")
            .WithSummary("Assign a scan: {\"reviewer\": \"officer.qz\"} by hand, or {} by workload and skill; 422 LS949/LS950/LS951/LS953");
        g.MapPost("/{id}/verdicts", VerdictAsync).WithName("scanVerdict")
            .WithSummary("A reviewer's verdict: {\"verdict\": \"clear\"|\"inspect\", \"reason\": \"...\", \"regions\": [{x,y,width,height,note}]}; 201, 422 LS951/LS952/LS953, 403 not a reviewer");
        g.MapGet("/{id}/review", ReviewAsync).WithName("scanReview").WithSummary("A scan's review: stage, reviewer, and every action with who and when");
    }

    private static IResult Refused(Failure f, int status = StatusCodes.Status422UnprocessableEntity) =>
        Results.Json(new { code = f.Code, error = f.Reason + " Nothing changed." }, statusCode: status);

    private static async Task<IResult> QueueAsync(ClaimsPrincipal user, ReviewStore reviews, IOptions<ReviewOptions> options, CancellationToken ct)
    {
        if (!NodeAuthentication.ScopeOf(user).SeesAll)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "The review queue is read by customs officers and auditors.");
        }

        IReadOnlyList<QueueEntry> queue = await reviews.QueueAsync(options.Value.Timers, ct);
        return Results.Json(queue.Select(e => new
        {
            position = e.Position, scanId = e.Item.ScanId, mrn = e.Mrn, containerNumber = e.ContainerNumber, office = e.Office,
            priority = e.Item.Priority, channel = e.Item.Channel?.ToString().ToLowerInvariant(), riskScore = e.Item.RiskScore, queuedAt = e.Item.QueuedAt,
            chapters = e.Item.Chapters, stage = ReviewStore.StageText(e.Stage), stageSince = e.StageSince, dueAt = e.DueAt, assignedTo = e.AssignedTo,
            firstReviewer = e.FirstReviewer, alerts = e.Alerts,
        }));
    }

    private static async Task<IResult> ReviewersAsync(ClaimsPrincipal user, ReviewStore reviews, CancellationToken ct)
    {
        if (!NodeAuthentication.ScopeOf(user).SeesAll)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Reviewers are read by customs officers and auditors.");
        }

        return Results.Json((await reviews.ReviewersAsync(ct)).Select(r => new { reviewer = r.User, office = r.Office, skills = r.Skills, openAssignments = r.OpenAssignments }));
    }

    private static async Task<IResult> RegisterAsync(string reviewer, HttpRequest request, ClaimsPrincipal user, ReviewStore reviews, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.CanAct)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only customs officers of an office register reviewers.");
        }

        if (await BodyAsync(request, ct) is not { } body)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body must be {\"skills\": \"61,84\" or \"*\", \"office\"?: \"CN800001\"}.");
        }

        string? skills = body.TryGetProperty("skills", out JsonElement s) ? (s.ValueKind == JsonValueKind.Array ? string.Join(",", s.EnumerateArray().Select(x => x.ToString())) : s.ToString()) : null;
        string office = body.TryGetProperty("office", out JsonElement o) && o.ValueKind == JsonValueKind.String ? o.GetString()! : scope.OfficeCode!;
        Result<StoredReviewer> r = await reviews.RegisterReviewerAsync(reviewer, office, skills, scope.User, ct);
        return !r.IsValid ? Refused(r.Failure!)
            : Results.Json(new { reviewer = r.Value.User, office = r.Value.Office, skills = r.Value.Skills, openAssignments = r.Value.OpenAssignments });
    }

    private static async Task<IResult> AssignAsync(string id, HttpRequest request, ClaimsPrincipal user, ReviewStore reviews, IOptions<ReviewOptions> options, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.CanAct)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only customs officers of an office assign scans.");
        }

        if (await BodyAsync(request, ct) is not { } b)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body must be {\"reviewer\": \"officer.qz\"}, or {} to assign by workload and skill.");
        }

        string? reviewer = b.TryGetProperty("reviewer", out JsonElement r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        Result<string> assigned = await reviews.AssignAsync(id, reviewer, scope.User, options.Value.MaxOpenPerReviewer, ct);
        return assigned.IsValid ? Results.Json(new { scanId = id, assignedTo = assigned.Value }) : Refused(assigned.Failure!);
    }

    private static async Task<IResult> VerdictAsync(string id, HttpRequest request, ClaimsPrincipal user, ScanStore store, ReviewStore reviews, DeclarationQueries declarations,
        ReferenceLibraries libraries, ScanExchange exchange, IOptions<ReviewOptions> options, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.CanAct)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only a reviewer (a customs officer of an office) gives a verdict on a scan; nothing was recorded.");
        }

        if (await BodyAsync(request, ct) is not { } body)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body must be {\"verdict\": \"clear\"|\"inspect\", \"reason\": \"...\", \"regions\": [...]}.");
        }

        string verdict = body.TryGetProperty("verdict", out JsonElement v) ? v.ToString() : "";
        string reason = body.TryGetProperty("reason", out JsonElement rs) && rs.ValueKind == JsonValueKind.String ? rs.GetString()!.Trim() : "";
        string regions = body.TryGetProperty("regions", out JsonElement rg) ? rg.GetRawText() : "[]";
        string? bad = reason.Length is 0 or > 2000 ? "Give the reason (up to 2,000 characters)." : ReviewPage.CheckRegions(regions);
        if (bad is not null)
        {
            return Refused(new Failure(ScanErrorCodes.VerdictInvalid, bad));
        }

        if (await ReviewPage.MachineAlarmAsync(id, store, reviews, declarations, libraries, ct) is not { } alarm)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No lodged scan {id}.");
        }

        Result<VerdictRecorded> recorded = await reviews.RecordVerdictAsync(id, verdict, reason, regions, scope.User, scope.OfficeCode!, alarm, options.Value.MaxOpenPerReviewer, ct);
        if (!recorded.IsValid)
        {
            return Refused(recorded.Failure!, recorded.Failure!.Code == ScanErrorCodes.VerdictInvalid ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status409Conflict);
        }

        VerdictRecorded x = recorded.Value;
        bool returned = x.Effect.Decided && await exchange.ReturnVerdictAsync(id, x.Verdict, ct);
        return Results.Json(new
        {
            verdictId = x.Verdict.VerdictId, scanId = id, verdict = x.Verdict.Verdict, machineAlarm = alarm, decided = x.Effect.Decided,
            stage = ReviewStore.StageText(x.Effect.NextStage == ReviewStage.SecondQueued && x.SecondReviewer is not null ? ReviewStage.SecondAssigned : x.Effect.NextStage),
            secondReviewer = x.SecondReviewer, why = x.Effect.Why, returnedToScanningNode = returned,
        }, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ReviewAsync(string id, ClaimsPrincipal user, ReviewStore reviews, CancellationToken ct)
    {
        if (!NodeAuthentication.ScopeOf(user).SeesAll)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Scan reviews are read by customs officers and auditors.");
        }

        if (await reviews.StateAsync(id, ct) is not { } s)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No scan {id} is in the review workflow.");
        }

        IReadOnlyList<ReviewEvent> events = await reviews.EventsAsync(id, ct);
        return Results.Json(new
        {
            scanId = s.ScanId, stage = ReviewStore.StageText(s.Stage), queuedAt = s.QueuedAt, stageSince = s.StageSince, chapters = s.Chapters, assignedTo = s.AssignedTo,
            firstReviewer = s.FirstReviewer, firstVerdictId = s.FirstVerdictId, decidedVerdictId = s.DecidedVerdictId, decidedAt = s.DecidedAt,
            events = events.Select(e => new { action = e.Action, actor = e.Actor, at = e.At, detail = e.Detail }),
        });
    }

    private static async Task<JsonElement?> BodyAsync(HttpRequest request, CancellationToken ct)
    {
        byte[]? bytes = await Landsea.Web.Infrastructure.RequestBody.ReadAsync(request, 64 * 1024, ct);
        if (bytes is null || bytes.Length == 0)
        {
            return bytes is null ? null : JsonDocument.Parse("{}").RootElement.Clone();
        }

        try
        {
            using JsonDocument doc = JsonDocument.Parse(bytes);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
