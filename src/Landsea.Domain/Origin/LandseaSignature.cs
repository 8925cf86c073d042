using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Landsea.Origin;

/// <summary>Fills a buffer with random bytes (the salts); the CLI passes <c>RandomNumberGenerator.Fill</c>, tests a seeded source.</summary>
public delegate void RandomFill(Span<byte> buffer);

/// <summary>Signs bytes with ES256 (ECDSA P-256 over SHA-256) and returns the 64-byte r||s signature; the node identity's key does it.</summary>
public delegate byte[] Es256Signer(byte[] data);

/// <summary>
/// The certificates whose signatures this node trusts as issuers: its own and its partners' (from the node database), or
/// the files given with <c>--trust</c>. Matched by the SHA-256 of the certificate's DER encoding.
/// </summary>
/// <param name="Thumbprints">Lower-case hexadecimal SHA-256 of each trusted certificate's DER.</param>
/// <param name="Source">Where the list came from, for the reasons ("the node database", "--trust files").</param>
public sealed record OriginTrust(IReadOnlySet<string> Thumbprints, string Source)
{
    /// <summary>A trust list of the given DER certificates.</summary>
    public static OriginTrust Of(IEnumerable<byte[]> certificates, string source) =>
        new(certificates.Select(Thumbprint).ToHashSet(StringComparer.Ordinal), source);

    /// <summary>Lower-case hexadecimal SHA-256 of a DER certificate.</summary>
    public static string Thumbprint(byte[] der) => Convert.ToHexStringLower(SHA256.HashData(der));
}

/// <summary>What checking a Landsea signature block found.</summary>
/// <param name="Outcome">Valid when the ES256 signature over the merkle root verifies with the certificate in the block.</param>
/// <param name="Issuer">The certificate's subject, when the certificate could be read.</param>
/// <param name="Trusted">True or false when a trust list was given; null when none was (the issuer's identity is then not checked).</param>
/// <param name="Reasons">Why the signature is invalid, or what is not trusted.</param>
public sealed record SignatureCheck(CheckOutcome Outcome, string? Issuer, bool? Trusted, IReadOnlyList<string> Reasons);

/// <summary>
/// Landsea's replacement for an Ethereum document store: the issuing node signs the batch's merkle root with its key
/// (ES256, RFC 7518 §3.4) and carries its X.509 certificate beside the signature, in <c>signature.landseaSignature</c>
/// {alg, certificate (base64 DER), signature (base64url r||s)}. See docs/origin.md and ADR 0401.
/// </summary>
public static class LandseaSignature
{
    /// <summary>The member of the OA v2 <c>signature</c> object that holds the block.</summary>
    public const string Member = "landseaSignature";

    /// <summary>The only algorithm: ECDSA P-256 with SHA-256, raw r||s (64 bytes).</summary>
    public const string Algorithm = "ES256";

    /// <summary>The OA <c>issuers[].identityProof.type</c> of a Landsea-issued document (the identity is the certificate).</summary>
    public const string IdentityType = "LANDSEA-X509";

    /// <summary>What is signed: the 32 bytes of the merkle root (not its hexadecimal text).</summary>
    public const string SignedData = "merkleRoot";

    /// <summary>The block for a batch with <paramref name="merkleRoot"/> (32 bytes).</summary>
    public static JsonObject Create(byte[] merkleRoot, byte[] certificateDer, Es256Signer sign)
    {
        byte[] signature = sign(merkleRoot);
        return new JsonObject
        {
            ["alg"] = Algorithm,
            ["signedData"] = SignedData,
            ["certificate"] = Convert.ToBase64String(certificateDer),
            ["signature"] = System.Buffers.Text.Base64Url.EncodeToString(signature),
        };
    }

    /// <summary>True when a verified signature's signer is in <paramref name="trust"/>.</summary>
    public static bool IsTrusted(byte[] certificateDer, OriginTrust trust) => trust.Thumbprints.Contains(OriginTrust.Thumbprint(certificateDer));

    /// <summary>Checks a block against the document's (already recomputed) merkle root; never throws on the block's content.</summary>
    public static SignatureCheck Verify(JsonElement block, string merkleRootHex, OriginTrust? trust)
    {
        if (block.ValueKind != JsonValueKind.Object)
        {
            return Invalid(null, "signature: landseaSignature is not an object");
        }

        string? alg = Str(block, "alg");
        if (alg != Algorithm)
        {
            return Invalid(null, $"signature: algorithm '{alg}' is not {Algorithm}");
        }

        byte[] der;
        byte[] signature;
        byte[] root;
        try
        {
            der = Convert.FromBase64String(Str(block, "certificate") ?? "");
            signature = System.Buffers.Text.Base64Url.DecodeFromChars(Str(block, "signature") ?? "");
            root = Convert.FromHexString(merkleRootHex);
        }
        catch (FormatException)
        {
            return Invalid(null, "signature: the certificate is not base64 or the signature not base64url");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException)
        {
            return Invalid(null, "signature: the certificate in the document is not an X.509 certificate");
        }

        using (certificate)
        {
            string issuer = certificate.Subject;
            using ECDsa? key = certificate.GetECDsaPublicKey();
            if (key is null || key.KeySize != 256)
            {
                return Invalid(issuer, "signature: the certificate's key is not an ECDSA P-256 key");
            }

            if (signature.Length != 64 || root.Length != 32
                || !key.VerifyData(root, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            {
                return Invalid(issuer, $"signature: the ES256 signature does not verify over the merkle root {merkleRootHex} with the certificate of {issuer}");
            }

            if (trust is null)
            {
                return new SignatureCheck(CheckOutcome.Valid, issuer, null,
                    [$"issuer: {issuer} signed it; whether that certificate is a known administration's was not checked (give --db or --trust)"]);
            }

            bool trusted = IsTrusted(der, trust);
            return new SignatureCheck(CheckOutcome.Valid, issuer, trusted, trusted
                ? []
                : [$"issuer: the certificate of {issuer} (SHA-256 {OriginTrust.Thumbprint(der)}) is not this node's nor a known partner's ({trust.Source}); not trusted"]);
        }
    }

    private static SignatureCheck Invalid(string? issuer, string reason) => new(CheckOutcome.Invalid, issuer, null, [reason]);

    private static string? Str(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
