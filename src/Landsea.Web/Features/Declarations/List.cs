using System.Globalization;
using System.Security.Claims;
using System.Text;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Declarations;
using Landsea.Web.Features.Access;
using Microsoft.AspNetCore.Mvc;
using static Landsea.Web.Infrastructure.Html;

namespace Landsea.Web.Features.Declarations;

/// <summary>
/// The declarations the caller may see, newest first, filtered by status, trader, HS chapter and lodging day and paged:
/// GET /api/declarations (JSON) and the officers' list page /declarations.
/// </summary>
public static class List
{
    internal static void MapApi(RouteGroupBuilder api) =>
        api.MapGet("/", HandleAsync).WithSummary("List declarations the caller may see (filter by status, trader, HS chapter, lodged date; paged)");

    internal static void MapPage(WebApplication app)
    {
        app.MapGet("/", () => Results.Redirect("/declarations")).ExcludeFromDescription();
        app.MapGet("/declarations", PageAsync).RequireAuthorization().ExcludeFromDescription();
    }

    public static async Task<Microsoft.AspNetCore.Http.HttpResults.Ok<Page<DeclarationSummary>>> HandleAsync(ClaimsPrincipal user, DeclarationQueries store,
        [FromQuery] DeclarationStatus? status, [FromQuery] string? trader, [FromQuery] string? chapter,
        [FromQuery] DateOnly? from, [FromQuery] DateOnly? to, [FromQuery] int? page, [FromQuery] int? pageSize, CancellationToken ct) =>
        TypedResults.Ok(await store.ListAsync(NodeAuthentication.ScopeOf(user), new DeclarationFilter(status, trader, chapter, from, to, page ?? 1, pageSize ?? 25), ct));

    private static async Task<IResult> PageAsync(ClaimsPrincipal user, DeclarationQueries store,
        [FromQuery] string? status, [FromQuery] string? trader, [FromQuery] string? chapter, [FromQuery] string? from, [FromQuery] string? to, [FromQuery] int? page)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        DeclarationStatus? s = Enum.TryParse(status, out DeclarationStatus parsed) ? parsed : null;
        DateOnly? f = DateOnly.TryParse(from, CultureInfo.InvariantCulture, out DateOnly df) ? df : null;
        DateOnly? t = DateOnly.TryParse(to, CultureInfo.InvariantCulture, out DateOnly dt) ? dt : null;
        Page<DeclarationSummary> result = await store.ListAsync(scope, new DeclarationFilter(s, trader, chapter, f, t, page ?? 1, 25));

        var b = new StringBuilder();
        b.Append("<form class=\"filters\" method=\"get\" action=\"/declarations\"><label>Status <select name=\"status\" id=\"status\"><option value=\"\">any</option>");
        foreach (DeclarationStatus option in Enum.GetValues<DeclarationStatus>())
        {
            b.Append(CultureInfo.InvariantCulture, $"<option{(s == option ? " selected" : "")}>{option}</option>");
        }

        b.Append(CultureInfo.InvariantCulture, $"""
            </select></label>
            <label>Trader <input name="trader" id="trader" value="{E(trader)}" placeholder="EORI / USCC / UEN"></label>
            <label>HS chapter <input name="chapter" id="chapter" value="{E(chapter)}" size="3" placeholder="84"></label>
            <label>Lodged from <input type="date" name="from" value="{E(from)}"></label>
            <label>to <input type="date" name="to" value="{E(to)}"></label>
            <button type="submit" id="apply">Filter</button></form>
            <p class="muted" id="count">{result.Total} declaration(s){(scope.Role == Role.Trader ? $" lodged by or naming {E(scope.TraderId)}" : "")}.</p>
            <table id="declarations"><thead><tr><th>MRN</th><th>Reference</th><th>Declarant</th><th>Type</th><th>Status</th><th>Office</th><th>Items</th><th>Invoice</th><th>Lodged (UTC)</th></tr></thead><tbody>
            """);
        foreach (DeclarationSummary d in result.Items)
        {
            b.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"/declarations/{E(d.Mrn)}\">{E(d.Mrn)}</a></td><td>{E(d.FunctionalReference)}</td><td>{E(d.DeclarantId)}</td><td>{E(d.TypeCode)}</td>"
                + $"<td><span class=\"status {d.Status}\">{d.Status}</span></td><td>{E(d.OfficeCode)}</td><td>{d.ItemCount}</td>"
                + $"<td>{E(d.InvoiceAmount?.ToString("N2", CultureInfo.InvariantCulture))} {E(d.InvoiceCurrency)}</td><td>{d.LodgedAt.UtcDateTime:yyyy-MM-dd HH:mm}</td></tr>");
        }

        b.Append("</tbody></table><p>");
        string query = $"status={E(status)}&trader={E(trader)}&chapter={E(chapter)}&from={E(from)}&to={E(to)}";
        if (result.Number > 1)
        {
            b.Append(CultureInfo.InvariantCulture, $"<a href=\"/declarations?{query}&page={result.Number - 1}\">← previous</a> ");
        }

        b.Append(CultureInfo.InvariantCulture, $"page {result.Number} of {result.PageCount}");
        if (result.Number < result.PageCount)
        {
            b.Append(CultureInfo.InvariantCulture, $" <a href=\"/declarations?{query}&page={result.Number + 1}\">next →</a>");
        }

        b.Append("</p>");
        return Page("Declarations", b.ToString(), user.Identity?.Name);
    }
}
