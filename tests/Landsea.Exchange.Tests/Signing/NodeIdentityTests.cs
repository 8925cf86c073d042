using System.Security.Cryptography.X509Certificates;
using Landsea.Exchange.Signing;
using Microsoft.Extensions.Time.Testing;

namespace Landsea.Exchange.Tests.Signing;

public sealed class NodeIdentityTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "landsea-identity-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Save_NewIdentity_PrivateKeyFileIsOwnerReadWriteOnly()
    {
        using NodeIdentity identity = NodeIdentity.Create("CNCQI", "Chongqing Customs", _time);

        identity.Save(_directory);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_directory, NodeIdentity.KeyFileName)));
        Assert.True(File.Exists(Path.Combine(_directory, NodeIdentity.CertificateFileName)));
    }

    [Fact]
    public void Load_SavedIdentity_SignsWithTheSameCertifiedKey()
    {
        using NodeIdentity created = NodeIdentity.Create("CNCQI", "Chongqing Customs", _time);
        created.Save(_directory);

        using NodeIdentity loaded = NodeIdentity.Load(_directory);
        var envelope = new Envelope("e1", "t", "1", "CNCQI", "SGSIN", "c", 1, _time.GetUtcNow(), "x"u8.ToArray());
        byte[] wire = EnvelopeCodec.ToWire(EnvelopeCodec.Sign(envelope, loaded));

        Assert.Equal(created.KeyId, loaded.KeyId);
        Assert.Null(EnvelopeCodec.Verify(EnvelopeCodec.Read(wire).Candidate!, created.Certificate));
    }

    [Fact]
    public void Save_ExistingKey_RefusesToOverwrite()
    {
        using NodeIdentity first = NodeIdentity.Create("CNCQI", "Chongqing Customs", _time);
        using NodeIdentity second = NodeIdentity.Create("CNCQI", "Chongqing Customs", _time);
        first.Save(_directory);

        Assert.Throws<IOException>(() => second.Save(_directory));
    }

    [Fact]
    public void PublicSurface_Identity_NeverExposesThePrivateKey()
    {
        using NodeIdentity identity = NodeIdentity.Create("CNCQI", "Chongqing Customs", _time);

        Assert.False(identity.Certificate.HasPrivateKey);
        Assert.DoesNotContain("PRIVATE", identity.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", identity.CertificatePem, StringComparison.Ordinal);
        Assert.DoesNotContain(typeof(NodeIdentity).GetProperties(), p => p.PropertyType == typeof(System.Security.Cryptography.ECDsa));
    }

    [Fact]
    public void CreateCertificateRequestPem_Identity_Pkcs10ForTheNodeCode()
    {
        using NodeIdentity identity = NodeIdentity.Create("SGSIN", "Singapore Customs", _time);

        CertificateRequest request = CertificateRequest.LoadSigningRequestPem(identity.CreateCertificateRequestPem(), System.Security.Cryptography.HashAlgorithmName.SHA256);

        Assert.Contains("CN=SGSIN", request.SubjectName.Name, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cncqi")]
    [InlineData("C")]
    [InlineData("CN-CQI")]
    public void Create_InvalidCode_Throws(string code) =>
        Assert.Throws<ArgumentException>(() => NodeIdentity.Create(code, "x", _time));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
