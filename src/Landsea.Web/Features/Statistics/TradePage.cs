using System.Globalization;
using System.Security.Claims;
using System.Text;
using Landsea.Data.Statistics;
using Landsea.Shared;
using Landsea.Statistics;
using Landsea.Web.Features.Access;
using Landsea.Web.Infrastructure;
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
            return Forbidden(Texts.Get("stats.title"), Texts.Get("stats.whoMay"), user);
        }

        int y = time.GetUtcNow().Year;
        var b = new StringBuilder();
        if (year is not null && !(int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out y) && TradeReports.CheckYear(y).IsValid))
        {
            b.Append(CultureInfo.InvariantCulture, $"<p class=\"err\" id=\"year-error\">{T("stats.badYear", year, StatisticsErrorCodes.YearInvalid)}</p>");
            y = time.GetUtcNow().Year;
        }

        b.Append(CultureInfo.InvariantCulture, $"""
            <form method="get" action="/statistics" class="filters" id="year-form">
            <label>{T("stats.year")} <input name="year" id="year" value="{y}" size="5" inputmode="numeric"></label>
            <button type="submit" id="show">{T("stats.show")}</button></form>
            """);
        b.Append("<style>.pair{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}.pair table{width:auto;min-width:min(380px,100%)}td.n{text-align:right}</style>");

        TradeReport months = await queries.ReportAsync(y, TradeBreakdown.Month, ct);
        b.Append(CultureInfo.InvariantCulture, $"<p id=\"summary\">{T("stats.summary", months.Currency, months.Total.Total.ToString("N2", Texts.Culture), Y(y), months.Total.Exports.ToString("N2", Texts.Culture), months.Total.Imports.ToString("N2", Texts.Culture), months.Total.TotalUsd.ToString("N2", Texts.Culture), Growth(months.Total.TotalYoyPct), Y(y - 1), months.Total.Lines)}</p>");
        if (months.Total.Lines == 0 && months.Total.PreviousTotal == 0)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p id=\"no-figures\" class=\"muted\">{T("stats.noFigures", Y(y), Y(y - 1))}</p>");
        }

        foreach (string note in months.Notes)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{E(note)}</p>");
        }

        // Months beside the year before.
        b.Append(CultureInfo.InvariantCulture, $"<section id=\"by-month\"><h2>{T("stats.byMonth", Y(y), Y(y - 1))}</h2><div class=\"pair\">");
        b.Append(Charts.MonthPairs("chart-month", Texts.Format("stats.byMonthChart", months.Currency, Y(y), Y(y - 1)), [.. months.Rows.Select(r => (r.Key, r.Total, r.PreviousTotal))], y));
        b.Append(CultureInfo.InvariantCulture, $"<table id=\"table-month\"><tr><th>{T("stats.month")}</th><th>{T("stats.exports")}</th><th>{T("stats.imports")}</th><th>{T("stats.totalYear", Y(y))}</th><th>{T("stats.totalYear", Y(y - 1))}</th><th>{T("stats.growth")}</th></tr>");
        foreach (TradeRow r in months.Rows)
        {
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(r.Label)}</td><td class=\"n\">{N(r.Exports)}</td><td class=\"n\">{N(r.Imports)}</td><td class=\"n\">{N(r.Total)}</td><td class=\"n\">{N(r.PreviousTotal)}</td><td class=\"n\">{Growth(r.TotalYoyPct)}</td></tr>");
        }

        b.Append(CultureInfo.InvariantCulture, $"</table></div>{Csv(y, "month")}</section>");

        foreach ((TradeBreakdown by, string id, string title) in new[]
        {
            (TradeBreakdown.Partner, "partner", Texts.Get("stats.partners")),
            (TradeBreakdown.Chapter, "chapter", Texts.Get("stats.chapters")),
            (TradeBreakdown.Line, "line", Texts.Get("stats.lines")),
            (TradeBreakdown.Mode, "mode", Texts.Get("stats.modes")),
        })
        {
            TradeReport report = await queries.ReportAsync(y, by, ct);
            List<TradeRow> top = [.. report.Rows.Take(Top)];
            b.Append(CultureInfo.InvariantCulture, $"<section id=\"by-{id}\"><h2>{T("stats.titleYear", title, Y(y))}</h2><div class=\"pair\">");
            b.Append(Charts.Bars($"chart-{id}", Texts.Format("stats.barsChart", title, report.Currency, Y(y)), [.. top.Select(r => (r.Label, r.Total))], report.Currency));
            b.Append(CultureInfo.InvariantCulture, $"<table id=\"table-{id}\"><tr><th>{T("stats.rank")}</th><th>{E(title)}</th><th>{T("stats.totalCurrency", report.Currency)}</th><th>USD</th><th>{T("stats.share")}</th><th>{T("stats.growth")}</th></tr>");
            foreach (TradeRow r in top)
            {
                b.Append(CultureInfo.InvariantCulture, $"<tr><td>{r.Rank}</td><td>{E(r.Label)}</td><td class=\"n\">{N(r.Total)}</td><td class=\"n\">{N(r.TotalUsd)}</td><td class=\"n\">{Pct(r.SharePct)}</td><td class=\"n\">{Growth(r.TotalYoyPct)}</td></tr>");
            }

            b.Append(CultureInfo.InvariantCulture, $"</table></div>{(report.Rows.Count > Top ? $"<p class=\"muted\">{T("stats.topShown", Top, report.Rows.Count)}</p>" : "")}{Csv(y, id)}</section>");
        }

        // The western regions from the published aggregates.
        IReadOnlyList<RankedRegion> regions = WesternRanking.Of(await StatisticsFeature.OfficialRowsAsync(official, ct), y);
        b.Append(CultureInfo.InvariantCulture, $"<section id=\"by-region\"><h2>{T("stats.regions", Y(y))}</h2><div class=\"pair\">");
        b.Append(Charts.Bars("chart-region", Texts.Format("stats.regionsChart", Y(y)), [.. regions.Where(r => r.TotalBn is not null).Select(r => (r.Region, r.TotalBn!.Value))], "bn CNY"));
        b.Append(CultureInfo.InvariantCulture, $"<table id=\"table-region\"><tr><th>{T("stats.rank")}</th><th>{T("stats.region")}</th><th>{T("stats.totalBn")}</th><th>{T("stats.growth")}</th><th>{T("stats.sourceStatus")}</th></tr>");
        foreach (RankedRegion r in regions)
        {
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{(r.TotalBn is null ? "" : r.Rank)}</td><td>{E(r.Region)}</td><td class=\"n\">{(r.TotalBn is { } t ? N(t) : T("stats.na"))}</td><td class=\"n\">{Growth(r.TotalYoyPct)}</td><td>{E(r.Status)}</td></tr>");
        }

        b.Append(CultureInfo.InvariantCulture, $"</table></div><p class=\"muted\">{T("stats.regionsNote", Raw("<code>landsea stats load</code>"))}</p><p><a id=\"csv-region\" href=\"/statistics/regions.csv?year={y}\" download>{T("stats.csv")}</a></p></section>");
        return Page(Texts.Get("stats.title"), b.ToString(), user);
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
        string.Create(CultureInfo.InvariantCulture, $"<p><a id=\"csv-{by}\" href=\"/statistics/trade.csv?year={year}&amp;by={by}\" download>{T("stats.csv")}</a></p>");

    private static string Growth(decimal? pct) => pct is { } p ? (p >= 0 ? "+" : "") + p.ToString("0.0", Texts.Culture) + " %" : Texts.Get("stats.na");

    private static string Pct(decimal? pct) => pct is { } p ? p.ToString("0.0", Texts.Culture) + " %" : Texts.Get("stats.na");

    /// <summary>A year as the page writes it (no digit grouping).</summary>
    private static string Y(int year) => year.ToString(CultureInfo.InvariantCulture);
}
