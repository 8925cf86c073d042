using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using Landsea.Data.Origin;
using Landsea.Origin;
using Landsea.Web.Features.Exchange;
using Landsea.Web.Infrastructure;
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

    private static string Form => $"""
        <form method="post" action="/origin/verify" enctype="multipart/form-data" class="filters">
        <label>{T("ov.document")} <input type="file" name="document" id="document" accept=".json,application/json"></label>
        <button type="submit" id="verify">{T("ov.verify")}</button></form>
        """;

    private static async Task<IResult> ShowAsync(ClaimsPrincipal user, NodeExchange exchange, [FromQuery] string? targetHash, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(targetHash))
        {
            return Page(Texts.Get("ov.title"), $"<p>{T("ov.intro")}</p>" + Form, user);
        }

        await using DbConnection c = await exchange.Db.OpenAsync(ct);
        StoredCertificate? cert = targetHash.Length == 64 && targetHash.All(char.IsAsciiHexDigit) ? await CertificateStore.FindByTargetHashAsync(c, targetHash, ct) : null;
        if (cert is null)
        {
            return Page(Texts.Get("ov.title"), $"<p class=\"err\" id=\"lookup\">{T("ov.noHash", Raw($"<code>{E(targetHash)}</code>"), OriginErrorCodes.CertificateNotFound)}</p>" + Form, user, StatusCodes.Status404NotFound);
        }

        string state = cert.RevokedAt is { } r
            ? T("ov.revoked", Raw($"<strong id=\"lookup\" class=\"status Rejected\">{T("ov.revokedWord")}</strong>"), Texts.Day(DateOnly.FromDateTime(r.UtcDateTime)), cert.RevokeReason)
            : $"<strong id=\"lookup\" class=\"status Released\">{T("ov.onRecord")}</strong>";
        string body = $"<p>{state}</p><p>{T("ov.certificate", Raw($"<span id=\"number\">{E(cert.Number)}</span>"), cert.Form, cert.Source == CertificateStore.Issued ? Texts.Get("ov.issuedHere") : Texts.Format("ov.receivedFrom", cert.IssuerNode), cert.ImportingCountry)}</p>" + Form;
        return Page(Texts.Get("ov.title"), body, user);
    }

    private static async Task<IResult> VerifyAsync(HttpRequest request, ClaimsPrincipal user, NodeExchange exchange, CancellationToken ct)
    {
        IFormFile? file = request.HasFormContentType ? (await request.ReadFormAsync(ct)).Files.GetFile("document") : null;
        if (file is null || file.Length == 0)
        {
            return Page(Texts.Get("ov.title"), $"<p class=\"err\" id=\"error\">{T("ov.choose")}</p>" + Form, user, StatusCodes.Status400BadRequest);
        }

        if (file.Length > MaxBytes)
        {
            return Page(Texts.Get("ov.title"), $"<p class=\"err\" id=\"error\">{T("ov.tooLarge", OriginErrorCodes.DocumentTooLarge, MaxBytes / 1024 / 1024)}</p>" + Form, user, StatusCodes.Status413PayloadTooLarge);
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
            return Page(Texts.Get("ov.title"), $"<p class=\"err\" id=\"error\">{E(v.Failure!.Code)} {E(v.Failure.Reason)}</p>" + Form, user, StatusCodes.Status422UnprocessableEntity);
        }

        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{E(file.FileName)} (OpenAttestation {E(v.Value.Version)})</p>");
        b.Append(OriginVerificationView.Result(v.Value));
        return Page(Texts.Get("ov.title"), b.Append(Form).ToString(), user);
    }
}
