using System.Text;
using Landsea.Data.Access;
using Landsea.Data.Transit;
using Landsea.Transit;
using Landsea.Web.Features.Access;

namespace Landsea.Web.Features.Transit;

/// <summary>
/// POST /api/transit/messages: a trader's NCTS phase-5 message (IE015, IE013, IE014, IE007, IE044 as XML or as JSON in
/// HMRC's shape). The node validates it, applies it to the movement it names and answers with the NCTS answer as XML:
/// IE028 for an accepted declaration (IE029, IE060 or IE055 follow in the movement's messages), IE004, IE009, IE045 or
/// IE019, or IE056 with every error. Every message is kept as received, even a rejected one.
/// </summary>
public static partial class Lodge
{
    internal static void Map(RouteGroupBuilder api) =>
        api.MapPost("/messages", HandleAsync)
            .Accepts<string>("application/xml", "application/json")
            .Produces<string>(StatusCodes.Status201Created, "application/xml")
            .Produces<string>(StatusCodes.Status200OK, "application/xml")
            .Produces(StatusCodes.Status202Accepted)
            .Produces<string>(StatusCodes.Status422UnprocessableEntity, "application/xml")
            .Produces<string>(StatusCodes.Status409Conflict, "application/xml")
            .WithSummary("Lodge an NCTS phase-5 message (XML or JSON); the answer is NCTS XML")
            .WithDescription("201 a declaration accepted (IE028; header X-Ncts-Answers lists every answer); 200 another message accepted; 202 an arrival kept while the office of departure is asked for the movement's record (AAR); 422 invalid (IE056); 409 out of sequence or duplicate (IE056, functional error 92 or 26); 404 unknown MRN (IE056, 90); 403 not the holder; 413 too large.");

    public static async Task<IResult> HandleAsync(HttpContext ctx, TransitStore store, NodeOptions options, ILoggerFactory logs, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(ctx.User);
        if (!scope.CanLodge)
        {
            return Results.Problem($"{scope.Role} accounts may not lodge transit messages.", statusCode: StatusCodes.Status403Forbidden);
        }

        byte[]? body = await Landsea.Web.Infrastructure.RequestBody.ReadAsync(ctx.Request, options.MaxSubmissionBytes, ct);
        if (body is null)
        {
            return Results.Problem($"The message is larger than {options.MaxSubmissionBytes:N0} bytes ({TransitErrorCodes.TooLarge}).", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        TransitLodged lodged = await store.LodgeAsync(body, scope, ct);
        TransitOutcome o = lodged.Outcome;
        Log.Lodged(logs.CreateLogger("Landsea.Transit"), lodged.MessageId, o.Movement?.Mrn?.Value, o.Status, scope.User);
        int status = o.Status switch
        {
            TransitOutcome.Accepted when o.Movement is null => StatusCodes.Status202Accepted,
            TransitOutcome.Accepted => o.Answers.Count > 0 && o.Answers[0].Type == "IE028" ? StatusCodes.Status201Created : StatusCodes.Status200OK,
            TransitOutcome.Rejected => StatusCodes.Status422UnprocessableEntity,
            _ => (o.Errors.Count > 0 ? o.Errors[0].Code : null) switch
            {
                TransitErrorCodes.UnknownMovement => StatusCodes.Status404NotFound,
                TransitErrorCodes.NotTheHolder => StatusCodes.Status403Forbidden,
                _ => StatusCodes.Status409Conflict,
            },
        };
        ctx.Response.Headers["X-Ncts-Answers"] = string.Join(",", o.Answers.Select(a => a.Type));
        ctx.Response.Headers["X-Transit-Message"] = lodged.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (o.Movement?.Mrn is { } mrn)
        {
            ctx.Response.Headers.Location = $"/api/transit/movements/{mrn.Value}";
        }

        if (o.Status == TransitOutcome.Accepted && o.Movement is null)
        {
            // An arrival at an office that holds no record of the movement: the office of departure is asked (IE002); the
            // IE043 or the IE056 follows, and GET /api/transit/messages/{id} tells which.
            string? asked = o.Records.Count > 0 ? o.Records[0].Mrn : null;
            return Results.Json(new { outcome = "AwaitingRecord", mrn = asked, status = $"/api/transit/messages/{lodged.MessageId}",
                reason = $"This node holds no record of movement {asked}; the office of departure has been asked for it (AAR request, IE002)." }, statusCode: status);
        }

        if (o.Answers.Count == 0)
        {
            // Accepted without an answer to the trader (IE007: the arrival is recorded; unloading follows).
            return Results.Json(new { outcome = o.Status, mrn = o.Movement?.Mrn?.Value, state = o.Movement?.State.ToString(), errors = o.Errors }, statusCode: status);
        }

        return Results.Content(o.Answers[0].Xml.ToString(), "application/xml", Encoding.UTF8, status);
    }

    private static partial class Log
    {
        [LoggerMessage(5001, LogLevel.Information, "Transit message {MessageId} {Outcome}: MRN {Mrn}, by {User}")]
        public static partial void Lodged(ILogger logger, long messageId, string? mrn, string outcome, string user);
    }
}
