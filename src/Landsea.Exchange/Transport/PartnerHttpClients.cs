using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Signing;

namespace Landsea.Exchange.Transport;

/// <summary>
/// One HTTP client per partner, whose HTTPS connections accept only that partner's pinned certificate (or a certificate from
/// its administration's CA, name checked): the system's trust store plays no part between nodes (issue 16 item 6, ADR 0406).
/// The pins are the partner's as last given to <see cref="For"/>, so a rollover the receiver applied is honoured on the
/// next connection.
/// </summary>
public sealed class PartnerHttpClients : IDisposable
{
    private readonly ConcurrentDictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Partner> _partners = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;

    public PartnerHttpClients(TimeProvider time, TimeSpan? timeout = null)
    {
        _time = time;
        _timeout = timeout ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>The client for <paramref name="partner"/>, its pins updated to the partner as given.</summary>
    public HttpClient For(Partner partner)
    {
        ArgumentNullException.ThrowIfNull(partner);
        _partners[partner.Code] = partner;
        return _clients.GetOrAdd(partner.Code, code => new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                    certificate is X509Certificate2 presented && _partners.TryGetValue(code, out Partner? current)
                    && TlsPinning.Accepts(current, presented, errors, _time.GetUtcNow()),
            },
        })
        { Timeout = _timeout });
    }

    public void Dispose()
    {
        foreach (HttpClient client in _clients.Values)
        {
            client.Dispose();
        }
    }
}

/// <summary>Whether a partner's TLS server certificate is the one it is known by.</summary>
public static class TlsPinning
{
    /// <summary>
    /// With an administration CA (<see cref="Partner.TlsAuthority"/>): the certificate must chain to it alone and name the
    /// endpoint's host. Otherwise it must be the pinned TLS certificate (<see cref="Partner.TlsCertificate"/>) when one is
    /// set, else one of the partner's signing certificates accepted now (its current key, or a past one within its overlap).
    /// </summary>
    public static bool Accepts(Partner partner, X509Certificate2 presented, SslPolicyErrors errors, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(partner);
        ArgumentNullException.ThrowIfNull(presented);
        if (partner.TlsAuthority is { } authority)
        {
            if ((errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = now.UtcDateTime;
            return chain.Build(presented);
        }

        if (partner.TlsCertificate is { } pinned)
        {
            return CertificateThumbprint.Of(pinned) == CertificateThumbprint.Of(presented);
        }

        return partner.Keys.Accepts(presented, now);
    }
}
