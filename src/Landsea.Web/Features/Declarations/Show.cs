using System.Globalization;
using System.Security.Claims;
using System.Text;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Declarations;
using Landsea.Offices;
using Landsea.Web.Features.Access;
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
            return Page("Not found", $"<p>No declaration {E(mrn)} that you may see.</p>", user, StatusCodes.Status404NotFound);
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
            lodged <span id="lodged-at">{E(List.LocalTime(s.OfficeCode, s.LodgedAt))}</span> (office local time; {s.LodgedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC) at {E(s.OfficeCode)} · <a href="/api/submissions/{detail.SubmissionId}">submitted document</a></p>
            <section><h2>Parties</h2><table id="parties"><tr><th>Role</th><th>Identifier</th><th>Name</th><th>Country</th></tr>
            """);
        foreach (Party p in d.Parties)
        {
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(p.Role)}</td><td>{E(p.Id?.Value)}</td><td>{E(p.Name)}</td><td>{E(p.CountryCode?.Value)}</td></tr>");
        }

        b.Append("</table></section><section><h2>Goods items</h2><table id=\"items\"><tr><th>#</th><th>Commodity</th><th>Description</th><th>Origin</th><th>Amount</th><th>Gross kg</th><th>Net kg</th></tr>");
        foreach (GoodsItem i in d.Items)
        {
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{i.Sequence}</td><td>{E(i.CommodityCode?.Digits)}</td><td>{E(i.Description)}</td><td>{E(i.OriginCountry?.Value)}</td><td>{E(i.Amount?.ToString("N2", CultureInfo.InvariantCulture))} {E(i.Currency?.Value)}</td><td>{E(i.GrossMassKg)}</td><td>{E(i.NetMassKg)}</td></tr>");
        }

        b.Append("</table></section><section><h2>Status history</h2><table id=\"history\"><tr><th>When (UTC)</th><th>Office local time</th><th>Event</th><th>Status</th><th>Office</th><th>By</th><th>Note</th><th>RES</th></tr>");
        foreach (StatusChange h in detail.History)
        {
            CustomsOffice? office = Corridor.FindOffice(h.OfficeCode);
            string local = office?.LocalTime(h.At) ?? "";
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{h.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}</td><td>{E(local)}</td><td>{h.Event}</td><td>{h.Status}</td><td>{E(h.OfficeCode)}</td><td>{E(h.Actor)}</td><td>{E(h.Note)}</td>"
                + $"<td><a href=\"/api/declarations/{E(mrn)}/notifications/{h.Id}\" title=\"{E(ResMeaning(h.Event))}\">{DeclarationLifecycle.ResponseFunctionCode(h.Event)}</a> <small class=\"muted\">{E(ResMeaning(h.Event))}</small></td></tr>");
        }

        b.Append("</table></section>");
        foreach (IDeclarationSection section in sections.OrderBy(x => x.Order))
        {
            b.Append(await section.RenderAsync(detail, scope, ct));
        }

        if (scope.Role == Role.Trader && s.Status is DeclarationStatus.Accepted or DeclarationStatus.UnderControl or DeclarationStatus.DocumentsRequired)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p><a id=\"amend\" href=\"/declarations/new?amend={E(mrn)}\">Amend or cancel this declaration</a></p>");
        }

        if (scope.CanAct)
        {
            b.Append(CultureInfo.InvariantCulture, $"<section><h2>Decide</h2><form method=\"post\" action=\"/declarations/{E(mrn)}/events\"><label>Action <select name=\"event\" id=\"event\">");
            foreach (DeclarationEvent e in DeclarationLifecycle.AllowedEvents(s.Status))
            {
                b.Append(CultureInfo.InvariantCulture, $"<option>{e}</option>");
            }

            b.Append("</select></label> <label>Note <input name=\"note\" id=\"note\" size=\"40\"></label> "
                + "<label title=\"Release goods a red or yellow channel still holds, without a control outcome; the note is the reason, recorded as an override.\">"
                + "<input type=\"checkbox\" name=\"override\" value=\"true\" id=\"override\"> override the hold (reason in the note)</label> "
                + "<button type=\"submit\" id=\"act\">Record as ").Append(E(scope.User)).Append(" at ").Append(E(scope.OfficeCode)).Append("</button></form></section>");
        }

        return Page($"Declaration {mrn}", b.ToString(), user);
    }

    /// <summary>What a WCO DM RES function code tells the declarant, in words (the UK DMS name in brackets).</summary>
    internal static string ResMeaning(DeclarationEvent e) => e switch
    {
        DeclarationEvent.Received => "received, not yet checked (DMSRCV)",
        DeclarationEvent.Accepted => "accepted, MRN given (DMSACC)",
        DeclarationEvent.Rejected => "rejected, see the errors (DMSREJ)",
        DeclarationEvent.Controlled => "selected for inspection: goods held (DMSCTL)",
        DeclarationEvent.DocumentsRequested => "documents requested: send them to the office (DMSDOC)",
        DeclarationEvent.DocumentsProvided => "documents received (DMSRES)",
        DeclarationEvent.Released => "goods released (DMSROG)",
        DeclarationEvent.Cleared => "cleared, procedure complete (DMSCLE)",
        DeclarationEvent.Invalidated => "invalidated, cancelled (DMSINV)",
        DeclarationEvent.AmendmentAccepted => "amendment accepted (DMSREQ)",
        _ => "",
    };
}
