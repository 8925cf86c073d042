using Landsea.Data.Sharing;
using Landsea.Exchange.Storage;
using Landsea.Origin;
using Landsea.Shared;

namespace Landsea.Data.Origin;

/// <summary>Who issues: the node's code, its office, its certificate (DER) and its key (as a signer).</summary>
public sealed record OriginIssuer(string NodeCode, string? Office, byte[] CertificateDer, Es256Signer Sign);

/// <summary>What issuing a batch did: the documents, and which partner each was shared with.</summary>
public sealed record IssueOutcome(IReadOnlyList<IssuedCertificate> Issued, IReadOnlyList<(string Number, string Partner)> Shared);

/// <summary>
/// Issues a batch of certificates of origin in the caller's unit of work: the domain wraps and signs them
/// (<see cref="OpenAttestationIssuer"/>), the store keeps them, and each goes to the importing party's node when an
/// agreement covers <c>origin-certificate</c>, all in one transaction (none is stored or sent unless all are).
/// </summary>
public sealed class CertificateIssuing(ShareOriginCertificates? sharing)
{
    public async Task<Result<IssueOutcome>> IssueAsync(UnitOfWork work, IReadOnlyList<CertificateOfOrigin> certificates, OriginIssuer issuer, RandomFill random, CancellationToken ct)
    {
        Result<IReadOnlyList<IssuedCertificate>> batch = OpenAttestationIssuer.IssueBatch(certificates, random, issuer.CertificateDer, issuer.Sign);
        if (!batch.IsValid)
        {
            return batch.Failure!;
        }

        DateTimeOffset now = work.Time.GetUtcNow();
        StoredCertificate[] rows = [.. batch.Value.Select(i => new StoredCertificate(i.TargetHash, i.Certificate.Number, issuer.NodeCode, CertificateStore.Issued,
            i.Certificate.Form, i.MerkleRoot, now, issuer.Office, i.Certificate.ExportingCountry, i.Certificate.ImportingCountry, i.Document, null, null))];
        Result<int> stored = await CertificateStore.AddAsync(work, rows, ct);
        if (!stored.IsValid)
        {
            return stored.Failure!;
        }

        IReadOnlyList<(string, string)> shared = sharing is null ? [] : await sharing.SendAsync(work, rows, ct);
        return new IssueOutcome(batch.Value, shared);
    }

    /// <summary>Revokes a certificate this node issued and tells the partners it was shared with; LS714/LS715/LS721 as values.</summary>
    public async Task<Result<(StoredCertificate Revoked, IReadOnlyList<string> Told)>> RevokeAsync(UnitOfWork work, string issuerNode, string number, string reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return new Failure(OriginErrorCodes.RevocationReasonMissing, "--reason: a revocation needs a reason");
        }

        Result<StoredCertificate> revoked = await CertificateStore.RevokeAsync(work, issuerNode, number, reason.Trim(), work.Time.GetUtcNow(), ct);
        if (!revoked.IsValid)
        {
            return revoked.Failure!;
        }

        IReadOnlyList<string> told = sharing is null ? [] : await sharing.SendRevocationAsync(work, revoked.Value, ct);
        return (revoked.Value, told);
    }
}
