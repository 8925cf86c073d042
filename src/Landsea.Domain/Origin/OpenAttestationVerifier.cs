using System.Text;
using System.Text.Json;
using Landsea.Shared;

namespace Landsea.Origin;

/// <summary>Outcome of one check: passed, failed, or not checkable offline.</summary>
public enum CheckOutcome
{
    Valid,
    Invalid,
    Skipped,
}

/// <summary>
/// What verifying an OpenAttestation wrapped document found. <see cref="Valid"/> is true when integrity is valid and
/// no check failed; a skipped check (one that needs Ethereum or DNS) is not a failure but is listed in <see cref="Reasons"/>.
/// </summary>
public sealed record OriginVerification(
    string Version,
    CheckOutcome Integrity,
    string? TargetHash,
    string? MerkleRoot,
    CheckOutcome Signature,
    string? Issuer,
    bool Revoked,
    IReadOnlyList<string> Reasons)
{
    /// <summary>Whether the signer's certificate is this node's or a known partner's; null when not checked (no trust list, or not Landsea-signed).</summary>
    public bool? IssuerTrusted { get; init; }

    /// <summary>True when the document carries a Landsea ES256 signature block.</summary>
    public bool LandseaSigned { get; init; }

    /// <summary>Integrity valid, no check failed, not revoked, and the issuer not found untrusted.</summary>
    public bool Valid => Integrity == CheckOutcome.Valid && Signature != CheckOutcome.Invalid && !Revoked && IssuerTrusted != false;
}

/// <summary>
/// What a verification may consult besides the document: the certificates trusted as issuers, and the target hashes revoked
/// (from the node database or a signed revocation list). Both optional; without them those checks are not made.
/// </summary>
/// <param name="Trust">The trusted issuers, or null.</param>
/// <param name="Revoked">Revoked target hashes (lower-case hex) with the reason, or null.</param>
/// <param name="RevocationSource">Where <paramref name="Revoked"/> came from, for the reasons.</param>
public sealed record VerificationContext(OriginTrust? Trust, IReadOnlyDictionary<string, string>? Revoked, string? RevocationSource)
{
    /// <summary>Nothing to consult: integrity and the signature only.</summary>
    public static readonly VerificationContext None = new(null, null, null);
}

/// <summary>
/// Verifies the integrity of OpenAttestation v2 and v3 wrapped documents offline (pure: no I/O, no clock):
/// recomputes the target hash from the salted fields and the obfuscated hashes, then the Merkle root from the proof.
/// See docs/origin.md for the algorithm.
/// </summary>
public static class OpenAttestationVerifier
{
    public const string V2Schema = "https://schema.openattestation.com/2.0/schema.json";
    public const string V3Schema = "https://schema.openattestation.com/3.0/schema.json";

    /// <summary>Parses and verifies a document given as UTF-8 JSON.</summary>
    public static Result<OriginVerification> Verify(ReadOnlySpan<byte> utf8Json) => Verify(utf8Json, VerificationContext.None);

    /// <summary>Parses and verifies a document given as UTF-8 JSON, consulting <paramref name="context"/> for trust and revocation.</summary>
    public static Result<OriginVerification> Verify(ReadOnlySpan<byte> utf8Json, VerificationContext context)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8Json.ToArray(), new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException ex)
        {
            return Result<OriginVerification>.Fail(OriginErrorCodes.NotJson, $"document: not JSON ({ex.Message})");
        }

        using (doc)
        {
            return Verify(doc.RootElement, context);
        }
    }

    /// <summary>Verifies a parsed document.</summary>
    public static Result<OriginVerification> Verify(JsonElement root) => Verify(root, VerificationContext.None);

    /// <summary>Verifies a parsed document, consulting <paramref name="context"/> for trust and revocation.</summary>
    public static Result<OriginVerification> Verify(JsonElement root, VerificationContext context)
    {
        Result<OriginVerification> result = VerifyDocument(root, context);
        if (!result.IsValid || context.Revoked is null || result.Value.TargetHash is not { } target)
        {
            return result;
        }

        OriginVerification v = result.Value;
        if (context.Revoked.TryGetValue(target, out string? reason))
        {
            return v with { Revoked = true, Reasons = [.. v.Reasons, $"revoked: {reason} ({context.RevocationSource})"] };
        }

        return v;
    }

    private static Result<OriginVerification> VerifyDocument(JsonElement root, VerificationContext context)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Result<OriginVerification>.Fail(OriginErrorCodes.NotOpenAttestation, "document: the top level is not a JSON object");
        }

        string? version = root.TryGetProperty("version", out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (version == V2Schema || (version is null && root.TryGetProperty("data", out _) && root.TryGetProperty("signature", out _)))
        {
            return VerifyV2(root, context);
        }

        if (version == V3Schema)
        {
            return VerifyV3(root);
        }

        return Result<OriginVerification>.Fail(OriginErrorCodes.NotOpenAttestation,
            version is null
                ? "version: missing; not an OpenAttestation wrapped document (expected v2 \"data\"+\"signature\" or v3 \"proof\")"
                : $"version: '{version}' is not an OpenAttestation version this node verifies (2.0 or 3.0)");
    }

    /// <summary>The OA v2 target hash of a document's <c>data</c> and <c>privacy.obfuscatedData</c>.</summary>
    /// <param name="dropEmpty">Drop empty objects and arrays instead of hashing them as leaves. OpenAttestation's v2
    /// digest changed here: older releases (the npm "flat" rule) hash <c>{"path":{}}</c>, later ones omit keys whose value
    /// has no keys, so that the <c>"recipient": {}</c> which obfuscating <c>recipient.name</c> leaves behind verifies.
    /// Documents of both kinds are in circulation; an empty container carries no data either way.</param>
    public static string DigestV2(JsonElement data, IEnumerable<string> obfuscated, bool dropEmpty = false)
    {
        var hashes = new List<string>();
        FlattenV2(data, null, (path, leaf) =>
        {
            if (dropEmpty && leaf.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            {
                return;
            }

            var sb = new StringBuilder("{");
            JsJson.WriteString(sb, path);
            sb.Append(':');
            JsJson.WriteValue(sb, leaf);
            sb.Append('}');
            hashes.Add(Keccak256.HexOfUtf8(sb.ToString()));
        });
        hashes.AddRange(obfuscated);
        return HashSortedList(hashes);
    }

    /// <summary>Folds a Merkle proof: node = keccak256(sorted(node, sibling) concatenated as bytes).</summary>
    public static Result<string> MerkleRoot(string targetHash, IEnumerable<string> proof)
    {
        byte[] node;
        try
        {
            node = Convert.FromHexString(Strip0x(targetHash));
        }
        catch (FormatException)
        {
            return Result<string>.Fail(OriginErrorCodes.ProofMalformed, "targetHash: not hexadecimal");
        }

        int i = 0;
        foreach (string sibling in proof)
        {
            byte[] s;
            try
            {
                s = Convert.FromHexString(Strip0x(sibling));
            }
            catch (FormatException)
            {
                return Result<string>.Fail(OriginErrorCodes.ProofMalformed, $"proof[{i}]: not hexadecimal");
            }

            byte[] both = node.AsSpan().SequenceCompareTo(s) <= 0 ? [.. node, .. s] : [.. s, .. node];
            node = Keccak256.Hash(both);
            i++;
        }

        return Convert.ToHexStringLower(node);
    }

    private static Result<OriginVerification> VerifyV2(JsonElement root, VerificationContext context)
    {
        if (!root.TryGetProperty("data", out JsonElement data) || data.ValueKind != JsonValueKind.Object)
        {
            return Result<OriginVerification>.Fail(OriginErrorCodes.NotOpenAttestation, "data: missing or not an object (OpenAttestation v2)");
        }

        if (!root.TryGetProperty("signature", out JsonElement signature) || signature.ValueKind != JsonValueKind.Object)
        {
            return Result<OriginVerification>.Fail(OriginErrorCodes.ProofMalformed, "signature: missing or not an object; the document is not wrapped");
        }

        if (!TryHex(signature, "targetHash", out string? targetHash) || !TryHex(signature, "merkleRoot", out string? merkleRoot))
        {
            return Result<OriginVerification>.Fail(OriginErrorCodes.ProofMalformed, "signature.targetHash / signature.merkleRoot: missing or not 32-byte hexadecimal");
        }

        Result<List<string>> proof = HexList(signature, "proof", "signature.proof", required: false);
        if (!proof.IsValid)
        {
            return Result<OriginVerification>.Fail(proof.Failure!);
        }

        List<string> obfuscated = [];
        if (root.TryGetProperty("privacy", out JsonElement privacy) && privacy.ValueKind == JsonValueKind.Object)
        {
            Result<List<string>> o = HexList(privacy, "obfuscatedData", "privacy.obfuscatedData", required: false);
            if (!o.IsValid)
            {
                return Result<OriginVerification>.Fail(o.Failure!);
            }

            obfuscated = o.Value;
        }

        var reasons = new List<string>();
        string computed = DigestV2(data, obfuscated);
        if (!string.Equals(computed, targetHash, StringComparison.OrdinalIgnoreCase))
        {
            string withoutEmpty = DigestV2(data, obfuscated, dropEmpty: true);
            if (string.Equals(withoutEmpty, targetHash, StringComparison.OrdinalIgnoreCase))
            {
                computed = withoutEmpty; // hashed by a later OpenAttestation release, which drops empty objects and arrays
            }
        }

        CheckOutcome integrity = CheckIntegrity(computed, targetHash!, merkleRoot!, proof.Value, reasons);

        string? issuer = null;
        CheckOutcome sig = CheckOutcome.Skipped;
        if (data.TryGetProperty("issuers", out JsonElement issuers) && issuers.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in issuers.EnumerateArray())
            {
                issuer ??= Unsalt(item, "name");
                if (item.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                if (Unsalt(item, "documentStore") is { } store)
                {
                    reasons.Add($"issuance: document store {store} on Ethereum cannot be checked offline (skipped)");
                }
                else if (Unsalt(item, "tokenRegistry") is { } registry)
                {
                    reasons.Add($"issuance: token registry {registry} on Ethereum cannot be checked offline (skipped)");
                }
                else if (Unsalt(item, "certificateStore") is { } cert)
                {
                    reasons.Add($"issuance: certificate store {cert} on Ethereum cannot be checked offline (skipped)");
                }

                if (item.TryGetProperty("identityProof", out JsonElement idp) && idp.ValueKind == JsonValueKind.Object
                    && !(Unsalt(idp, "type") == LandseaSignature.IdentityType && signature.TryGetProperty(LandseaSignature.Member, out _)))
                {
                    string type = Unsalt(idp, "type") ?? "unknown";
                    string location = Unsalt(idp, "location") ?? Unsalt(idp, "key") ?? "";
                    reasons.Add(type switch
                    {
                        "DNS-TXT" => $"identity: DNS-TXT identity at {location} cannot be checked offline (skipped)",
                        "DNS-DID" => $"identity: DNS-DID identity at {location} cannot be checked offline (skipped)",
                        "DID" => $"identity: DID {location} cannot be resolved offline (skipped)",
                        _ => $"identity: identity proof of type {type} cannot be checked offline (skipped)",
                    });
                }
            }
        }

        if (root.TryGetProperty("proof", out JsonElement proofs) && proofs.ValueKind == JsonValueKind.Array && proofs.GetArrayLength() > 0)
        {
            reasons.Add("signature: DID signature of the merkle root needs the issuer's DID document, which cannot be resolved offline (skipped)");
        }

        bool? trusted = null;
        bool landsea = signature.TryGetProperty(LandseaSignature.Member, out JsonElement block);
        if (landsea)
        {
            // The signature covers the merkle root written in the document; a root the proof does not reach is already an
            // integrity failure above, and a changed root fails here.
            SignatureCheck check = LandseaSignature.Verify(block, merkleRoot!, context.Trust);
            sig = check.Outcome;
            issuer = check.Issuer ?? issuer;
            trusted = check.Outcome == CheckOutcome.Valid ? check.Trusted : null;
            reasons.AddRange(check.Reasons);
        }
        else if (!reasons.Any(r => r.StartsWith("issuance:", StringComparison.Ordinal) || r.StartsWith("signature:", StringComparison.Ordinal)))
        {
            reasons.Add("signature: the document names no issuance method this node can check (skipped)");
        }

        return new OriginVerification("2.0", integrity, targetHash, merkleRoot, sig, issuer, false, reasons) { IssuerTrusted = trusted, LandseaSigned = landsea };
    }

    private static Result<OriginVerification> VerifyV3(JsonElement root)
    {
        if (!root.TryGetProperty("proof", out JsonElement proof) || proof.ValueKind != JsonValueKind.Object)
        {
            return Result<OriginVerification>.Fail(OriginErrorCodes.ProofMalformed, "proof: missing or not an object; the v3 document is not wrapped");
        }

        if (!TryHex(proof, "targetHash", out string? targetHash) || !TryHex(proof, "merkleRoot", out string? merkleRoot))
        {
            return Result<OriginVerification>.Fail(OriginErrorCodes.ProofMalformed, "proof.targetHash / proof.merkleRoot: missing or not 32-byte hexadecimal");
        }

        Result<List<string>> proofs = HexList(proof, "proofs", "proof.proofs", required: false);
        if (!proofs.IsValid)
        {
            return Result<OriginVerification>.Fail(proofs.Failure!);
        }

        List<string> obfuscated = [];
        if (proof.TryGetProperty("privacy", out JsonElement privacy) && privacy.ValueKind == JsonValueKind.Object)
        {
            Result<List<string>> o = HexList(privacy, "obfuscated", "proof.privacy.obfuscated", required: false);
            if (!o.IsValid)
            {
                return Result<OriginVerification>.Fail(o.Failure!);
            }

            obfuscated = o.Value;
        }

        if (!proof.TryGetProperty("salts", out JsonElement saltsText) || saltsText.ValueKind != JsonValueKind.String)
        {
            return Result<OriginVerification>.Fail(OriginErrorCodes.ProofMalformed, "proof.salts: missing or not a string");
        }

        List<(string Value, string Path)> salts = [];
        try
        {
            using JsonDocument saltDoc = JsonDocument.Parse(Convert.FromBase64String(saltsText.GetString()!));
            foreach (JsonElement s in saltDoc.RootElement.EnumerateArray())
            {
                salts.Add((s.GetProperty("value").GetString()!, s.GetProperty("path").GetString()!));
            }
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return Result<OriginVerification>.Fail(OriginErrorCodes.ProofMalformed, "proof.salts: not base64 of a JSON list of {value, path}");
        }

        var hashes = new List<string>();
        foreach (var (salt, path) in salts)
        {
            if (path == "proof" || path.StartsWith("proof.", StringComparison.Ordinal) || path.StartsWith("proof[", StringComparison.Ordinal))
            {
                continue;
            }

            if (Resolve(root, path) is { } value)
            {
                var sb = new StringBuilder("{");
                JsJson.WriteString(sb, path);
                sb.Append(':');
                JsJson.WriteString(sb, salt + ":" + JsJson.ToJsString(value));
                sb.Append('}');
                hashes.Add(Keccak256.HexOfUtf8(sb.ToString()));
            }
        }

        hashes.AddRange(obfuscated);
        var reasons = new List<string>();
        CheckOutcome integrity = CheckIntegrity(HashSortedList(hashes), targetHash!, merkleRoot!, proofs.Value, reasons);

        string? issuer = null;
        if (root.TryGetProperty("issuer", out JsonElement iss))
        {
            issuer = iss.ValueKind == JsonValueKind.String ? iss.GetString()
                : iss.ValueKind == JsonValueKind.Object && iss.TryGetProperty("name", out JsonElement n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        }

        if (root.TryGetProperty("openAttestationMetadata", out JsonElement meta) && meta.ValueKind == JsonValueKind.Object)
        {
            if (meta.TryGetProperty("proof", out JsonElement mp) && mp.ValueKind == JsonValueKind.Object)
            {
                string method = Str(mp, "method") ?? "unknown";
                string value = Str(mp, "value") ?? "";
                reasons.Add(method switch
                {
                    "DOCUMENT_STORE" => $"issuance: document store {value} on Ethereum cannot be checked offline (skipped)",
                    "TOKEN_REGISTRY" => $"issuance: token registry {value} on Ethereum cannot be checked offline (skipped)",
                    "DID" => $"signature: DID {value} cannot be resolved offline (skipped)",
                    _ => $"issuance: method {method} cannot be checked offline (skipped)",
                });
            }

            if (meta.TryGetProperty("identityProof", out JsonElement idp) && idp.ValueKind == JsonValueKind.Object)
            {
                reasons.Add($"identity: {Str(idp, "type") ?? "unknown"} identity at {Str(idp, "identifier") ?? ""} cannot be checked offline (skipped)");
            }
        }

        return new OriginVerification("3.0", integrity, targetHash, merkleRoot, CheckOutcome.Skipped, issuer, false, reasons);
    }

    private static CheckOutcome CheckIntegrity(string computed, string targetHash, string merkleRoot, List<string> proof, List<string> reasons)
    {
        CheckOutcome integrity = CheckOutcome.Valid;
        if (!string.Equals(computed, targetHash, StringComparison.OrdinalIgnoreCase))
        {
            integrity = CheckOutcome.Invalid;
            reasons.Add($"integrity: the fields hash to {computed}, not to the targetHash {targetHash}; the document was changed");
        }

        Result<string> root = MerkleRoot(targetHash, proof);
        if (!root.IsValid || !string.Equals(root.Value, merkleRoot, StringComparison.OrdinalIgnoreCase))
        {
            integrity = CheckOutcome.Invalid;
            reasons.Add($"integrity: the targetHash and proof give the merkle root {(root.IsValid ? root.Value : "(none)")}, not {merkleRoot}");
        }

        return integrity;
    }

    private static string HashSortedList(List<string> hashes)
    {
        hashes.Sort(StringComparer.Ordinal);
        var sb = new StringBuilder("[");
        for (int i = 0; i < hashes.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            JsJson.WriteString(sb, hashes[i]);
        }

        sb.Append(']');
        return Keccak256.HexOfUtf8(sb.ToString());
    }

    /// <summary>Flattens like the npm "flat" package: keys joined by ".", array indexes as ".0"; empty objects and arrays are leaves.</summary>
    private static void FlattenV2(JsonElement value, string? prefix, Action<string, JsonElement> leaf)
    {
        if (value.ValueKind == JsonValueKind.Object && value.EnumerateObject().Any())
        {
            foreach (JsonProperty p in value.EnumerateObject())
            {
                FlattenV2(p.Value, prefix is null ? p.Name : prefix + "." + p.Name, leaf);
            }
        }
        else if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0)
        {
            int i = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                FlattenV2(item, (prefix is null ? "" : prefix + ".") + i, leaf);
                i++;
            }
        }
        else if (prefix is not null)
        {
            leaf(prefix, value);
        }
    }

    /// <summary>Resolves a lodash-style path ("a.b[0].c", also ["key"]) in a JSON value; null when absent.</summary>
    internal static JsonElement? Resolve(JsonElement root, string path)
    {
        JsonElement current = root;
        int i = 0;
        while (i < path.Length)
        {
            string key;
            bool index = false;
            if (path[i] == '[')
            {
                int close = path.IndexOf(']', i);
                if (close < 0)
                {
                    return null;
                }

                key = path[(i + 1)..close];
                if (key.Length >= 2 && (key[0] == '"' || key[0] == '\'') && key[^1] == key[0])
                {
                    key = key[1..^1];
                }
                else
                {
                    index = true;
                }

                i = close + 1;
            }
            else
            {
                int end = i;
                while (end < path.Length && path[end] != '.' && path[end] != '[')
                {
                    end++;
                }

                key = path[i..end];
                i = end;
            }

            if (i < path.Length && path[i] == '.')
            {
                i++;
            }

            if (current.ValueKind == JsonValueKind.Array && int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n))
            {
                if (n >= current.GetArrayLength())
                {
                    return null;
                }

                current = current[n];
            }
            else if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(key, out JsonElement next))
            {
                current = next;
            }
            else
            {
                _ = index;
                return null;
            }
        }

        return current;
    }

    private static string? Unsalt(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out JsonElement v) || v.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        string s = v.GetString()!;
        int first = s.IndexOf(':', StringComparison.Ordinal);
        int second = first < 0 ? -1 : s.IndexOf(':', first + 1);
        return second < 0 ? s : s[(second + 1)..];
    }

    private static string? Str(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool TryHex(JsonElement obj, string name, out string? hex)
    {
        hex = Str(obj, name) is { } s ? Strip0x(s).ToLowerInvariant() : null;
        return hex is { Length: 64 } && hex.All(char.IsAsciiHexDigit);
    }

    private static Result<List<string>> HexList(JsonElement obj, string name, string field, bool required)
    {
        var list = new List<string>();
        if (!obj.TryGetProperty(name, out JsonElement arr))
        {
            return required ? Result<List<string>>.Fail(OriginErrorCodes.ProofMalformed, $"{field}: missing") : list;
        }

        if (arr.ValueKind != JsonValueKind.Array)
        {
            return Result<List<string>>.Fail(OriginErrorCodes.ProofMalformed, $"{field}: not a list");
        }

        int i = 0;
        foreach (JsonElement item in arr.EnumerateArray())
        {
            string? h = item.ValueKind == JsonValueKind.String ? Strip0x(item.GetString()!) : null;
            if (h is not { Length: 64 } || !h.All(char.IsAsciiHexDigit))
            {
                return Result<List<string>>.Fail(OriginErrorCodes.ProofMalformed, $"{field}[{i}]: not a 32-byte hexadecimal hash");
            }

            list.Add(h);
            i++;
        }

        return list;
    }

    private static string Strip0x(string s) => s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? s[2..] : s;
}
