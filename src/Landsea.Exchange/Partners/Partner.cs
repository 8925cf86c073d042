using System.Security.Cryptography.X509Certificates;
using Landsea.Exchange.Signing;

namespace Landsea.Exchange.Partners;

/// <summary>A partner node: its code, the URL envelopes are POSTed to, and its pinned certificate (the only key accepted for it).</summary>
public sealed record Partner(string Code, string Name, Uri Endpoint, X509Certificate2 Certificate)
{
    public string KeyId => CertificateThumbprint.Of(Certificate);
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
