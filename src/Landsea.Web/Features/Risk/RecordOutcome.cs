using System.Security.Claims;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Data.Risk;
using Landsea.Declarations;
using Landsea.Shared;
using Landsea.Web.Features.Access;

namespace Landsea.Web.Features.Risk;

/// <summary>An officer's record of a control: <paramref name="Found"/> true when an irregularity was found; <paramref name="What"/> in words.</summary>
public sealed record OutcomeRequest(bool? Found, string? What);

/// <summary>
/// Records the outcome of a control (officers): <c>POST /api/declarations/{mrn}/outcomes</c> (JSON) and the declaration
/// page's form, <c>POST /declarations/{mrn}/risk/outcome</c>. One transaction hands the outcome to every sink (risk's own included).
/// </summary>
public static class RecordOutcome
{
    // Refusals of the check, mapped to HTTP by the API and to a redirect by the form.
    private const string Forbidden = "LS401"; // access range (docs/error-codes.md)

    public static void Map(RouteGroupBuilder declarations, IEndpointRouteBuilder pages)
    {
        declarations.MapPost("/outcomes", HandleAsync).WithSummary("Record the outcome of a control (officers): found or not, and what");
        pages.MapPost("/declarations/{mrn}/risk/outcome", HandleFormAsync).RequireAuthorization().ExcludeFromDescription();
    }

    public static async Task<IResult> HandleAsync(string mrn, OutcomeRequest request, ClaimsPrincipal user, DeclarationQueries declarations,
        InspectionRecording recording, TimeProvider time, ILoggerFactory logs, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        Result<InspectionOutcome> outcome = await CheckAsync(scope, mrn, request.Found, request.What, declarations, time, ct);
        if (outcome.Failure is { } refused)
        {
            return refused.Code switch
            {
                Forbidden => Results.Problem(refused.Reason, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden"),
                ErrorCodes.UnknownDeclaration => RiskFeature.NotFound(refused.Reason),
                ErrorCodes.FieldMissing => Results.ValidationProblem(new Dictionary<string, string[]> { ["found"] = [refused.Reason] }),
                _ => Results.ValidationProblem(new Dictionary<string, string[]> { ["what"] = [refused.Reason] }),
            };
        }

        await recording.RecordAsync(outcome.Value, ct);
        RiskFeature.Log.OutcomeRecorded(RiskFeature.Logger(logs), mrn, outcome.Value.Found, scope.User);
        return Results.Created($"/api/declarations/{mrn}/outcomes", outcome.Value);
    }

    private static async Task<IResult> HandleFormAsync(string mrn, HttpContext ctx, DeclarationQueries declarations, InspectionRecording recording, TimeProvider time, CancellationToken ct)
    {
        IFormCollection form = await ctx.Request.ReadFormAsync(ct);
        bool? found = bool.TryParse(form["found"].ToString(), out bool f) ? f : null;
        Result<InspectionOutcome> outcome = await CheckAsync(NodeAuthentication.ScopeOf(ctx.User), mrn, found, form["what"].ToString(), declarations, time, ct);
        string back = $"/declarations/{Uri.EscapeDataString(mrn)}";
        if (!outcome.IsValid)
        {
            return Results.Redirect(back + "?error=" + Uri.EscapeDataString("The outcome was not recorded: choose a result; officers only."));
        }

        await recording.RecordAsync(outcome.Value, ct);
        return Results.Redirect(back + "#risk");
    }

    /// <summary>
    /// Checks an outcome request (officer, visible declaration, found given, what at most 2,000 characters) and builds
    /// the outcome, recorded at the officer's office now.
    /// </summary>
    internal static async Task<Result<InspectionOutcome>> CheckAsync(AccessScope scope, string mrn, bool? found, string? what, DeclarationQueries declarations, TimeProvider time, CancellationToken ct)
    {
        if (!scope.CanAct)
        {
            return new Failure(Forbidden, $"{scope.Role} accounts may not record control outcomes.");
        }

        if (await declarations.GetAsync(scope, mrn, ct) is null)
        {
            return new Failure(ErrorCodes.UnknownDeclaration, $"No declaration '{mrn}' that you may see.");
        }

        if (found is null)
        {
            return new Failure(ErrorCodes.FieldMissing, "found is required: true when the control found an irregularity, false when not");
        }

        if (what is { Length: > 2000 })
        {
            return new Failure(ErrorCodes.FieldInvalid, "what is longer than 2,000 characters");
        }

        return new InspectionOutcome(mrn, found.Value, string.IsNullOrWhiteSpace(what) ? null : what.Trim(), scope.OfficeCode!, false, time.GetUtcNow(), scope.User);
    }
}
