using System.Globalization;
using System.Security.Claims;
using System.Text;
using Landsea.Data.Statistics;
using Landsea.Shared;
using Landsea.Statistics;
using Landsea.Web.Features.Access;
using Microsoft.AspNetCore.Mvc;
using static Landsea.Web.Infrastructure.Html;

namespace Landsea.Web.Features.Statistics;

/// <summary>
/// <c>/statistics?year=Y</c>: trade by month beside the year before, top partners, HS chapters, corridor lines and modes
/// (from the node's own declarations) and the western regions ranked (from the published aggregates, item 6). Each chart is
/// server-rendered SVG with its table beside it and a CSV download (<c>/statistics/trade.csv</c>, <c>/statistics/regions.csv</c>).
/// </summary>
public static class TradePage
{
    private const int Top = 10;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/statistics", PageAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/statistics/trade.csv", TradeCsvAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/statistics/regions.csv", RegionsCsvAsync).RequireAuthorization().ExcludeFromDescription();
    }

    private const string WhoMay = "Trade statistics sum every trader's declarations: officers and auditors may open them.";

    private static async Task<IResult> PageAsync(ClaimsPrincipal user, TradeQueries queries, OfficialTradeStore official, TimeProvider time,
        [FromQuery] string? year, CancellationToken ct)
    {
        if (!NodeAuthentication.ScopeOf(user).SeesAll)
        {
            return Forbidden("Trade statistics", WhoMay, user);
        }

        int y = time.GetUtcNow().Year;
        var b = new StringBuilder();
        if (year is not null && !(int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out y) && TradeReports.CheckYear(y).IsValid))
        {
            b.Append(CultureInfo.InvariantCulture, $"<p class=\"err\" id=\"year-error\">'{E(year)}' is not a year the figures cover (1990-9999). ({StatisticsErrorCodes.YearInvalid})</p>");
            y = time.GetUtcNow().Year;
        }

        b.Append(CultureInfo.InvariantCulture, $"""
            <form method="get" action="/statistics" class="filters" id="year-form">
            <label>Year <input name="year" id="year" value="{y}" size="5" inputmode="numeric"></label>
            <button type="submit" id="show">Show</button></form>
            """);
        b.Append("<style>.pair{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}.pair table{width:auto;min-width:min(380px,100%)}td.n{text-align:right}</style>");

        TradeReport months = await queries.ReportAsync(y, TradeBreakdown.Month, ct);
        b.Append(CultureInfo.InvariantCulture, $"<p id=\"summary\">{months.Currency} {months.Total.Total:N2} in {y} (exports {months.Total.Exports:N2}, imports {months.Total.Imports:N2}; USD {months.Total.TotalUsd:N2}), {Growth(months.Total.TotalYoyPct)} on {y - 1}, from {months.Total.Lines} goods item(s) of the node's accepted declarations.</p>");
        if (months.Total.Lines == 0 && months.Total.PreviousTotal == 0)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p id=\"no-figures\" class=\"muted\">No accepted import or export declaration of this node counts in {y} or {y - 1}: the node's charts are empty; the western regions below come from the published aggregates.</p>");
        }

        foreach (string note in months.Notes)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{E(note)}</p>");
        }

        // Months beside the year before.
        b.Append(CultureInfo.InvariantCulture, $"<section id=\"by-month\"><h2>Trade by month, {y} and {y - 1}</h2><div class=\"pair\">");
        b.Append(Charts.MonthPairs("chart-month", $"Trade by month in {months.Currency}, {y} beside {y - 1}", [.. months.Rows.Select(r => (r.Key, r.Total, r.PreviousTotal))], y));
        b.Append(CultureInfo.InvariantCulture, $"<table id=\"table-month\"><tr><th>Month</th><th>Exports</th><th>Imports</th><th>Total {y}</th><th>Total {y - 1}</th><th>Growth</th></tr>");
        foreach (TradeRow r in months.Rows)
        {
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(r.Label)}</td><td class=\"n\">{r.Exports:N2}</td><td class=\"n\">{r.Imports:N2}</td><td class=\"n\">{r.Total:N2}</td><td class=\"n\">{r.PreviousTotal:N2}</td><td class=\"n\">{Growth(r.TotalYoyPct)}</td></tr>");
        }

        b.Append(CultureInfo.InvariantCulture, $"</table></div>{Csv(y, "month")}</section>");

        foreach ((TradeBreakdown by, string id, string title) in new[]
        {
            (TradeBreakdown.Partner, "partner", "Top partners"),
            (TradeBreakdown.Chapter, "chapter", "HS chapters"),
            (TradeBreakdown.Line, "line", "Corridor lines"),
            (TradeBreakdown.Mode, "mode", "Modes of transport"),
        })
        {
            TradeReport report = await queries.ReportAsync(y, by, ct);
            List<TradeRow> top = [.. report.Rows.Take(Top)];
            b.Append(CultureInfo.InvariantCulture, $"<section id=\"by-{id}\"><h2>{E(title)}, {y}</h2><div class=\"pair\">");
            b.Append(Charts.Bars($"chart-{id}", $"{title} by trade in {report.Currency}, {y}", [.. top.Select(r => (r.Label, r.Total))], report.Currency));
            b.Append(CultureInfo.InvariantCulture, $"<table id=\"table-{id}\"><tr><th>Rank</th><th>{E(title)}</th><th>Total {E(report.Currency)}</th><th>USD</th><th>Share</th><th>Growth</th></tr>");
            foreach (TradeRow r in top)
            {
                b.Append(CultureInfo.InvariantCulture, $"<tr><td>{r.Rank}</td><td>{E(r.Label)}</td><td class=\"n\">{r.Total:N2}</td><td class=\"n\">{r.TotalUsd:N2}</td><td class=\"n\">{Pct(r.SharePct)}</td><td class=\"n\">{Growth(r.TotalYoyPct)}</td></tr>");
            }

            b.Append(CultureInfo.InvariantCulture, $"</table></div>{(report.Rows.Count > Top ? $"<p class=\"muted\">{Top} of {report.Rows.Count} shown; the CSV has all.</p>" : "")}{Csv(y, id)}</section>");
        }

        // The western regions from the published aggregates.
        IReadOnlyList<RankedRegion> regions = WesternRanking.Of(await StatisticsFeature.OfficialRowsAsync(official, ct), y);
        b.Append(CultureInfo.InvariantCulture, $"<section id=\"by-region\"><h2>The 12 western provincial regions, {y} (published aggregates)</h2><div class=\"pair\">");
        b.Append(Charts.Bars("chart-region", $"Western regions by foreign trade in billion CNY, {y}", [.. regions.Where(r => r.TotalBn is not null).Select(r => (r.Region, r.TotalBn!.Value))], "bn CNY"));
        b.Append("<table id=\"table-region\"><tr><th>Rank</th><th>Region</th><th>Total bn CNY</th><th>Growth</th><th>Source status</th></tr>");
        foreach (RankedRegion r in regions)
        {
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{(r.TotalBn is null ? "" : r.Rank)}</td><td>{E(r.Region)}</td><td class=\"n\">{(r.TotalBn is { } t ? t.ToString("N2", CultureInfo.InvariantCulture) : "n/a")}</td><td class=\"n\">{Growth(r.TotalYoyPct)}</td><td>{E(r.Status)}</td></tr>");
        }

        b.Append(CultureInfo.InvariantCulture, $"</table></div><p class=\"muted\">From data/provincial-trade (press releases; see its SOURCES.md) or the rows loaded with <code>landsea stats load</code>; a status other than reported marks a derived, partial or lower-bound figure.</p><p><a id=\"csv-region\" href=\"/statistics/regions.csv?year={y}\" download>Download CSV</a></p></section>");
        return Page("Trade statistics", b.ToString(), user);
    }

    private static async Task<IResult> TradeCsvAsync(ClaimsPrincipal user, TradeQueries queries, [FromQuery] int? year, [FromQuery] string? by, CancellationToken ct)
    {
        if (!NodeAuthentication.ScopeOf(user).SeesAll)
        {
            return Results.Problem(WhoMay, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        }

        Result<TradeBreakdown> breakdown = TradeReports.ParseBreakdown(by ?? "month");
        Result<int> y = year is { } v ? TradeReports.CheckYear(v) : Result<int>.Fail(StatisticsErrorCodes.YearInvalid, "Give the year: ?year=2022.");
        if ((breakdown.Failure ?? y.Failure) is { } bad)
        {
            return Results.Problem(bad.Reason, statusCode: StatusCodes.Status400BadRequest, title: "Bad statistics request", extensions: new Dictionary<string, object?> { ["code"] = bad.Code });
        }

        TradeReport report = await queries.ReportAsync(y.Value, breakdown.Value, ct);
        return Results.File(Encoding.UTF8.GetBytes(report.ToCsv()), "text/csv; charset=utf-8", $"trade-{y.Value}-by-{breakdown.Value.ToString().ToLowerInvariant()}.csv");
    }

    private static async Task<IResult> RegionsCsvAsync(ClaimsPrincipal user, OfficialTradeStore official, [FromQuery] int? year, CancellationToken ct)
    {
        if (!NodeAuthentication.ScopeOf(user).SeesAll)
        {
            return Results.Problem(WhoMay, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        }

        if (year is not { } y || !TradeReports.CheckYear(y).IsValid)
        {
            return Results.Problem("Give the year: ?year=2022.", statusCode: StatusCodes.Status400BadRequest, title: "Bad statistics request", extensions: new Dictionary<string, object?> { ["code"] = StatisticsErrorCodes.YearInvalid });
        }

        var csv = new StringBuilder("rank,region,total_bn_cny,total_yoy_pct,value_status\n");
        foreach (RankedRegion r in WesternRanking.Of(await StatisticsFeature.OfficialRowsAsync(official, ct), y))
        {
            csv.Append(CultureInfo.InvariantCulture, $"{(r.TotalBn is null ? "" : r.Rank)},\"{r.Region}\",{r.TotalBn},{r.TotalYoyPct},{r.Status}\n");
        }

        return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"western-regions-{y}.csv");
    }

    private static string Csv(int year, string by) =>
        string.Create(CultureInfo.InvariantCulture, $"<p><a id=\"csv-{by}\" href=\"/statistics/trade.csv?year={year}&amp;by={by}\" download>Download CSV</a></p>");

    private static string Growth(decimal? pct) => pct is { } p ? (p >= 0 ? "+" : "") + p.ToString("0.0", CultureInfo.InvariantCulture) + " %" : "n/a";

    private static string Pct(decimal? pct) => pct is { } p ? p.ToString("0.0", CultureInfo.InvariantCulture) + " %" : "n/a";
}
