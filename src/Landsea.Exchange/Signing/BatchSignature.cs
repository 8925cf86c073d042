using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Landsea.Exchange.Signing;

/// <summary>
/// One ES256 signature over many items, each still verifiable on its own (ADR 0306). The signer builds a Merkle tree over the
/// items' SHA-256 digests exactly as RFC 9162 §2.1 (Certificate Transparency 2.0) builds one over log entries (leaf =
/// SHA-256(0x00 || digest), node = SHA-256(0x01 || left || right)), and signs the tree head
/// <c>{"alg":"RFC9162-SHA256","root":"&lt;hex&gt;","size":n,"iat":"..."}</c> as a compact JWS whose <c>typ</c> says what the leaves are.
/// Each item carries that JWS, its leaf index and its inclusion path (RFC 9162 §2.1.3): about log2(n) hashes.
/// </summary>
/// <param name="Jws">The signed tree head (compact JWS, ES256).</param>
/// <param name="Index">The item's 0-based leaf index.</param>
/// <param name="Path">The inclusion path, bottom-up, 32-byte hashes.</param>
public sealed record BatchProof(string Jws, long Index, IReadOnlyList<byte[]> Path)
{
    /// <summary><c>typ</c> of a tree head over envelope digests.</summary>
    public const string EnvelopesType = "landsea-envelope-batch+jws";

    /// <summary><c>typ</c> of a tree head over receipt digests.</summary>
    public const string ReceiptsType = "landsea-receipt-batch+jws";

    private const string TreeAlgorithm = "RFC9162-SHA256";
    private const int MaxPath = 64;

    /// <summary>Signs one tree over <paramref name="digests"/> (32-byte SHA-256 values); returns each item's proof, in input order.</summary>
    public static BatchProof[] Sign(NodeIdentity signer, string type, IReadOnlyList<byte[]> digests, DateTimeOffset issuedAt)
    {
        if (digests.Count == 0)
        {
            return [];
        }

        var leaves = new byte[digests.Count][];
        var paths = new List<byte[]>[digests.Count];
        for (int i = 0; i < leaves.Length; i++)
        {
            leaves[i] = Merkle.Leaf(digests[i]);
            paths[i] = [];
        }

        byte[] root = Merkle.Build(leaves, 0, leaves.Length, paths);
        var head = new MemoryStream(160);
        using (var w = new Utf8JsonWriter(head))
        {
            w.WriteStartObject();
            w.WriteString("alg", TreeAlgorithm);
            w.WriteString("root", Convert.ToHexStringLower(root));
            w.WriteNumber("size", leaves.Length);
            w.WriteString("iat", issuedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }

        string jws = signer.Sign(type, head.ToArray());
        var proofs = new BatchProof[leaves.Length];
        for (int i = 0; i < proofs.Length; i++)
        {
            proofs[i] = new BatchProof(jws, i, paths[i]);
        }

        return proofs;
    }

    /// <summary>Writes <c>{"jws":"...","index":i,"path":["&lt;base64url&gt;",...]}</c> as the value of <paramref name="name"/>.</summary>
    public void WriteTo(Utf8JsonWriter writer, string name)
    {
        writer.WriteStartObject(name);
        writer.WriteString("jws", Jws);
        writer.WriteNumber("index", Index);
        writer.WriteStartArray("path");
        foreach (byte[] hash in Path)
        {
            writer.WriteBase64StringValue(hash); // standard base64; read back with TryGetBytesFromBase64
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Reads the object written by <see cref="WriteTo"/>; null when any member is missing or malformed.</summary>
    public static BatchProof? TryRead(JsonElement proof)
    {
        if (proof.ValueKind != JsonValueKind.Object
            || !proof.TryGetProperty("jws", out JsonElement jws) || jws.ValueKind != JsonValueKind.String
            || !proof.TryGetProperty("index", out JsonElement index) || !index.TryGetInt64(out long i) || i < 0
            || !proof.TryGetProperty("path", out JsonElement path) || path.ValueKind != JsonValueKind.Array || path.GetArrayLength() > MaxPath)
        {
            return null;
        }

        var hashes = new List<byte[]>(path.GetArrayLength());
        foreach (JsonElement h in path.EnumerateArray())
        {
            if (h.ValueKind != JsonValueKind.String || !h.TryGetBytesFromBase64(out byte[]? bytes) || bytes.Length != 32)
            {
                return null;
            }

            hashes.Add(bytes);
        }

        return new BatchProof(jws.GetString()!, i, hashes);
    }

    /// <summary>The tree head a proof's JWS signs, read without checking the signature (for display).</summary>
    public static (string Root, long Size)? ReadHead(string jws)
    {
        JwsParts? parts = Signing.Jws.TryParse(jws);
        return parts is null ? null : ParseHead(parts.Payload);
    }

    internal static (string Root, long Size)? ParseHead(byte[] json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            JsonElement r = doc.RootElement;
            return r.ValueKind == JsonValueKind.Object
                && r.TryGetProperty("alg", out JsonElement alg) && alg.ValueKind == JsonValueKind.String && alg.GetString() == TreeAlgorithm
                && r.TryGetProperty("root", out JsonElement root) && root.ValueKind == JsonValueKind.String && root.GetString() is { Length: 64 } hex
                && r.TryGetProperty("size", out JsonElement size) && size.TryGetInt64(out long n) && n >= 1
                ? (hex, n)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// Verifies <see cref="BatchProof"/>s against a pinned certificate, checking each distinct tree-head signature once: a batch of
/// 100 envelopes (or receipts) costs one ES256 verification and 100 short hash walks. Not thread-safe; one per request.
/// </summary>
public sealed class BatchVerifier : IDisposable
{
    private readonly Dictionary<string, (string Root, long Size)?> _heads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ECDsa?> _keys = new(StringComparer.Ordinal);

    /// <summary>Null when <paramref name="proof"/> proves that <paramref name="digest"/> was signed by the certificate's key
    /// under a tree head of type <paramref name="type"/>; otherwise the reason.</summary>
    public string? Verify(BatchProof proof, ReadOnlySpan<byte> digest, string type, X509Certificate2 pinned)
    {
        string keyId = CertificateThumbprint.Of(pinned);
        string cacheKey = keyId + "|" + type + "|" + proof.Jws;
        if (!_heads.TryGetValue(cacheKey, out (string Root, long Size)? head))
        {
            head = _heads[cacheKey] = CheckHead(proof.Jws, type, keyId, pinned);
        }

        if (head is null)
        {
            return "batch signature does not verify against the pinned certificate";
        }

        if (proof.Index >= head.Value.Size)
        {
            return "batch proof index outside the signed tree";
        }

        byte[] root = Merkle.RootFromPath(Merkle.Leaf(digest), proof.Index, head.Value.Size, proof.Path) is { } r ? r : [];
        return Convert.ToHexStringLower(root) == head.Value.Root ? null : "batch proof does not lead to the signed tree head";
    }

    public void Dispose()
    {
        foreach (ECDsa? key in _keys.Values)
        {
            key?.Dispose();
        }
    }

    /// <summary>The certificate's public key, imported once per verifier (importing costs more than verifying with OpenSSL 3).</summary>
    internal ECDsa? KeyOf(string keyId, X509Certificate2 pinned)
    {
        if (!_keys.TryGetValue(keyId, out ECDsa? key))
        {
            key = _keys[keyId] = pinned.GetECDsaPublicKey();
        }

        return key;
    }

    private (string Root, long Size)? CheckHead(string jws, string type, string keyId, X509Certificate2 pinned)
    {
        JwsParts? parts = Jws.TryParse(jws);
        if (parts is null || parts.Type != type || parts.KeyId != keyId)
        {
            return null;
        }

        ECDsa? key = KeyOf(keyId, pinned);
        return key is not null && Jws.Verify(parts, key) ? BatchProof.ParseHead(parts.Payload) : null;
    }
}

/// <summary>RFC 9162 §2.1 Merkle tree hashing and inclusion proofs over SHA-256.</summary>
internal static class Merkle
{
    public static byte[] Leaf(ReadOnlySpan<byte> entry)
    {
        Span<byte> buffer = stackalloc byte[entry.Length + 1];
        buffer[0] = 0x00;
        entry.CopyTo(buffer[1..]);
        return SHA256.HashData(buffer);
    }

    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[65];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[33..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>MTH(D[start:start+n]) of leaf hashes; appends to each leaf's path the sibling at every level, bottom-up (§2.1.3.1).</summary>
    public static byte[] Build(byte[][] leaves, int start, int n, List<byte[]>[] paths)
    {
        if (n == 1)
        {
            return leaves[start];
        }

        int k = 1;
        while (k << 1 < n)
        {
            k <<= 1;
        }

        byte[] left = Build(leaves, start, k, paths);
        byte[] right = Build(leaves, start + k, n - k, paths);
        for (int i = start; i < start + k; i++)
        {
            paths[i].Add(right);
        }

        for (int i = start + k; i < start + n; i++)
        {
            paths[i].Add(left);
        }

        return Node(left, right);
    }

    /// <summary>The root an inclusion path leads to (§2.1.3.2), or null when the path does not fit a tree of <paramref name="size"/> leaves.</summary>
    public static byte[]? RootFromPath(byte[] leaf, long index, long size, IReadOnlyList<byte[]> path)
    {
        if (index < 0 || index >= size)
        {
            return null;
        }

        long fn = index, sn = size - 1;
        byte[] r = leaf;
        foreach (byte[] p in path)
        {
            if (sn == 0)
            {
                return null;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = Node(p, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                r = Node(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 ? r : null;
    }
}

/// <summary>How a node signs what it sends: envelopes (sender) and receipts (receiver).</summary>
public enum SigningMode
{
    /// <summary>One ES256 signature per request's envelopes, and per answer's receipts; each item carries a <see cref="BatchProof"/> (default).</summary>
    Batch,

    /// <summary>One ES256 signature per envelope (at enqueue) and per receipt.</summary>
    PerItem,
}
