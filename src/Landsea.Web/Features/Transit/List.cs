using System.Globalization;
using System.Security.Claims;
using Landsea.Data.Transit;
using Landsea.Web.Features.Access;

namespace Landsea.Web.Features.Transit;

/// <summary>GET /api/transit/movements[?status=&amp;office=&amp;from=&amp;to=]: the movements the caller may see (a trader: its own), newest first.</summary>
public static class List
{
    internal static void Map(RouteGroupBuilder api) =>
        api.MapGet("/movements", HandleAsync).WithSummary("Transit movements by status, office (departure or destination) and day")
            .WithDescription("from and to are inclusive days (yyyy-MM-dd) in the local time of each movement's office of departure; newest first, at most 100.");

    public static async Task<IResult> HandleAsync(ClaimsPrincipal user, TransitStore store, string? status, string? office, string? from, string? to, CancellationToken ct)
    {
        DateOnly? fromDay = null, toDay = null;
        if (from is not null && !TryDay(from, out fromDay) || to is not null && !TryDay(to, out toDay))
        {
            return Results.Problem("from and to are days, yyyy-MM-dd.", statusCode: StatusCodes.Status400BadRequest);
        }

        IReadOnlyList<MovementSummary> list = await store.ListAsync(NodeAuthentication.ScopeOf(user), new MovementFilter(status, office, fromDay, toDay), ct);
        return Results.Ok(list);
    }

    private static bool TryDay(string text, out DateOnly? day)
    {
        bool ok = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly d);
        day = ok ? d : null;
        return ok;
    }
}
