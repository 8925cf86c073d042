using System.Security.Claims;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Declarations;
using Landsea.Shared;
using Landsea.Web.Features.Access;

namespace Landsea.Web.Features.Declarations;

/// <summary>A request to record an officer's decision on a declaration.</summary>
/// <param name="Event">Controlled, DocumentsRequested, DocumentsProvided, Released, Cleared or Invalidated.</param>
/// <param name="Note">The officer's note; the reason, when <paramref name="Override"/> is set.</param>
/// <param name="Override">
/// Release goods that a red or yellow channel still holds (no control outcome recorded): an officer of the declaration's
/// office, with a reason of at least 15 characters in <paramref name="Note"/>. Recorded as an override in the history.
/// </param>
public sealed record StatusChangeRequest(DeclarationEvent Event, string? Note, bool Override = false);

/// <summary>
/// An officer's decision on a declaration (control, documents, release, clearance, invalidation): POST
/// /api/declarations/{mrn}/events (JSON) and the Decide form of the declaration page. <see cref="Lodging.ApplyOfficerAction"/> decides.
/// </summary>
public static partial class Decide
{
    internal static void MapApi(RouteGroupBuilder api) =>
        api.MapPost("/{mrn}/events", HandleAsync).WithSummary("Record an officer's decision (control, documents, release, clearance, invalidation)");

    internal static void MapPage(WebApplication app) =>
        app.MapPost("/declarations/{mrn}/events", FormAsync).RequireAuthorization().ExcludeFromDescription();

    /// <summary>
    /// 200 with the declaration; 403 (LS401) not an officer of an office, (LS085) an override from another office; 404
    /// (LS081) unknown; 409 (LS082) not allowed now, (LS083) goods held by the risk channel; 422 (LS084) an override without a reason.
    /// </summary>
    public static async Task<IResult> HandleAsync(string mrn, StatusChangeRequest request, ClaimsPrincipal user, DeclarationWriter store, ILoggerFactory logs, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        var result = await store.ChangeStatusAsync(scope, mrn, request.Event, request.Note, request.Override, ct);
        if (result.IsValid)
        {
            Log.StatusChanged(logs.CreateLogger("Landsea.Declarations"), mrn, request.Event, scope.User, scope.OfficeCode);
            return Results.Ok(result.Value);
        }

        int status = result.Failure!.Code switch
        {
            AccessErrorCodes.Forbidden or ErrorCodes.OverrideNotAuthorised => 403,
            ErrorCodes.UnknownDeclaration => 404,
            ErrorCodes.OverrideReasonMissing => 422,
            _ => 409,
        };
        return Results.Problem(result.Failure.Reason, statusCode: status, title: result.Failure.Code);
    }

    /// <summary>The page's form: records the decision and returns to the declaration, with the reason when it was refused.</summary>
    private static async Task<IResult> FormAsync(string mrn, HttpContext ctx, DeclarationWriter store)
    {
        IFormCollection form = await ctx.Request.ReadFormAsync();
        if (!Enum.TryParse(form["event"].ToString(), out DeclarationEvent e))
        {
            return Results.Redirect($"/declarations/{Uri.EscapeDataString(mrn)}?error={Uri.EscapeDataString("Choose an action.")}");
        }

        var result = await store.ChangeStatusAsync(NodeAuthentication.ScopeOf(ctx.User), mrn, e, form["note"].ToString() is { Length: > 0 } n ? n : null,
            form["override"].ToString() == "true", ctx.RequestAborted);
        return Results.Redirect($"/declarations/{Uri.EscapeDataString(mrn)}" + (result.IsValid ? "" : "?error=" + Uri.EscapeDataString(result.Failure!.Reason)));
    }

    private static partial class Log
    {
        [LoggerMessage(1002, LogLevel.Information, "Declaration {Mrn}: {Event} by {User} at {Office}")]
        public static partial void StatusChanged(ILogger logger, string mrn, DeclarationEvent @event, string user, string? office);
    }
}
