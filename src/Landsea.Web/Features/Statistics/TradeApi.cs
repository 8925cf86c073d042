using System.Security.Claims;
using Landsea.Data.Statistics;
using Landsea.Shared;
using Landsea.Statistics;
using Landsea.Web.Features.Access;

namespace Landsea.Web.Features.Statistics;

/// <summary>
/// <c>GET /api/statistics/trade?year=2022&amp;by=month</c>: the node's own figures (<see cref="TradeReport"/>, docs/statistics.md),
/// summed by the database. 400 with LS780/LS781 for a bad breakdown or year; 403 for roles that do not see every declaration.
/// </summary>
public static class TradeApi
{
    /// <summary>The report as JSON: the breakdown by name, amounts as decimals of the currency.</summary>
    public sealed record TradeReportView(int Year, string By, string Currency, TradeRow Total, IReadOnlyList<TradeRow> Rows, long Unvalued, IReadOnlyList<string> Notes)
    {
        public static TradeReportView Of(TradeReport r)
        {
            ArgumentNullException.ThrowIfNull(r);
            return new(r.Year, r.By.ToString().ToLowerInvariant(), r.Currency, r.Total, r.Rows, r.Unvalued, r.Notes);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/trade", GetAsync).WithSummary("Imports and exports from the node's own declarations for a year, by month, quarter, year, partner, chapter, section, mode, line or region")
            .Produces<TradeReportView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden);

    public static async Task<IResult> GetAsync(ClaimsPrincipal user, TradeQueries queries, int? year, string? by, CancellationToken ct)
    {
        if (!NodeAuthentication.ScopeOf(user).SeesAll)
        {
            return Problem(new Failure("LS401", "Trade statistics sum every trader's declarations: officers and auditors may read them."), StatusCodes.Status403Forbidden, "Forbidden");
        }

        Result<TradeBreakdown> breakdown = TradeReports.ParseBreakdown(by ?? "month");
        Result<int> y = year is { } v ? TradeReports.CheckYear(v) : Result<int>.Fail(StatisticsErrorCodes.YearInvalid, "Give the year: ?year=2022.");
        if ((breakdown.Failure ?? y.Failure) is { } bad)
        {
            return Problem(bad, StatusCodes.Status400BadRequest, "Bad statistics request");
        }

        return Results.Ok(TradeReportView.Of(await queries.ReportAsync(y.Value, breakdown.Value, ct)));
    }

    private static IResult Problem(Failure f, int status, string title) =>
        Results.Problem(f.Reason, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = f.Code });
}
