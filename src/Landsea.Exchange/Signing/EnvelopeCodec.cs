using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Landsea.Exchange.Signing;

/// <summary>
/// Signs envelopes and reads them off the wire. Wire form (HTTP body, UTF-8 JSON):
/// <c>{"envelope":"&lt;compact JWS&gt;","payload":"&lt;base64&gt;"}</c>. The JWS payload is the envelope header
/// (id, type, version, sender, recipient, conversation, sequence, created-at, payload SHA-256 and length), so the
/// signature covers the payload through its digest, as DCSA PINT's envelope manifest covers its documents.
/// </summary>
public static class EnvelopeCodec
{
    public const string JwsType = "landsea-envelope+jws";

    public static SignedEnvelope Sign(Envelope envelope, NodeIdentity signer)
    {
        if (envelope.Sender != signer.Code)
        {
            throw new ArgumentException($"Envelope sender {envelope.Sender} is not the signing node {signer.Code}.", nameof(envelope));
        }

        string jws = signer.Sign(JwsType, WriteHeader(envelope));
        return new SignedEnvelope(envelope, jws, Digests.Sha256Hex(Encoding.ASCII.GetBytes(jws)));
    }

    public static byte[] ToWire(SignedEnvelope signed) => ToWire(signed.Jws, signed.Envelope.Payload.Span);

    internal static byte[] ToWire(string jws, ReadOnlySpan<byte> payload)
    {
        var buffer = new MemoryStream(payload.Length * 4 / 3 + jws.Length + 64);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("envelope", jws);
            w.WriteBase64String("payload", payload);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Parses wire bytes without checking the signature. Failure is always <see cref="ReceiptOutcome.BadEnvelope"/>.</summary>
    public static EnvelopeRead Read(ReadOnlySpan<byte> wire)
    {
        string? jws;
        byte[] payload;
        try
        {
            var reader = new Utf8JsonReader(wire);
            using JsonDocument doc = JsonDocument.ParseValue(ref reader);
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("envelope", out JsonElement e) || e.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("payload", out JsonElement p) || p.ValueKind != JsonValueKind.String)
            {
                return EnvelopeRead.Fail("body is not {envelope, payload}");
            }

            jws = e.GetString();
            if (!p.TryGetBytesFromBase64(out byte[]? bytes))
            {
                return EnvelopeRead.Fail("payload is not base64");
            }

            payload = bytes;
        }
        catch (JsonException)
        {
            return EnvelopeRead.Fail("body is not JSON");
        }

        JwsParts? parts = jws is null ? null : Jws.TryParse(jws);
        if (parts is null || jws is null)
        {
            return EnvelopeRead.Fail("envelope is not a compact JWS");
        }

        if (parts.Type != JwsType)
        {
            return EnvelopeRead.Fail($"JWS typ is not {JwsType}");
        }

        EnvelopeHeader? header = ReadHeader(parts.Payload);
        if (header is null)
        {
            return EnvelopeRead.Fail("envelope header is missing fields or malformed");
        }

        var envelope = new Envelope(header.Id, header.Type, header.Version, header.Sender, header.Recipient, header.Conversation, header.Sequence, header.CreatedAt, payload);
        var signed = new SignedEnvelope(envelope, jws, Digests.Sha256Hex(Encoding.ASCII.GetBytes(jws)));
        return new EnvelopeRead(new UnverifiedEnvelope(signed, parts, header.PayloadDigest, header.PayloadLength), null);
    }

    /// <summary>Checks key id, ES256 signature and payload digest against the sender's pinned certificate; null when all hold.</summary>
    public static string? Verify(UnverifiedEnvelope candidate, X509Certificate2 pinned)
    {
        if (candidate.Parts.KeyId != CertificateThumbprint.Of(pinned))
        {
            return "signed with a key other than the pinned certificate's";
        }

        using var key = pinned.GetECDsaPublicKey();
        if (key is null || !Jws.Verify(candidate.Parts, key))
        {
            return "ES256 signature does not verify";
        }

        Envelope e = candidate.Signed.Envelope;
        if (e.Payload.Length != candidate.ClaimedPayloadLength || e.PayloadDigest != candidate.ClaimedPayloadDigest)
        {
            return "payload does not match the signed SHA-256 digest";
        }

        return null;
    }

    private static byte[] WriteHeader(Envelope e)
    {
        var buffer = new MemoryStream(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("id", e.Id);
            w.WriteString("type", e.Type);
            w.WriteString("ver", e.Version);
            w.WriteString("from", e.Sender);
            w.WriteString("to", e.Recipient);
            w.WriteString("conv", e.Conversation);
            w.WriteNumber("seq", e.Sequence);
            w.WriteString("iat", e.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("sha256", e.PayloadDigest);
            w.WriteNumber("len", e.Payload.Length);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static EnvelopeHeader? ReadHeader(byte[] json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            JsonElement r = doc.RootElement;
            if (r.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            string? id = Str(r, "id"), type = Str(r, "type"), ver = Str(r, "ver"), from = Str(r, "from"), to = Str(r, "to"),
                conv = Str(r, "conv"), iat = Str(r, "iat"), sha = Str(r, "sha256");
            if (id is null || type is null || ver is null || from is null || to is null || conv is null || iat is null || sha is null
                || !r.TryGetProperty("seq", out JsonElement seq) || !seq.TryGetInt64(out long sequence) || sequence < 1
                || !r.TryGetProperty("len", out JsonElement len) || !len.TryGetInt64(out long length)
                || !DateTimeOffset.TryParse(iat, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTimeOffset created))
            {
                return null;
            }

            return new EnvelopeHeader(id, type, ver, from, to, conv, sequence, created.ToUniversalTime(), sha, length);
        }
        catch (JsonException)
        {
            return null;
        }

        static string? Str(JsonElement r, string name) =>
            r.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 and <= 200 } s ? s : null;
    }

    private sealed record EnvelopeHeader(string Id, string Type, string Version, string Sender, string Recipient, string Conversation, long Sequence, DateTimeOffset CreatedAt, string PayloadDigest, long PayloadLength);
}

/// <summary>A parsed but not yet verified envelope.</summary>
public sealed record UnverifiedEnvelope(SignedEnvelope Signed, JwsParts Parts, string ClaimedPayloadDigest, long ClaimedPayloadLength);

/// <summary>The result of <see cref="EnvelopeCodec.Read"/>: a candidate, or the reason it could not be parsed.</summary>
public sealed record EnvelopeRead(UnverifiedEnvelope? Candidate, string? Error)
{
    internal static EnvelopeRead Fail(string error) => new(null, error);
}
