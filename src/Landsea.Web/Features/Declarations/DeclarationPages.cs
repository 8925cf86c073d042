using System.Globalization;
using System.Security.Claims;
using System.Text;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Declarations;
using Landsea.Offices;
using Landsea.Web.Features.Access;
using Landsea.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using static Landsea.Web.Infrastructure.Html;

namespace Landsea.Web.Features.Declarations;

/// <summary>Officer pages: the declarations list (filters, paging) and one declaration (parties, goods, history, actions).</summary>
public static class DeclarationPages
{
    public static void MapDeclarationPages(this WebApplication app)
    {
        app.MapGet("/", () => Results.Redirect("/declarations")).ExcludeFromDescription();
        app.MapGet("/declarations", ListAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/declarations/{mrn}", DetailAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/declarations/{mrn}/events", ActAsync).RequireAuthorization().DisableAntiforgery().ExcludeFromDescription();
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, DeclarationQueries store,
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

    private static async Task<IResult> DetailAsync(string mrn, ClaimsPrincipal user, DeclarationQueries store, IEnumerable<IDeclarationSection> sections, [FromQuery] string? error, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        DeclarationDetail? detail = await store.GetAsync(scope, mrn, ct);
        if (detail is null)
        {
            return Page("Not found", $"<p>No declaration {E(mrn)} that you may see.</p>", user.Identity?.Name, StatusCodes.Status404NotFound);
        }

        Declaration d = detail.Declaration;
        DeclarationSummary s = detail.Summary;
        var b = new StringBuilder();
        if (error is not null)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p class=\"err\">{E(error)}</p>");
        }

        b.Append(CultureInfo.InvariantCulture, $"""
            <p><span class="status {s.Status}" id="current-status">{s.Status}</span> · {E(s.TypeCode)} ({s.Direction}) · reference {E(s.FunctionalReference)} · version {s.Version} ·
            lodged {s.LodgedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC at {E(s.OfficeCode)} · <a href="/api/submissions/{detail.SubmissionId}">submitted document</a></p>
            <section><h2>Parties</h2><table id="parties"><tr><th>Role</th><th>Identifier</th><th>Name</th><th>Country</th></tr>
            """);
        foreach (Party p in d.Parties)
        {
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(p.Role)}</td><td>{E(p.Id)}</td><td>{E(p.Name)}</td><td>{E(p.CountryCode)}</td></tr>");
        }

        b.Append("</table></section><section><h2>Goods items</h2><table id=\"items\"><tr><th>#</th><th>Commodity</th><th>Description</th><th>Origin</th><th>Amount</th><th>Gross kg</th><th>Net kg</th></tr>");
        foreach (GoodsItem i in d.Items)
        {
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{i.Sequence}</td><td>{E(i.CommodityCode)}</td><td>{E(i.Description)}</td><td>{E(i.OriginCountry)}</td><td>{E(i.Amount?.ToString("N2", CultureInfo.InvariantCulture))} {E(i.Currency)}</td><td>{E(i.GrossMassKg)}</td><td>{E(i.NetMassKg)}</td></tr>");
        }

        b.Append("</table></section><section><h2>Status history</h2><table id=\"history\"><tr><th>When (UTC)</th><th>Office local time</th><th>Event</th><th>Status</th><th>Office</th><th>By</th><th>Note</th><th>RES</th></tr>");
        foreach (StatusChange h in detail.History)
        {
            CustomsOffice? office = Corridor.FindOffice(h.OfficeCode);
            string local = office is null ? "" : TimeZoneInfo.ConvertTime(h.At, office.TimeZone).ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{h.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}</td><td>{E(local)}</td><td>{h.Event}</td><td>{h.Status}</td><td>{E(h.OfficeCode)}</td><td>{E(h.Actor)}</td><td>{E(h.Note)}</td>"
                + $"<td><a href=\"/api/declarations/{E(mrn)}/notifications/{h.Id}\">{DeclarationLifecycle.ResponseFunctionCode(h.Event)}</a></td></tr>");
        }

        b.Append("</table></section>");
        foreach (IDeclarationSection section in sections.OrderBy(x => x.Order))
        {
            b.Append(await section.RenderAsync(detail, scope, ct));
        }

        if (scope.CanAct)
        {
            b.Append(CultureInfo.InvariantCulture, $"<section><h2>Decide</h2><form method=\"post\" action=\"/declarations/{E(mrn)}/events\"><label>Action <select name=\"event\" id=\"event\">");
            foreach (DeclarationEvent e in DeclarationLifecycle.AllowedEvents(s.Status))
            {
                b.Append(CultureInfo.InvariantCulture, $"<option>{e}</option>");
            }

            b.Append(CultureInfo.InvariantCulture, $"</select></label> <label>Note <input name=\"note\" size=\"40\"></label> <button type=\"submit\" id=\"act\">Record as {E(scope.User)} at {E(scope.OfficeCode)}</button></form></section>");
        }

        return Page($"Declaration {mrn}", b.ToString(), user.Identity?.Name);
    }

    private static async Task<IResult> ActAsync(string mrn, HttpContext ctx, DeclarationWriter store)
    {
        IFormCollection form = await ctx.Request.ReadFormAsync();
        if (!Enum.TryParse(form["event"].ToString(), out DeclarationEvent e))
        {
            return Results.Redirect($"/declarations/{Uri.EscapeDataString(mrn)}?error={Uri.EscapeDataString("Choose an action.")}");
        }

        var result = await store.ChangeStatusAsync(NodeAuthentication.ScopeOf(ctx.User), mrn, e, form["note"].ToString() is { Length: > 0 } n ? n : null);
        return Results.Redirect($"/declarations/{Uri.EscapeDataString(mrn)}" + (result.IsValid ? "" : "?error=" + Uri.EscapeDataString(result.Failure!.Reason)));
    }
}
