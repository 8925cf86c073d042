using System.Security.Claims;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Declarations;
using Landsea.Declarations.Wco;
using Landsea.Offices;
using Landsea.Shared;
using Landsea.Web.Features.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Landsea.Web.Features.Declarations;

/// <summary>A request to record an officer's decision on a declaration.</summary>
/// <param name="Event">Controlled, DocumentsRequested, DocumentsProvided, Released, Cleared or Invalidated.</param>
public sealed record StatusChangeRequest(DeclarationEvent Event, string? Note);

/// <summary>The REST API for declarations: lodge (WCO DM XML or JSON), list, read, decide, notifications.</summary>
public static partial class DeclarationsApi
{
    public static void MapDeclarationsApi(this WebApplication app)
    {
        RouteGroupBuilder api = app.MapGroup("/api/declarations").RequireAuthorization().WithTags("Declarations");
        api.MapPost("/", LodgeAsync)
            .Accepts<string>("application/xml", "application/json", "application/EDIFACT")
            .Produces<LodgeAnswer>(StatusCodes.Status201Created)
            .Produces<LodgeAnswer>(StatusCodes.Status200OK)
            .Produces<LodgeAnswer>(StatusCodes.Status422UnprocessableEntity)
            .Produces<LodgeAnswer>(StatusCodes.Status409Conflict)
            .WithSummary("Lodge a declaration (WCO DM 3.6 DEC XML, UN/EDIFACT CUSDEC or Landsea JSON)")
            .WithDescription("201 accepted with an MRN; 200 the same submission again (first answer repeated); 422 rejected with every error (pointer, code, reason); 409 the functional reference was already used with other content; 413 too large.");
        api.MapGet("/", ListAsync).WithSummary("List declarations the caller may see (filter by status, trader, HS chapter, lodged date; paged)");
        api.MapGet("/{mrn}", GetAsync).WithSummary("One declaration with parties, goods items and status history");
        api.MapPost("/{mrn}/events", ChangeStatusAsync).WithSummary("Record an officer's decision (control, documents, release, clearance, invalidation)");
        api.MapGet("/{mrn}/notifications", NotificationsAsync).WithSummary("The WCO DM RES notifications of every status change");
        api.MapGet("/{mrn}/notifications/{eventId:long}", NotificationAsync).WithSummary("One status notification: WCO DM RES XML, or UN/EDIFACT CUSRES with ?format=edifact");
        app.MapGet("/api/submissions/{id:long}", SubmissionAsync).RequireAuthorization().WithTags("Declarations")
            .WithSummary("A stored submission: its bytes exactly as received (base64) and what was decided");
        app.MapGet("/api/submissions/{id:long}/notification", SubmissionNotificationAsync).RequireAuthorization().WithTags("Declarations")
            .WithSummary("The decision on a submission as a WCO DM RES notification (01 accepted, 03 rejected with every error)");
    }

    public static async Task<IResult> LodgeAsync(HttpContext ctx, DeclarationWriter store, TimeProvider time, NodeOptions options, ILoggerFactory logs, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(ctx.User);
        if (!scope.CanLodge)
        {
            return Results.Problem($"{scope.Role} accounts may not lodge declarations.", statusCode: StatusCodes.Status403Forbidden);
        }

        byte[]? bytes = await ReadBodyAsync(ctx.Request, options.MaxSubmissionBytes, ct);
        if (bytes is null)
        {
            return Results.Json(new LodgeAnswer(LodgeAnswer.Rejected, 0, null, null, DeclarationStatus.Rejected,
                [new("/", ErrorCodes.TooLarge, $"The submission is larger than {options.MaxSubmissionBytes:N0} bytes.")], []), statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        CustomsOffice office = ReceivingOffice(scope, store.Node);
        DateOnly today = office.LocalDay(time.GetUtcNow());
        (SubmissionFormat format, DeclarationCheck check) = SubmissionReader.Read(bytes, today);
        LodgeAnswer answer = await store.LodgeAsync(new Submission(bytes, format, check, scope, office.Code), ct);
        Log.Lodged(logs.CreateLogger("Landsea.Declarations"), answer.SubmissionId, answer.Mrn, answer.Outcome, scope.User);
        if (WantsXml(ctx.Request))
        {
            // WCO clients get the answer as a RES notification: DMSACC (01) or DMSREJ (03) with every error.
            int status = answer.Outcome switch
            {
                LodgeAnswer.Accepted => answer.Duplicate ? StatusCodes.Status200OK : StatusCodes.Status201Created,
                LodgeAnswer.Conflict => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status422UnprocessableEntity,
            };
            return Results.Content(System.Text.Encoding.UTF8.GetString(AnswerAsRes(answer, time.GetUtcNow(), store.Node)), "application/xml", System.Text.Encoding.UTF8, status);
        }

        return answer.Outcome switch
        {
            LodgeAnswer.Accepted when answer.Duplicate => Results.Ok(answer),
            LodgeAnswer.Accepted => Results.Created($"/api/declarations/{answer.Mrn}", answer),
            LodgeAnswer.Conflict => Results.Json(answer, statusCode: StatusCodes.Status409Conflict),
            _ => Results.Json(answer, statusCode: StatusCodes.Status422UnprocessableEntity),
        };
    }

    public static async Task<Ok<Page<DeclarationSummary>>> ListAsync(ClaimsPrincipal user, DeclarationQueries store,
        [FromQuery] DeclarationStatus? status, [FromQuery] string? trader, [FromQuery] string? chapter,
        [FromQuery] DateOnly? from, [FromQuery] DateOnly? to, [FromQuery] int? page, [FromQuery] int? pageSize, CancellationToken ct) =>
        TypedResults.Ok(await store.ListAsync(NodeAuthentication.ScopeOf(user), new DeclarationFilter(status, trader, chapter, from, to, page ?? 1, pageSize ?? 25), ct));

    public static async Task<Results<Ok<DeclarationDetail>, NotFound<ProblemDetails>>> GetAsync(string mrn, ClaimsPrincipal user, DeclarationQueries store, CancellationToken ct) =>
        await store.GetAsync(NodeAuthentication.ScopeOf(user), mrn, ct) is { } d
            ? TypedResults.Ok(d)
            : TypedResults.NotFound(new ProblemDetails { Title = "Not found", Detail = $"No declaration '{mrn}' that you may see.", Status = 404 });

    public static async Task<IResult> ChangeStatusAsync(string mrn, StatusChangeRequest request, ClaimsPrincipal user, DeclarationWriter store, ILoggerFactory logs, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        var result = await store.ChangeStatusAsync(scope, mrn, request.Event, request.Note, ct);
        if (result.IsValid)
        {
            Log.StatusChanged(logs.CreateLogger("Landsea.Declarations"), mrn, request.Event, scope.User, scope.OfficeCode);
            return Results.Ok(result.Value);
        }

        int status = result.Failure!.Code switch
        {
            AccessErrorCodes.Forbidden => 403,
            ErrorCodes.UnknownDeclaration => 404,
            _ => 409,
        };
        return Results.Problem(result.Failure.Reason, statusCode: status, title: result.Failure.Code);
    }

    public static async Task<IResult> NotificationsAsync(string mrn, ClaimsPrincipal user, DeclarationQueries store, CancellationToken ct)
    {
        DeclarationDetail? d = await store.GetAsync(NodeAuthentication.ScopeOf(user), mrn, ct);
        return d is null
            ? Results.NotFound()
            : Results.Ok(d.History.Select(h => new
            {
                h.Id,
                h.Event,
                FunctionCode = DeclarationLifecycle.ResponseFunctionCode(h.Event),
                h.At,
                h.OfficeCode,
                Href = $"/api/declarations/{mrn}/notifications/{h.Id}",
            }));
    }

    public static async Task<IResult> NotificationAsync(string mrn, long eventId, [FromQuery] string? format, ClaimsPrincipal user, DeclarationQueries store, CustomsNode node, CancellationToken ct)
    {
        DeclarationDetail? d = await store.GetAsync(NodeAuthentication.ScopeOf(user), mrn, ct);
        StatusChange? change = d?.History.FirstOrDefault(h => h.Id == eventId);
        if (d is null || change is null)
        {
            return Results.NotFound();
        }

        int version = 1 + d.History.TakeWhile(h => h.Id <= eventId).Count(h => h.Event == DeclarationEvent.AmendmentAccepted);
        var notification = new ResNotification(
            $"{mrn}-{eventId}", change.Event, change.At, d.Summary.FunctionalReference, mrn, version,
            node.Country, node.Name, [], change.Note);
        return SubmissionFormats.FromName(format) == SubmissionFormat.Edifact
            ? Results.File(Landsea.Declarations.Edifact.CusresNotifications.WriteCusres(notification), "application/EDIFACT")
            : Results.File(ResNotificationWriter.Write(notification), "application/xml");
    }

    public static async Task<IResult> SubmissionAsync(long id, ClaimsPrincipal user, DeclarationQueries store, CancellationToken ct) =>
        await store.GetSubmissionAsync(NodeAuthentication.ScopeOf(user), id, ct) is { } s ? Results.Ok(s) : Results.NotFound();

    public static async Task<IResult> SubmissionNotificationAsync(long id, ClaimsPrincipal user, DeclarationQueries store, CustomsNode node, CancellationToken ct)
    {
        SubmissionRecord? s = await store.GetSubmissionAsync(NodeAuthentication.ScopeOf(user), id, ct);
        if (s is null)
        {
            return Results.NotFound();
        }

        var answer = new LodgeAnswer(s.Outcome, s.Id, s.FunctionalReference, s.Mrn, null, s.Errors, []);
        return Results.File(AnswerAsRes(answer, s.ReceivedAt, node), "application/xml");
    }

    private static byte[] AnswerAsRes(LodgeAnswer answer, DateTimeOffset at, CustomsNode node) =>
        ResNotificationWriter.Write(new ResNotification(
            $"SUB{answer.SubmissionId}", answer.Outcome == LodgeAnswer.Accepted ? DeclarationEvent.Accepted : DeclarationEvent.Rejected, at,
            answer.FunctionalReference ?? "", answer.Mrn, 1, node.Country, node.Name, answer.Errors, null));

    private static bool WantsXml(HttpRequest request) =>
        request.Headers.Accept.ToString() is { Length: > 0 } accept
        && (accept.Contains("application/xml", StringComparison.OrdinalIgnoreCase) || accept.Contains("text/xml", StringComparison.OrdinalIgnoreCase))
        && !accept.Contains("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The office that receives a submission: the officer's own, else the node's first office.</summary>
    public static CustomsOffice ReceivingOffice(AccessScope scope, CustomsNode node) =>
        (scope.OfficeCode is { } code ? Corridor.FindOffice(code) : null) ?? Corridor.Offices.First(o => o.NodeCode == node.Code);

    /// <summary>Reads the body up to the limit; null when it is larger.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        byte[] chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static partial class Log
    {
        [LoggerMessage(1001, LogLevel.Information, "Submission {SubmissionId} {Outcome}: MRN {Mrn}, by {User}")]
        public static partial void Lodged(ILogger logger, long submissionId, string? mrn, string outcome, string user);

        [LoggerMessage(1002, LogLevel.Information, "Declaration {Mrn}: {Event} by {User} at {Office}")]
        public static partial void StatusChanged(ILogger logger, string mrn, DeclarationEvent @event, string user, string? office);
    }
}
