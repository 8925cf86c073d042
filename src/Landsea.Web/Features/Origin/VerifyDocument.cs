using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using Landsea.Data.Origin;
using Landsea.Origin;
using Landsea.Web.Features.Exchange;
using Microsoft.AspNetCore.Mvc;
using static Landsea.Web.Infrastructure.Html;

namespace Landsea.Web.Features.Origin;

/// <summary>
/// <c>/origin/verify</c>, open to anyone: upload a wrapped OpenAttestation document and see what <c>landsea origin verify
/// --db</c> would say (integrity, signature, issuer trusted by this node, revocation); or, with <c>?targetHash=</c> (a
/// certificate's QR code), whether this node holds that certificate and whether it is revoked, without its contents.
/// </summary>
public static class VerifyDocument
{
    /// <summary>The largest document accepted.</summary>
    public const int MaxBytes = 2 * 1024 * 1024;

    internal static void Map(WebApplication app)
    {
        app.MapGet("/origin/verify", ShowAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/origin/verify", VerifyAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
    }

    private const string Form = """
        <form method="post" action="/origin/verify" enctype="multipart/form-data" class="filters">
        <label>Wrapped document (JSON) <input type="file" name="document" id="document" accept=".json,application/json"></label>
        <button type="submit" id="verify">Verify</button></form>
        """;

    private static async Task<IResult> ShowAsync(ClaimsPrincipal user, NodeExchange exchange, [FromQuery] string? targetHash, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(targetHash))
        {
            return Page("Verify a certificate of origin", "<p>Upload an OpenAttestation document (v2 or v3). Landsea certificates are checked with their ES256 signature; others for integrity only.</p>" + Form, user);
        }

        await using DbConnection c = await exchange.Db.OpenAsync(ct);
        StoredCertificate? cert = targetHash.Length == 64 && targetHash.All(char.IsAsciiHexDigit) ? await CertificateStore.FindByTargetHashAsync(c, targetHash, ct) : null;
        if (cert is null)
        {
            return Page("Verify a certificate of origin", $"<p class=\"err\" id=\"lookup\">This node holds no certificate with target hash <code>{E(targetHash)}</code> ({OriginErrorCodes.CertificateNotFound}). Upload the document to check it.</p>" + Form, user, StatusCodes.Status404NotFound);
        }

        string state = cert.RevokedAt is { } r
            ? string.Create(CultureInfo.InvariantCulture, $"<strong id=\"lookup\" class=\"status Rejected\">REVOKED</strong> on {r.UtcDateTime:yyyy-MM-dd}: {E(cert.RevokeReason)}")
            : "<strong id=\"lookup\" class=\"status Released\">ON RECORD, NOT REVOKED</strong>";
        string body = $"<p>{state}</p><p>Certificate <span id=\"number\">{E(cert.Number)}</span> ({E(cert.Form)}), {(cert.Source == CertificateStore.Issued ? "issued by this node" : "received from " + E(cert.IssuerNode))}, for {E(cert.ImportingCountry)}. Upload the document to check that it is this one, intact.</p>" + Form;
        return Page("Verify a certificate of origin", body, user);
    }

    private static async Task<IResult> VerifyAsync(HttpRequest request, ClaimsPrincipal user, NodeExchange exchange, CancellationToken ct)
    {
        IFormFile? file = request.HasFormContentType ? (await request.ReadFormAsync(ct)).Files.GetFile("document") : null;
        if (file is null || file.Length == 0)
        {
            return Page("Verify a certificate of origin", "<p class=\"err\" id=\"error\">Choose a document to upload.</p>" + Form, user, StatusCodes.Status400BadRequest);
        }

        if (file.Length > MaxBytes)
        {
            return Page("Verify a certificate of origin", $"<p class=\"err\" id=\"error\">{OriginErrorCodes.DocumentTooLarge}: the document is larger than {MaxBytes / 1024 / 1024} MB.</p>" + Form, user, StatusCodes.Status413PayloadTooLarge);
        }

        byte[] bytes = new byte[file.Length];
        await using (Stream s = file.OpenReadStream())
        {
            await s.ReadExactlyAsync(bytes, ct);
        }

        await using DbConnection c = await exchange.Db.OpenAsync(ct);
        VerificationContext context = await OriginVerificationView.ContextAsync(exchange, c, ct);
        Landsea.Shared.Result<OriginVerification> v = OpenAttestationVerifier.Verify(bytes, context);
        if (!v.IsValid)
        {
            return Page("Verify a certificate of origin", $"<p class=\"err\" id=\"error\">{E(v.Failure!.Code)} {E(v.Failure.Reason)}</p>" + Form, user, StatusCodes.Status422UnprocessableEntity);
        }

        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{E(file.FileName)} (OpenAttestation {E(v.Value.Version)})</p>");
        b.Append(OriginVerificationView.Result(v.Value));
        return Page("Verify a certificate of origin", b.Append(Form).ToString(), user);
    }
}
