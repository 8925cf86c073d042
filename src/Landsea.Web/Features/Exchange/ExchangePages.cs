using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Exchange;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Queries;
using Landsea.Exchange.Records;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Storage;
using Landsea.Sharing;
using Landsea.Web.Features.Access;
using Landsea.Web.Features.Declarations;
using Landsea.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using static Landsea.Web.Infrastructure.Html;

namespace Landsea.Web.Features.Exchange;

/// <summary>Officer pages: the message log (search), one conversation in order, and partner goods (pre-arrivals, arrivals) with actions.</summary>
public static class ExchangePages
{
    private static string Nav() => $"<p><a href=\"/exchange\">{T("x.log")}</a> · <a href=\"/exchange/partner-goods\">{T("x.goods")}</a> · <a href=\"/exchange/partners\">{T("x.partners")}</a> · <a href=\"/api/exchange/dead-letters\">{T("x.deadLetters")}</a></p>";

    public static void MapExchangePages(this WebApplication app)
    {
        app.MapGet("/", LandingAsync).ExcludeFromDescription();
        app.MapGet("/exchange", LogAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/exchange/conversations/{conversation}", ConversationAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/exchange/partner-goods", PartnerGoodsAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/exchange/partners", PartnersAsync).RequireAuthorization().ExcludeFromDescription();
    }

    /// <summary>
    /// Where a signed-in user lands: an officer whose node has goods announced to it and not yet dealt with (a pre-arrival
    /// on hold, an arrival still expected: Singapore's officers, say) lands on those goods; everyone else on the declarations.
    /// </summary>
    private static async Task<IResult> LandingAsync(ClaimsPrincipal user, NodeExchange x, CancellationToken ct)
    {
        if (user.Identity?.IsAuthenticated == true && NodeAuthentication.ScopeOf(user).Role == Role.Officer)
        {
            await using DbConnection c = await x.Db.OpenAsync(ct);
            if (await MessageRecords.AnyInStateAsync(c, MessageRecords.In, MessageTypes.ArrivalNotice, ArrivalAnnounced.Expected, ct)
                || await MessageRecords.AnyInStateAsync(c, MessageRecords.In, MessageTypes.PreArrival, PreArrivalAssessment.HoldDecision, ct))
            {
                return Results.Redirect("/exchange/partner-goods");
            }
        }

        return Results.Redirect("/declarations");
    }

    private static async Task<IResult> LogAsync(ClaimsPrincipal user, NodeExchange x, [FromQuery] string? conversation, [FromQuery] string? partner,
        [FromQuery] string? type, [FromQuery] string? outcome, [FromQuery] string? from, [FromQuery] string? to, [FromQuery] int? page, CancellationToken ct)
    {
        if (ExchangeApi.Denied(user, ExchangeAccess.Read) is not null)
        {
            return Forbidden(Texts.Get("x.log"), Texts.Get("x.logWhoMay"), user);
        }

        DateTimeOffset? f = DateTimeOffset.TryParse(from, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset df) ? df : null;
        DateTimeOffset? t = DateTimeOffset.TryParse(to, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset dt) ? dt : null;
        await using DbConnection c = await x.Db.OpenAsync(ct);
        int pageNumber = Math.Clamp(page ?? 1, 1, 2000);
        List<MessageEntry> rows = await MessageLog.SearchAsync(c, new MessageFilter(conversation, partner, type, outcome, f, t, PageSize + 1, (pageNumber - 1) * PageSize), ct);
        bool older = rows.Count > PageSize;
        rows = rows.Take(PageSize).ToList();
        Dictionary<string, string> names = (await PartnerRegistry.ListAsync(c, ct)).ToDictionary(p => p.Code, p => p.Name, StringComparer.Ordinal);
        var b = new StringBuilder(Nav());
        b.Append(CultureInfo.InvariantCulture, $"""
            <form class="filters" method="get" action="/exchange">
            <label>{T("x.conversationMrn")} <input name="conversation" id="conversation" value="{E(conversation)}"></label>
            <label>{T("x.partner")} <input name="partner" id="partner" value="{E(partner)}" size="7" placeholder="SGSIN"></label>
            <label>{T("x.type")} <input name="type" id="type" value="{E(type)}" placeholder="pre-arrival"></label>
            <label>{T("x.outcome")} <input name="outcome" id="outcome" value="{E(outcome)}" size="8" placeholder="RECE, DEAD, BSIG"></label>
            <label>{T("x.fromUtc")} <input name="from" value="{E(from)}" placeholder="2026-01-01T00:00"></label>
            <label>{T("x.toUtc")} <input name="to" value="{E(to)}"></label>
            <button type="submit" id="search">{T("x.search")}</button></form>
            <p class="muted">{T("x.logNote", x.Node.Code, x.Node.Name, x.Gateway.Identity.KeyId, PageSize, pageNumber)}</p>
            """);
        if (rows.Count == 0)
        {
            b.Append(pageNumber == 1
                ? $"<p id=\"no-messages\">{T("x.noMessages")}</p>"
                : $"<p id=\"no-messages\">{T("x.noOlder")}</p>");
        }
        else
        {
            b.Append(CultureInfo.InvariantCulture, $"<table id=\"messages\"><thead>{Header()}</thead><tbody>");
            foreach (MessageEntry m in rows)
            {
                b.Append(Row(m, names.GetValueOrDefault(m.Partner, m.Partner)));
            }

            b.Append("</tbody></table>");
        }

        string Link(int target) => "/exchange?" + string.Join("&", new (string Key, string? Value)[]
            { ("conversation", conversation), ("partner", partner), ("type", type), ("outcome", outcome), ("from", from), ("to", to) }
            .Where(q => !string.IsNullOrWhiteSpace(q.Value)).Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value!)}")
            .Append(string.Create(CultureInfo.InvariantCulture, $"page={target}")));
        b.Append(CultureInfo.InvariantCulture, $"<nav class=\"pager\" aria-label=\"{T("x.pages")}\">");
        if (pageNumber > 1)
        {
            b.Append(CultureInfo.InvariantCulture, $"<a id=\"newer\" href=\"{E(Link(pageNumber - 1))}\">{T("x.newer")}</a> ");
        }

        if (older)
        {
            b.Append(CultureInfo.InvariantCulture, $"<a id=\"older\" href=\"{E(Link(pageNumber + 1))}\">{T("x.older")}</a>");
        }

        b.Append("</nav>");
        return Page(Texts.Get("x.log"), b.ToString(), user);
    }

    /// <summary>Who this node shares with and what: each partner's pinned certificate and current agreement, field by field.</summary>
    private static async Task<IResult> PartnersAsync(ClaimsPrincipal user, NodeExchange x, CancellationToken ct)
    {
        if (ExchangeApi.Denied(user, ExchangeAccess.Read) is not null)
        {
            return Forbidden(Texts.Get("x.partners"), Texts.Get("x.partnersWhoMay"), user);
        }

        await using DbConnection c = await x.Db.OpenAsync(ct);
        var b = new StringBuilder(Nav());
        b.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{T("x.thisNode", x.Node.Code, x.Node.Name, Raw($"<code>{E(x.Gateway.Identity.KeyId)}</code>"))} ");
        b.Append(CultureInfo.InvariantCulture, $"{T("x.adminsChange", Raw("<code>landsea partner</code> / <code>landsea agreement</code>"))}</p>");
        List<Partner> partners = await PartnerRegistry.ListAsync(c, ct);
        if (partners.Count == 0)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p>{T("x.noPartner")}</p>");
        }

        foreach (Partner p in partners)
        {
            SharingAgreement? a = await PartnerRegistry.FindAgreementAsync(c, p.Code, ct);
            b.Append(CultureInfo.InvariantCulture, $"""
                <section class="partner" id="partner-{E(p.Code)}"><h2>{E(p.Code)} {E(p.Name)}</h2>
                <p>Endpoint <code>{E(p.Endpoint)}</code> · pinned certificate <code>{E(p.KeyId)}</code>, valid until {p.Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}
                · <a href="/api/exchange/partners/{Uri.EscapeDataString(p.Code)}/agreements">every agreement version (JSON)</a></p>
                """);
            string tls = p.TlsAuthority is { } ca ? $"HTTPS: a certificate for the endpoint's host issued by {E(ca.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false))}"
                : p.TlsCertificate is { } t ? $"HTTPS: pinned TLS certificate <code>{E(CertificateThumbprint.Of(t))}</code>"
                : "HTTPS: its node certificate (pinned)";
            b.Append(CultureInfo.InvariantCulture, $"<p>{tls}.");
            foreach (PastKey k in p.PastKeys)
            {
                DateTimeOffset now = x.Time.GetUtcNow();
                b.Append(CultureInfo.InvariantCulture, $" Past key <code>{E(k.KeyId)}</code>: {(k.AcceptedUntil > now ? $"still accepted until {k.AcceptedUntil.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : "verifies what it signed before, accepts nothing new")}.");
            }

            b.Append("</p>");
            if (a is null)
            {
                b.Append(CultureInfo.InvariantCulture, $"<p class=\"err\">{T("x.noAgreement")}</p></section>");
                continue;
            }

            b.Append(CultureInfo.InvariantCulture, $"<p>{T("x.agreementVersion", a.Version, Texts.UtcTime(a.RecordedAt))}</p>");
            b.Append(CultureInfo.InvariantCulture, $"<table class=\"agreement\"><tr><th>{T("x.weSend")}</th><th>{T("x.fieldsLeave")}</th></tr>");
            foreach (OutboundRule rule in a.Outbound)
            {
                string fields = rule.AllowedFields is null ? T("x.wholePayload") : string.Join(", ", rule.AllowedFields.Select(FieldInWords));
                b.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(rule.Type)}</td><td>{fields}</td></tr>");
            }

            b.Append(CultureInfo.InvariantCulture, $"</table><p>{T("x.weAccept", a.InboundTypes.Count == 0 ? Texts.Get("x.nothing") : string.Join(", ", a.InboundTypes))}</p></section>");
        }

        return Page(Texts.Get("x.partners"), b.ToString(), user);
    }

    private static async Task<IResult> ConversationAsync(string conversation, ClaimsPrincipal user, NodeExchange x, CancellationToken ct)
    {
        if (ExchangeApi.Denied(user, ExchangeAccess.Read) is not null)
        {
            return Forbidden(Texts.Get("x.conversation"), Texts.Get("x.logWhoMay"), user);
        }

        await using DbConnection c = await x.Db.OpenAsync(ct);
        List<MessageEntry> envelopes = await MessageLog.ConversationAsync(c, conversation, ct);
        var b = new StringBuilder(Nav());
        b.Append(CultureInfo.InvariantCulture, $"<section><h2>{T("x.envelopes")}</h2><table id=\"envelopes\"><thead>{Header()}</thead><tbody>");
        foreach (MessageEntry m in envelopes)
        {
            b.Append(Row(m, m.Partner));
        }

        b.Append(CultureInfo.InvariantCulture, $"</tbody></table></section><section><h2>{T("x.receipts")}</h2><table id=\"receipts\"><tr><th>{T("x.envelope")}</th><th>{T("x.outcome")}</th><th>{T("x.issuer")}</th><th>{T("x.issuedUtc")}</th><th>{T("x.auditHead")}</th><th>{T("x.signature")}</th></tr>");
        foreach (MessageEntry m in envelopes.Where(e => e.Direction == "out" && e.EnvelopeId is not null))
        {
            if (await MessageLog.ReceiptAsync(c, m.EnvelopeId!, ct) is not { } jws)
            {
                continue;
            }

            Partner? partner = await PartnerRegistry.FindAsync(c, m.Partner, ct);
            Receipt? verified = partner is null ? null : ReceiptCodec.Verify(jws, partner.Keys.ForStored(ReceiptCodec.SignerKeyId(jws)));
            Receipt? r = verified ?? ReceiptCodec.ReadUnverified(jws);
            b.Append(CultureInfo.InvariantCulture, $"<tr><td><code>{E(m.EnvelopeId)}</code></td><td>{E(r?.Outcome.ToCode())} {E(r?.Reason)}</td><td>{E(r?.Issuer)}</td><td>{r?.IssuedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}</td>"
                + $"<td>{E(r?.AuditHead.Sequence)}:{E(r?.AuditHead.Hash[..Math.Min(16, r.AuditHead.Hash.Length)])}…</td><td>{(verified is null ? "<span class=\"err\">does not verify</span>" : "verified (pinned certificate)")}{SignedHow(jws)}</td></tr>");
        }

        b.Append(CultureInfo.InvariantCulture, $"</table></section><section><h2>{T("x.audit")}</h2><table id=\"audit\"><tr><th>#</th><th>{T("x.whenUtc")}</th><th>{T("x.kind")}</th><th>{T("x.envelope")}</th><th>{T("x.partner")}</th><th>{T("x.outcome")}</th><th>{T("x.detail")}</th></tr>");
        foreach (AuditLine a in await MessageLog.AuditForConversationAsync(c, conversation, ct))
        {
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{a.Sequence}</td><td>{a.At.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff}</td><td>{E(a.Kind)}</td><td><code>{E(a.EnvelopeId)}</code></td><td>{E(a.Partner)}</td><td>{E(a.Outcome)}</td><td>{E(a.Detail)}</td></tr>");
        }

        b.Append(CultureInfo.InvariantCulture, $"</table></section><section><h2>{T("x.effects")}</h2><table id=\"records\"><tr><th>{T("x.whenUtc")}</th><th>{T("x.dir")}</th><th>{T("x.partner")}</th><th>{T("x.type")}</th><th>{T("x.state")}</th><th>{T("x.summary")}</th></tr>");
        foreach (MessageRecord r in await MessageRecords.ForKeyAsync(c, conversation, ct))
        {
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{r.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}</td><td>{E(r.Direction)}</td><td>{E(r.Partner)}</td><td>{E(r.Type)}</td><td>{E(r.State)}</td><td>{E(r.Summary)}</td></tr>");
        }

        b.Append(CultureInfo.InvariantCulture, $"</table></section><p><a href=\"/declarations/{Uri.EscapeDataString(conversation)}\">{T("x.declarationHere", conversation)}</a> {T("x.ifLodgedHere")}</p>");
        return Page(Texts.Format("x.conversationTitle", conversation), b.ToString(), user);
    }

    private static async Task<IResult> PartnerGoodsAsync(ClaimsPrincipal user, NodeExchange x, CancellationToken ct)
    {
        if (ExchangeApi.Denied(user, ExchangeAccess.Read) is not null)
        {
            return Forbidden(Texts.Get("menu.partnerGoods"), Texts.Get("x.goodsWhoMay"), user);
        }

        bool canAct = NodeAuthentication.ScopeOf(user).Role == Role.Officer;
        await using DbConnection c = await x.Db.OpenAsync(ct);
        var b = new StringBuilder(Nav());
        b.Append(CultureInfo.InvariantCulture, $"<section><h2>{T("x.preArrivals")}</h2><table id=\"pre-arrivals\"><tr><th>{T("x.receivedUtc")}</th><th>MRN</th><th>{T("x.from")}</th><th>{T("x.decision")}</th><th>{T("x.summary")}</th><th>{T("x.act")}</th></tr>");
        foreach (MessageRecord r in await MessageRecords.LatestAsync(c, MessageRecords.In, MessageTypes.PreArrival, 100, ct))
        {
            string action = canAct && r.State == "hold"
                ? $"<form method=\"post\" action=\"/exchange/pre-arrivals/{E(Uri.EscapeDataString(r.Key))}/inspection\"><select name=\"found\" aria-label=\"{T("risk.result")}\"><option value=\"false\">{T("risk.nothingFound")}</option><option value=\"true\">{T("risk.found")}</option></select> <input name=\"what\" placeholder=\"{T("x.whatChecked")}\" aria-label=\"{T("x.whatChecked")}\"> <button>{T("x.recordInspection")}</button></form>"
                : "";
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{r.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}</td><td><a href=\"/exchange/conversations/{E(Uri.EscapeDataString(r.Key))}\">{E(r.Key)}</a></td><td>{E(r.Partner)}</td><td>{E(r.State)}</td><td>{E(r.Summary)}</td><td>{action}</td></tr>");
        }

        b.Append(CultureInfo.InvariantCulture, $"</table></section><section><h2>{T("x.arrivals")}</h2><table id=\"arrivals\"><tr><th>{T("x.announcedUtc")}</th><th>MRN</th><th>{T("x.from")}</th><th>{T("x.state")}</th><th>{T("x.summary")}</th><th>{T("x.act")}</th></tr>");
        foreach (MessageRecord r in await MessageRecords.LatestAsync(c, MessageRecords.In, MessageTypes.ArrivalNotice, 100, ct))
        {
            string action = canAct && r.State == "expected"
                ? $"<form method=\"post\" action=\"/exchange/arrivals/{E(Uri.EscapeDataString(r.Key))}/confirm\"><button>{T("x.confirmArrival")}</button></form>"
                : "";
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{r.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}</td><td><a href=\"/exchange/conversations/{E(Uri.EscapeDataString(r.Key))}\">{E(r.Key)}</a></td><td>{E(r.Partner)}</td><td>{E(r.State)}</td><td>{E(r.Summary)}</td><td>{action}</td></tr>");
        }

        b.Append("</table></section>");
        return Page(Texts.Get("x.goods"), b.ToString(), user);
    }

    /// <summary>How a receipt was signed: on its own, or with the others of its answer under one tree head (ADR 0306).</summary>
    private static string SignedHow(string receipt)
    {
        if (!ReceiptCodec.IsBatchForm(receipt))
        {
            return ", signed on its own";
        }

        using JsonDocument doc = JsonDocument.Parse(receipt);
        (string Root, long Size)? head = doc.RootElement.TryGetProperty("proof", out JsonElement proof) && proof.TryGetProperty("jws", out JsonElement jws)
            ? BatchProof.ReadHead(jws.GetString() ?? "")
            : null;
        return head is { } h ? string.Create(CultureInfo.InvariantCulture, $", one of {h.Size} under one signature") : ", batch form";
    }

    private const int PageSize = 50;

    private static string Header() =>
        $"<tr><th>{T("x.whenUtc")}</th><th>{T("x.what")}</th><th>{T("x.partner")}</th><th>{T("x.type")}</th><th>{T("x.conversation")}</th><th>{T("x.seq")}</th><th>{T("x.outcome")}</th><th>{T("x.envelope")}</th><th>{T("x.detail")}</th></tr>";

    private static string Row(MessageEntry m, string partnerName) => string.Create(CultureInfo.InvariantCulture,
        $"<tr><td>{m.At.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff}</td><td>{E(MessageWording.Describe(m.Direction, m.Type, partnerName, m.Conversation, m.Outcome))}</td><td>{E(m.Partner)}</td><td>{E(m.Type)}</td>"
        + $"<td>{(m.Conversation.Length == 0 ? "" : $"<a href=\"/exchange/conversations/{E(Uri.EscapeDataString(m.Conversation))}\">{E(m.Conversation)}</a>")}</td>"
        + $"<td>{(m.Sequence == 0 ? "" : m.Sequence)}</td><td>{E(m.Outcome)}</td><td><code>{E(m.EnvelopeId)}</code></td><td>{E(m.Detail)}</td></tr>");

    /// <summary>
    /// An agreement's allowed field in words, its JSON Pointer kept in the title: <c>/items/*/commodityCode</c> reads
    /// "commodity code of each goods item", <c>/exporter/name</c> "exporter: name". A field without words in the
    /// resources reads as its name split at capitals.
    /// </summary>
    public static string FieldInWords(string path)
    {
        string[] s = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        static string W(string segment) => Texts.Label("field", segment) is var t && t != segment ? t : SplitCamel(segment);
        string words = s.Length switch
        {
            0 => path,
            1 => W(s[0]),
            2 when s[1] == "*" => Texts.Format("x.field.eachOf", W(s[0])),
            3 when s[1] == "*" => Texts.Format("x.field.each", W(s[2]), W(s[0])),
            _ => Texts.Format("x.field.of", W(s[^1]), string.Join(" / ", s[..^1].Where(x => x != "*").Select(W))),
        };
        return $"<span class=\"field\" title=\"{E(path)}\">{E(words)}</span>";
    }

    private static string SplitCamel(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));
}

/// <summary>On the declaration page: what partners were told and answered about this MRN, with a link to the conversation.</summary>
public sealed class PartnerMessagesSection(NodeExchange exchange) : IDeclarationSection
{
    public int Order => 50;

    public async Task<string> RenderAsync(DeclarationDetail declaration, AccessScope scope, CancellationToken ct)
    {
        if (!scope.SeesAll)
        {
            return "";
        }

        await using DbConnection c = await exchange.Db.OpenAsync(ct);
        List<MessageRecord> records = await MessageRecords.ForKeyAsync(c, declaration.Summary.Mrn, ct);
        string mrn = Uri.EscapeDataString(declaration.Summary.Mrn);
        var b = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<section id=\"partner-messages\"><h2>{T("x.partnerMessages")}</h2>");
        if (records.Count == 0)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{T("x.noPartnerMessages")}</p>");
        }
        else
        {
            b.Append(CultureInfo.InvariantCulture, $"<table><tr><th>{T("x.whenUtc")}</th><th>{T("x.dir")}</th><th>{T("x.partner")}</th><th>{T("x.type")}</th><th>{T("x.state")}</th><th>{T("x.summary")}</th></tr>");
            foreach (MessageRecord r in records)
            {
                b.Append(CultureInfo.InvariantCulture, $"<tr><td>{r.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}</td><td>{E(r.Direction)}</td><td>{E(r.Partner)}</td><td>{E(r.Type)}</td><td>{E(r.State)}</td><td>{E(r.Summary)}</td></tr>");
            }

            b.Append("</table>");
        }

        b.Append(CultureInfo.InvariantCulture, $"<p><a href=\"/exchange/conversations/{E(mrn)}\">{T("x.conversationLink", declaration.Summary.Mrn)}</a></p></section>");
        return b.ToString();
    }
}
