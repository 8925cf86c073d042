using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Landsea.Exchange.Signing;

/// <summary>
/// Signs and verifies receipts, in the manner of PINT's signed responses. A receipt's text is either a compact JWS whose payload
/// is the receipt JSON (signed on its own), or, when a receiver signs all receipts of one answer together (ADR 0306), the JSON
/// object <c>{"receipt":"&lt;base64url receipt JSON&gt;","proof":{"jws","index","path"}}</c>. Both are verifiable on their own.
/// </summary>
public static class ReceiptCodec
{
    public const string JwsType = "landsea-receipt+jws";

    public static SignedReceipt Sign(Receipt receipt, NodeIdentity signer) => new(receipt, signer.Sign(JwsType, Write(receipt)));

    /// <summary>Signs receipts: one JWS each (<see cref="SigningMode.PerItem"/>, or a single receipt), or one tree head for all.</summary>
    public static SignedReceipt[] SignAll(IReadOnlyList<Receipt> receipts, NodeIdentity signer, SigningMode mode, DateTimeOffset issuedAt)
    {
        if (mode == SigningMode.PerItem || receipts.Count == 1)
        {
            return receipts.Select(r => Sign(r, signer)).ToArray();
        }

        byte[][] bodies = receipts.Select(Write).ToArray();
        BatchProof[] proofs = BatchProof.Sign(signer, BatchProof.ReceiptsType, bodies.Select(b => System.Security.Cryptography.SHA256.HashData(b)).ToList(), issuedAt);
        var signed = new SignedReceipt[receipts.Count];
        for (int i = 0; i < signed.Length; i++)
        {
            var buffer = new MemoryStream(1024);
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("receipt", Base64UrlCodec.Encode(bodies[i]));
                proofs[i].WriteTo(w, "proof");
                w.WriteEndObject();
            }

            signed[i] = new SignedReceipt(receipts[i], System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }

        return signed;
    }

    /// <summary>Verifies a receipt with the issuer's certificate that its <c>kid</c> names in <paramref name="issuer"/> (current, or
    /// a past key within its overlap at <paramref name="now"/>).</summary>
    public static Receipt? Verify(string jws, KeyRing issuer, DateTimeOffset now, BatchVerifier? verifier = null) =>
        Verify(jws, issuer.ForNew(SignerKeyId(jws), now), verifier);

    /// <summary>The key id a receipt claims to be signed with (either form); null when unreadable.</summary>
    public static string? SignerKeyId(string text) =>
        IsBatchForm(text) ? (ReadBatchForm(text) is { } batch ? Jws.TryParse(batch.Proof.Jws)?.KeyId : null) : Jws.TryParse(text.Trim())?.KeyId;

    /// <summary>True when <paramref name="text"/> is in the batch form (a JSON object), false for a compact JWS.</summary>
    public static bool IsBatchForm(string text) => text.TrimStart().StartsWith('{');

    private static byte[] Write(Receipt receipt)
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

        return buffer.ToArray();
    }

    /// <summary>Verifies a receipt (either form) against the issuer's pinned certificate; returns null when the signature, key id
    /// or content is wrong. <paramref name="verifier"/> checks each distinct batch tree head once.</summary>
    public static Receipt? Verify(string jws, X509Certificate2 issuerCertificate, BatchVerifier? verifier = null)
    {
        if (IsBatchForm(jws))
        {
            if (ReadBatchForm(jws) is not { } batch)
            {
                return null;
            }

            using BatchVerifier? own = verifier is null ? new BatchVerifier() : null;
            return (verifier ?? own!).Verify(batch.Proof, System.Security.Cryptography.SHA256.HashData(batch.Body), BatchProof.ReceiptsType, issuerCertificate) is null
                ? Parse(batch.Body)
                : null;
        }

        JwsParts? parts = Jws.TryParse(jws.Trim());
        string keyId = CertificateThumbprint.Of(issuerCertificate);
        if (parts is null || parts.Type != JwsType || parts.KeyId != keyId)
        {
            return null;
        }

        using System.Security.Cryptography.ECDsa? imported = verifier is null ? issuerCertificate.GetECDsaPublicKey() : null;
        System.Security.Cryptography.ECDsa? key = imported ?? verifier!.KeyOf(keyId, issuerCertificate);
        if (key is null || !Jws.Verify(parts, key))
        {
            return null;
        }

        return Parse(parts.Payload);
    }

    /// <summary>Reads a receipt's content without verifying it (for display and stored receipts already verified).</summary>
    public static Receipt? ReadUnverified(string jws)
    {
        if (IsBatchForm(jws))
        {
            return ReadBatchForm(jws) is { } batch ? Parse(batch.Body) : null;
        }

        JwsParts? parts = Jws.TryParse(jws.Trim());
        return parts is null ? null : Parse(parts.Payload);
    }

    private static (byte[] Body, BatchProof Proof)? ReadBatchForm(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            JsonElement r = doc.RootElement;
            if (r.ValueKind != JsonValueKind.Object || !r.TryGetProperty("receipt", out JsonElement body) || body.ValueKind != JsonValueKind.String
                || !r.TryGetProperty("proof", out JsonElement proof) || BatchProof.TryRead(proof) is not { } p
                || Base64UrlCodec.TryDecode(body.GetString()!) is not { } bytes)
            {
                return null;
            }

            return (bytes, p);
        }
        catch (JsonException)
        {
            return null;
        }
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
