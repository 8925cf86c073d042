using System.Text;
using System.Text.Json;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Storage;
using Landsea.Origin;
using Landsea.Shared;

namespace Landsea.Data.Origin;

/// <summary>
/// What the node does with a partner's <c>origin-certificate</c> and <c>origin-revocation</c> (called from the web host's
/// ApplyReceived, in the hand-over transaction): a certificate is stored, marked received from the partner, only when it is
/// intact and signed with that partner's pinned certificate; a revocation applies only to a certificate the same partner sent.
/// A refusal is a value with the reason (recorded, never thrown).
/// </summary>
public static class CertificateReceipt
{
    /// <summary>Verifies and stores a certificate received from <paramref name="sender"/>.</summary>
    public static async Task<Result<StoredCertificate>> AcceptAsync(UnitOfWork work, string sender, string? document, CancellationToken ct)
    {
        if (document is null)
        {
            return new Failure(OriginErrorCodes.NotOpenAttestation, "document: missing from the message");
        }

        Partner? partner = await PartnerRegistry.FindAsync(work, sender, ct);
        if (partner is null)
        {
            return new Failure(OriginErrorCodes.CertificateNotFound, $"sender: {sender} is not a registered partner");
        }

        var context = new VerificationContext(OriginTrust.Of([partner.Certificate.RawData, .. partner.PastKeys.Select(k => k.Certificate.RawData)], $"the pinned certificate of {sender}"), null, null);
        Result<OriginVerification> checkedDoc = OpenAttestationVerifier.Verify(Encoding.UTF8.GetBytes(document), context);
        if (!checkedDoc.IsValid)
        {
            return checkedDoc.Failure!;
        }

        OriginVerification v = checkedDoc.Value;
        if (!v.Valid || !v.LandseaSigned || v.Signature != CheckOutcome.Valid)
        {
            return new Failure(OriginErrorCodes.ProofMalformed, "document: not intact, or not signed by the sender: " + string.Join("; ", v.Reasons));
        }

        using JsonDocument parsed = JsonDocument.Parse(document);
        if (IssuedDocument.Describe(parsed.RootElement) is not { } d)
        {
            return new Failure(OriginErrorCodes.NotOpenAttestation, "document: not a Landsea certificate of origin (data.certificateOfOrigin)");
        }

        var row = new StoredCertificate(v.TargetHash!, d.Number, sender, CertificateStore.Received, d.Form, v.MerkleRoot!, work.Time.GetUtcNow(), null,
            d.ExportingCountry, d.ImportingCountry, document, null, null);
        Result<int> stored = await CertificateStore.AddAsync(work, [row], ct);
        return stored.IsValid ? row : stored.Failure!;
    }

    /// <summary>Revokes a certificate <paramref name="sender"/> sent before (matched by its number and target hash).</summary>
    public static async Task<Result<StoredCertificate>> RevokeAsync(UnitOfWork work, string sender, string number, string? targetHash, DateTimeOffset at, string? reason, CancellationToken ct)
    {
        return await CertificateStore.RevokeAsync(work, sender, number, string.IsNullOrWhiteSpace(reason) ? "revoked by the issuer" : reason, at, ct, targetHash);
    }
}
