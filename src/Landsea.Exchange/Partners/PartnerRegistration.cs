using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Landsea.Exchange.Signing;

namespace Landsea.Exchange.Partners;

/// <summary>Reads a partner registration as an administrator gives it (API or <c>landsea partner add</c>).</summary>
public static class PartnerRegistration
{
    /// <summary>
    /// The partner, or null when the code is not a node code (A-Z, 0-9), the name is blank, the endpoint is not an absolute
    /// http(s) URL or the certificate is not an X.509 certificate in PEM.
    /// </summary>
    public static Partner? Read(string? code, string? name, string? endpoint, string? certificatePem)
    {
        if (code is null || !NodeCodes.IsValid(code) || string.IsNullOrWhiteSpace(name)
            || !Uri.TryCreate(endpoint, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https") || certificatePem is null)
        {
            return null;
        }

        try
        {
            return new Partner(code, name.Trim(), uri, X509Certificate2.CreateFromPem(certificatePem));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
