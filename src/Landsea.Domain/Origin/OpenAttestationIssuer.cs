using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Landsea.Shared;

namespace Landsea.Origin;

/// <summary>One certificate of an issued batch: its wrapped OA v2 document and the hashes the node stores.</summary>
/// <param name="Certificate">What was issued.</param>
/// <param name="TargetHash">The document's target hash (hex, no 0x).</param>
/// <param name="MerkleRoot">The batch's merkle root, the same for every document of the batch.</param>
/// <param name="Document">The wrapped, signed document as JSON text.</param>
public sealed record IssuedCertificate(CertificateOfOrigin Certificate, string TargetHash, string MerkleRoot, string Document);

/// <summary>
/// Makes OpenAttestation v2 wrapped documents from certificates (pure: the salts come from a <see cref="RandomFill"/>, the
/// signature from an <see cref="Es256Signer"/>): every leaf of <c>data</c> salted as <c>salt:type:value</c> (salt = 32
/// random bytes in hex), target hash = keccak256 of the sorted leaf hashes (as <see cref="OpenAttestationVerifier.DigestV2"/>),
/// a sorted-pair Keccak merkle tree over the batch, each document carrying its proof, and the root signed.
/// </summary>
public static class OpenAttestationIssuer
{
    /// <summary>The most documents in one batch (the proof of each is then at most 10 hashes).</summary>
    public const int MaxBatch = 1024;

    private static readonly JsonSerializerOptions s_write = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Wraps and signs a batch; fails with LS719 when it is empty or too large, LS720 when two numbers repeat.</summary>
    public static Result<IReadOnlyList<IssuedCertificate>> IssueBatch(IReadOnlyList<CertificateOfOrigin> certificates, RandomFill random,
        byte[] certificateDer, Es256Signer sign)
    {
        if (certificates.Count is 0 or > MaxBatch)
        {
            return Result<IReadOnlyList<IssuedCertificate>>.Fail(OriginErrorCodes.BatchInvalid, $"batch: {certificates.Count} documents; a batch holds 1 to {MaxBatch}");
        }

        if (certificates.GroupBy(c => c.Number, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
        {
            return Result<IReadOnlyList<IssuedCertificate>>.Fail(OriginErrorCodes.BatchDuplicateNumber, $"certificateNumber: {repeated.Key} appears twice in the batch");
        }

        var salted = new List<JsonObject>(certificates.Count);
        var targets = new List<string>(certificates.Count);
        foreach (CertificateOfOrigin c in certificates)
        {
            var data = (JsonObject)Salt(c.Data, random);
            using JsonDocument parsed = JsonDocument.Parse(data.ToJsonString());
            salted.Add(data);
            targets.Add(OpenAttestationVerifier.DigestV2(parsed.RootElement, []));
        }

        (string root, List<string>[] proofs) = MerkleTree(targets);
        JsonObject block = LandseaSignature.Create(Convert.FromHexString(root), certificateDer, sign);
        var issued = new List<IssuedCertificate>(certificates.Count);
        for (int i = 0; i < certificates.Count; i++)
        {
            var document = new JsonObject
            {
                ["version"] = OpenAttestationVerifier.V2Schema,
                ["schema"] = "https://landsea.dev/schema/origin/1.0",
                ["data"] = salted[i],
                ["signature"] = new JsonObject
                {
                    ["type"] = "SHA3MerkleProof",
                    ["targetHash"] = targets[i],
                    ["proof"] = new JsonArray([.. proofs[i].Select(p => (JsonNode)p)]),
                    ["merkleRoot"] = root,
                    [LandseaSignature.Member] = block.DeepClone(),
                },
            };
            issued.Add(new IssuedCertificate(certificates[i], targets[i], root, document.ToJsonString(s_write)));
        }

        return issued;
    }

    /// <summary>
    /// The merkle tree OpenAttestation builds: each layer pairs neighbours (0,1), (2,3)... into keccak256(sorted pair), an odd
    /// last node goes up alone; a leaf's proof is its sibling at each layer where it has one. A single leaf is its own root.
    /// </summary>
    public static (string Root, List<string>[] Proofs) MerkleTree(IReadOnlyList<string> leaves)
    {
        var proofs = new List<string>[leaves.Count];
        var position = new int[leaves.Count];
        for (int i = 0; i < leaves.Count; i++)
        {
            proofs[i] = [];
            position[i] = i;
        }

        List<byte[]> layer = [.. leaves.Select(Convert.FromHexString)];
        while (layer.Count > 1)
        {
            for (int leaf = 0; leaf < leaves.Count; leaf++)
            {
                int sibling = position[leaf] ^ 1;
                if (sibling < layer.Count)
                {
                    proofs[leaf].Add(Convert.ToHexStringLower(layer[sibling]));
                }

                position[leaf] /= 2;
            }

            var next = new List<byte[]>((layer.Count + 1) / 2);
            for (int i = 0; i < layer.Count; i += 2)
            {
                next.Add(i + 1 < layer.Count ? Pair(layer[i], layer[i + 1]) : layer[i]);
            }

            layer = next;
        }

        return (Convert.ToHexStringLower(layer[0]), proofs);
    }

    /// <summary>OA v2 salting: every primitive becomes the string <c>salt:type:value</c> (type string, number, boolean or null).</summary>
    public static JsonNode Salt(JsonNode? node, RandomFill random) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Salt(p.Value, random)))),
        JsonArray a => new JsonArray([.. a.Select(item => (JsonNode?)Salt(item, random))]),
        JsonValue v => JsonValue.Create(NewSalt(random) + ":" + Typed(v)),
        _ => JsonValue.Create(NewSalt(random) + ":null:null"),
    };

    private static string Typed(JsonValue v) => v.GetValueKind() switch
    {
        JsonValueKind.String => "string:" + v.GetValue<string>(),
        JsonValueKind.Number => "number:" + JsJson.NumberToString(double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)),
        JsonValueKind.True => "boolean:true",
        JsonValueKind.False => "boolean:false",
        _ => "null:null",
    };

    private static string NewSalt(RandomFill random)
    {
        Span<byte> salt = stackalloc byte[32];
        random(salt);
        return Convert.ToHexStringLower(salt);
    }

    private static byte[] Pair(byte[] a, byte[] b) =>
        Keccak256.Hash(a.AsSpan().SequenceCompareTo(b) <= 0 ? [.. a, .. b] : [.. b, .. a]);
}
