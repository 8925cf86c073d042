using System.Security.Claims;
using System.Text;
using Landsea.Data.Access;
using Landsea.Data.Transit;
using Landsea.Transit;
using Landsea.Web.Features.Access;

namespace Landsea.Web.Features.Transit;

/// <summary>
/// POST /api/transit/movements/{mrn}/{release|refuse|resolve|cross}: an officer releases a controlled movement (IE029),
/// refuses release (IE051, guarantee released), or resolves discrepancies (IE049, then IE045); the answer is the NCTS XML.
/// At an office of transit, <c>cross</c> records that the goods another node announced (IE050) crossed, and sends the
/// IE118 back to departure; the answer is the movement's new state as JSON.
/// POST /api/transit/overdue: released movements past their time limit go to enquiry.
/// </summary>
public static class Act
{
    /// <summary>The body: the officer's text (why release was refused).</summary>
    public sealed record ActInput(string? Text);

    internal static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/movements/{mrn}/{action}", HandleAsync)
            .WithSummary("An officer's decision: release or refuse a controlled movement, or resolve its discrepancies");
        api.MapPost("/overdue", OverdueAsync).WithSummary("Put released movements past their time limit into enquiry (officer); answers the MRNs moved");
    }

    public static async Task<IResult> OverdueAsync(ClaimsPrincipal user, TransitStore store, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        return scope.CanAct
            ? Results.Ok(await store.MarkOverdueAsync(scope, ct))
            : Results.Problem("Only an officer of an office runs the overdue sweep (LS401).", statusCode: StatusCodes.Status403Forbidden);
    }

    public static async Task<IResult> HandleAsync(string mrn, string action, ActInput? input, ClaimsPrincipal user, TransitStore store, CancellationToken ct)
    {
        if (action is not ("release" or "refuse" or "resolve" or "cross"))
        {
            return Results.Problem($"'{action}' is not release, refuse, resolve or cross.", statusCode: StatusCodes.Status404NotFound);
        }

        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.CanAct)
        {
            return Results.Problem($"Only an officer of an office may {action} a movement (LS401).", statusCode: StatusCodes.Status403Forbidden);
        }

        TransitOutcome? outcome = await store.ActAsync(mrn, action, input?.Text ?? "not released", scope, ct);
        if (outcome is null)
        {
            return Results.Problem($"No movement '{mrn}' ({TransitErrorCodes.UnknownMovement}).", statusCode: StatusCodes.Status404NotFound);
        }

        if (outcome.Status == TransitOutcome.Accepted && outcome.Answers.Count == 0)
        {
            return Results.Ok(new { mrn, state = outcome.Movement!.State.ToString(), sent = outcome.Records.Select(r => r.Ncts + " to " + r.Office).ToList() });
        }

        return outcome.Status == TransitOutcome.Accepted
            ? Results.Content(outcome.Answers[0].Xml.ToString(), "application/xml", Encoding.UTF8)
            : Results.Problem($"{outcome.Errors[0].Reason} ({outcome.Errors[0].Code})", statusCode: StatusCodes.Status409Conflict);
    }
}
