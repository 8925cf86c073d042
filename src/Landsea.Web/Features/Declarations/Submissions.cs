using System.Security.Claims;
using Landsea.Data.Declarations;
using Landsea.Offices;
using Landsea.Web.Features.Access;

namespace Landsea.Web.Features.Declarations;

/// <summary>
/// A stored submission: GET /api/submissions/{id} (its bytes exactly as received, base64, and what was decided) and
/// /api/submissions/{id}/notification (the decision as a WCO DM RES notification).
/// </summary>
public static class Submissions
{
    internal static void Map(WebApplication app)
    {
        app.MapGet("/api/submissions/{id:long}", ShowAsync).RequireAuthorization().WithTags("Declarations")
            .WithSummary("A stored submission: its bytes exactly as received (base64) and what was decided");
        app.MapGet("/api/submissions/{id:long}/notification", NotificationAsync).RequireAuthorization().WithTags("Declarations")
            .WithSummary("The decision on a submission as a WCO DM RES notification (01 accepted, 03 rejected with every error)");
    }

    public static async Task<IResult> ShowAsync(long id, ClaimsPrincipal user, DeclarationQueries store, CancellationToken ct) =>
        await store.GetSubmissionAsync(NodeAuthentication.ScopeOf(user), id, ct) is { } s ? Results.Ok(s) : Results.NotFound();

    public static async Task<IResult> NotificationAsync(long id, ClaimsPrincipal user, DeclarationQueries store, CustomsNode node, CancellationToken ct)
    {
        SubmissionRecord? s = await store.GetSubmissionAsync(NodeAuthentication.ScopeOf(user), id, ct);
        if (s is null)
        {
            return Results.NotFound();
        }

        var answer = new LodgeAnswer(s.Outcome, s.Id, s.FunctionalReference, s.Mrn, null, s.Errors, []);
        return Results.File(Lodge.AnswerAsRes(answer, s.ReceivedAt, node), "application/xml");
    }
}
