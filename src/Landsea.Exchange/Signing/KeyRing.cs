using System.Security.Cryptography.X509Certificates;

namespace Landsea.Exchange.Signing;

/// <summary>
/// A key a node held before its current one: its certificate, and until when a new signature by it is still accepted (the
/// overlap announced when the key was rolled over). Past that instant the key verifies only what it signed before.
/// </summary>
public sealed record PastKey(X509Certificate2 Certificate, DateTimeOffset AcceptedUntil)
{
    public string KeyId { get; } = CertificateThumbprint.Of(Certificate);
}

/// <summary>
/// The certificates one node is known by: its current one and the ones it rolled over from. A signature names its key by
/// <c>kid</c>; the ring gives the certificate to check it with, so that envelopes, receipts and audit checkpoints a node signed
/// before a key rollover still verify afterwards (issue 16 item 6).
/// </summary>
public sealed class KeyRing
{
    public KeyRing(X509Certificate2 current, IReadOnlyList<PastKey>? past = null)
    {
        Current = current;
        CurrentKeyId = CertificateThumbprint.Of(current);
        Past = past ?? [];
    }

    public X509Certificate2 Current { get; }

    public string CurrentKeyId { get; }

    public IReadOnlyList<PastKey> Past { get; }

    /// <summary>
    /// The certificate for a signature made now (an envelope or receipt just received): the current one, or a past one still
    /// within its overlap at <paramref name="now"/> (strictly before its end). Any other key id gets the current certificate, against which the signature
    /// then fails with its usual reason.
    /// </summary>
    public X509Certificate2 ForNew(string? keyId, DateTimeOffset now) =>
        keyId == CurrentKeyId ? Current : Past.FirstOrDefault(p => p.KeyId == keyId && now < p.AcceptedUntil)?.Certificate ?? Current;

    /// <summary>The certificate for a signature kept from before (an audit checkpoint, a stored receipt): any key the node ever held.</summary>
    public X509Certificate2 ForStored(string? keyId) =>
        keyId == CurrentKeyId ? Current : Past.FirstOrDefault(p => p.KeyId == keyId)?.Certificate ?? Current;

    /// <summary>Whether <paramref name="certificate"/> is the current one or a past one within its overlap at <paramref name="now"/>.</summary>
    public bool Accepts(X509Certificate2 certificate, DateTimeOffset now)
    {
        string keyId = CertificateThumbprint.Of(certificate);
        return keyId == CurrentKeyId || Past.Any(p => p.KeyId == keyId && now < p.AcceptedUntil);
    }
}
