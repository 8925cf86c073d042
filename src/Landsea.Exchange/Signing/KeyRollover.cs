using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Landsea.Exchange.Signing;

/// <summary>
/// A node's announcement that it rolled its key over: the new certificate, the key it replaces and until when signatures by
/// the old key are still to be accepted. It travels as an envelope of <see cref="KeyRolloverMessage.Type"/> signed by the OLD
/// key (the one the partner pins), and carries a proof that the sender holds the new key: the new key's JWS over
/// <c>"&lt;node&gt;:&lt;old kid&gt;:&lt;new kid&gt;:&lt;until&gt;"</c>.
/// </summary>
public sealed record KeyRollover(string Node, string PreviousKeyId, X509Certificate2 Certificate, DateTimeOffset OldKeyAcceptedUntil)
{
    public string KeyId { get; } = CertificateThumbprint.Of(Certificate);
}

/// <summary>Writes and reads the payload of a key-rollover envelope (ADR 0406).</summary>
public static class KeyRolloverMessage
{
    /// <summary>The envelope type. Like a withdrawal it carries no business data: every partner accepts it whatever the agreement.</summary>
    public const string Type = "exchange-key-rollover";

    /// <summary>The longest overlap a partner accepts: a rollover is meant to end, not to keep a retired key alive.</summary>
    public static readonly TimeSpan MaxOverlap = TimeSpan.FromDays(90);

    private const string PossessionJwsType = "landsea-key-possession+jws";

    /// <summary>The payload announcing <paramref name="next"/> as the successor of the key <paramref name="previousKeyId"/>.</summary>
    public static byte[] Write(NodeIdentity next, string previousKeyId, DateTimeOffset oldKeyAcceptedUntil)
    {
        string until = StoredTimeText(oldKeyAcceptedUntil);
        string possession = next.Sign(PossessionJwsType, Encoding.UTF8.GetBytes(Statement(next.Code, previousKeyId, next.KeyId, until)));
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("node", next.Code);
            w.WriteString("previousKeyId", previousKeyId);
            w.WriteString("keyId", next.KeyId);
            w.WriteString("certificatePem", next.CertificatePem);
            w.WriteString("oldKeyAcceptedUntil", until);
            w.WriteString("possession", possession);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Reads a rollover from <paramref name="sender"/> whose envelope verified under the key <paramref name="signedWith"/>;
    /// the reason when it is malformed, for another node, not signed by the key it replaces, without a valid proof of
    /// possession, with a certificate not valid now, or with an overlap already over or longer than <see cref="MaxOverlap"/>.
    /// </summary>
    public static (KeyRollover? Rollover, string? Error) Read(ReadOnlySpan<byte> payload, string sender, string signedWith, DateTimeOffset now)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(payload.ToArray());
            JsonElement r = doc.RootElement;
            string? Text(string name) => r.ValueKind == JsonValueKind.Object && r.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (Text("node") is not { } node || Text("previousKeyId") is not { } previous || Text("keyId") is not { } keyId
                || Text("certificatePem") is not { } pem || Text("oldKeyAcceptedUntil") is not { } until || Text("possession") is not { } possession)
            {
                return (null, "key rollover lacks node, previousKeyId, keyId, certificatePem, oldKeyAcceptedUntil or possession");
            }

            if (node != sender)
            {
                return (null, $"key rollover names node {node}, not its sender {sender}");
            }

            if (previous != signedWith)
            {
                return (null, "key rollover is not signed by the key it replaces");
            }

            X509Certificate2 certificate;
            try
            {
                certificate = X509Certificate2.CreateFromPem(pem);
            }
            catch (CryptographicException)
            {
                return (null, "key rollover certificate is not a PEM X.509 certificate");
            }

            if (CertificateThumbprint.Of(certificate) != keyId)
            {
                return (null, "key rollover keyId is not the certificate's thumbprint");
            }

            if (certificate.GetNameInfo(X509NameType.SimpleName, false) != sender)
            {
                return (null, $"key rollover certificate is for {certificate.GetNameInfo(X509NameType.SimpleName, false)}, not {sender}");
            }

            if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
            {
                return (null, "key rollover certificate is not valid now");
            }

            if (!DateTimeOffset.TryParse(until, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset acceptedUntil)
                || acceptedUntil <= now || acceptedUntil > now + MaxOverlap)
            {
                return (null, $"key rollover overlap must end after now and within {MaxOverlap.TotalDays:0} days");
            }

            JwsParts? parts = Jws.TryParse(possession);
            using ECDsa? key = certificate.GetECDsaPublicKey();
            if (parts is null || key is null || parts.Type != PossessionJwsType || parts.KeyId != keyId || !Jws.Verify(parts, key)
                || Encoding.UTF8.GetString(parts.Payload) != Statement(node, previous, keyId, until))
            {
                return (null, "key rollover proof of possession does not verify with the new certificate");
            }

            return (new KeyRollover(node, previous, certificate, acceptedUntil), null);
        }
        catch (JsonException)
        {
            return (null, "key rollover payload is not JSON");
        }
    }

    private static string Statement(string node, string previous, string next, string until) => $"{node}:{previous}:{next}:{until}";

    private static string StoredTimeText(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
