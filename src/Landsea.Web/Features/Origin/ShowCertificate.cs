using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Landsea.Data.Access;
using Landsea.Data.Origin;
using Landsea.Origin;
using Landsea.Web.Features.Access;
using Landsea.Web.Features.Exchange;
using Landsea.Web.Infrastructure;
using QRCoder;
using static Landsea.Web.Infrastructure.Html;

namespace Landsea.Web.Features.Origin;

/// <summary>
/// <c>/origin/certificates/{number}</c>: one certificate of origin this node issued or received, for officers and auditors:
/// the form's boxes (values read from the salted document), the verification result as <c>landsea origin verify --db</c>
/// gives it, and a QR code (PNG, inline as a data URL: no script) carrying <c>/origin/verify?targetHash=...</c>.
/// </summary>
public static class ShowCertificate
{
    internal static void Map(WebApplication app) =>
        app.MapGet("/origin/certificates/{number}", ShowAsync).RequireAuthorization().ExcludeFromDescription();

    /// <summary>The URL a certificate's QR code carries.</summary>
    public static string VerificationUrl(HttpRequest request, string targetHash)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"{request.Scheme}://{request.Host}/origin/verify?targetHash={Uri.EscapeDataString(targetHash)}";
    }

    /// <summary>A QR code (error correction M) as PNG bytes.</summary>
    public static byte[] QrPng(string text)
    {
        using var generator = new QRCodeGenerator();
        using QRCodeData data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(5);
    }

    private static async Task<IResult> ShowAsync(string number, ClaimsPrincipal user, HttpRequest request, NodeExchange exchange, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.SeesAll)
        {
            return Forbidden(Texts.Get("oc2.title"), Texts.Get("oc2.whoMay"), user);
        }

        await using DbConnection c = await exchange.Db.OpenAsync(ct);
        IReadOnlyList<StoredCertificate> found = await CertificateStore.FindByNumberAsync(c, number, ct);
        if (found.Count == 0)
        {
            return NotFound(T("oc2.notFound", number, OriginErrorCodes.CertificateNotFound), user);
        }

        StoredCertificate cert = found[0];
        VerificationContext context = await OriginVerificationView.ContextAsync(exchange, c, ct);
        OriginVerification v = OpenAttestationVerifier.Verify(Encoding.UTF8.GetBytes(cert.Document), context).Value;
        string url = VerificationUrl(request, cert.TargetHash);

        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{E(cert.Form == OriginForms.Rcep ? "Form RCEP" : "ACFTA Form E")} · {(cert.Source == CertificateStore.Issued ? T("ov.issuedHere") : T("ov.receivedFrom", cert.IssuerNode))} · {T("oc2.recorded", Texts.UtcTime(cert.IssuedAt))}{(cert.RevokedAt is { } r ? $" · <span class=\"status Rejected\" id=\"revoked-at\">{T("oc2.revoked", Texts.Day(DateOnly.FromDateTime(r.UtcDateTime)), cert.RevokeReason)}</span>" : "")}</p>");
        b.Append("<div style=\"display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start\"><div style=\"flex:1;min-width:320px\">");
        b.Append(OriginVerificationView.Result(v));
        b.Append("</div><figure style=\"margin:0\">");
        b.Append(CultureInfo.InvariantCulture, $"<img id=\"qr\" alt=\"{T("oc2.qr", url)}\" width=\"200\" height=\"200\" src=\"data:image/png;base64,{Convert.ToBase64String(QrPng(url))}\">");
        b.Append(CultureInfo.InvariantCulture, $"<figcaption class=\"muted\">{T("oc2.scan")} <a id=\"verify-url\" href=\"{E(url)}\">{E(url)}</a></figcaption></figure></div>");

        using JsonDocument doc = JsonDocument.Parse(cert.Document);
        if (doc.RootElement.TryGetProperty("data", out JsonElement data) && data.TryGetProperty("certificateOfOrigin", out JsonElement co))
        {
            b.Append(Boxes(co));
        }

        return Page(Texts.Format("oc2.titleNumber", cert.Number), b.ToString(), user);
    }

    /// <summary>The boxes of the form, as the document holds them (obfuscated fields are absent).</summary>
    private static string Boxes(JsonElement co)
    {
        string V(JsonElement o, string name) => E(IssuedDocument.Value(o, name) ?? "");
        string Party(string name) => co.TryGetProperty(name, out JsonElement p)
            ? $"{V(p, "name")}<br>{V(p, "address")}<br>{V(p, "country")}"
            : "<span class=\"muted\">(not given)</span>";

        var b = new StringBuilder("<section id=\"boxes\"><table><tbody>");
        b.Append(CultureInfo.InvariantCulture, $"<tr><th>Certificate number</th><td id=\"number\">{V(co, "certificateNumber")}</td></tr>");
        b.Append(CultureInfo.InvariantCulture, $"<tr><th>Exporter (goods consigned from)</th><td id=\"exporter\">{Party("exporter")}</td></tr>");
        b.Append(CultureInfo.InvariantCulture, $"<tr><th>Importer / consignee (goods consigned to)</th><td id=\"consignee\">{Party("consignee")}</td></tr>");
        b.Append(CultureInfo.InvariantCulture, $"<tr><th>Producer</th><td>{Party("producer")}</td></tr>");
        if (co.TryGetProperty("transport", out JsonElement t))
        {
            b.Append(CultureInfo.InvariantCulture, $"<tr><th>Means of transport and route</th><td id=\"transport\">departure {V(t, "departureDate")}; {V(t, "meansOfTransport")}; {V(t, "vesselOrFlight")}; {V(t, "portOfLoading")} → {V(t, "portOfDischarge")}; {V(t, "route")}</td></tr>");
        }

        b.Append(CultureInfo.InvariantCulture, $"<tr><th>Exported to (importing country)</th><td id=\"importing\">{V(co, "importingCountry")}</td></tr>");
        b.Append(CultureInfo.InvariantCulture, $"<tr><th>Remarks</th><td>{V(co, "remarks")}</td></tr>");
        b.Append(CultureInfo.InvariantCulture, $"<tr><th>Certification</th><td id=\"certification\">{V(co, "issuingAuthority")}, {V(co, "placeOfIssue")}, {V(co, "dateOfIssue")}</td></tr>");
        b.Append("</tbody></table>");
        b.Append("<h2>Goods</h2><div style=\"overflow-x:auto\"><table id=\"items\"><thead><tr><th>Item</th><th>Marks and numbers</th><th>Packages and description</th><th>HS code</th><th>Origin criterion</th><th>Country of origin</th><th>Quantity / gross weight (kg)</th><th>FOB value</th><th>Invoice</th></tr></thead><tbody>");
        if (co.TryGetProperty("items", out JsonElement items) && items.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement i in items.EnumerateArray())
            {
                b.Append(CultureInfo.InvariantCulture, $"<tr><td>{V(i, "itemNumber")}</td><td>{V(i, "marks")}</td><td>{V(i, "packages")} {V(i, "description")}</td><td class=\"hs\">{V(i, "hsCode")}</td><td class=\"criterion\">{V(i, "originCriterion")}</td><td>{V(i, "countryOfOrigin")}</td><td>{V(i, "quantity")} {V(i, "grossWeightKg")}</td><td>{V(i, "fobValue")}</td><td>{V(i, "invoiceNumber")} {V(i, "invoiceDate")}</td></tr>");
            }
        }

        return b.Append("</tbody></table></div></section>").ToString();
    }
}
