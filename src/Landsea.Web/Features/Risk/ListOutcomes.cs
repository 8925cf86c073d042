using System.Security.Claims;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Data.Risk;
using Landsea.Web.Features.Access;

namespace Landsea.Web.Features.Risk;

/// <summary><c>GET /api/declarations/{mrn}/outcomes</c>: the outcomes of controls of a declaration (local and from partners), oldest first; officers and auditors.</summary>
public static class ListOutcomes
{
    public static void Map(RouteGroupBuilder declarations) =>
        declarations.MapGet("/outcomes", HandleAsync).WithSummary("Outcomes of controls of a declaration (local and from partners)");

    public static async Task<IResult> HandleAsync(string mrn, ClaimsPrincipal user, DeclarationQueries declarations, RiskStore store, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.SeesAll)
        {
            return RiskFeature.Forbidden(scope, "see control outcomes");
        }

        return await declarations.GetAsync(scope, mrn, ct) is null ? RiskFeature.NotFound($"No declaration '{mrn}' that you may see.") : Results.Ok(await store.OutcomesAsync(mrn, ct));
    }
}
