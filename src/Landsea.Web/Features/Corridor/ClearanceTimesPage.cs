using System.Globalization;
using System.Security.Claims;
using System.Text;
using Landsea.CorridorSupervision;
using Landsea.Data.Access;
using Landsea.Data.CorridorSupervision;
using Landsea.Web.Features.Access;
using Landsea.Web.Infrastructure;
using static Landsea.Web.Infrastructure.Html;

namespace Landsea.Web.Features.CorridorSupervision;

/// <summary>
/// <c>/corridor/clearance-times?office=&amp;from=&amp;to=</c> (issue 11 item 7): clearance time per office and lane,
/// p50/p90 hours from the office's own events, as a table and a server-rendered SVG bar chart. Officers and auditors.
/// </summary>
public static class ClearanceTimesPage
{
    private const int ChartWidth = 720;
    private const int RowHeight = 34;
    private const int LabelWidth = 190;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/corridor/clearance-times", PageAsync).RequireAuthorization().ExcludeFromDescription();

    private static async Task<IResult> PageAsync(ClaimsPrincipal user, CorridorStore store, string? office, string? from, string? to, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.SeesAll)
        {
            return Forbidden(Texts.Get("clearance.title"), Texts.Get("clearance.whoMay"), user);
        }

        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"""
            <p>{T("clearance.intro")}</p>
            <form method="get" action="/corridor/clearance-times" class="filters"><label>{T("corridor.office")} <select name="office" id="office"><option value="">{T("corridor.everyOffice")}</option>
            """);
        foreach (Landsea.Offices.CustomsOffice o in Landsea.Offices.Corridor.Offices)
        {
            b.Append(CultureInfo.InvariantCulture, $"<option value=\"{E(o.Code)}\"{(string.Equals(o.Code, office?.Trim(), StringComparison.OrdinalIgnoreCase) ? " selected" : "")}>{E(o.Code)} {E(o.Name)}</option>");
        }

        b.Append(CultureInfo.InvariantCulture, $"""
            </select></label>
            <label>{T("clearance.from")} <input type="date" name="from" id="from" value="{E(from)}"></label>
            <label>{T("clearance.to")} <input type="date" name="to" id="to" value="{E(to)}"></label>
            <button type="submit" id="apply">{T("corridor.show")}</button></form>
            """);
        var r = await ConsignmentsApi.FiguresAsync(store, office, from, to, ct);
        if (!r.IsValid)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p class=\"err\" id=\"query-error\" role=\"alert\">{T("clearance.queryError", r.Failure!.Code, r.Failure.Reason)}</p>");
            return Page(Texts.Get("clearance.title"), b.ToString(), user, StatusCodes.Status400BadRequest);
        }

        IReadOnlyList<ClearanceFigure> figures = r.Value.Figures;
        if (figures.All(f => f.Count == 0))
        {
            b.Append(CultureInfo.InvariantCulture, $"<p class=\"empty\" id=\"no-clearances\">{T("clearance.empty", "POST /api/corridor/consignments/{id}/customs-events")}</p>");
            return Page(Texts.Get("clearance.title"), b.ToString(), user);
        }

        b.Append(Chart(figures));
        b.Append(CultureInfo.InvariantCulture, $"<table id=\"clearance-table\"><caption>{T("clearance.caption")}</caption><thead><tr><th scope=\"col\">{T("corridor.office")}</th><th scope=\"col\">{T("corridor.colLane")}</th><th scope=\"col\">{T("clearance.colReleases")}</th><th scope=\"col\">p50 (h)</th><th scope=\"col\">p90 (h)</th></tr></thead><tbody>");
        foreach (ClearanceFigure f in figures)
        {
            string name = f.OfficeCode == ClearanceTimes.AllOffices ? Texts.Get("clearance.allOffices") : $"{f.OfficeCode} {Landsea.Offices.Corridor.FindOffice(f.OfficeCode)?.Name}";
            b.Append(CultureInfo.InvariantCulture, $"<tr class=\"{(f.Lane == Lane.Priority ? "priority" : "normal")}\"><td>{E(name)}</td><td>{(f.Lane == Lane.Priority ? $"<strong>{T("corridor.priority")}</strong>" : T("corridor.normal"))}</td><td>{f.Count}</td><td>{Hours(f.P50Hours)}</td><td>{Hours(f.P90Hours)}</td></tr>");
        }

        b.Append(CultureInfo.InvariantCulture, $"</tbody></table><p><a href=\"/api/corridor/clearance-times\">{T("clearance.json")}</a> · <a href=\"/corridor\">{T("clearance.mapLink")}</a></p>");
        return Page(Texts.Get("clearance.title"), b.ToString(), user);
    }

    private static string Hours(double? h) => h is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "—";

    /// <summary>Horizontal bars, one pair (p50 solid, p90 lighter) per office and lane, scaled to the largest p90.</summary>
    private static string Chart(IReadOnlyList<ClearanceFigure> figures)
    {
        List<ClearanceFigure> rows = [.. figures.Where(f => f.Count > 0)];
        double max = Math.Max(1, rows.Max(f => f.P90Hours ?? 0));
        int height = rows.Count * RowHeight + 40;
        double scale = (ChartWidth - LabelWidth - 70) / max;
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"""
            <figure><svg id="clearance-chart" role="img" aria-labelledby="clearance-chart-title clearance-chart-desc" viewBox="0 0 {ChartWidth} {height}" width="100%" style="max-width:{ChartWidth}px">
            <title id="clearance-chart-title">{T("clearance.title")}</title>
            <desc id="clearance-chart-desc">{T("clearance.chartDesc")}</desc>
            """);
        for (int i = 0; i < rows.Count; i++)
        {
            ClearanceFigure f = rows[i];
            int y = 10 + i * RowHeight;
            string lane = f.Lane == Lane.Priority ? "priority" : "normal";
            string laneText = T(f.Lane == Lane.Priority ? "corridor.priority" : "corridor.normal");
            string fill90 = f.Lane == Lane.Priority ? "#f2c9a0" : "#b9cde0";
            string fill50 = f.Lane == Lane.Priority ? "#a34a00" : "#1f4e79";
            double w90 = (f.P90Hours ?? 0) * scale, w50 = (f.P50Hours ?? 0) * scale;
            s.Append(CultureInfo.InvariantCulture, $"""
                <g class="bar {lane}" data-office="{E(f.OfficeCode)}"><text x="0" y="{y + 18}" font-size="13" fill="#1a1a1a">{E(f.OfficeCode == ClearanceTimes.AllOffices ? Texts.Get("clearance.allOfficesShort") : f.OfficeCode)} · {laneText}</text>
                <rect class="p90" x="{LabelWidth}" y="{y + 4}" width="{w90:0.0}" height="22" fill="{fill90}"></rect>
                <rect class="p50" x="{LabelWidth}" y="{y + 9}" width="{w50:0.0}" height="12" fill="{fill50}"></rect>
                <text x="{LabelWidth + w90 + 6:0.0}" y="{y + 19}" font-size="12" fill="#1a1a1a">{Hours(f.P50Hours)} / {Hours(f.P90Hours)} h</text></g>
                """);
        }

        s.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth}\" y=\"{height - 8}\" font-size=\"12\" fill=\"#1a1a1a\">{T("clearance.axis", max.ToString("0.#", CultureInfo.InvariantCulture))}</text></svg></figure>");
        return s.ToString();
    }
}
