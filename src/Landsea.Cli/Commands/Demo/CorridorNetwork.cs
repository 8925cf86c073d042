using Landsea.Sharing;
using System.Data.Common;
using Landsea.Data;
using Landsea.Exchange;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Storage;
using Landsea.Offices;
using ExchangePartner = Landsea.Exchange.Partners.Partner;

namespace Landsea.Cli.Commands.Demo;

/// <summary>One node of a local network: its code, database (SQLite path or PostgreSQL connection string), folder and port.</summary>
public sealed record NodeSetup(string Code, string Database, string DataDirectory, int Port)
{
    public string Name => Corridor.FindNode(Code)?.Name ?? Code;

    public string Url => $"http://127.0.0.1:{Port}";

    public string IdentityDirectory => Path.Combine(DataDirectory, "node");
}

/// <summary>
/// The corridor's data-sharing agreements and the set-up of a local network of nodes (identities, schema, partners with
/// pinned certificates, agreements), done directly on each node's database before the nodes start.
/// </summary>
public static class CorridorNetwork
{
    /// <summary>What a pre-arrival may disclose: no declarant, no trader identifiers of the exporter, no amounts, no LRN.</summary>
    public static readonly IReadOnlyList<string> PreArrivalFields =
    [
        "/mrn", "/typeCode", "/exporter/name", "/exporter/country", "/importer/name", "/importer/country", "/exportCountry",
        "/destinationCountry", "/transportMode", "/containers", "/items/*/sequence", "/items/*/commodityCode", "/items/*/description",
        "/items/*/originCountry", "/items/*/grossMassKg", "/releasedAt",
    ];

    /// <summary>A control result without the name of the officer who recorded it.</summary>
    public static readonly IReadOnlyList<string> ControlResultFields = ["/mrn", "/found", "/what", "/source", "/at"];

    public static readonly IReadOnlyList<string> DecisionFields = ["/mrn", "/decision", "/reason", "/decidedAt"];

    public static readonly IReadOnlyList<string> ArrivalNoticeFields =
        ["/mrn", "/exitOffice", "/departureOffice", "/destinationCountry", "/transportMode", "/containers", "/itemCount", "/grossMassKg", "/departedAt"];

    public static readonly IReadOnlyList<string> ArrivalConfirmationFields = ["/mrn", "/office", "/arrivedAt"];

    /// <summary>A certificate of origin goes whole (the wrapped document is signed; a field filter would break it).</summary>
    public static readonly IReadOnlyList<string> OriginCertificateFields = ["/number", "/targetHash", "/document"];

    public static readonly IReadOnlyList<string> OriginRevocationFields = ["/number", "/targetHash", "/revokedAt", "/reason"];

    /// <summary>Which nodes are partners of which (both ways).</summary>
    public static readonly IReadOnlyList<(string A, string B)> Links =
        [("CNCQI", "SGSIN"), ("CNCQI", "CNNNG"), ("CNCQI", "CNKMG"), ("SGSIN", "CNNNG")];

    /// <summary>The agreement <paramref name="self"/> holds with <paramref name="partner"/>; <paramref name="testPing"/> adds opaque test traffic both ways.</summary>
    public static (List<OutboundRule> Send, List<string> Receive) Agreement(string self, string partner, bool testPing = false)
    {
        var send = new List<OutboundRule> { new(MessageTypes.ControlResult, ControlResultFields) };
        var receive = new List<string> { MessageTypes.ControlResult };
        bool exitNode(string code) => code is "CNNNG" or "CNKMG";
        switch (self, partner)
        {
            case ("CNCQI", "SGSIN"):
                send.Add(new(MessageTypes.PreArrival, PreArrivalFields));
                receive.Add(MessageTypes.PreArrivalDecision);
                AddOrigin();
                break;
            case ("SGSIN", "CNCQI"):
                send.Add(new(MessageTypes.PreArrivalDecision, DecisionFields));
                receive.Add(MessageTypes.PreArrival);
                AddOrigin();
                break;
            case ("CNCQI", _) when exitNode(partner):
                send.Add(new(MessageTypes.ArrivalNotice, ArrivalNoticeFields));
                receive.Add(MessageTypes.ArrivalConfirmation);
                break;
            case (_, "CNCQI") when exitNode(self):
                send.Add(new(MessageTypes.ArrivalConfirmation, ArrivalConfirmationFields));
                receive.Add(MessageTypes.ArrivalNotice);
                break;
        }

        // NCTS office to office (docs/transit.md): Chongqing's offices of departure announce movements (IE001, IE050) to
        // the destination and transit offices of its partners, which answer with IE118, IE006 and IE018. The records
        // carry the released declaration, which the destination needs whole, so they are not field-filtered.
        if (self == "CNCQI")
        {
            send.AddRange(MessageTypes.TransitFromDeparture.Select(t => new OutboundRule(t, null)));
            receive.AddRange(MessageTypes.TransitToDeparture);
        }
        else if (partner == "CNCQI")
        {
            send.AddRange(MessageTypes.TransitToDeparture.Select(t => new OutboundRule(t, null)));
            receive.AddRange(MessageTypes.TransitFromDeparture);
        }

        // Corridor supervision (issue 11 item 5): an office that finds a seal broken, replaced or mismatched tells the
        // consignment's office of departure, whichever node it is on (IE180-style incident, not field-filtered).
        send.Add(new(MessageTypes.SealIncident, null));
        receive.Add(MessageTypes.SealIncident);

        // Image review (issue 12): every port's scans go to Chongqing's review centre in parts, and the deciding verdict
        // comes back to the scanning node (whole: the parts are images, the verdict names the scan and its regions).
        if (self == MessageTypes.ReviewCentreNode)
        {
            send.Add(new(MessageTypes.ScanVerdict, null));
            receive.Add(MessageTypes.ScanPart);
        }
        else if (partner == MessageTypes.ReviewCentreNode)
        {
            send.Add(new(MessageTypes.ScanPart, null));
            receive.Add(MessageTypes.ScanVerdict);
        }

        void AddOrigin()
        {
            // China and Singapore exchange certificates of origin (RCEP, ACFTA) and their revocations both ways.
            send.Add(new(MessageTypes.OriginCertificate, OriginCertificateFields));
            send.Add(new(MessageTypes.OriginRevocation, OriginRevocationFields));
            receive.Add(MessageTypes.OriginCertificate);
            receive.Add(MessageTypes.OriginRevocation);
        }

        if (testPing)
        {
            send.Add(new(MessageTypes.TestPing, null));
            receive.Add(MessageTypes.TestPing);
        }

        return (send, receive);
    }

    /// <summary>
    /// Creates missing identities and schemas, and registers every linked partner present in <paramref name="nodes"/> with its
    /// endpoint and pinned certificate, and the corridor agreement (a new version only when it changed).
    /// </summary>
    public static async Task ConfigureAsync(IReadOnlyList<NodeSetup> nodes, bool testPing, CancellationToken ct)
    {
        var certificates = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (NodeSetup n in nodes)
        {
            if (!File.Exists(Path.Combine(n.IdentityDirectory, NodeIdentity.DescriptorFileName)))
            {
                using NodeIdentity created = NodeIdentity.Create(n.Code, n.Name, TimeProvider.System);
                created.Save(n.IdentityDirectory);
            }

            using NodeIdentity loaded = NodeIdentity.Load(n.IdentityDirectory);
            certificates[n.Code] = loaded.CertificatePem;
        }

        foreach (NodeSetup n in nodes)
        {
            NodeDatabase db = NodeDatabase.FromArgument(n.Database);
            await db.MigrateAsync(ct);
            using NodeIdentity identity = NodeIdentity.Load(n.IdentityDirectory);
            var registry = new PartnerRegistry(new AuditTrail(identity, TimeProvider.System), TimeProvider.System);
            await using DbConnection c = await db.OpenAsync(ct);
            foreach (NodeSetup p in nodes.Where(p => p.Code != n.Code && Links.Any(l => (l.A == n.Code && l.B == p.Code) || (l.B == n.Code && l.A == p.Code))))
            {
                (List<OutboundRule> send, List<string> receive) = Agreement(n.Code, p.Code, testPing);
                await using UnitOfWork work = await UnitOfWork.BeginAsync(c, TimeProvider.System, ct);
                var partner = new ExchangePartner(p.Code, p.Name, new Uri(p.Url + "/exchange/envelopes"),
                    System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(certificates[p.Code]));
                ExchangePartner? existing = await PartnerRegistry.FindAsync(work, p.Code, ct);
                if (existing is null || existing.KeyId != partner.KeyId || existing.Endpoint != partner.Endpoint)
                {
                    await registry.SaveAsync(work, partner, ct);
                }

                SharingAgreement? current = await PartnerRegistry.FindAgreementAsync(work, p.Code, ct);
                if (current is null || !Same(current, send, receive))
                {
                    await registry.SetAgreementAsync(work, p.Code, send, receive, ct);
                }

                await work.CommitAsync(ct);
            }
        }
    }

    private static bool Same(SharingAgreement a, List<OutboundRule> send, List<string> receive) =>
        a.InboundTypes.SequenceEqual(receive, StringComparer.Ordinal)
        && a.Outbound.Count == send.Count
        && a.Outbound.Zip(send).All(p => p.First.Type == p.Second.Type
            && (p.First.AllowedFields ?? []).SequenceEqual(p.Second.AllowedFields ?? [], StringComparer.Ordinal)
            && (p.First.AllowedFields is null) == (p.Second.AllowedFields is null));
}
