using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Landsea.Exchange.Signing;

/// <summary>Signs and verifies receipts: a compact JWS whose payload is the receipt JSON, in the manner of PINT's signed responses.</summary>
public static class ReceiptCodec
{
    public const string JwsType = "landsea-receipt+jws";

    public static SignedReceipt Sign(Receipt receipt, NodeIdentity signer)
    {
        var buffer = new MemoryStream(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("envelopeId", receipt.EnvelopeId);
            w.WriteString("envelopeDigest", receipt.EnvelopeDigest);
            w.WriteString("outcome", receipt.Outcome.ToCode());
            w.WriteString("reason", receipt.Reason);
            w.WriteString("issuer", receipt.Issuer);
            w.WriteString("sender", receipt.Sender);
            w.WriteString("iat", receipt.IssuedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            w.WriteStartObject("auditHead");
            w.WriteNumber("seq", receipt.AuditHead.Sequence);
            w.WriteString("hash", receipt.AuditHead.Hash);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return new SignedReceipt(receipt, signer.Sign(JwsType, buffer.ToArray()));
    }

    /// <summary>Verifies a receipt against the issuer's pinned certificate; returns null when the signature, key id or content is wrong.</summary>
    public static Receipt? Verify(string jws, X509Certificate2 issuerCertificate)
    {
        JwsParts? parts = Jws.TryParse(jws.Trim());
        if (parts is null || parts.Type != JwsType || parts.KeyId != CertificateThumbprint.Of(issuerCertificate))
        {
            return null;
        }

        using var key = issuerCertificate.GetECDsaPublicKey();
        if (key is null || !Jws.Verify(parts, key))
        {
            return null;
        }

        return Parse(parts.Payload);
    }

    /// <summary>Reads a receipt's content without verifying it (for display and stored receipts already verified).</summary>
    public static Receipt? ReadUnverified(string jws)
    {
        JwsParts? parts = Jws.TryParse(jws.Trim());
        return parts is null ? null : Parse(parts.Payload);
    }

    private static Receipt? Parse(byte[] json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            JsonElement r = doc.RootElement;
            ReceiptOutcome? outcome = ReceiptOutcomes.FromCode(Str(r, "outcome"));
            string? issuer = Str(r, "issuer");
            string? iat = Str(r, "iat");
            if (outcome is null || issuer is null || iat is null
                || !DateTimeOffset.TryParse(iat, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTimeOffset issued)
                || !r.TryGetProperty("auditHead", out JsonElement head) || head.ValueKind != JsonValueKind.Object
                || !head.TryGetProperty("seq", out JsonElement seq) || !seq.TryGetInt64(out long headSeq)
                || Str(head, "hash") is not { } headHash)
            {
                return null;
            }

            return new Receipt(Str(r, "envelopeId"), Str(r, "envelopeDigest"), outcome.Value, Str(r, "reason"), issuer, Str(r, "sender"), issued.ToUniversalTime(), new AuditHead(headSeq, headHash));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }

        static string? Str(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}
