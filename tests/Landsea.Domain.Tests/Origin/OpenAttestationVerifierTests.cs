using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Landsea.Origin;
using Landsea.Tests;

namespace Landsea.Domain.Tests.Origin;

public class OpenAttestationVerifierTests
{
    /// <summary>OA's own obfuscation left "recipient": {} behind, which later OA releases do not hash (see vectors SOURCES.md).</summary>
    private const string ObfuscatedV2 = "obfuscated-wrapped.json";

    public static TheoryData<string> WrappedDocuments()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.EnumerateFiles(Repository.Path("vectors", "openattestation"), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string rel = Path.GetRelativePath(Repository.Path("vectors", "openattestation"), file);
            if (rel.StartsWith("v4", StringComparison.Ordinal) || rel.EndsWith("schema.json", StringComparison.Ordinal))
            {
                continue;
            }

            JsonNode? node = JsonNode.Parse(File.ReadAllText(file));
            bool wrapped = node?["signature"]?["targetHash"] is not null || node?["proof"]?["targetHash"] is not null;
            if (wrapped)
            {
                data.Add(rel);
            }
        }

        return data;
    }

    [Theory]
    [InlineData("", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")]
    [InlineData("abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")]
    [InlineData("The quick brown fox jumps over the lazy dog", "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15")]
    public void Keccak256_matches_ethereum_vectors(string input, string expected) =>
        Assert.Equal(expected, Keccak256.HexOfUtf8(input));

    [Theory]
    [MemberData(nameof(WrappedDocuments))]
    public void Every_wrapped_vector_has_valid_integrity(string relative)
    {
        OriginVerification v = Verify(File.ReadAllBytes(Repository.Path("vectors", "openattestation", relative)));
        Assert.True(v.Integrity == CheckOutcome.Valid, string.Join("; ", v.Reasons));
        Assert.True(v.Valid);
    }

    [Fact]
    public void The_obfuscated_v2_fixture_with_a_left_over_empty_object_verifies_but_a_value_put_back_does_not()
    {
        byte[] bytes = File.ReadAllBytes(Repository.Path("vectors", "openattestation", "v2", ObfuscatedV2));
        Assert.True(Verify(bytes).Valid);

        JsonNode doc = JsonNode.Parse(bytes)!;
        doc["data"]!["recipient"]!["name"] = "f948b6d5-c75c-4c43-99f3-216efac4e00b:string:Someone Else";
        OriginVerification changed = Verify(System.Text.Encoding.UTF8.GetBytes(doc.ToJsonString()));
        Assert.Equal(CheckOutcome.Invalid, changed.Integrity);
        Assert.False(changed.Valid);
    }

    [Theory]
    [MemberData(nameof(WrappedDocuments))]
    public void Changing_any_field_value_breaks_integrity(string relative)
    {
        string text = File.ReadAllText(Repository.Path("vectors", "openattestation", relative));
        JsonNode original = JsonNode.Parse(text)!;
        bool v2 = original["signature"] is not null;
        JsonNode scope = v2 ? original["data"]! : original;
        var paths = new List<string>();
        CollectLeaves(scope, "", v2 ? null : "proof", paths);
        Assert.NotEmpty(paths);
        foreach (string path in paths)
        {
            JsonNode copy = JsonNode.Parse(text)!;
            JsonNode target = Navigate(v2 ? copy["data"]! : copy, path);
            Mutate(target);
            var r = OpenAttestationVerifier.Verify(Encoding.UTF8.GetBytes(copy.ToJsonString()));
            // Either refused outright (a changed "version" is no longer an OA document) or integrity invalid.
            Assert.True(!r.IsValid || r.Value.Integrity == CheckOutcome.Invalid, $"{relative}: changing {path} went unnoticed");
            Assert.True(!r.IsValid || !r.Value.Valid);
        }
    }

    [Theory]
    [InlineData("v2/not-obfuscated-wrapped.json", "signature", "targetHash")]
    [InlineData("v2/not-obfuscated-wrapped.json", "signature", "merkleRoot")]
    [InlineData("v3/not-obfuscated-wrapped.json", "proof", "targetHash")]
    [InlineData("v3/not-obfuscated-wrapped.json", "proof", "merkleRoot")]
    public void Changing_the_target_hash_or_merkle_root_breaks_integrity(string relative, string section, string field)
    {
        JsonNode doc = JsonNode.Parse(File.ReadAllText(Repository.Path("vectors", "openattestation", relative)))!;
        string hash = doc[section]![field]!.GetValue<string>();
        doc[section]![field] = (hash[0] == '0' ? "1" : "0") + hash[1..];
        OriginVerification v = Verify(Encoding.UTF8.GetBytes(doc.ToJsonString()));
        Assert.Equal(CheckOutcome.Invalid, v.Integrity);
    }

    [Fact]
    public void Adding_a_proof_step_breaks_integrity()
    {
        JsonNode doc = JsonNode.Parse(File.ReadAllText(Repository.Path("vectors", "openattestation", "schema-3.0", "batched-verifiable-credential-1.json")))!;
        doc["proof"]!["proofs"]!.AsArray().Add(new string('a', 64));
        Assert.Equal(CheckOutcome.Invalid, Verify(Encoding.UTF8.GetBytes(doc.ToJsonString())).Integrity);
        JsonNode doc2 = JsonNode.Parse(File.ReadAllText(Repository.Path("vectors", "openattestation", "schema-3.0", "batched-verifiable-credential-1.json")))!;
        string p = doc2["proof"]!["proofs"]![0]!.GetValue<string>();
        doc2["proof"]!["proofs"]![0] = (p[0] == '0' ? "1" : "0") + p[1..];
        Assert.Equal(CheckOutcome.Invalid, Verify(Encoding.UTF8.GetBytes(doc2.ToJsonString())).Integrity);
    }

    [Fact]
    public void Third_party_documents_list_the_offline_checks_as_skipped()
    {
        OriginVerification v = Verify(File.ReadAllBytes(Repository.Path("vectors", "openattestation", "v2", "not-obfuscated-wrapped.json")));
        Assert.Equal(CheckOutcome.Skipped, v.Signature);
        Assert.Contains(v.Reasons, r => r.Contains("cannot be checked offline", StringComparison.Ordinal));
        Assert.Equal("Demo Issuer", v.Issuer);
    }

    [Theory]
    [InlineData("not json", "LS700")]
    [InlineData("[1,2]", "LS701")]
    [InlineData("{\"hello\":1}", "LS701")]
    [InlineData("{\"version\":\"https://schema.openattestation.com/2.0/schema.json\",\"data\":{},\"signature\":{\"targetHash\":\"xyz\"}}", "LS702")]
    public void Unreadable_documents_are_refused_with_a_code(string json, string code)
    {
        var r = OpenAttestationVerifier.Verify(Encoding.UTF8.GetBytes(json));
        Assert.False(r.IsValid);
        Assert.Equal(code, r.Failure!.Code);
    }

    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e21, "1e+21")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(-2.5, "-2.5")]
    public void Numbers_are_written_as_javascript_does(double value, string expected) =>
        Assert.Equal(expected, JsJson.NumberToString(value));

    private static OriginVerification Verify(byte[] json)
    {
        var r = OpenAttestationVerifier.Verify(json);
        Assert.True(r.IsValid, r.Failure?.Reason);
        return r.Value;
    }

    private static void CollectLeaves(JsonNode node, string path, string? skipTop, List<string> paths)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, child) in o)
                {
                    if (path.Length == 0 && k == skipTop)
                    {
                        continue;
                    }

                    if (child is not null)
                    {
                        CollectLeaves(child, path + "/" + k, skipTop, paths);
                    }
                }

                break;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++)
                {
                    if (a[i] is { } child)
                    {
                        CollectLeaves(child, path + "/" + i, skipTop, paths);
                    }
                }

                break;
            default:
                paths.Add(path);
                break;
        }
    }

    private static JsonNode Navigate(JsonNode root, string path)
    {
        JsonNode current = root;
        foreach (string part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = current is JsonArray a ? a[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)]! : current[part]!;
        }

        return current;
    }

    private static void Mutate(JsonNode leaf)
    {
        JsonValue value = leaf.AsValue();
        JsonNode replacement = value.GetValueKind() switch
        {
            JsonValueKind.String => JsonValue.Create(value.GetValue<string>() + "x"),
            JsonValueKind.Number => JsonValue.Create(value.GetValue<double>() + 1),
            JsonValueKind.True => JsonValue.Create(false),
            JsonValueKind.False => JsonValue.Create(true),
            _ => JsonValue.Create("x"),
        };
        leaf.ReplaceWith(replacement);
    }
}

public class OpenAttestationObfuscationTests
{
    [Theory]
    [InlineData("recipient.name")]
    [InlineData("recipient")]
    [InlineData("issuers.0.name")]
    [InlineData("$template.url")]
    public void Obfuscating_a_field_keeps_integrity_and_hides_the_value(string field)
    {
        string text = File.ReadAllText(Repository.Path("vectors", "openattestation", "v2", "not-obfuscated-wrapped.json"));
        var r = OpenAttestationObfuscation.ObfuscateV2(text, field);
        Assert.True(r.IsValid, r.Failure?.Reason);
        var v = OpenAttestationVerifier.Verify(System.Text.Encoding.UTF8.GetBytes(r.Value));
        Assert.True(v.IsValid);
        Assert.True(v.Value.Integrity == CheckOutcome.Valid, string.Join("; ", v.Value.Reasons));
        Assert.Equal(OpenAttestationVerifier.Verify(System.Text.Encoding.UTF8.GetBytes(text)).Value.TargetHash, v.Value.TargetHash);
        if (field == "recipient.name")
        {
            Assert.DoesNotContain("John Doe", r.Value, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Obfuscating_a_missing_field_is_refused_with_LS703()
    {
        string text = File.ReadAllText(Repository.Path("vectors", "openattestation", "v2", "not-obfuscated-wrapped.json"));
        var r = OpenAttestationObfuscation.ObfuscateV2(text, "recipient.nope");
        Assert.Equal("LS703", r.Failure?.Code);
    }
}
