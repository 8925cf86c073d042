using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Landsea.Exchange.Signing;
using Microsoft.Extensions.Time.Testing;

namespace Landsea.Exchange.Tests.Signing;

/// <summary>One signature over many envelopes or receipts (ADR 0306): each item still verifies on its own, and nothing else does.</summary>
public sealed class BatchSigningTests : IDisposable
{
    /// <summary>The refusal when the tree head is not signed by the pinned key for the expected type.</summary>
    private const string NotThePinnedKey = "batch signature does not verify against the pinned certificate";

    /// <summary>The refusal when the digest and path do not lead to the signed tree head.</summary>
    private const string NotTheTreeHead = "batch proof does not lead to the signed tree head";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly NodeIdentity _chongqing;
    private readonly NodeIdentity _singapore;

    public BatchSigningTests()
    {
        _chongqing = NodeIdentity.Create("CNCQI", "Chongqing Customs", _time);
        _singapore = NodeIdentity.Create("SGSIN", "Singapore Customs", _time);
    }

    public static TheoryData<int> TreeSizes => [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 100];

    [Theory]
    [MemberData(nameof(TreeSizes))]
    public void Proofs_EveryLeafOfEveryTreeShape_VerifiesOnlyForItsOwnDigest(int size)
    {
        List<byte[]> digests = Enumerable.Range(0, size).Select(i => SHA256.HashData(BitConverter.GetBytes(i))).ToList();

        BatchProof[] proofs = BatchProof.Sign(_chongqing, BatchProof.EnvelopesType, digests, _time.GetUtcNow());

        using var verifier = new BatchVerifier();
        Assert.Single(proofs.Select(p => p.Jws).Distinct());
        Assert.True(proofs.All(p => p.Path.Count <= Math.Ceiling(Math.Log2(size))));
        for (int i = 0; i < size; i++)
        {
            Assert.Null(verifier.Verify(proofs[i], digests[i], BatchProof.EnvelopesType, _chongqing.Certificate));
            Assert.Equal(NotTheTreeHead, verifier.Verify(proofs[i], digests[(i + 1) % size].Select(b => (byte)~b).ToArray(), BatchProof.EnvelopesType, _chongqing.Certificate));
            if (size > 1)
            {
                Assert.Equal(NotTheTreeHead, verifier.Verify(proofs[i], digests[(i + 1) % size], BatchProof.EnvelopesType, _chongqing.Certificate));
                Assert.Equal(NotTheTreeHead, verifier.Verify(proofs[i] with { Index = (i + 1) % size }, digests[i], BatchProof.EnvelopesType, _chongqing.Certificate));
            }

            Assert.Equal("batch proof index outside the signed tree", verifier.Verify(proofs[i] with { Index = size }, digests[i], BatchProof.EnvelopesType, _chongqing.Certificate));
        }
    }

    [Fact]
    public void Proof_OfReceiptTree_IsNotAProofForAnEnvelope()
    {
        byte[] digest = SHA256.HashData("x"u8);
        BatchProof proof = BatchProof.Sign(_singapore, BatchProof.ReceiptsType, [digest, digest], _time.GetUtcNow())[0];

        using var verifier = new BatchVerifier();
        Assert.Null(verifier.Verify(proof, digest, BatchProof.ReceiptsType, _singapore.Certificate));
        Assert.Equal(NotThePinnedKey, verifier.Verify(proof, digest, BatchProof.EnvelopesType, _singapore.Certificate));
        Assert.Equal(NotThePinnedKey, verifier.Verify(proof, digest, BatchProof.ReceiptsType, _chongqing.Certificate));
    }

    [Fact]
    public void SignBatch_EachEnvelopeReadAndVerifiedAlone_KeepsEveryField()
    {
        Envelope[] envelopes = Enumerable.Range(1, 5).Select(Sample).ToArray();

        byte[][] wires = EnvelopeCodec.SignBatch(envelopes, _chongqing, _time.GetUtcNow());

        for (int i = 0; i < envelopes.Length; i++)
        {
            UnverifiedEnvelope read = EnvelopeCodec.Read(wires[i]).Candidate!;
            Assert.Null(EnvelopeCodec.Verify(read, _chongqing.Certificate)); // no shared verifier: each stands alone
            Assert.Equal(envelopes[i] with { Payload = default }, read.Envelope with { Payload = default });
            Assert.Equal(envelopes[i].Payload.ToArray(), read.Envelope.Payload.ToArray());
            Assert.Equal(EnvelopeCodec.Digest(envelopes[i]), read.Digest);
            Assert.Equal(NotThePinnedKey, EnvelopeCodec.Verify(read, _singapore.Certificate));
        }
    }

    [Fact]
    public void Digest_SameWhetherSignedAloneOrInABatch()
    {
        Envelope e = Sample(1);

        string alone = EnvelopeCodec.Read(EnvelopeCodec.ToWire(EnvelopeCodec.Sign(e, _chongqing))).Candidate!.Digest;
        string batched = EnvelopeCodec.Read(EnvelopeCodec.SignBatch([e, Sample(2)], _chongqing, _time.GetUtcNow())[0]).Candidate!.Digest;

        Assert.Equal(alone, batched);
        Assert.Equal(EnvelopeCodec.Unsigned(e).Digest, alone);
    }

    [Fact]
    public void Verify_BatchFormTamperedPayload_ReportsDigestMismatch()
    {
        JsonObject wire = Parse(EnvelopeCodec.SignBatch([Sample(1), Sample(2)], _chongqing, _time.GetUtcNow())[0]);
        wire["payload"] = Convert.ToBase64String("{\"mrn\":\"forged\"}"u8);

        Assert.Equal("payload does not match the signed SHA-256 digest", VerifyJson(wire, _chongqing));
    }

    [Fact]
    public void Verify_BatchFormTamperedHeader_ReportsProofMismatch()
    {
        Envelope original = Sample(1);
        JsonObject wire = Parse(EnvelopeCodec.SignBatch([original, Sample(2)], _chongqing, _time.GetUtcNow())[0]);
        JsonObject forgedHeader = Parse(Convert.FromBase64String(ToBase64(wire["header"]!.GetValue<string>())));
        forgedHeader["conv"] = "26CNCQI0000009999";
        wire["header"] = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(forgedHeader.ToJsonString()));

        Assert.Equal("batch proof does not lead to the signed tree head", VerifyJson(wire, _chongqing));
    }

    [Fact]
    public void Verify_ProofTakenFromAnotherEnvelope_Refused()
    {
        byte[][] wires = EnvelopeCodec.SignBatch([Sample(1), Sample(2), Sample(3)], _chongqing, _time.GetUtcNow());
        JsonObject first = Parse(wires[0]);
        first["proof"] = Parse(wires[1])["proof"]!.DeepClone();

        Assert.Equal(NotTheTreeHead, VerifyJson(first, _chongqing));
    }

    [Theory]
    [InlineData("{\"proof\":{},\"header\":\"e30\",\"payload\":\"\"}")]
    [InlineData("{\"proof\":{\"jws\":\"a.b.c\",\"index\":-1,\"path\":[]},\"header\":\"e30\",\"payload\":\"\"}")]
    [InlineData("{\"proof\":{\"jws\":\"a.b.c\",\"index\":0,\"path\":[\"AAAA\"]},\"header\":\"e30\",\"payload\":\"\"}")]
    [InlineData("{\"proof\":{\"jws\":\"a.b.c\",\"index\":0,\"path\":\"x\"},\"header\":\"e30\",\"payload\":\"\"}")]
    [InlineData("{\"proof\":{\"jws\":\"a.b.c\",\"index\":0,\"path\":[]},\"header\":\"***\",\"payload\":\"\"}")]
    [InlineData("{\"proof\":{\"jws\":\"a.b.c\",\"index\":0,\"path\":[]},\"header\":\"e30\",\"payload\":\"\"}")]
    [InlineData("{\"header\":5,\"payload\":\"\"}")]
    public void Read_MalformedBatchForm_FailsWithReasonNeverThrows(string body)
    {
        EnvelopeRead read = EnvelopeCodec.Read(Encoding.UTF8.GetBytes(body));

        Assert.Null(read.Candidate);
        Assert.False(string.IsNullOrEmpty(read.Error));
    }

    [Fact]
    public void Verify_ProofWithGarbageTreeHead_RefusedNotThrown()
    {
        JsonObject wire = Parse(EnvelopeCodec.SignBatch([Sample(1), Sample(2)], _chongqing, _time.GetUtcNow())[0]);
        wire["proof"]!["jws"] = "e30.e30.AAAA";

        Assert.Equal("batch signature does not verify against the pinned certificate", VerifyJson(wire, _chongqing));
    }

    [Fact]
    public void Verify_UnsignedStoredForm_RefusedAsNotSigned()
    {
        (byte[] wire, _) = EnvelopeCodec.Unsigned(Sample(1));

        Assert.True(EnvelopeCodec.IsUnsigned(wire));
        Assert.Equal("envelope is not signed", EnvelopeCodec.Verify(EnvelopeCodec.Read(wire).Candidate!, _chongqing.Certificate));
    }

    [Fact]
    public void Receipts_SignedTogether_EachVerifiesAloneWithTheIssuersCertificateOnly()
    {
        Receipt[] receipts = Enumerable.Range(0, 7).Select(i =>
            new Receipt($"id{i}", new string('c', 64), ReceiptOutcome.Received, null, "SGSIN", "CNCQI", _time.GetUtcNow(), new AuditHead(i + 1, new string('a', 64)))).ToArray();

        SignedReceipt[] signed = ReceiptCodec.SignAll(receipts, _singapore, SigningMode.Batch, _time.GetUtcNow());

        Assert.All(signed, s => Assert.True(ReceiptCodec.IsBatchForm(s.Text)));
        for (int i = 0; i < receipts.Length; i++)
        {
            Assert.Equal(receipts[i], ReceiptCodec.Verify(signed[i].Text, _singapore.Certificate));
            Assert.Equal(receipts[i], ReceiptCodec.ReadUnverified(signed[i].Text));
            Assert.Null(ReceiptCodec.Verify(signed[i].Text, _chongqing.Certificate));
        }

        JsonObject forged = Parse(Encoding.UTF8.GetBytes(signed[0].Text));
        forged["receipt"] = Parse(Encoding.UTF8.GetBytes(signed[1].Text))["receipt"]!.DeepClone();
        Assert.Null(ReceiptCodec.Verify(forged.ToJsonString(), _singapore.Certificate));
    }

    [Fact]
    public void Receipts_PerItemMode_OneCompactJwsEach()
    {
        Receipt r = new("id", null, ReceiptOutcome.BadEnvelope, "malformed", "SGSIN", null, _time.GetUtcNow(), new AuditHead(1, new string('a', 64)));

        SignedReceipt[] signed = ReceiptCodec.SignAll([r, r], _singapore, SigningMode.PerItem, _time.GetUtcNow());

        Assert.All(signed, s => Assert.Equal(3, s.Text.Split('.').Length));
        Assert.All(signed, s => Assert.Equal(r, ReceiptCodec.Verify(s.Text, _singapore.Certificate)));
    }

    public void Dispose()
    {
        _chongqing.Dispose();
        _singapore.Dispose();
    }

    private static JsonObject Parse(byte[] json) => JsonNode.Parse(json)!.AsObject();

    private static string ToBase64(string base64Url) => Convert.ToBase64String(System.Buffers.Text.Base64Url.DecodeFromChars(base64Url));

    private static string? VerifyJson(JsonObject wire, NodeIdentity pinned)
    {
        EnvelopeRead read = EnvelopeCodec.Read(Encoding.UTF8.GetBytes(wire.ToJsonString(new JsonSerializerOptions())));
        return read.Candidate is null ? read.Error : EnvelopeCodec.Verify(read.Candidate, pinned.Certificate);
    }

    private Envelope Sample(int n) =>
        new($"0192f0c1a2b{n}", "pre-arrival", "1", "CNCQI", "SGSIN", "26CNCQI0000000017", n, _time.GetUtcNow(), Encoding.UTF8.GetBytes($"{{\"mrn\":\"26CNCQI0000000017\",\"n\":{n}}}"));
}
