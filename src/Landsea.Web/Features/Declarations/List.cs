using System.Globalization;
using System.Security.Claims;
using System.Text;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Declarations;
using Landsea.Web.Features.Access;
using Microsoft.AspNetCore.Http.HttpResults;
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
        api.MapGet("/", HandleAsync).WithSummary("List declarations the caller may see (filter by status, trader, HS chapter, lodged date, last change; paged)")
            .WithDescription("from and to are inclusive days (YYYY-MM-DD) in the local time of each declaration's office; updatedSince an ISO 8601 instant "
                + "(declarations changed at or after it, for polling); pageSize 1 to 200 (default 25). A value that is not understood is refused with 400 naming the parameter.");

    internal static void MapPage(WebApplication app)
    {
        app.MapGet("/", () => Results.Redirect("/declarations")).ExcludeFromDescription();
        app.MapGet("/declarations", PageAsync).RequireAuthorization().ExcludeFromDescription();
    }

    /// <summary>Most rows one page returns; a larger <c>pageSize</c> is refused, naming the limit.</summary>
    public const int MaxPageSize = 200;

    /// <summary>200 with one page; 400 naming every query parameter that is not understood (status, dates, paging).</summary>
    public static async Task<Results<Ok<Page<DeclarationSummary>>, ValidationProblem>> HandleAsync(ClaimsPrincipal user, DeclarationQueries store,
        [FromQuery] string? status, [FromQuery] string? trader, [FromQuery] string? chapter,
        [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? updatedSince, [FromQuery] string? page, [FromQuery] string? pageSize, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        DeclarationStatus? s = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (Enum.TryParse(status.Trim(), ignoreCase: true, out DeclarationStatus parsed) && Enum.IsDefined(parsed) && !int.TryParse(status, out _))
            {
                s = parsed;
            }
            else
            {
                errors["status"] = [$"'{status}' is not a declaration status; use one of {string.Join(", ", Enum.GetNames<DeclarationStatus>())}."];
            }
        }

        DateOnly? f = Day("from", from, errors);
        DateOnly? t = Day("to", to, errors);
        if (f is { } a && t is { } b && b < a)
        {
            errors["to"] = [$"'to' ({b:yyyy-MM-dd}) is before 'from' ({a:yyyy-MM-dd})."];
        }

        DateTimeOffset? since = null;
        if (!string.IsNullOrWhiteSpace(updatedSince))
        {
            if (DateTimeOffset.TryParse(updatedSince, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset at))
            {
                since = at;
            }
            else
            {
                errors["updatedSince"] = [$"'{updatedSince}' is not an ISO 8601 instant, for example 2026-12-02T06:00:00Z or 2026-12-02T14:00:00+08:00."];
            }
        }

        int number = Count("page", page, 1, 1, int.MaxValue, errors);
        int size = Count("pageSize", pageSize, 25, 1, MaxPageSize, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The query is not understood");
        }

        return TypedResults.Ok(await store.ListAsync(NodeAuthentication.ScopeOf(user), new DeclarationFilter(s, trader, chapter, f, t, number, size) { UpdatedSince = since }, ct));
    }

    private static DateOnly? Day(string name, string? text, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day))
        {
            return day;
        }

        errors[name] = [$"'{text}' is not a day in the form YYYY-MM-DD (the local day of each declaration's office)."];
        return null;
    }

    /// <summary>A whole-number query parameter in [min, max]; its fallback when absent; an error naming it otherwise.</summary>
    internal static int Count(string name, string? text, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max)
        {
            return value;
        }

        errors[name] = [string.Create(CultureInfo.InvariantCulture, $"'{text}' is not a whole number from {min} to {max}.")];
        return fallback;
    }

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
            <label title="The office's local day: a declaration lodged at 22:34 UTC at a UTC+8 office counts on the next day">Lodged from (office's local day) <input type="date" name="from" id="from" value="{E(from)}"></label>
            <label>to <input type="date" name="to" id="to" value="{E(to)}"></label>
            <button type="submit" id="apply">Filter</button></form>
            <p class="muted" id="count">{result.Total} declaration(s){(scope.Role == Role.Trader ? $" lodged by or naming {E(scope.TraderId)}" : "")}.</p>
            <table id="declarations"><thead><tr><th>MRN</th><th>Reference</th><th>Declarant</th><th>Type</th><th>Status</th><th>Office</th><th>Items</th><th>Invoice</th><th>Lodged (office local time)</th></tr></thead><tbody>
            """);
        foreach (DeclarationSummary d in result.Items)
        {
            b.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"/declarations/{E(d.Mrn)}\">{E(d.Mrn)}</a></td><td>{E(d.FunctionalReference)}</td><td>{E(d.DeclarantId)}</td><td>{E(d.TypeCode)}</td>"
                + $"<td><span class=\"status {d.Status}\">{d.Status}</span></td><td>{E(d.OfficeCode)}</td><td>{d.ItemCount}</td>"
                + $"<td>{E(d.InvoiceAmount?.ToString("N2", CultureInfo.InvariantCulture))} {E(d.InvoiceCurrency)}</td><td>{E(LocalTime(d.OfficeCode, d.LodgedAt))}</td></tr>");
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
        return Page("Declarations", b.ToString(), user);
    }

    /// <summary>An instant in the office's local time with its offset; UTC for an office the corridor list does not know.</summary>
    internal static string LocalTime(string officeCode, DateTimeOffset at) =>
        Landsea.Offices.Corridor.FindOffice(officeCode)?.LocalTime(at) ?? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
