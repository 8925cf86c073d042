using Landsea.Sharing;
using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Exchange;
using Landsea.Exchange.Records;
using Landsea.Exchange.Storage;
using Landsea.Exchange.Queries;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Signing;
using Landsea.Web.Features.Access;
using Landsea.Web.Features.Declarations;
using Microsoft.AspNetCore.Mvc;
using static Landsea.Web.Infrastructure.Html;

namespace Landsea.Web.Features.Exchange;

/// <summary>Officer pages: the message log (search), one conversation in order, and partner goods (pre-arrivals, arrivals) with actions.</summary>
public static class ExchangePages
{
    private const string Nav = "<p><a href=\"/exchange\">Message log</a> · <a href=\"/exchange/partner-goods\">Pre-arrivals and arrivals</a> · <a href=\"/exchange/partners\">Partners and agreements</a> · <a href=\"/api/exchange/dead-letters\">Dead letters (JSON)</a></p>";

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
            return Forbidden("Message log", "Only officers and auditors see the message log.", user);
        }

        DateTimeOffset? f = DateTimeOffset.TryParse(from, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset df) ? df : null;
        DateTimeOffset? t = DateTimeOffset.TryParse(to, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset dt) ? dt : null;
        await using DbConnection c = await x.Db.OpenAsync(ct);
        int pageNumber = Math.Clamp(page ?? 1, 1, 2000);
        List<MessageEntry> rows = await MessageLog.SearchAsync(c, new MessageFilter(conversation, partner, type, outcome, f, t, PageSize + 1, (pageNumber - 1) * PageSize), ct);
        bool older = rows.Count > PageSize;
        rows = rows.Take(PageSize).ToList();
        Dictionary<string, string> names = (await PartnerRegistry.ListAsync(c, ct)).ToDictionary(p => p.Code, p => p.Name, StringComparer.Ordinal);
        var b = new StringBuilder(Nav);
        b.Append(CultureInfo.InvariantCulture, $"""
            <form class="filters" method="get" action="/exchange">
            <label>Conversation / MRN <input name="conversation" id="conversation" value="{E(conversation)}"></label>
            <label>Partner <input name="partner" id="partner" value="{E(partner)}" size="7" placeholder="SGSIN"></label>
            <label>Type <input name="type" id="type" value="{E(type)}" placeholder="pre-arrival"></label>
            <label>Outcome <input name="outcome" id="outcome" value="{E(outcome)}" size="8" placeholder="RECE, DEAD, BSIG"></label>
            <label>From (UTC) <input name="from" value="{E(from)}" placeholder="2026-01-01T00:00"></label>
            <label>To (UTC) <input name="to" value="{E(to)}"></label>
            <button type="submit" id="search">Search</button></form>
            <p class="muted">Node {E(x.Node.Code)} ({E(x.Node.Name)}), key id {E(x.Gateway.Identity.KeyId)}. Newest first, {PageSize} a page; page {pageNumber}.</p>
            """);
        if (rows.Count == 0)
        {
            b.Append(pageNumber == 1
                ? "<p id=\"no-messages\">No message matches. Messages appear here once partners are registered and declarations are shared (see Partners and agreements); clear the filters to see everything.</p>"
                : "<p id=\"no-messages\">No older messages.</p>");
        }
        else
        {
            b.Append("<table id=\"messages\"><thead><tr><th>When (UTC)</th><th>What happened</th><th>Partner</th><th>Type</th><th>Conversation</th><th>Seq</th><th>Outcome</th><th>Envelope</th><th>Detail</th></tr></thead><tbody>");
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
        b.Append("<nav class=\"pager\" aria-label=\"Message log pages\">");
        if (pageNumber > 1)
        {
            b.Append(CultureInfo.InvariantCulture, $"<a id=\"newer\" href=\"{E(Link(pageNumber - 1))}\">← Newer</a> ");
        }

        if (older)
        {
            b.Append(CultureInfo.InvariantCulture, $"<a id=\"older\" href=\"{E(Link(pageNumber + 1))}\">Older →</a>");
        }

        b.Append("</nav>");
        return Page("Message log", b.ToString(), user);
    }

    /// <summary>Who this node shares with and what: each partner's pinned certificate and current agreement, field by field.</summary>
    private static async Task<IResult> PartnersAsync(ClaimsPrincipal user, NodeExchange x, CancellationToken ct)
    {
        if (ExchangeApi.Denied(user, ExchangeAccess.Read) is not null)
        {
            return Forbidden("Partners and agreements", "Only officers, auditors and administrators see partners and agreements.", user);
        }

        await using DbConnection c = await x.Db.OpenAsync(ct);
        var b = new StringBuilder(Nav);
        b.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">This node: {E(x.Node.Code)} ({E(x.Node.Name)}), key id <code>{E(x.Gateway.Identity.KeyId)}</code>. ");
        b.Append("Administrators change partners and agreements with <code>landsea partner</code> / <code>landsea agreement</code> or the API; every version is kept.</p>");
        List<Partner> partners = await PartnerRegistry.ListAsync(c, ct);
        if (partners.Count == 0)
        {
            b.Append("<p>No partner is registered: nothing is shared.</p>");
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
                b.Append("<p class=\"err\">No agreement: nothing is sent to or accepted from this partner.</p></section>");
                continue;
            }

            b.Append(CultureInfo.InvariantCulture, $"<p>Agreement version {a.Version}, recorded {a.RecordedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC.</p>");
            b.Append("<table class=\"agreement\"><tr><th>We send</th><th>Fields that may leave this node</th></tr>");
            foreach (OutboundRule rule in a.Outbound)
            {
                string fields = rule.AllowedFields is null ? "the whole payload" : string.Join(", ", rule.AllowedFields.Select(f => $"<code>{E(f)}</code>"));
                b.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(rule.Type)}</td><td>{fields}</td></tr>");
            }

            b.Append(CultureInfo.InvariantCulture, $"</table><p>We accept: {(a.InboundTypes.Count == 0 ? "nothing" : string.Join(", ", a.InboundTypes.Select(E)))}.</p></section>");
        }

        return Page("Partners and agreements", b.ToString(), user);
    }

    private static async Task<IResult> ConversationAsync(string conversation, ClaimsPrincipal user, NodeExchange x, CancellationToken ct)
    {
        if (ExchangeApi.Denied(user, ExchangeAccess.Read) is not null)
        {
            return Forbidden("Conversation", "Only officers and auditors see the message log.", user);
        }

        await using DbConnection c = await x.Db.OpenAsync(ct);
        List<MessageEntry> envelopes = await MessageLog.ConversationAsync(c, conversation, ct);
        var b = new StringBuilder(Nav);
        b.Append("<section><h2>Envelopes, in order</h2><table id=\"envelopes\"><thead><tr><th>When (UTC)</th><th>What happened</th><th>Partner</th><th>Type</th><th>Conversation</th><th>Seq</th><th>Outcome</th><th>Envelope</th><th>Detail</th></tr></thead><tbody>");
        foreach (MessageEntry m in envelopes)
        {
            b.Append(Row(m, m.Partner));
        }

        b.Append("</tbody></table></section><section><h2>Receipts from partners</h2><table id=\"receipts\"><tr><th>Envelope</th><th>Outcome</th><th>Issuer</th><th>Issued (UTC)</th><th>Partner's audit head</th><th>Signature</th></tr>");
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

        b.Append("</table></section><section><h2>Audit trail entries</h2><table id=\"audit\"><tr><th>#</th><th>When (UTC)</th><th>Kind</th><th>Envelope</th><th>Partner</th><th>Outcome</th><th>Detail</th></tr>");
        foreach (AuditLine a in await MessageLog.AuditForConversationAsync(c, conversation, ct))
        {
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{a.Sequence}</td><td>{a.At.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff}</td><td>{E(a.Kind)}</td><td><code>{E(a.EnvelopeId)}</code></td><td>{E(a.Partner)}</td><td>{E(a.Outcome)}</td><td>{E(a.Detail)}</td></tr>");
        }

        b.Append("</table></section><section><h2>Effects on this node</h2><table id=\"records\"><tr><th>When (UTC)</th><th>Dir</th><th>Partner</th><th>Type</th><th>State</th><th>Summary</th></tr>");
        foreach (MessageRecord r in await MessageRecords.ForKeyAsync(c, conversation, ct))
        {
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{r.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}</td><td>{E(r.Direction)}</td><td>{E(r.Partner)}</td><td>{E(r.Type)}</td><td>{E(r.State)}</td><td>{E(r.Summary)}</td></tr>");
        }

        b.Append(CultureInfo.InvariantCulture, $"</table></section><p><a href=\"/declarations/{Uri.EscapeDataString(conversation)}\">Declaration {E(conversation)} on this node</a> (if it was lodged here)</p>");
        return Page($"Conversation {conversation}", b.ToString(), user);
    }

    private static async Task<IResult> PartnerGoodsAsync(ClaimsPrincipal user, NodeExchange x, CancellationToken ct)
    {
        if (ExchangeApi.Denied(user, ExchangeAccess.Read) is not null)
        {
            return Forbidden("Partner goods", "Only officers and auditors see partner goods.", user);
        }

        bool canAct = NodeAuthentication.ScopeOf(user).Role == Role.Officer;
        await using DbConnection c = await x.Db.OpenAsync(ct);
        var b = new StringBuilder(Nav);
        b.Append("<section><h2>Pre-arrival information received (latest 100)</h2><table id=\"pre-arrivals\"><tr><th>Received (UTC)</th><th>MRN</th><th>From</th><th>Decision</th><th>Summary</th><th></th></tr>");
        foreach (MessageRecord r in await MessageRecords.LatestAsync(c, MessageRecords.In, MessageTypes.PreArrival, 100, ct))
        {
            string action = canAct && r.State == "hold"
                ? $"<form method=\"post\" action=\"/exchange/pre-arrivals/{E(Uri.EscapeDataString(r.Key))}/inspection\"><select name=\"found\"><option value=\"false\">nothing found</option><option value=\"true\">irregularity found</option></select> <input name=\"what\" placeholder=\"what was checked\"> <button>Record inspection</button></form>"
                : "";
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{r.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}</td><td><a href=\"/exchange/conversations/{E(Uri.EscapeDataString(r.Key))}\">{E(r.Key)}</a></td><td>{E(r.Partner)}</td><td>{E(r.State)}</td><td>{E(r.Summary)}</td><td>{action}</td></tr>");
        }

        b.Append("</table></section><section><h2>Anticipated arrivals announced to this node (latest 100)</h2><table id=\"arrivals\"><tr><th>Announced (UTC)</th><th>MRN</th><th>From</th><th>State</th><th>Summary</th><th></th></tr>");
        foreach (MessageRecord r in await MessageRecords.LatestAsync(c, MessageRecords.In, MessageTypes.ArrivalNotice, 100, ct))
        {
            string action = canAct && r.State == "expected"
                ? $"<form method=\"post\" action=\"/exchange/arrivals/{E(Uri.EscapeDataString(r.Key))}/confirm\"><button>Confirm arrival</button></form>"
                : "";
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{r.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}</td><td><a href=\"/exchange/conversations/{E(Uri.EscapeDataString(r.Key))}\">{E(r.Key)}</a></td><td>{E(r.Partner)}</td><td>{E(r.State)}</td><td>{E(r.Summary)}</td><td>{action}</td></tr>");
        }

        b.Append("</table></section>");
        return Page("Pre-arrivals and arrivals", b.ToString(), user);
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

    private static string Row(MessageEntry m, string partnerName) => string.Create(CultureInfo.InvariantCulture,
        $"<tr><td>{m.At.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff}</td><td>{E(MessageWording.Describe(m.Direction, m.Type, partnerName, m.Conversation, m.Outcome))}</td><td>{E(m.Partner)}</td><td>{E(m.Type)}</td>"
        + $"<td>{(m.Conversation.Length == 0 ? "" : $"<a href=\"/exchange/conversations/{E(Uri.EscapeDataString(m.Conversation))}\">{E(m.Conversation)}</a>")}</td>"
        + $"<td>{(m.Sequence == 0 ? "" : m.Sequence)}</td><td>{E(m.Outcome)}</td><td><code>{E(m.EnvelopeId)}</code></td><td>{E(m.Detail)}</td></tr>");
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
        var b = new StringBuilder("<section id=\"partner-messages\"><h2>Partner messages</h2>");
        if (records.Count == 0)
        {
            b.Append("<p class=\"muted\">No messages exchanged with partners for this declaration.</p>");
        }
        else
        {
            b.Append("<table><tr><th>When (UTC)</th><th>Dir</th><th>Partner</th><th>Type</th><th>State</th><th>Summary</th></tr>");
            foreach (MessageRecord r in records)
            {
                b.Append(CultureInfo.InvariantCulture, $"<tr><td>{r.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}</td><td>{E(r.Direction)}</td><td>{E(r.Partner)}</td><td>{E(r.Type)}</td><td>{E(r.State)}</td><td>{E(r.Summary)}</td></tr>");
            }

            b.Append("</table>");
        }

        b.Append(CultureInfo.InvariantCulture, $"<p><a href=\"/exchange/conversations/{E(mrn)}\">Conversation {E(declaration.Summary.Mrn)}: envelopes and receipts</a></p></section>");
        return b.ToString();
    }
}
