using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Landsea.Shared;

namespace Landsea.Origin;

/// <summary>One revoked certificate of origin.</summary>
public sealed record Revocation(string TargetHash, string CertificateNumber, DateTimeOffset RevokedAt, string Reason);

/// <summary>
/// A signed list of revoked certificates, for verifying offline (<c>landsea origin revocations</c> writes it,
/// <c>origin verify --revocations</c> reads it). The file is JSON:
/// <c>{"type":"landsea-origin-revocations","list":TEXT,"certificate":BASE64-DER,"signature":BASE64URL}</c>, where
/// <c>list</c> is the JSON text <c>{"issuer","issuedAt","revoked":[{targetHash, certificateNumber, revokedAt, reason}]}</c> and
/// the signature is ES256 over its UTF-8 bytes (signing the text as written avoids any canonical form of JSON).
/// </summary>
/// <param name="Issuer">The signer's certificate subject.</param>
/// <param name="Certificate">The signer's certificate (DER).</param>
/// <param name="IssuedAt">When the list was made.</param>
/// <param name="Entries">The revocations.</param>
public sealed record RevocationList(string Issuer, byte[] Certificate, DateTimeOffset IssuedAt, IReadOnlyList<Revocation> Entries)
{
    /// <summary>The file's <c>type</c>.</summary>
    public const string FileType = "landsea-origin-revocations";

    private static readonly JsonSerializerOptions s_write = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Target hash → reason, for <see cref="VerificationContext"/>.</summary>
    public IReadOnlyDictionary<string, string> ByTargetHash() =>
        Entries.GroupBy(e => e.TargetHash, StringComparer.Ordinal).ToDictionary(g => g.Key, g =>
            string.Create(CultureInfo.InvariantCulture, $"certificate {g.First().CertificateNumber} revoked on {g.First().RevokedAt:yyyy-MM-dd}: {g.First().Reason}"), StringComparer.Ordinal);

    /// <summary>The signed file for <paramref name="entries"/>.</summary>
    public static string Write(string issuerNode, DateTimeOffset issuedAt, IEnumerable<Revocation> entries, byte[] certificateDer, Es256Signer sign)
    {
        var list = new JsonObject
        {
            ["issuer"] = issuerNode,
            ["issuedAt"] = issuedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["revoked"] = new JsonArray([.. entries.Select(e => (JsonNode)new JsonObject
            {
                ["targetHash"] = e.TargetHash,
                ["certificateNumber"] = e.CertificateNumber,
                ["revokedAt"] = e.RevokedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["reason"] = e.Reason,
            })]),
        };
        string text = list.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var file = new JsonObject
        {
            ["type"] = FileType,
            ["list"] = text,
            ["certificate"] = Convert.ToBase64String(certificateDer),
            ["signature"] = System.Buffers.Text.Base64Url.EncodeToString(sign(Encoding.UTF8.GetBytes(text))),
        };
        return file.ToJsonString(s_write);
    }

    /// <summary>Reads a file and checks its signature (LS716 malformed, LS717 the signature does not verify); never throws on content.</summary>
    public static Result<RevocationList> Read(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(utf8Json.ToArray());
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Str(root, "type") != FileType
                || Str(root, "list") is not { } text || Str(root, "certificate") is not { } cert || Str(root, "signature") is not { } sig)
            {
                return Malformed($"(file): not a revocation list (type {FileType}, list, certificate, signature)");
            }

            byte[] der = Convert.FromBase64String(cert);
            byte[] signature = System.Buffers.Text.Base64Url.DecodeFromChars(sig);
            using X509Certificate2 certificate = X509CertificateLoader.LoadCertificate(der);
            using ECDsa? key = certificate.GetECDsaPublicKey();
            if (key is null || !key.VerifyData(Encoding.UTF8.GetBytes(text), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            {
                return Result<RevocationList>.Fail(OriginErrorCodes.RevocationListUntrusted, $"signature: the list's ES256 signature does not verify with the certificate of {certificate.Subject}");
            }

            using JsonDocument listDoc = JsonDocument.Parse(text);
            JsonElement list = listDoc.RootElement;
            if (!list.TryGetProperty("revoked", out JsonElement revoked) || revoked.ValueKind != JsonValueKind.Array
                || !DateTimeOffset.TryParse(Str(list, "issuedAt"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset issuedAt))
            {
                return Malformed("list: needs issuedAt and a revoked list");
            }

            var entries = new List<Revocation>();
            int i = 0;
            foreach (JsonElement e in revoked.EnumerateArray())
            {
                if (Str(e, "targetHash") is not { Length: 64 } hash || !hash.All(char.IsAsciiHexDigit)
                    || !DateTimeOffset.TryParse(Str(e, "revokedAt"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at))
                {
                    return Malformed($"list.revoked[{i}]: needs a 32-byte hexadecimal targetHash and revokedAt");
                }

                entries.Add(new Revocation(hash.ToLowerInvariant(), Str(e, "certificateNumber") ?? "", at, Str(e, "reason") ?? ""));
                i++;
            }

            return new RevocationList(certificate.Subject, der, issuedAt, entries);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or CryptographicException or InvalidOperationException)
        {
            return Malformed("(file): not a readable revocation list (JSON, base64 certificate, base64url signature)");
        }
    }

    private static Result<RevocationList> Malformed(string reason) => Result<RevocationList>.Fail(OriginErrorCodes.RevocationListMalformed, reason);

    private static string? Str(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
