using Landsea.Offices;

namespace Landsea.Sharing;

/// <summary>
/// The business message types nodes exchange (all version "1", JSON payloads, conversation = MRN). See docs/exchange.md,
/// "Business flows".
/// </summary>
public static class MessageTypes
{
    /// <summary>Export node → destination administration: the agreed subset of a released export declaration.</summary>
    public const string PreArrival = "pre-arrival";

    /// <summary>Destination administration → export node: release, or hold for inspection.</summary>
    public const string PreArrivalDecision = "pre-arrival-decision";

    /// <summary>Departure node → the node of the exit office (Qinzhou, Pingxiang, Mohan): goods are on their way.</summary>
    public const string ArrivalNotice = "arrival-notice";

    /// <summary>Exit office's node → departure node: the announced goods arrived.</summary>
    public const string ArrivalConfirmation = "arrival-confirmation";

    /// <summary>Any node → every partner whose agreement covers it: an inspection outcome, for mutual recognition.</summary>
    public const string ControlResult = "control-result";

    /// <summary>Exporting node → the importing party's node: a certificate of origin it issued (the wrapped OA document, issue 13).</summary>
    public const string OriginCertificate = "origin-certificate";

    /// <summary>Exporting node → the node it shared a certificate of origin with: that certificate is revoked.</summary>
    public const string OriginRevocation = "origin-revocation";

    /// <summary>
    /// The gateway's own withdrawal of a dead-lettered envelope (the same text as Landsea.Exchange's
    /// <c>ExchangeOutbox.WithdrawalType</c>; a test keeps the two equal, the domain does not see the gateway).
    /// </summary>
    public const string Withdrawal = "exchange-withdrawal";

    /// <summary>
    /// The gateway's notice that a partner quarantined an envelope this node sent: it could not apply it (the same text as
    /// Landsea.Exchange's <c>ExchangeOutbox.RefusedApplicationType</c>; a test keeps the two equal).
    /// </summary>
    public const string RefusedApplication = "exchange-refused-application";

    /// <summary>
    /// The prefix of the NCTS office-to-office messages between transit offices of different nodes: transit-ie001
    /// (anticipated arrival), transit-ie050 (anticipated transit), transit-ie118 (border crossing), transit-ie006 (arrival
    /// advice), transit-ie018 (control results), transit-ie002/ie003 (AAR request and response), transit-ie010 (cancellation
    /// notification); see <c>Landsea.Transit.OfficeRecords</c>.
    /// </summary>
    public const string TransitPrefix = "transit-";

    /// <summary>The office-to-office types a departure node sends (to destination and transit nodes).</summary>
    public static IReadOnlyList<string> TransitFromDeparture { get; } = ["transit-ie001", "transit-ie050", "transit-ie003", "transit-ie010"];

    /// <summary>The office-to-office types destination and transit nodes send back to the office of departure.</summary>
    public static IReadOnlyList<string> TransitToDeparture { get; } = ["transit-ie118", "transit-ie006", "transit-ie018", "transit-ie002"];

    /// <summary>
    /// An office that found a container's seal broken, replaced or not the departure's numbers → the node of the
    /// consignment's office of departure: an IE180-style incident (issue 11 item 5; conversation = the consignment id),
    /// recorded on the consignment's timeline there. Corridor supervision sends it; docs/corridor.md has its fields.
    /// </summary>
    public const string SealIncident = "corridor-seal-incident";

    /// <summary>
    /// Scanning node → the review centre's node (<see cref="ReviewCentreNode"/>): one part of a container scan (issue 12 item 1),
    /// the scan's bundle chunked so that no envelope exceeds the exchange's envelope size limit (<c>Landsea.Scans.ScanTransfer</c>).
    /// </summary>
    public const string ScanPart = "scan-part";

    /// <summary>The review centre's node → the scanning node: the deciding verdict on a scan it sent (issue 12 item 2).</summary>
    public const string ScanVerdict = "scan-verdict";

    /// <summary>The node of the review centre for container scans: Chongqing.</summary>
    public const string ReviewCentreNode = "CNCQI";

    /// <summary>Synthetic traffic for tests and the benchmark (test mode only creates it).</summary>
    public const string TestPing = "test-ping";

    /// <summary>The version of every type above.</summary>
    public const string Version = "1";

    /// <summary>
    /// The routing rule for anticipated arrival: exports leave the corridor by sea through Qinzhou (most destinations), by
    /// road/rail through Pingxiang to Viet Nam, and through Mohan to Laos, Thailand and Myanmar.
    /// </summary>
    public static CustomsOffice ExitOfficeFor(string? destinationCountry) => destinationCountry switch
    {
        "VN" => Corridor.FindOffice("CN720002")!,
        "LA" or "TH" or "MM" => Corridor.FindOffice("CN860001")!,
        _ => Corridor.FindOffice("CN720001")!,
    };

    /// <summary>The node of the destination administration, when the corridor has exactly one node for that country.</summary>
    public static CustomsNode? DestinationNode(string? destinationCountry, CustomsNode self)
    {
        var nodes = Corridor.Nodes.Where(n => n.Country == destinationCountry && n.Code != self.Code).ToList();
        return nodes.Count == 1 && destinationCountry != self.Country ? nodes[0] : null;
    }

    /// <summary>The office that inspects goods announced to <paramref name="self"/>: its first entry office, or the node's code when it has none.</summary>
    public static string InspectionOffice(CustomsNode self) =>
        Corridor.Offices.FirstOrDefault(o => o.NodeCode == self.Code && o.Roles.HasFlag(OfficeRoles.Entry))?.Code ?? self.Code;
}
