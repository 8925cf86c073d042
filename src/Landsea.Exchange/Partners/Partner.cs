using System.Security.Cryptography.X509Certificates;
using Landsea.Exchange.Signing;

namespace Landsea.Exchange.Partners;

/// <summary>A partner node: its code, the URL envelopes are POSTed to, and its pinned certificate (the only key accepted for it).</summary>
/// <remarks>
/// <see cref="PastKeys"/> are the partner's keys before a rollover (its announcement, or an administrator re-pinning it): new
/// signatures by one are accepted until its overlap ends, and what it signed before still verifies. <see cref="TlsAuthority"/>,
/// when set, is the administration CA the partner's TLS certificate must chain to (name checked); without it the TLS
/// certificate is pinned: it must be <see cref="TlsCertificate"/> when set, else one of the partner's signing certificates
/// (a node serves HTTPS with its own certificate).
/// </remarks>
public sealed record Partner(string Code, string Name, Uri Endpoint, X509Certificate2 Certificate)
{
    public string KeyId => CertificateThumbprint.Of(Certificate);

    public IReadOnlyList<PastKey> PastKeys { get; init; } = [];

    /// <summary>A TLS certificate pinned for the partner's endpoint when it is not its signing certificate (a TLS proxy in front).</summary>
    public X509Certificate2? TlsCertificate { get; init; }

    /// <summary>An administration CA the partner's TLS certificate must chain to, instead of a pinned certificate.</summary>
    public X509Certificate2? TlsAuthority { get; init; }

    /// <summary>The partner's current and past signing certificates.</summary>
    public KeyRing Keys => new(Certificate, PastKeys);
}

/// <summary>One message type the node may send to the partner, and the fields of it that may be disclosed.</summary>
/// <param name="AllowedFields">JSON-Pointer-like paths (see <see cref="FieldFilter"/>); null sends the payload whole and opaque.</param>
public sealed record OutboundRule(string Type, IReadOnlyList<string>? AllowedFields);

/// <summary>
/// A data-sharing agreement with one partner, at one version. Outbound: types this node may send and their field allow-lists.
/// Inbound: types this node accepts from the partner. Anything not listed is refused.
/// </summary>
public sealed record SharingAgreement(string PartnerCode, long Version, DateTimeOffset RecordedAt, IReadOnlyList<OutboundRule> Outbound, IReadOnlyList<string> InboundTypes)
{
    public OutboundRule? OutboundRuleFor(string type) => Outbound.FirstOrDefault(r => string.Equals(r.Type, type, StringComparison.Ordinal));

    public bool AcceptsInbound(string type) => InboundTypes.Contains(type, StringComparer.Ordinal);
}
