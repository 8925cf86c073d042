using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Landsea.Origin;
using Landsea.Shared;
using Landsea.Tests;

namespace Landsea.Domain.Tests.Origin;

/// <summary>Issuing Landsea certificates of origin (OA v2, ES256 over the merkle root) and verifying them.</summary>
public sealed class CertificateIssuingTests : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly byte[] _certificate;
    private readonly byte[] _otherCertificate;

    public CertificateIssuingTests()
    {
        _certificate = SelfSigned(_key, "CN=CNCQI, O=Chongqing Customs");
        _otherCertificate = SelfSigned(_otherKey, "CN=FORGER, O=Not a customs administration");
    }

    public void Dispose()
    {
        _key.Dispose();
        _otherKey.Dispose();
    }

    internal static JsonElement Request(string file) =>
        JsonDocument.Parse(File.ReadAllText(Repository.Path("vectors", "openattestation", "landsea", file))).RootElement.Clone();

    /// <summary>A deterministic salt source: 32 bytes holding a counter.</summary>
    internal static RandomFill Counter()
    {
        int n = 0;
        return buffer =>
        {
            buffer.Clear();
            BinaryPrimitives.WriteInt32LittleEndian(buffer, ++n);
        };
    }

    private byte[] Sign(byte[] data) => _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    private static byte[] SelfSigned(ECDsa key, string subject)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using X509Certificate2 c = request.CreateSelfSigned(from, from.AddYears(2));
        return c.RawData;
    }

    private static CertificateOfOrigin Read(JsonElement request) => CertificateOfOrigin.Read(request, "Chongqing Customs", "CNCQI").OrThrow();

    private IReadOnlyList<IssuedCertificate> Issue(params CertificateOfOrigin[] certificates) =>
        OpenAttestationIssuer.IssueBatch(certificates, Counter(), _certificate, Sign).Value;

    private static CertificateOfOrigin Numbered(string number)
    {
        JsonNode request = JsonNode.Parse(Request("rcep-request.json").GetRawText())!;
        request["certificateNumber"] = number;
        return Read(JsonSerializer.SerializeToElement(request));
    }

    private static OriginVerification Verify(string document, VerificationContext? context = null) =>
        OpenAttestationVerifier.Verify(Encoding.UTF8.GetBytes(document), context ?? VerificationContext.None).Value;

    [Fact]
    public void Read_RcepSample_KeepsEveryBox()
    {
        CertificateOfOrigin c = Read(Request("rcep-request.json"));

        Assert.Equal(("CQ2026RCEP000123", "RCEP", "CN", "SG"), (c.Number, c.Form, c.ExportingCountry, c.ImportingCountry));
        JsonNode coo = c.Data["certificateOfOrigin"]!;
        Assert.Equal("870840", (string)coo["items"]![0]!["hsCode"]!);
        Assert.Equal("RVC", (string)coo["items"]![0]!["originCriterion"]!);
        Assert.Equal("236000.00 USD", (string)coo["items"]![0]!["fobValue"]!);
        Assert.Equal("CN", (string)coo["items"]![1]!["countryOfOrigin"]!);
        Assert.Equal("SGSIN", (string)coo["transport"]!["portOfDischarge"]!);
        Assert.Equal("Chongqing", (string)coo["placeOfIssue"]!);
        Assert.Equal(LandseaSignature.IdentityType, (string)c.Data["issuers"]![0]!["identityProof"]!["type"]!);
    }

    [Theory]
    [InlineData("exporter", null, "LS705", "exporter")]
    [InlineData("form", "\"CO\"", "LS706", "form")]
    [InlineData("importingCountry", "\"US\"", "LS710", "importingCountry")]
    [InlineData("dateOfIssue", "\"02/12/2026\"", "LS711", "dateOfIssue")]
    public void Read_BadField_NamesItWithItsCode(string field, string? value, string code, string named)
    {
        JsonObject request = JsonNode.Parse(Request("rcep-request.json").GetRawText())!.AsObject();
        if (value is null)
        {
            request.Remove(field);
        }
        else
        {
            request[field] = JsonNode.Parse(value);
        }

        Result<CertificateOfOrigin> r = CertificateOfOrigin.Read(JsonSerializer.SerializeToElement(request), "Chongqing Customs", "CNCQI");

        Assert.False(r.IsValid);
        Assert.Equal(code, r.Failure!.Code);
        Assert.StartsWith(named, r.Failure.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hsCode", "\"8708\"", "LS707")]
    [InlineData("hsCode", "\"999999\"", "LS707")]
    [InlineData("originCriterion", "\"XX\"", "LS708")]
    [InlineData("fobValue", null, "LS709")]
    [InlineData("fobValue", "\"-5 USD\"", "LS709")]
    [InlineData("itemNumber", "3", "LS712")]
    [InlineData("grossWeightKg", "\"heavy\"", "LS712")]
    [InlineData("countryOfOrigin", "\"US\"", "LS710")]
    [InlineData("invoiceNumber", null, "LS705")]
    public void Read_BadItemField_NamesItemAndField(string field, string? value, string code)
    {
        JsonObject request = JsonNode.Parse(Request("rcep-request.json").GetRawText())!.AsObject();
        JsonObject item = request["items"]![0]!.AsObject();
        if (value is null)
        {
            item.Remove(field);
        }
        else
        {
            item[field] = JsonNode.Parse(value);
        }

        Result<CertificateOfOrigin> r = CertificateOfOrigin.Read(JsonSerializer.SerializeToElement(request), "Chongqing Customs", "CNCQI");

        Assert.False(r.IsValid);
        Assert.Equal(code, r.Failure!.Code);
        Assert.Contains("items[0]." + field, r.Failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FormE_RefusesRcepOnlyCriterion()
    {
        JsonObject request = JsonNode.Parse(Request("form-e-request.json").GetRawText())!.AsObject();
        Assert.True(CertificateOfOrigin.Read(JsonSerializer.SerializeToElement(request), "x", "CNCQI").IsValid);
        request["items"]![0]!["originCriterion"] = "CTC";

        Result<CertificateOfOrigin> r = CertificateOfOrigin.Read(JsonSerializer.SerializeToElement(request), "x", "CNCQI");

        Assert.Equal(OriginErrorCodes.CriterionInvalid, r.Failure!.Code);
    }

    [Fact]
    public void Issue_One_VerifiesWithValidSignatureAndIssuerSubject()
    {
        IssuedCertificate c = Issue(Read(Request("rcep-request.json")))[0];

        OriginVerification v = Verify(c.Document);

        Assert.Equal(CheckOutcome.Valid, v.Integrity);
        Assert.Equal(CheckOutcome.Valid, v.Signature);
        Assert.Equal(c.TargetHash, v.TargetHash);
        Assert.Equal(c.TargetHash, c.MerkleRoot); // a batch of one is its own root
        Assert.Contains("CN=CNCQI", v.Issuer, StringComparison.Ordinal);
        Assert.Null(v.IssuerTrusted);
        Assert.True(v.Valid);
        Assert.DoesNotContain(v.Reasons, r => r.Contains("skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void Issue_SameSalts_SameTargetHash_OtherSalts_Other()
    {
        CertificateOfOrigin c = Read(Request("rcep-request.json"));
        string a = OpenAttestationIssuer.IssueBatch([c], Counter(), _certificate, Sign).Value[0].TargetHash;
        string b = OpenAttestationIssuer.IssueBatch([c], Counter(), _certificate, Sign).Value[0].TargetHash;
        string other = OpenAttestationIssuer.IssueBatch([c], RandomNumberGenerator.Fill, _certificate, Sign).Value[0].TargetHash;

        Assert.Equal(a, b);
        Assert.NotEqual(a, other);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void IssueBatch_EveryDocumentVerifiesUnderOneRoot(int count)
    {
        CertificateOfOrigin[] batch = [.. Enumerable.Range(1, count).Select(i => Numbered($"CQ2026RCEP{i:D6}"))];

        IReadOnlyList<IssuedCertificate> issued = Issue(batch);

        Assert.Single(issued.Select(i => i.MerkleRoot).Distinct());
        Assert.Equal(count, issued.Select(i => i.TargetHash).Distinct().Count());
        foreach (IssuedCertificate c in issued)
        {
            OriginVerification v = Verify(c.Document);
            Assert.True(v.Valid, string.Join("; ", v.Reasons));
            Assert.Equal(CheckOutcome.Valid, v.Signature);
            Assert.NotEmpty(JsonNode.Parse(c.Document)!["signature"]!["proof"]!.AsArray());
        }
    }

    [Fact]
    public void IssueBatch_RepeatedNumber_IsRefused()
    {
        Result<IReadOnlyList<IssuedCertificate>> r = OpenAttestationIssuer.IssueBatch([Numbered("A1"), Numbered("A1")], Counter(), _certificate, Sign);

        Assert.Equal(OriginErrorCodes.BatchDuplicateNumber, r.Failure!.Code);
        Assert.Equal(OriginErrorCodes.BatchInvalid, OpenAttestationIssuer.IssueBatch([], Counter(), _certificate, Sign).Failure!.Code);
    }

    [Fact]
    public void Verify_EveryLeafChanged_IsInvalidNeverValid()
    {
        string document = Issue(Read(Request("form-e-request.json")))[0].Document;
        JsonNode original = JsonNode.Parse(document)!;
        var paths = new List<string>();
        Leaves(original["data"]!, "", paths);
        Assert.True(paths.Count > 30);

        foreach (string path in paths)
        {
            JsonNode copy = original.DeepClone();
            JsonNode leaf = At(copy["data"]!, path);
            string salted = (string)leaf!;
            leaf.ReplaceWith(JsonValue.Create(salted + "X"));

            OriginVerification v = Verify(copy.ToJsonString());

            Assert.False(v.Valid, path);
            Assert.Equal(CheckOutcome.Invalid, v.Integrity);
            Assert.Contains(v.Reasons, r => r.StartsWith("integrity:", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Verify_SignatureChanged_IsInvalid()
    {
        JsonNode doc = JsonNode.Parse(Issue(Read(Request("rcep-request.json")))[0].Document)!;
        string sig = (string)doc["signature"]!["landseaSignature"]!["signature"]!;
        doc["signature"]!["landseaSignature"]!["signature"] = (sig[0] == 'A' ? "B" : "A") + sig[1..];

        OriginVerification v = Verify(doc.ToJsonString());

        Assert.Equal(CheckOutcome.Valid, v.Integrity);
        Assert.Equal(CheckOutcome.Invalid, v.Signature);
        Assert.False(v.Valid);
        Assert.Contains(v.Reasons, r => r.Contains("does not verify", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_ResignedWithAnotherKey_IsUntrustedUnderTheNodesTrust()
    {
        // A forger re-signs the (intact) root with their own key and certificate: the signature verifies, the issuer is not trusted.
        JsonNode doc = JsonNode.Parse(Issue(Read(Request("rcep-request.json")))[0].Document)!;
        byte[] root = Convert.FromHexString((string)doc["signature"]!["merkleRoot"]!);
        doc["signature"]!["landseaSignature"] = LandseaSignature.Create(root, _otherCertificate,
            d => _otherKey.SignData(d, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        var trust = new VerificationContext(OriginTrust.Of([_certificate], "test trust"), null, null);

        OriginVerification v = Verify(doc.ToJsonString(), trust);

        Assert.Equal(CheckOutcome.Valid, v.Signature);
        Assert.False(v.IssuerTrusted);
        Assert.False(v.Valid);
        Assert.Contains(v.Reasons, r => r.Contains("not trusted", StringComparison.Ordinal));
        Assert.True(Verify(Issue(Read(Request("rcep-request.json")))[0].Document, trust).IssuerTrusted);
    }

    [Fact]
    public void Verify_CertificateSwappedWithoutResigning_IsInvalid()
    {
        JsonNode doc = JsonNode.Parse(Issue(Read(Request("rcep-request.json")))[0].Document)!;
        doc["signature"]!["landseaSignature"]!["certificate"] = Convert.ToBase64String(_otherCertificate);

        Assert.Equal(CheckOutcome.Invalid, Verify(doc.ToJsonString()).Signature);
    }

    [Fact]
    public void Verify_MerkleRootReplacedConsistently_IsInvalid()
    {
        // Root and proof changed together so that the proof reaches the new root: the signature still covers the old one.
        JsonNode doc = JsonNode.Parse(Issue(Read(Request("rcep-request.json")))[0].Document)!;
        string target = (string)doc["signature"]!["targetHash"]!;
        string sibling = new('1', 64);
        doc["signature"]!["proof"] = new JsonArray(sibling);
        doc["signature"]!["merkleRoot"] = OpenAttestationVerifier.MerkleRoot(target, [sibling]).Value;

        OriginVerification v = Verify(doc.ToJsonString());

        Assert.Equal(CheckOutcome.Valid, v.Integrity);
        Assert.Equal(CheckOutcome.Invalid, v.Signature);
        Assert.False(v.Valid);
    }

    [Fact]
    public void Obfuscate_LandseaDocument_KeepsIntegrityAndSignature()
    {
        string document = Issue(Read(Request("rcep-request.json")))[0].Document;

        string shared = OpenAttestationObfuscation.ObfuscateV2(document, "certificateOfOrigin.items.0.fobValue").Value;
        shared = OpenAttestationObfuscation.ObfuscateV2(shared, "certificateOfOrigin.consignee.address").Value;
        OriginVerification v = Verify(shared);

        Assert.True(v.Valid, string.Join("; ", v.Reasons));
        Assert.Equal(CheckOutcome.Valid, v.Signature);
        Assert.DoesNotContain("Pioneer Road", shared, StringComparison.Ordinal);
        Assert.DoesNotContain("236000.00", shared, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_RevokedTargetHash_IsRevokedAndNotValid()
    {
        IssuedCertificate c = Issue(Read(Request("rcep-request.json")))[0];
        var context = new VerificationContext(null, new Dictionary<string, string> { [c.TargetHash] = "issued in error" }, "test list");

        OriginVerification v = Verify(c.Document, context);

        Assert.True(v.Revoked);
        Assert.False(v.Valid);
        Assert.Contains(v.Reasons, r => r.Contains("issued in error", StringComparison.Ordinal));
    }

    [Fact]
    public void RevocationList_RoundTrips_AndATamperedListIsRefused()
    {
        var at = new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
        string hash = new('a', 64);
        string file = RevocationList.Write("CNCQI", at, [new Revocation(hash, "CQ1", at, "wrong consignee")], _certificate, Sign);

        RevocationList list = RevocationList.Read(Encoding.UTF8.GetBytes(file)).Value;

        Assert.Equal(hash, Assert.Single(list.Entries).TargetHash);
        Assert.Contains("wrong consignee", list.ByTargetHash()[hash], StringComparison.Ordinal);
        Assert.Equal(_certificate, list.Certificate);

        string tampered = file.Replace(new string('a', 64), new string('b', 64), StringComparison.Ordinal);
        Assert.Equal(OriginErrorCodes.RevocationListUntrusted, RevocationList.Read(Encoding.UTF8.GetBytes(tampered)).Failure!.Code);
        Assert.Equal(OriginErrorCodes.RevocationListMalformed, RevocationList.Read("{\"type\":1}"u8).Failure!.Code);
        Assert.Equal(OriginErrorCodes.RevocationListMalformed, RevocationList.Read("not json"u8).Failure!.Code);
    }

    [Fact]
    public void MerkleTree_ProofsFoldToTheRoot()
    {
        string[] leaves = [.. Enumerable.Range(0, 7).Select(i => Keccak256.HexOfUtf8(i.ToString(System.Globalization.CultureInfo.InvariantCulture)))];

        (string root, List<string>[] proofs) = OpenAttestationIssuer.MerkleTree(leaves);

        for (int i = 0; i < leaves.Length; i++)
        {
            Assert.Equal(root, OpenAttestationVerifier.MerkleRoot(leaves[i], proofs[i]).Value);
        }

        Assert.Equal([3, 3, 3, 3, 3, 3, 2], proofs.Select(p => p.Count));
    }

    [Fact]
    public void Verify_ThirdPartyVector_StaysSkipped()
    {
        byte[] bytes = File.ReadAllBytes(Repository.Path("vectors", "openattestation", "v2", "not-obfuscated-wrapped.json"));

        OriginVerification v = OpenAttestationVerifier.Verify(bytes, new VerificationContext(OriginTrust.Of([_certificate], "t"), null, null)).Value;

        Assert.Equal(CheckOutcome.Skipped, v.Signature);
        Assert.Null(v.IssuerTrusted);
        Assert.Contains(v.Reasons, r => r.Contains("skipped", StringComparison.Ordinal));
    }

    private static void Leaves(JsonNode node, string path, List<string> into)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (KeyValuePair<string, JsonNode?> p in o)
                {
                    Leaves(p.Value!, path.Length == 0 ? p.Key : path + "\u0001" + p.Key, into);
                }

                break;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++)
                {
                    Leaves(a[i]!, path + "\u0001" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), into);
                }

                break;
            default:
                into.Add(path);
                break;
        }
    }

    private static JsonNode At(JsonNode node, string path)
    {
        foreach (string part in path.Split('\u0001'))
        {
            node = node is JsonArray a ? a[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)]! : node[part]!;
        }

        return node;
    }
}
