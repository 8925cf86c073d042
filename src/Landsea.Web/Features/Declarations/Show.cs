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

/// <summary>
/// One declaration with its parties, goods items and status history: GET /api/declarations/{mrn} (JSON) and the
/// declaration page /declarations/{mrn}, where other capabilities add their <see cref="IDeclarationSection"/>s and
/// officers find the Decide form (<see cref="Decide"/>).
/// </summary>
public static class Show
{
    internal static void MapApi(RouteGroupBuilder api) =>
        api.MapGet("/{mrn}", HandleAsync).WithSummary("One declaration with parties, goods items and status history")
            .Produces<DeclarationDetail>().Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("Answers with an ETag; send it back as If-None-Match to get 304 Not Modified while nothing changed.");

    internal static void MapPage(WebApplication app) =>
        app.MapGet("/declarations/{mrn}", PageAsync).RequireAuthorization().ExcludeFromDescription();

    /// <summary>
    /// 200 with the declaration and an <c>ETag</c> that changes with every status change or amendment; 304 when the
    /// request's <c>If-None-Match</c> names the current one; 404 when the caller may not see it.
    /// </summary>
    public static async Task<IResult> HandleAsync(string mrn, HttpContext ctx, DeclarationQueries store, CancellationToken ct)
    {
        if (await store.GetAsync(NodeAuthentication.ScopeOf(ctx.User), mrn, ct) is not { } d)
        {
            return TypedResults.Problem(title: "Not found", detail: $"No declaration '{mrn}' that you may see.", statusCode: StatusCodes.Status404NotFound);
        }

        string etag = ETag(d);
        ctx.Response.Headers.ETag = etag;
        ctx.Response.Headers.CacheControl = "private, no-cache";
        if (ctx.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*")))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Ok(d);
    }

    /// <summary>A weak validator of what the reader sees: the version, the status and the last event.</summary>
    internal static string ETag(DeclarationDetail d) =>
        string.Create(CultureInfo.InvariantCulture, $"W/\"{d.Summary.Version}-{d.Summary.Status}-{(d.History.Count == 0 ? 0 : d.History[^1].Id)}\"");

    private static async Task<IResult> PageAsync(string mrn, ClaimsPrincipal user, DeclarationQueries store, IEnumerable<IDeclarationSection> sections, [FromQuery] string? error, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        DeclarationDetail? detail = await store.GetAsync(scope, mrn, ct);
        if (detail is null)
        {
            return NotFound(T("decl.show.notFound", mrn), user);
        }

        Declaration d = detail.Declaration;
        DeclarationSummary s = detail.Summary;
        var b = new StringBuilder();
        if (error is not null)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p class=\"err\">{E(error)}</p>");
        }

        b.Append(CultureInfo.InvariantCulture, $"""
            <p><span class="status {s.Status}" id="current-status">{E(Texts.Name("status", s.Status))}</span> · {E(s.TypeCode)} ({E(Texts.Name("direction", s.Direction))}) · {T("decl.show.reference", s.FunctionalReference)} · {T("decl.show.version", s.Version)} ·
            {T("decl.show.lodged", Raw($"<span id=\"lodged-at\">{E(List.LocalTime(s.OfficeCode, s.LodgedAt))}</span>"), Texts.UtcTime(s.LodgedAt), s.OfficeCode)} · <a href="/api/submissions/{detail.SubmissionId}">{T("decl.show.submitted")}</a></p>
            <section><h2>{T("decl.show.parties")}</h2><table id="parties"><tr><th>{T("decl.show.colRole")}</th><th>{T("decl.show.colIdentifier")}</th><th>{T("decl.show.colName")}</th><th>{T("decl.show.colCountry")}</th></tr>
            """);
        foreach (Party p in d.Parties)
        {
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(Texts.Label("party", p.Role.ToString()))}</td><td>{E(p.Id?.Value)}</td><td>{E(p.Name)}</td><td>{E(p.CountryCode?.Value)}</td></tr>");
        }

        b.Append(CultureInfo.InvariantCulture, $"</table></section><section><h2>{T("decl.show.items")}</h2><table id=\"items\"><tr><th>#</th><th>{T("decl.show.colCommodity")}</th><th>{T("decl.show.colDescription")}</th><th>{T("decl.show.colOrigin")}</th><th>{T("decl.show.colAmount")}</th><th>{T("decl.show.colGross")}</th><th>{T("decl.show.colNet")}</th></tr>");
        foreach (GoodsItem i in d.Items)
        {
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{i.Sequence}</td><td>{E(i.CommodityCode?.Digits)}</td><td>{E(i.Description)}</td><td>{E(i.OriginCountry?.Value)}</td><td>{(i.Amount is { } amount ? N(amount) : "")} {E(i.Currency?.Value)}</td><td>{E(i.GrossMassKg)}</td><td>{E(i.NetMassKg)}</td></tr>");
        }

        b.Append(CultureInfo.InvariantCulture, $"</table></section><section><h2>{T("decl.show.history")}</h2><table id=\"history\"><tr><th>{T("decl.show.colWhenUtc")}</th><th>{T("decl.show.colLocal")}</th><th>{T("decl.show.colEvent")}</th><th>{T("decl.show.colStatus")}</th><th>{T("decl.show.colOffice")}</th><th>{T("decl.show.colBy")}</th><th>{T("decl.show.colNote")}</th><th>RES</th></tr>");
        foreach (StatusChange h in detail.History)
        {
            CustomsOffice? office = Corridor.FindOffice(h.OfficeCode);
            string local = office is null ? "" : Texts.LocalTime(office.Code, h.At);
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{h.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}</td><td>{E(local)}</td><td>{E(Texts.Name("event", h.Event))}</td><td>{E(Texts.Name("status", h.Status))}</td><td>{E(h.OfficeCode)}</td><td>{E(h.Actor)}</td><td>{E(h.Note)}</td>"
                + $"<td><a href=\"/api/declarations/{E(mrn)}/notifications/{h.Id}\" title=\"{E(ResMeaning(h.Event))}\">{DeclarationLifecycle.ResponseFunctionCode(h.Event)}</a> <small class=\"muted\">{E(ResMeaning(h.Event))}</small></td></tr>");
        }

        b.Append("</table></section>");
        foreach (IDeclarationSection section in sections.OrderBy(x => x.Order))
        {
            b.Append(await section.RenderAsync(detail, scope, ct));
        }

        if (scope.Role == Role.Trader && s.Status is DeclarationStatus.Accepted or DeclarationStatus.UnderControl or DeclarationStatus.DocumentsRequired)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p><a id=\"amend\" href=\"/declarations/new?amend={E(mrn)}\">{T("decl.show.amend")}</a></p>");
        }

        if (scope.CanAct)
        {
            b.Append(CultureInfo.InvariantCulture, $"<section><h2>{T("decl.show.decide")}</h2><form method=\"post\" action=\"/declarations/{E(mrn)}/events\"><label>{T("decl.show.action")} <select name=\"event\" id=\"event\">");
            foreach (DeclarationEvent e in DeclarationLifecycle.AllowedEvents(s.Status))
            {
                b.Append(CultureInfo.InvariantCulture, $"<option value=\"{e}\">{E(Texts.Name("event", e))}</option>");
            }

            b.Append(CultureInfo.InvariantCulture, $"</select></label> <label>{T("decl.show.note")} <input name=\"note\" id=\"note\" size=\"40\"></label> "
                + $"<label title=\"{T("decl.show.overrideTitle")}\">"
                + $"<input type=\"checkbox\" name=\"override\" value=\"true\" id=\"override\"> {T("decl.show.override")}</label> "
                + $"<button type=\"submit\" id=\"act\">{T("decl.show.record", scope.User, scope.OfficeCode)}</button></form></section>");
        }

        return Page(Texts.Format("decl.show.title", mrn), b.ToString(), user);
    }

    /// <summary>What a WCO DM RES function code tells the declarant, in words (the UK DMS name in brackets).</summary>
    internal static string ResMeaning(DeclarationEvent e) => Texts.Name("res", e) is var meaning && meaning != e.ToString() ? meaning : "";
}
