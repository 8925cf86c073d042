using System.Data.Common;
using System.Globalization;
using System.Text;
using Landsea.Data;
using Landsea.Data.Origin;
using Landsea.Exchange.Partners;
using Landsea.Origin;
using Landsea.Web.Features.Exchange;
using Landsea.Web.Infrastructure;
using static Landsea.Web.Infrastructure.Html;

namespace Landsea.Web.Features.Origin;

/// <summary>The node's verification context (own and partners' certificates, stored revocations) and the result as HTML.</summary>
internal static class OriginVerificationView
{
    public static async Task<VerificationContext> ContextAsync(NodeExchange exchange, DbConnection c, CancellationToken ct)
    {
        var certificates = new List<byte[]> { exchange.Gateway.Identity.Certificate.RawData };
        certificates.AddRange((await PartnerRegistry.ListAsync(c, ct)).Select(p => p.Certificate.RawData));
        return new VerificationContext(OriginTrust.Of(certificates, $"node {exchange.Node.Code} and its partners"),
            await CertificateStore.RevokedHashesAsync(c, ct), $"node {exchange.Node.Code}'s register");
    }

    public static string Result(OriginVerification v)
    {
        string Outcome(CheckOutcome o) => T(o switch { CheckOutcome.Valid => "ov.valid", CheckOutcome.Invalid => "ov.invalid", _ => "ov.skipped" });
        var b = new StringBuilder("<section id=\"verification\">");
        b.Append(CultureInfo.InvariantCulture, $"<p><strong id=\"verdict\" class=\"status {(v.Valid ? "Released" : "Rejected")}\">{T(v.Valid ? "ov.VALID" : "ov.NOTVALID")}</strong></p>");
        b.Append("<table><tbody>");
        b.Append(CultureInfo.InvariantCulture, $"<tr><th>{T("ov.integrity")}</th><td id=\"integrity\">{Outcome(v.Integrity)}</td></tr>");
        b.Append(CultureInfo.InvariantCulture, $"<tr><th>{T("ov.signature")}</th><td id=\"signature\">{Outcome(v.Signature)}</td></tr>");
        b.Append(CultureInfo.InvariantCulture, $"<tr><th>{T("ov.issuer")}</th><td id=\"issuer\">{E(v.Issuer ?? Texts.Get("ov.noIssuer"))}{(v.IssuerTrusted switch { true => " " + T("ov.trusted"), false => " " + T("ov.notTrusted"), _ => "" })}</td></tr>");
        b.Append(CultureInfo.InvariantCulture, $"<tr><th>{T("ov.revokedRow")}</th><td id=\"revoked\">{T(v.Revoked ? "common.yes" : "common.no")}</td></tr>");
        b.Append(CultureInfo.InvariantCulture, $"<tr><th>{T("ov.targetHash")}</th><td><code id=\"target-hash\">{E(v.TargetHash)}</code></td></tr>");
        b.Append(CultureInfo.InvariantCulture, $"<tr><th>{T("ov.merkleRoot")}</th><td><code>{E(v.MerkleRoot)}</code></td></tr>");
        b.Append("</tbody></table>");
        if (v.Reasons.Count > 0)
        {
            b.Append("<ul id=\"reasons\">");
            foreach (string r in v.Reasons)
            {
                b.Append(CultureInfo.InvariantCulture, $"<li>{E(r)}</li>");
            }

            b.Append("</ul>");
        }

        return b.Append("</section>").ToString();
    }
}
