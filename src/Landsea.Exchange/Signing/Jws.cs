using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Landsea.Exchange.Signing;

/// <summary>
/// JWS (RFC 7515) in compact serialization with ES256 (RFC 7518 §3.4: P-256, SHA-256, raw r||s signature).
/// The protected header names the signer's certificate by <c>x5t#S256</c> and <c>kid</c> (same value).
/// </summary>
internal static class Jws
{
    public const string Algorithm = "ES256";

    public static string Sign(ECDsa key, string keyId, string type, ReadOnlySpan<byte> payload)
    {
        var header = new MemoryStream();
        using (var w = new Utf8JsonWriter(header))
        {
            w.WriteStartObject();
            w.WriteString("alg", Algorithm);
            w.WriteString("typ", type);
            w.WriteString("kid", keyId);
            w.WriteString("x5t#S256", keyId);
            w.WriteEndObject();
        }

        string signingInput = Base64UrlCodec.Encode(header.ToArray()) + "." + Base64UrlCodec.Encode(payload);
        byte[] signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + Base64UrlCodec.Encode(signature);
    }

    /// <summary>Splits and decodes a compact JWS without checking the signature.</summary>
    public static JwsParts? TryParse(string compact)
    {
        string[] parts = compact.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        byte[]? header = Base64UrlCodec.TryDecode(parts[0]);
        byte[]? payload = Base64UrlCodec.TryDecode(parts[1]);
        byte[]? signature = Base64UrlCodec.TryDecode(parts[2]);
        if (header is null || payload is null || signature is null)
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(header);
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            string? alg = root.TryGetProperty("alg", out JsonElement a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            string? typ = root.TryGetProperty("typ", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            string? kid = root.TryGetProperty("kid", out JsonElement k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            string? x5t = root.TryGetProperty("x5t#S256", out JsonElement x) && x.ValueKind == JsonValueKind.String ? x.GetString() : null;
            if (root.TryGetProperty("crit", out _))
            {
                // RFC 7515 §4.1.11: we understand no critical extensions.
                return null;
            }

            return new JwsParts(alg, typ, kid ?? x5t, payload, signature, compact[..(parts[0].Length + 1 + parts[1].Length)]);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>True when the signature over the signing input verifies with the key and the algorithm is ES256.</summary>
    public static bool Verify(JwsParts parts, ECDsa publicKey)
    {
        if (parts.Algorithm != Algorithm || parts.Signature.Length != 64)
        {
            return false;
        }

        return publicKey.VerifyData(Encoding.ASCII.GetBytes(parts.SigningInput), parts.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}

/// <summary>A compact JWS split and decoded; <see cref="SigningInput"/> is the ASCII text the signature covers.</summary>
public sealed record JwsParts(string? Algorithm, string? Type, string? KeyId, byte[] Payload, byte[] Signature, string SigningInput);
