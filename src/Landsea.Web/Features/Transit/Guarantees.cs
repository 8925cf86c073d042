using System.Security.Claims;
using Landsea.Data.Access;
using Landsea.Data.Transit;
using Landsea.Shared;
using Landsea.Transit;
using Landsea.Web.Features.Access;

namespace Landsea.Web.Features.Transit;

/// <summary>
/// POST /api/transit/guarantees: an officer registers a guarantee (GRN, kind, holder, access code, reference amount);
/// GET /api/transit/guarantees/{grn}: its balance, for its holder and officers (the IE034/IE037 query).
/// </summary>
public static class Guarantees
{
    /// <param name="Kind">"Comprehensive" or "Individual".</param>
    /// <param name="Amount">Decimal amount, for example 50000.00.</param>
    public sealed record GuaranteeInput(string Grn, string Kind, string HolderId, string AccessCode, decimal Amount, string Currency);

    internal static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/guarantees", RegisterAsync).WithSummary("Register a guarantee (officer)");
        api.MapGet("/guarantees/{grn}", BalanceAsync).WithSummary("A guarantee's reference amount, reserved and available amount");
    }

    public static async Task<IResult> RegisterAsync(GuaranteeInput input, ClaimsPrincipal user, TransitStore store, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.CanAct)
        {
            return Results.Problem("Only an officer registers guarantees (LS401).", statusCode: StatusCodes.Status403Forbidden);
        }

        Result<CurrencyCode> currency = CurrencyCode.Parse(input.Currency);
        if (!currency.IsValid || !Enum.TryParse(input.Kind, ignoreCase: true, out GuaranteeKind kind))
        {
            return Results.Problem(currency.IsValid ? $"Kind '{input.Kind}' is not Comprehensive or Individual." : currency.Failure!.Reason, statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        Result<Guarantee> g = Landsea.Transit.Guarantees.Register(input.Grn, kind, input.HolderId, input.AccessCode, new Money(input.Amount, currency.Value));
        if (g.IsValid)
        {
            g = await store.RegisterGuaranteeAsync(g.Value, ct);
        }

        return g.IsValid
            ? Results.Created($"/api/transit/guarantees/{g.Value.Grn}", await store.BalanceAsync(g.Value.Grn, scope, ct))
            : Results.Problem($"{g.Failure!.Reason} ({g.Failure.Code})", statusCode: StatusCodes.Status422UnprocessableEntity);
    }

    public static async Task<IResult> BalanceAsync(string grn, ClaimsPrincipal user, TransitStore store, CancellationToken ct) =>
        await store.BalanceAsync(grn, NodeAuthentication.ScopeOf(user), ct) is { } balance
            ? Results.Ok(balance)
            : Results.Problem($"No guarantee '{grn}' that you may see ({TransitErrorCodes.GuaranteeUnknown}).", statusCode: StatusCodes.Status404NotFound);
}
