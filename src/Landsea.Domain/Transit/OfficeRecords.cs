using System.Globalization;
using System.Text;
using System.Text.Json;
using Landsea.Offices;
using Landsea.Shared;
using Landsea.Sharing;

namespace Landsea.Transit;

/// <summary>
/// One NCTS office-to-office message about a movement, for an office of another node: which message (IE001, IE050,
/// IE118, IE006, IE018), to which office, from which office, and the external-domain message whose data set it carries.
/// </summary>
/// <param name="Ncts">IE001 anticipated arrival, IE050 anticipated transit, IE118 border crossing, IE006 arrival advice, IE018 control results,
/// IE002 AAR request, IE003 AAR response, IE010 cancellation notification.</param>
/// <param name="Office">The office it is for (its node receives it); for an IE002, the empty string: the office of departure is not known
/// at the office that asks, and the request goes to the node the MRN names.</param>
/// <param name="From">The office it comes from.</param>
/// <param name="Carried">The carried message as XML: the CC029C for IE001, IE050 and IE003, the trader's CC007C for IE006 and IE002, CC044C for
/// IE018, the CC009C invalidation decision for IE010; null for IE118 and for an IE003 that refuses.</param>
/// <param name="Conform">IE018: whether the control at destination found the goods conform.</param>
/// <param name="Remarks">IE018: the unloading remarks, when not conform; IE003: why the office of departure gives no record.</param>
public sealed record OfficeRecord(string Ncts, string Mrn, string Office, string From, DateTimeOffset At, string? Carried, bool? Conform = null, string? Remarks = null)
{
    public const string AnticipatedArrival = "IE001";
    public const string AnticipatedTransit = "IE050";
    public const string BorderCrossing = "IE118";
    public const string ArrivalAdvice = "IE006";
    public const string ControlResults = "IE018";

    /// <summary>AAR request: goods arrived at an office that holds no record of the movement (not the declared destination, or before the IE001).</summary>
    public const string AarRequest = "IE002";

    /// <summary>AAR response: the office of departure sends the record (the released declaration), or says why not.</summary>
    public const string AarResponse = "IE003";

    /// <summary>Cancellation notification: a released movement was invalidated before its goods left; to every office that was told.</summary>
    public const string Cancellation = "IE010";

    /// <summary>Every office-to-office message this node sends and receives.</summary>
    public static IReadOnlyList<string> All { get; } = [AnticipatedArrival, AnticipatedTransit, BorderCrossing, ArrivalAdvice, ControlResults, AarRequest, AarResponse, Cancellation];
}

/// <summary>
/// NCTS office-to-office messages between nodes (NCTS phase 5's common domain: IE001, IE050, IE118, IE006, IE018). The
/// common-domain schemas (CD001C ...) are not public, so each record travels over the exchange network as a JSON
/// envelope payload that names its NCTS message and carries, as XML, the external-domain message whose data set it
/// repeats (the CC029C released declaration for IE001 and IE050, the trader's CC007C for IE006, CC044C for IE018); the
/// receiving node validates that message against the same 51.8.6 XSD as a trader's. Offices of this node need no
/// record: the movement is in the same store.
/// </summary>
public static class OfficeRecords
{
    /// <summary>The exchange message type of an NCTS office-to-office message ("transit-ie001", ...).</summary>
    public static string MessageType(string ncts) => MessageTypes.TransitPrefix + ncts.ToLowerInvariant();

    /// <summary>
    /// What the office of departure tells when it releases a movement (IE029): the IE001 to the office of destination and an
    /// IE050 to each declared office of transit, when that office is another node's. The record carries the IE029.
    /// </summary>
    public static IReadOnlyList<OfficeRecord> OnRelease(NctsMessage declaration, Movement released, string releaseXml, TransitAdministration administration, DateTimeOffset at)
    {
        string mrn = released.Mrn!.Value.Value;
        var records = new List<OfficeRecord>();
        if (IsOtherNodes(released.DestinationOffice, administration))
        {
            records.Add(new(OfficeRecord.AnticipatedArrival, mrn, released.DestinationOffice, released.DepartureOffice, at, releaseXml));
        }

        foreach (string transit in OfficesOfTransit(declaration))
        {
            if (transit != released.DestinationOffice && IsOtherNodes(transit, administration))
            {
                records.Add(new(OfficeRecord.AnticipatedTransit, mrn, transit, released.DepartureOffice, at, releaseXml));
            }
        }

        return records;
    }

    /// <summary>
    /// What the office of departure tells when a released movement is invalidated before its goods left (IE014 accepted
    /// after the IE029): an IE010 to every office the release told, carrying the IE009 invalidation decision.
    /// </summary>
    public static IReadOnlyList<OfficeRecord> OnInvalidation(NctsMessage declaration, Movement cancelled, string decisionXml, TransitAdministration administration, DateTimeOffset at) =>
        [.. OnRelease(declaration, cancelled, decisionXml, administration, at).Select(r => r with { Ncts = OfficeRecord.Cancellation })];

    /// <summary>The declared offices of transit in the order of their sequence numbers, each once.</summary>
    public static IReadOnlyList<string> OfficesOfTransit(NctsMessage declaration) =>
        [.. declaration.Root.All("CustomsOfficeOfTransitDeclared")
            .OrderBy(o => int.TryParse(o.Text("sequenceNumber"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) ? n : int.MaxValue)
            .Select(o => o.Text("referenceNumber")).OfType<string>().Distinct(StringComparer.Ordinal)];

    /// <summary>The node that issued <paramref name="mrn"/> (its country and the node's three letters at the start of the serial), when it is a corridor node.</summary>
    public static string? NodeOf(string mrn) =>
        Mrn.Parse(mrn) is { IsValid: true } parsed && parsed.Value.Country + parsed.Value.Serial[..3] is var code && Corridor.Offices.Any(o => o.NodeCode == code) ? code : null;

    /// <summary>Whether <paramref name="office"/> is a corridor office of another node than this administration's (an unknown office gets nothing).</summary>
    public static bool IsOtherNodes(string office, TransitAdministration administration) =>
        Corridor.FindOffice(office) is { } o && administration.OwnOffices is { } own && !own.Contains(o.Code);

    /// <summary>The envelope for a record: to the node of its office, conversation the MRN; null for an office of no other node.</summary>
    public static PlannedMessage? Plan(OfficeRecord record, CustomsNode self)
    {
        string? to = record.Ncts == OfficeRecord.AarRequest ? NodeOf(record.Mrn) : Corridor.FindOffice(record.Office)?.NodeCode;
        if (to is null || to == self.Code)
        {
            return null;
        }

        return new PlannedMessage(to, MessageType(record.Ncts), record.Mrn, Write(record),
            $"{record.Ncts} for {record.Mrn} to {record.Office}" + (record.Conform is { } c ? (c ? ": conform" : ": discrepancies") : ""));
    }

    /// <summary>The JSON payload: <c>{"mrn", "ncts", "office", "from", "at", "carries", "conform", "remarks"}</c>.</summary>
    public static byte[] Write(OfficeRecord record)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("mrn", record.Mrn);
            w.WriteString("ncts", record.Ncts);
            w.WriteString("office", record.Office);
            w.WriteString("from", record.From);
            w.WriteString("at", record.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            if (record.Carried is { } xml)
            {
                w.WriteString("carries", xml);
            }

            if (record.Conform is { } conform)
            {
                w.WriteBoolean("conform", conform);
            }

            if (record.Remarks is { } remarks)
            {
                w.WriteString("remarks", remarks);
            }

            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// A received payload as a record, or why not (LS560): the exchange type must name one of the messages, and the payload
    /// must have the MRN, the office and the sending office, and the carried message where the record has one.
    /// </summary>
    public static Result<OfficeRecord> Read(string type, JsonElement doc, DateTimeOffset receivedAt)
    {
        string? ncts = type.StartsWith(MessageTypes.TransitPrefix, StringComparison.Ordinal) ? type[MessageTypes.TransitPrefix.Length..].ToUpperInvariant() : null;
        if (ncts is null || !OfficeRecord.All.Contains(ncts))
        {
            return new Failure(TransitErrorCodes.RecordInvalid, $"'{type}' is not an NCTS office-to-office message this node knows ({string.Join(", ", OfficeRecord.All)}).");
        }

        string? Str(string name) => doc.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        string? mrn = Str("mrn"), office = Str("office"), from = Str("from"), carried = Str("carries");
        if (mrn is null || office is null || from is null || (office.Length == 0 && ncts != OfficeRecord.AarRequest))
        {
            return new Failure(TransitErrorCodes.RecordInvalid, $"The {ncts} record lacks its mrn, office or from.");
        }

        if (carried is null && ncts != OfficeRecord.BorderCrossing && !(ncts == OfficeRecord.AarResponse && Str("remarks") is not null))
        {
            return new Failure(TransitErrorCodes.RecordInvalid, $"The {ncts} record carries no message (carries)" + (ncts == OfficeRecord.AarResponse ? " and gives no reason (remarks)." : "."));
        }

        DateTimeOffset at = DateTimeOffset.TryParse(Str("at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset t) ? t : receivedAt;
        bool? conform = doc.TryGetProperty("conform", out JsonElement c) && c.ValueKind is JsonValueKind.True or JsonValueKind.False ? c.GetBoolean() : null;
        if (ncts == OfficeRecord.ControlResults && conform is null)
        {
            return new Failure(TransitErrorCodes.RecordInvalid, "The IE018 record says neither conform true nor false.");
        }

        return new OfficeRecord(ncts, mrn, office, from, at, carried, conform, Str("remarks"));
    }

    /// <summary>The carried message's bytes (UTF-8 XML), for the reader and the store.</summary>
    public static byte[] CarriedBytes(OfficeRecord record) => Encoding.UTF8.GetBytes(record.Carried ?? "");
}
