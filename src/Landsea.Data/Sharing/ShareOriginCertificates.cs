using Landsea.Data.Origin;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Storage;
using Landsea.Offices;
using Landsea.Sharing;

namespace Landsea.Data.Sharing;

/// <summary>
/// Shares certificates of origin and their revocations with the importing party's node, inside the issuing (or revoking)
/// transaction: every registered partner in the importing country (by the corridor's node list) whose agreement covers the
/// type gets one envelope (conversation = the certificate number).
/// </summary>
public sealed class ShareOriginCertificates(SharingOutbox outbox)
{
    /// <summary>Sends each certificate to its importing country's partners; returns (number, partner) for each envelope queued.</summary>
    public async Task<IReadOnlyList<(string Number, string Partner)>> SendAsync(UnitOfWork work, IReadOnlyList<StoredCertificate> certificates, CancellationToken ct)
    {
        var sent = new List<(string, string)>();
        List<Partner> partners = await PartnerRegistry.ListAsync(work, ct);
        foreach (StoredCertificate c in certificates)
        {
            foreach (Partner p in partners.Where(p => Corridor.FindNode(p.Code)?.Country == c.ImportingCountry))
            {
                var message = new PlannedMessage(p.Code, MessageTypes.OriginCertificate, c.Number,
                    SharedDocuments.OriginCertificate(c.Number, c.TargetHash, c.Document), $"certificate of origin {c.Number} ({c.Form}) for {c.ImportingCountry}");
                if (await outbox.SendIfAgreedAsync(work, message, ct))
                {
                    sent.Add((c.Number, p.Code));
                }
            }
        }

        return sent;
    }

    /// <summary>Sends the revocation of <paramref name="revoked"/> to the partners of its importing country; returns the partners.</summary>
    public async Task<IReadOnlyList<string>> SendRevocationAsync(UnitOfWork work, StoredCertificate revoked, CancellationToken ct)
    {
        var sent = new List<string>();
        foreach (Partner p in (await PartnerRegistry.ListAsync(work, ct)).Where(p => Corridor.FindNode(p.Code)?.Country == revoked.ImportingCountry))
        {
            var message = new PlannedMessage(p.Code, MessageTypes.OriginRevocation, revoked.Number,
                SharedDocuments.OriginRevocation(revoked.Number, revoked.TargetHash, revoked.RevokedAt!.Value, revoked.RevokeReason ?? ""),
                $"revocation of certificate of origin {revoked.Number}");
            if (await outbox.SendIfAgreedAsync(work, message, ct))
            {
                sent.Add(p.Code);
            }
        }

        return sent;
    }
}
