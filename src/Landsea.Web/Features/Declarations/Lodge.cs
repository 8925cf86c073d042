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
            .WithDescription("201 accepted with an MRN; 200 the same submission again (first answer repeated); 422 rejected with every error (pointer, code, reason); 409 the functional reference was already used with other content; 413 too large. "
                + "Send an Idempotency-Key header (1 to 255 visible ASCII characters, unique per request) to make a retry safe: a retry with the same key and body gets the first answer again (header Idempotent-Replayed: true), the same key with another body is refused (422, LS608). Keys are remembered for 24 hours.");

    /// <summary>
    /// 201 accepted, 200 a repeat of an accepted submission, 409 a conflict, 422 rejected, 413 too large; a WCO client
    /// (Accept: application/xml) gets the answer as a RES notification with the same status code.
    /// </summary>
    public static async Task<IResult> HandleAsync(HttpContext ctx, DeclarationWriter store, IdempotencyKeys keys, TimeProvider time, NodeOptions options, ILoggerFactory logs, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(ctx.User);
        if (!scope.CanLodge)
        {
            return Results.Problem($"{scope.Role} accounts may not lodge declarations.", statusCode: StatusCodes.Status403Forbidden);
        }

        if (!ctx.Request.Headers.TryGetValue(IdempotencyKeyHeader, out Microsoft.Extensions.Primitives.StringValues header))
        {
            return await LodgeAsync(ctx, store, time, options, logs, scope, null, ct);
        }

        string key = header.ToString().Trim().Trim('"');
        if (header.Count != 1 || !IdempotencyKeys.IsWellFormed(key))
        {
            return Results.Problem($"{IdempotencyKeyHeader} must be one value of 1 to {IdempotencyKeys.MaxLength} visible ASCII characters.",
                statusCode: StatusCodes.Status400BadRequest, extensions: new Dictionary<string, object?> { ["code"] = Landsea.Shared.ApiErrorCodes.InvalidRequest });
        }

        // One request with a key at a time: a retry that races the first attempt waits for its answer.
        using IDisposable held = await keys.LockAsync(scope, key, ct);
        IdempotentRequest? earlier = await keys.FindAsync(scope, key, ct);
        if (earlier is null)
        {
            return await LodgeAsync(ctx, store, time, options, logs, scope, (keys, key), ct);
        }

        byte[]? bytes = await Landsea.Web.Infrastructure.RequestBody.ReadAsync(ctx.Request, options.MaxSubmissionBytes, ct);
        if (bytes is null || !string.Equals(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), earlier.RequestSha256, StringComparison.Ordinal))
        {
            return Results.Problem($"{IdempotencyKeyHeader} '{key}' was used for a different request body; use a new key for a new request.",
                statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency key reused",
                extensions: new Dictionary<string, object?> { ["code"] = Landsea.Shared.ApiErrorCodes.IdempotencyKeyReused });
        }

        LodgeAnswer? first = await keys.AnswerAsync(earlier, ct);
        if (first is null)
        {
            return await LodgeAsync(ctx, store, time, options, logs, scope, null, ct);
        }

        ctx.Response.Headers["Idempotent-Replayed"] = "true";
        return Answer(ctx, first, earlier.StatusCode, time, store);
    }

    /// <summary>The request header that makes lodging safe to retry (draft-ietf-httpapi-idempotency-key-header).</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private static async Task<IResult> LodgeAsync(HttpContext ctx, DeclarationWriter store, TimeProvider time, NodeOptions options, ILoggerFactory logs, AccessScope scope,
        (IdempotencyKeys Keys, string Key)? remember, CancellationToken ct)
    {
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
        int status = answer.Outcome switch
        {
            LodgeAnswer.Accepted => answer.Duplicate ? StatusCodes.Status200OK : StatusCodes.Status201Created,
            LodgeAnswer.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status422UnprocessableEntity,
        };
        if (remember is { } r && answer.SubmissionId > 0)
        {
            await r.Keys.RememberAsync(scope, r.Key, new IdempotentRequest(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), answer.SubmissionId, status), ct);
        }

        return Answer(ctx, answer, status, time, store);
    }

    /// <summary>The answer as JSON, or as a WCO RES notification for a WCO client (Accept: application/xml): DMSACC (01) or DMSREJ (03) with every error.</summary>
    private static IResult Answer(HttpContext ctx, LodgeAnswer answer, int status, TimeProvider time, DeclarationWriter store)
    {
        if (WantsXml(ctx.Request))
        {
            return Results.Content(System.Text.Encoding.UTF8.GetString(AnswerAsRes(answer, time.GetUtcNow(), store.Node)), "application/xml", System.Text.Encoding.UTF8, status);
        }

        return status switch
        {
            StatusCodes.Status201Created => Results.Created($"/api/declarations/{answer.Mrn}", answer),
            _ => Results.Json(answer, statusCode: status),
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
