using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Landsea.Exchange.Signing;

/// <summary>
/// Signs envelopes and reads them off the wire (ADR 0301, 0306). Three JSON forms (UTF-8, HTTP body):
/// <list type="bullet">
/// <item><description>per-envelope signature: <c>{"envelope":"&lt;compact JWS&gt;","payload":"&lt;base64&gt;"}</c>, the JWS payload being the envelope header;</description></item>
/// <item><description>batch signature: <c>{"proof":{"jws","index","path"},"header":"&lt;base64url header&gt;","payload":"&lt;base64&gt;"}</c>, the
/// proof showing that the header's digest is a leaf of a tree head the sender signed (<see cref="BatchProof"/>);</description></item>
/// <item><description>unsigned, only ever stored in the sender's outbox until the sender signs it: <c>{"header":...,"payload":...}</c>.</description></item>
/// </list>
/// The header holds id, type, version, sender, recipient, conversation, sequence, created-at, payload SHA-256 and length, so a
/// signature covers the payload through its digest, as DCSA PINT's envelope manifest covers its documents. An envelope's
/// digest (in receipts, the audit trail and deduplication) is the SHA-256 of its header bytes, the same whichever way it was signed.
/// </summary>
public static class EnvelopeCodec
{
    public const string JwsType = "landsea-envelope+jws";

    private static readonly byte[] UnsignedPrefix = "{\"header\":"u8.ToArray();

    /// <summary>Signs one envelope on its own (JWS form).</summary>
    public static SignedEnvelope Sign(Envelope envelope, NodeIdentity signer)
    {
        CheckSender(envelope, signer);
        byte[] header = WriteHeader(envelope);
        string jws = signer.Sign(JwsType, header);
        return new SignedEnvelope(envelope, jws, Digests.Sha256Hex(header));
    }

    /// <summary>Signs many envelopes with one signature (batch form); returns each envelope's wire bytes in input order.</summary>
    public static byte[][] SignBatch(IReadOnlyList<Envelope> envelopes, NodeIdentity signer, DateTimeOffset issuedAt)
    {
        foreach (Envelope e in envelopes)
        {
            CheckSender(e, signer);
        }

        byte[][] unsigned = envelopes.Select(e => Unsigned(e).Wire).ToArray();
        return AttachProofs(unsigned, envelopes.Select(Digest).ToList(), signer, issuedAt);
    }

    /// <summary>Signs stored unsigned wire forms with one tree whose leaves are their <paramref name="digests"/> (hex, as stored).</summary>
    public static byte[][] AttachProofs(IReadOnlyList<byte[]> unsignedWires, IReadOnlyList<string> digests, NodeIdentity signer, DateTimeOffset issuedAt)
    {
        BatchProof[] proofs = BatchProof.Sign(signer, BatchProof.EnvelopesType, digests.Select(Convert.FromHexString).ToList(), issuedAt);
        var wires = new byte[unsignedWires.Count][];
        for (int i = 0; i < wires.Length; i++)
        {
            wires[i] = WithProof(unsignedWires[i], proofs[i]);
        }

        return wires;
    }

    /// <summary>The unsigned form kept in the outbox until the sender signs it, and the envelope's digest.</summary>
    public static (byte[] Wire, string Digest) Unsigned(Envelope envelope)
    {
        byte[] header = WriteHeader(envelope);
        var buffer = new MemoryStream(envelope.Payload.Length * 4 / 3 + header.Length * 4 / 3 + 64);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("header", Base64UrlCodec.Encode(header));
            w.WriteBase64String("payload", envelope.Payload.Span);
            w.WriteEndObject();
        }

        return (buffer.ToArray(), Digests.Sha256Hex(header));
    }

    /// <summary>The envelope's digest: hex SHA-256 of its header bytes.</summary>
    public static string Digest(Envelope envelope) => Digests.Sha256Hex(WriteHeader(envelope));

    /// <summary>True for the unsigned stored form (what <see cref="Unsigned"/> writes).</summary>
    public static bool IsUnsigned(ReadOnlySpan<byte> wire) => wire.StartsWith(UnsignedPrefix);

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

    /// <summary>Puts a proof in front of an unsigned form's members: <c>{"proof":{...},"header":...,"payload":...}</c>.</summary>
    private static byte[] WithProof(byte[] unsignedWire, BatchProof proof)
    {
        if (!IsUnsigned(unsignedWire))
        {
            throw new ArgumentException("Not an unsigned envelope.", nameof(unsignedWire));
        }

        var head = new MemoryStream(1024);
        using (var w = new Utf8JsonWriter(head))
        {
            w.WriteStartObject();
            proof.WriteTo(w, "proof");
            w.WriteEndObject();
        }

        // head is {"proof":{...}} ; drop its closing brace, add a comma, then the unsigned form without its opening brace.
        int headLength = (int)head.Length - 1;
        var wire = new byte[headLength + 1 + unsignedWire.Length - 1];
        head.GetBuffer().AsSpan(0, headLength).CopyTo(wire);
        wire[headLength] = (byte)',';
        unsignedWire.AsSpan(1).CopyTo(wire.AsSpan(headLength + 1));
        return wire;
    }

    /// <summary>Parses wire bytes without checking any signature. Failure is always <see cref="ReceiptOutcome.BadEnvelope"/>.</summary>
    public static EnvelopeRead Read(ReadOnlySpan<byte> wire)
    {
        byte[] payload;
        byte[]? header;
        JwsParts? parts = null;
        BatchProof? proof = null;
        string? evidence = null;
        try
        {
            var reader = new Utf8JsonReader(wire);
            using JsonDocument doc = JsonDocument.ParseValue(ref reader);
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("payload", out JsonElement p) || p.ValueKind != JsonValueKind.String)
            {
                return EnvelopeRead.Fail("body is not {envelope, payload} nor {proof, header, payload}");
            }

            if (!p.TryGetBytesFromBase64(out byte[]? bytes))
            {
                return EnvelopeRead.Fail("payload is not base64");
            }

            payload = bytes;
            if (root.TryGetProperty("envelope", out JsonElement e))
            {
                parts = e.ValueKind == JsonValueKind.String ? Jws.TryParse(e.GetString()!) : null;
                if (parts is null)
                {
                    return EnvelopeRead.Fail("envelope is not a compact JWS");
                }

                if (parts.Type != JwsType)
                {
                    return EnvelopeRead.Fail($"JWS typ is not {JwsType}");
                }

                header = parts.Payload;
                evidence = e.GetString();
            }
            else if (root.TryGetProperty("header", out JsonElement h) && h.ValueKind == JsonValueKind.String)
            {
                header = Base64UrlCodec.TryDecode(h.GetString()!);
                if (header is null)
                {
                    return EnvelopeRead.Fail("header is not base64url");
                }

                if (root.TryGetProperty("proof", out JsonElement pr))
                {
                    if ((proof = BatchProof.TryRead(pr)) is null)
                    {
                        return EnvelopeRead.Fail("proof is not {jws, index, path}");
                    }

                    evidence = "{\"proof\":" + pr.GetRawText() + ",\"header\":" + h.GetRawText() + "}";
                }
            }
            else
            {
                return EnvelopeRead.Fail("body is not {envelope, payload} nor {proof, header, payload}");
            }
        }
        catch (JsonException)
        {
            return EnvelopeRead.Fail("body is not JSON");
        }

        EnvelopeHeader? fields = ReadHeader(header);
        if (fields is null)
        {
            return EnvelopeRead.Fail("envelope header is missing fields or malformed");
        }

        var envelope = new Envelope(fields.Id, fields.Type, fields.Version, fields.Sender, fields.Recipient, fields.Conversation, fields.Sequence, fields.CreatedAt, payload);
        return new EnvelopeRead(new UnverifiedEnvelope(envelope, Digests.Sha256Hex(header), parts, proof, fields.PayloadDigest, fields.PayloadLength) { Evidence = evidence }, null);
    }

    /// <summary>
    /// The wire form again from a stored <see cref="UnverifiedEnvelope.Evidence"/> and the payload, so that a received envelope
    /// can be verified later on its own (non-repudiation: the receiver keeps what the sender signed).
    /// </summary>
    public static byte[] FromEvidence(string evidence, ReadOnlySpan<byte> payload)
    {
        if (!evidence.StartsWith('{'))
        {
            return ToWire(evidence, payload);
        }

        // {"proof":...,"header":"..."} + payload: drop the closing brace and add the payload member.
        var buffer = new MemoryStream(evidence.Length + payload.Length * 4 / 3 + 32);
        buffer.Write(System.Text.Encoding.UTF8.GetBytes(evidence[..evidence.LastIndexOf('}')]));
        buffer.Write(",\"payload\":\""u8);
        buffer.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(payload)));
        buffer.Write("\"}"u8);
        return buffer.ToArray();
    }

    /// <summary>
    /// Checks the signature (per envelope, or batch proof through <paramref name="verifier"/>, which checks each distinct tree
    /// head once) and the payload digest against the sender's pinned certificate; null when all hold.
    /// </summary>
    public static string? Verify(UnverifiedEnvelope candidate, X509Certificate2 pinned, BatchVerifier? verifier = null)
    {
        if (candidate.Parts is { } parts)
        {
            string keyId = CertificateThumbprint.Of(pinned);
            if (parts.KeyId != keyId)
            {
                return "signed with a key other than the pinned certificate's";
            }

            using ECDsa? own = verifier is null ? pinned.GetECDsaPublicKey() : null;
            ECDsa? key = own ?? verifier!.KeyOf(keyId, pinned);
            if (key is null || !Jws.Verify(parts, key))
            {
                return "ES256 signature does not verify";
            }
        }
        else if (candidate.Proof is { } proof)
        {
            using BatchVerifier? own = verifier is null ? new BatchVerifier() : null;
            if ((verifier ?? own!).Verify(proof, Convert.FromHexString(candidate.Digest), BatchProof.EnvelopesType, pinned) is { } error)
            {
                return error;
            }
        }
        else
        {
            return "envelope is not signed";
        }

        Envelope e = candidate.Envelope;
        if (e.Payload.Length != candidate.ClaimedPayloadLength || e.PayloadDigest != candidate.ClaimedPayloadDigest)
        {
            return "payload does not match the signed SHA-256 digest";
        }

        return null;
    }

    private static void CheckSender(Envelope envelope, NodeIdentity signer)
    {
        if (envelope.Sender != signer.Code)
        {
            throw new ArgumentException($"Envelope sender {envelope.Sender} is not the signing node {signer.Code}.", nameof(envelope));
        }
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

/// <summary>A parsed but not yet verified envelope: its per-envelope JWS or its batch proof (or neither: unsigned).</summary>
/// <param name="Digest">Hex SHA-256 of the header bytes as received.</param>
public sealed record UnverifiedEnvelope(Envelope Envelope, string Digest, JwsParts? Parts, BatchProof? Proof, string ClaimedPayloadDigest, long ClaimedPayloadLength)
{
    /// <summary>What the sender signed, without the payload: the compact JWS, or <c>{"proof":{...},"header":"..."}</c>; null when unsigned.
    /// The receiver stores it with the payload (<see cref="EnvelopeCodec.FromEvidence"/> rebuilds the wire form).</summary>
    public string? Evidence { get; init; }

    /// <summary>The key id the envelope claims to be signed with (its JWS or its batch tree head); null when unsigned.</summary>
    public string? SignerKeyId => Parts?.KeyId ?? (Proof is { } proof ? Jws.TryParse(proof.Jws)?.KeyId : null);
}

/// <summary>The result of <see cref="EnvelopeCodec.Read"/>: a candidate, or the reason it could not be parsed.</summary>
public sealed record EnvelopeRead(UnverifiedEnvelope? Candidate, string? Error)
{
    internal static EnvelopeRead Fail(string error) => new(null, error);
}
