using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Landsea.Exchange.Signing;

/// <summary>
/// A node's signing identity: an ECDSA P-256 key pair and its X.509 certificate.
/// The private key stays inside this object; no member returns or prints it. On disk it lives in
/// <c>node.key.pem</c> (PKCS#8, created with mode 0600) beside <c>node.crt.pem</c> and <c>node.json</c>.
/// </summary>
public sealed class NodeIdentity : IDisposable
{
    public const string KeyFileName = "node.key.pem";
    public const string CertificateFileName = "node.crt.pem";
    public const string RequestFileName = "node.csr.pem";
    public const string DescriptorFileName = "node.json";

    /// <summary>The folder, inside the identity's, of the certificates of keys rolled over from: <c>previous/&lt;kid&gt;.crt.pem</c>.</summary>
    public const string PreviousFolderName = "previous";

    private readonly ECDsa _key;

    private X509Certificate2? _tls;

    private NodeIdentity(string code, string name, ECDsa key, X509Certificate2 certificate, IReadOnlyList<X509Certificate2>? previous = null)
    {
        Code = code;
        Name = name;
        _key = key;
        Certificate = X509CertificateLoader.LoadCertificate(certificate.RawData); // public part only
        KeyId = CertificateThumbprint.Of(Certificate);
        PreviousCertificates = previous ?? [];
    }

    /// <summary>The certificates of the keys this node rolled over from (newest first): what they signed still verifies.</summary>
    public IReadOnlyList<X509Certificate2> PreviousCertificates { get; }

    /// <summary>This node's current and previous certificates, for checking what it signed (audit checkpoints, its heads).</summary>
    public KeyRing Keys => new(Certificate, PreviousCertificates.Select(c => new PastKey(c, DateTimeOffset.MinValue)).ToList());

    /// <summary>
    /// The certificate with its private key, for serving HTTPS: partners pin it as they pin the signing key, so one rollover
    /// renews both. Created once; owned by this identity.
    /// </summary>
    public X509Certificate2 TlsCertificate => _tls ??= Certificate.CopyWithPrivateKey(_key);

    /// <summary>The node code (for example CNCQI), also the certificate's CN.</summary>
    public string Code { get; }

    public string Name { get; }

    /// <summary>The certificate without its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>base64url SHA-256 of the certificate DER: the JWS <c>kid</c> and <c>x5t#S256</c>.</summary>
    public string KeyId { get; }

    public string CertificatePem => Certificate.ExportCertificatePem();

    /// <summary>Creates a new key pair and a self-signed certificate valid from now for <paramref name="validity"/> (default 2 years).</summary>
    public static NodeIdentity Create(string code, string name, TimeProvider time, TimeSpan? validity = null)
    {
        if (!NodeCodes.IsValid(code))
        {
            throw new ArgumentException($"Node code '{code}' must be 2-16 characters A-Z or 0-9.", nameof(code));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest request = BuildRequest(code, name, key);
        DateTimeOffset now = time.GetUtcNow();
        using X509Certificate2 cert = request.CreateSelfSigned(now.AddMinutes(-5), now + (validity ?? TimeSpan.FromDays(730)));
        return new NodeIdentity(code, name, key, cert);
    }

    /// <summary>A PKCS#10 request (PEM) for an administration's CA, over this node's key.</summary>
    public string CreateCertificateRequestPem() => BuildRequest(Code, Name, _key).CreateSigningRequestPem();

    /// <summary>Writes node.json, the certificate and the private key (mode 0600) to <paramref name="directory"/>; refuses to overwrite a key.</summary>
    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        string keyPath = Path.Combine(directory, KeyFileName);
        if (File.Exists(keyPath))
        {
            throw new IOException($"{keyPath} already exists; a node identity is never overwritten.");
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(keyPath, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(_key.ExportPkcs8PrivateKeyPem());
        }

        File.WriteAllText(Path.Combine(directory, CertificateFileName), CertificatePem);
        File.WriteAllText(Path.Combine(directory, DescriptorFileName), JsonSerializer.Serialize(new NodeDescriptor(Code, Name, KeyId)));
    }

    /// <summary>Loads an identity saved by <see cref="Save"/>; the certificate file may have been replaced by a CA-issued one for the same key.</summary>
    public static NodeIdentity Load(string directory)
    {
        NodeDescriptor descriptor = JsonSerializer.Deserialize<NodeDescriptor>(File.ReadAllText(Path.Combine(directory, DescriptorFileName)))
            ?? throw new InvalidDataException("node.json is empty.");
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(Path.Combine(directory, KeyFileName)));
        using X509Certificate2 cert = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(directory, CertificateFileName)));
        using ECDsa? certKey = cert.GetECDsaPublicKey();
        if (certKey is null || !certKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
        {
            key.Dispose();
            throw new InvalidDataException("node.crt.pem does not certify the key in node.key.pem.");
        }

        return new NodeIdentity(descriptor.Code, descriptor.Name, key, cert, ReadPreviousCertificates(directory));
    }

    /// <summary>The certificates of the keys rolled over from, kept in <c>previous/</c> of an identity folder (newest first; none when absent).</summary>
    public static List<X509Certificate2> ReadPreviousCertificates(string directory)
    {
        string previousFolder = Path.Combine(directory, PreviousFolderName);
        return Directory.Exists(previousFolder)
            ? Directory.GetFiles(previousFolder, "*.crt.pem").Select(f => X509Certificate2.CreateFromPem(File.ReadAllText(f)))
                .OrderByDescending(c => c.NotBefore).ToList()
            : [];
    }

    /// <summary>A new key pair and self-signed certificate for this node (same code and name), to roll over to.</summary>
    public NodeIdentity CreateSuccessor(TimeProvider time, TimeSpan? validity = null) => Create(Code, Name, time, validity);

    /// <summary>
    /// Makes <paramref name="next"/> the identity in <paramref name="directory"/>, which holds this one: its certificate moves to
    /// <c>previous/&lt;kid&gt;.crt.pem</c> (what the old key signed keeps verifying), its private key file is deleted, and the new
    /// files take their names. The new files are written first beside them (<c>next/</c>), so an interruption leaves the old
    /// identity usable.
    /// </summary>
    public void ReplaceWith(NodeIdentity next, string directory)
    {
        ArgumentNullException.ThrowIfNull(next);
        string staging = Path.Combine(directory, "next");
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        next.Save(staging);
        string previousFolder = Path.Combine(directory, PreviousFolderName);
        Directory.CreateDirectory(previousFolder);
        File.Copy(Path.Combine(directory, CertificateFileName), Path.Combine(previousFolder, KeyId + ".crt.pem"), overwrite: true);
        foreach (string file in new[] { KeyFileName, CertificateFileName, DescriptorFileName })
        {
            File.Move(Path.Combine(staging, file), Path.Combine(directory, file), overwrite: true);
        }

        File.Delete(Path.Combine(directory, RequestFileName));
        Directory.Delete(staging, recursive: true);
    }

    internal string Sign(string type, ReadOnlySpan<byte> payload) => Jws.Sign(_key, KeyId, type, payload);

    /// <summary>
    /// ES256 over <paramref name="data"/> (ECDSA P-256, SHA-256), the 64-byte r||s signature, for documents the node signs
    /// outside an envelope (certificates of origin: the merkle root; revocation lists). The key itself never leaves.
    /// </summary>
    public byte[] SignEs256(byte[] data) => _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>
    /// A detached JWS (RFC 7515 appendix F) over <paramref name="payload"/>: the compact serialization with the payload part
    /// left empty (<c>header..signature</c>), for a body sent beside it (the push of the notification feed). The verifier
    /// puts the body's base64url back between the dots and checks it with the node's certificate.
    /// </summary>
    public string SignDetached(string type, ReadOnlySpan<byte> payload)
    {
        string compact = Jws.Sign(_key, KeyId, type, payload);
        int first = compact.IndexOf('.', StringComparison.Ordinal);
        int last = compact.LastIndexOf('.');
        return string.Concat(compact.AsSpan(0, first + 1), compact.AsSpan(last));
    }

    public override string ToString() => $"{Code} ({Name}) kid={KeyId}";

    public void Dispose()
    {
        _tls?.Dispose();
        _key.Dispose();
        Certificate.Dispose();
    }

    private static CertificateRequest BuildRequest(string code, string name, ECDsa key)
    {
        var dn = new X500DistinguishedNameBuilder();
        dn.AddOrganizationName(name);
        dn.AddCommonName(code);
        var request = new CertificateRequest(dn.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }

    private sealed record NodeDescriptor(string Code, string Name, string KeyId);
}

/// <summary>Node codes: 2-16 characters A-Z, 0-9 (for example CNCQI, SGSIN).</summary>
public static class NodeCodes
{
    public static bool IsValid(string? code) =>
        code is { Length: >= 2 and <= 16 } && code.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9'));
}

/// <summary>The <c>x5t#S256</c> thumbprint: base64url SHA-256 of a certificate's DER encoding.</summary>
public static class CertificateThumbprint
{
    public static string Of(X509Certificate2 certificate) => Base64UrlCodec.Encode(SHA256.HashData(certificate.RawData));
}
