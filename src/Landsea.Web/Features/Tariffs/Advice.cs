using System.Security.Claims;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Data.Tariffs;
using Landsea.Declarations;
using Landsea.Shared;
using Landsea.Tariffs;
using Landsea.Web.Features.Access;

namespace Landsea.Web.Features.Tariffs;

/// <summary>
/// <c>POST /api/declarations/{mrn}/advice</c> computes the cheapest lawful preference for each goods item of a declaration
/// the caller may see (importer = destination country, rates of the lodging day) and stores it; <c>GET</c> serves what is
/// stored. Traders and officers ask; anyone who may see the declaration reads.
/// </summary>
public static class Advice
{
    public static void Map(RouteGroupBuilder declarations, IEndpointRouteBuilder pages)
    {
        declarations.MapPost("/advice", AskAsync).WithSummary("Compute and store tariff advice for the declaration's goods items (traders and officers)")
            .Produces<DeclarationAdvice>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        declarations.MapGet("/advice", ShowAsync).WithSummary("The tariff advice stored for the declaration")
            .Produces<DeclarationAdvice>().ProducesProblem(StatusCodes.Status404NotFound);
        pages.MapPost("/declarations/{mrn}/advice", FormAsync).RequireAuthorization().DisableAntiforgery().ExcludeFromDescription();
    }

    public static async Task<IResult> AskAsync(string mrn, ClaimsPrincipal user, DeclarationQueries declarations, AdviceStore store, TariffBooks books,
        TimeProvider time, ILoggerFactory logs, CancellationToken ct)
    {
        Result<DeclarationAdvice> advice = await ComputeAsync(NodeAuthentication.ScopeOf(user), mrn, declarations, store, books, time, logs, ct);
        return advice.Failure is { } f
            ? f.Code switch
            {
                "LS401" => Problem(f, StatusCodes.Status403Forbidden, "Forbidden"),
                ErrorCodes.UnknownDeclaration => Problem(f, StatusCodes.Status404NotFound, "Not found"),
                _ => Problem(f, StatusCodes.Status422UnprocessableEntity, "Cannot advise"),
            }
            : Results.Created($"/api/declarations/{mrn}/advice", advice.Value);
    }

    public static async Task<IResult> ShowAsync(string mrn, ClaimsPrincipal user, DeclarationQueries declarations, AdviceStore store, CancellationToken ct)
    {
        if (await declarations.GetAsync(NodeAuthentication.ScopeOf(user), mrn, ct) is null)
        {
            return Problem(new Failure(ErrorCodes.UnknownDeclaration, $"No declaration '{mrn}' that you may see."), StatusCodes.Status404NotFound, "Not found");
        }

        return await store.GetAsync(mrn, ct) is { } stored
            ? Results.Ok(stored)
            : Problem(new Failure(TariffErrorCodes.AdviceNotFound, $"No tariff advice is stored for '{mrn}': POST to ask for it."), StatusCodes.Status404NotFound, "Not found");
    }

    private static async Task<IResult> FormAsync(string mrn, ClaimsPrincipal user, DeclarationQueries declarations, AdviceStore store, TariffBooks books,
        TimeProvider time, ILoggerFactory logs, CancellationToken ct)
    {
        Result<DeclarationAdvice> advice = await ComputeAsync(NodeAuthentication.ScopeOf(user), mrn, declarations, store, books, time, logs, ct);
        string back = $"/declarations/{Uri.EscapeDataString(mrn)}";
        return advice.Failure is { } f
            ? Results.Redirect(back + "?error=" + Uri.EscapeDataString($"No tariff advice: {f.Reason} ({f.Code})"))
            : Results.Redirect(back + "#tariff-advice");
    }

    internal static async Task<Result<DeclarationAdvice>> ComputeAsync(AccessScope scope, string mrn, DeclarationQueries declarations, AdviceStore store,
        TariffBooks books, TimeProvider time, ILoggerFactory logs, CancellationToken ct)
    {
        if (!scope.CanLodge)
        {
            return new Failure("LS401", $"{scope.Role} accounts may not ask for tariff advice (traders and officers may).");
        }

        if (await declarations.GetAsync(scope, mrn, ct) is not { } detail)
        {
            return new Failure(ErrorCodes.UnknownDeclaration, $"No declaration '{mrn}' that you may see.");
        }

        DateOnly date = DateOnly.FromDateTime(detail.Summary.LodgedAt.UtcDateTime);
        Result<IReadOnlyList<ItemAdvice>> items = TariffAdvisor.ForDeclaration(detail.Declaration, date, await books.CurrentAsync(ct), ExchangeRates.Shipped, ProductRuleBook.Shipped);
        if (!items.IsValid)
        {
            return items.Failure!;
        }

        var advice = new DeclarationAdvice(mrn, scope.User, time.GetUtcNow(), date, items.Value);
        await store.SaveAsync(advice, ct);
        TariffsFeature.Log.AdviceStored(TariffsFeature.Logger(logs), mrn, items.Value.Count, scope.User);
        return advice;
    }

    private static IResult Problem(Failure f, int status, string title) =>
        Results.Problem(f.Reason, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = f.Code });
}
