using System.Text;
using System.Text.Json;
using Landsea.Exchange.Signing;
using Microsoft.Extensions.Time.Testing;

namespace Landsea.Exchange.Tests.Signing;

public sealed class SigningTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly NodeIdentity _chongqing;
    private readonly NodeIdentity _singapore;

    public SigningTests()
    {
        _chongqing = NodeIdentity.Create("CNCQI", "Chongqing Customs", _time);
        _singapore = NodeIdentity.Create("SGSIN", "Singapore Customs", _time);
    }

    [Fact]
    public void Sign_Envelope_CompactJwsEs256NamingTheCertificate()
    {
        SignedEnvelope signed = EnvelopeCodec.Sign(Sample(), _chongqing);

        string[] parts = signed.Jws.Split('.');
        Assert.Equal(3, parts.Length);
        using JsonDocument header = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[0]));
        Assert.Equal("ES256", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal(_chongqing.KeyId, header.RootElement.GetProperty("x5t#S256").GetString());
        Assert.Equal(_chongqing.KeyId, header.RootElement.GetProperty("kid").GetString());
        Assert.Equal(64, System.Buffers.Text.Base64Url.DecodeFromChars(parts[2]).Length);
    }

    [Fact]
    public void Verify_WireRoundTrip_AcceptsAndKeepsEveryField()
    {
        Envelope original = Sample();
        byte[] wire = EnvelopeCodec.ToWire(EnvelopeCodec.Sign(original, _chongqing));

        UnverifiedEnvelope read = EnvelopeCodec.Read(wire).Candidate!;

        Assert.Null(EnvelopeCodec.Verify(read, _chongqing.Certificate));
        Envelope back = read.Envelope;
        Assert.Equal((original.Id, original.Type, original.Version, original.Sender, original.Recipient, original.Conversation, original.Sequence, original.CreatedAt),
            (back.Id, back.Type, back.Version, back.Sender, back.Recipient, back.Conversation, back.Sequence, back.CreatedAt));
        Assert.Equal(original.Payload.ToArray(), back.Payload.ToArray());
    }

    [Fact]
    public void Verify_TamperedPayload_ReportsDigestMismatch()
    {
        SignedEnvelope signed = EnvelopeCodec.Sign(Sample(), _chongqing);
        byte[] wire = EnvelopeCodec.ToWire(signed.Jws, "{\"mrn\":\"forged\"}"u8);

        string? error = EnvelopeCodec.Verify(EnvelopeCodec.Read(wire).Candidate!, _chongqing.Certificate);

        Assert.Contains("digest", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_OtherNodesCertificate_ReportsWrongKey()
    {
        byte[] wire = EnvelopeCodec.ToWire(EnvelopeCodec.Sign(Sample(), _chongqing));

        string? error = EnvelopeCodec.Verify(EnvelopeCodec.Read(wire).Candidate!, _singapore.Certificate);

        Assert.Equal("signed with a key other than the pinned certificate's", error);
    }

    [Fact]
    public void Verify_SignatureBitFlipped_ReportsBadSignature()
    {
        SignedEnvelope signed = EnvelopeCodec.Sign(Sample(), _chongqing);
        char[] jws = signed.Jws.ToCharArray();
        jws[^3] = jws[^3] == 'A' ? 'B' : 'A';

        string? error = EnvelopeCodec.Verify(EnvelopeCodec.Read(EnvelopeCodec.ToWire(new string(jws), signed.Envelope.Payload.Span)).Candidate!, _chongqing.Certificate);

        Assert.Equal("ES256 signature does not verify", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"envelope\":\"a.b\",\"payload\":\"\"}")]
    [InlineData("{\"envelope\":\"e30.e30.AAAA\",\"payload\":\"\"}")]
    [InlineData("{\"envelope\":1,\"payload\":\"\"}")]
    public void Read_Malformed_FailsWithReason(string body)
    {
        EnvelopeRead read = EnvelopeCodec.Read(Encoding.UTF8.GetBytes(body));

        Assert.Null(read.Candidate);
        Assert.False(string.IsNullOrEmpty(read.Error));
    }

    [Fact]
    public void Receipt_SignedByReceiver_VerifiesOnlyWithReceiversCertificate()
    {
        var receipt = new Receipt("id1", "abc", ReceiptOutcome.Duplicate, null, "SGSIN", "CNCQI", _time.GetUtcNow(), new AuditHead(42, new string('a', 64)));

        SignedReceipt signed = ReceiptCodec.Sign(receipt, _singapore);

        Assert.Equal(receipt, ReceiptCodec.Verify(signed.Text, _singapore.Certificate));
        Assert.Null(ReceiptCodec.Verify(signed.Text, _chongqing.Certificate));
    }

    public void Dispose()
    {
        _chongqing.Dispose();
        _singapore.Dispose();
    }

    private Envelope Sample() =>
        new("0192f0c1a2b3", "pre-arrival", "1", "CNCQI", "SGSIN", "26CNCQI0000000017", 3, _time.GetUtcNow(), "{\"mrn\":\"26CNCQI0000000017\"}"u8.ToArray());
}
