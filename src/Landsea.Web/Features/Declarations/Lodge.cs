using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Declarations;
using Landsea.Declarations.Wco;
using Landsea.Offices;
using Landsea.Web.Features.Access;

namespace Landsea.Web.Features.Declarations;

/// <summary>
/// POST /api/declarations: lodge a declaration (WCO DM 3.6 DEC XML, UN/EDIFACT CUSDEC or Landsea JSON), an amendment
/// (COR) or a cancellation (INV). The body is read up to the node's limit, read and checked by the one
/// <see cref="SubmissionReader"/>, and decided and stored by the <see cref="DeclarationWriter"/>.
/// </summary>
public static partial class Lodge
{
    internal static void Map(RouteGroupBuilder api) =>
        api.MapPost("/", HandleAsync)
            .Accepts<string>("application/xml", "application/json", "application/EDIFACT")
            .Produces<LodgeAnswer>(StatusCodes.Status201Created)
            .Produces<LodgeAnswer>(StatusCodes.Status200OK)
            .Produces<LodgeAnswer>(StatusCodes.Status422UnprocessableEntity)
            .Produces<LodgeAnswer>(StatusCodes.Status409Conflict)
            .WithSummary("Lodge a declaration (WCO DM 3.6 DEC XML, UN/EDIFACT CUSDEC or Landsea JSON)")
            .WithDescription("201 accepted with an MRN; 200 the same submission again (first answer repeated); 422 rejected with every error (pointer, code, reason); 409 the functional reference was already used with other content; 413 too large.");

    /// <summary>
    /// 201 accepted, 200 a repeat of an accepted submission, 409 a conflict, 422 rejected, 413 too large; a WCO client
    /// (Accept: application/xml) gets the answer as a RES notification with the same status code.
    /// </summary>
    public static async Task<IResult> HandleAsync(HttpContext ctx, DeclarationWriter store, TimeProvider time, NodeOptions options, ILoggerFactory logs, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(ctx.User);
        if (!scope.CanLodge)
        {
            return Results.Problem($"{scope.Role} accounts may not lodge declarations.", statusCode: StatusCodes.Status403Forbidden);
        }

        byte[]? bytes = await Landsea.Web.Infrastructure.RequestBody.ReadAsync(ctx.Request, options.MaxSubmissionBytes, ct);
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

    /// <summary>The office that receives a submission: the officer's own, else the node's first office.</summary>
    public static CustomsOffice ReceivingOffice(AccessScope scope, CustomsNode node) =>
        (scope.OfficeCode is { } code ? Corridor.FindOffice(code) : null) ?? Corridor.Offices.First(o => o.NodeCode == node.Code);

    /// <summary>The answer to a submission as a WCO DM RES notification: 01 accepted, 03 rejected with every error.</summary>
    internal static byte[] AnswerAsRes(LodgeAnswer answer, DateTimeOffset at, CustomsNode node) =>
        ResNotificationWriter.Write(new ResNotification(
            $"SUB{answer.SubmissionId}", answer.Outcome == LodgeAnswer.Accepted ? DeclarationEvent.Accepted : DeclarationEvent.Rejected, at,
            answer.FunctionalReference ?? "", answer.Mrn, 1, node.Country, node.Name, answer.Errors, null));

    private static bool WantsXml(HttpRequest request) =>
        request.Headers.Accept.ToString() is { Length: > 0 } accept
        && (accept.Contains("application/xml", StringComparison.OrdinalIgnoreCase) || accept.Contains("text/xml", StringComparison.OrdinalIgnoreCase))
        && !accept.Contains("application/json", StringComparison.OrdinalIgnoreCase);

    private static partial class Log
    {
        [LoggerMessage(1001, LogLevel.Information, "Submission {SubmissionId} {Outcome}: MRN {Mrn}, by {User}")]
        public static partial void Lodged(ILogger logger, long submissionId, string? mrn, string outcome, string user);
    }
}
