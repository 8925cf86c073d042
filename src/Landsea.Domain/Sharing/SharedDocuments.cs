using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Landsea.Declarations;
using Landsea.Offices;

namespace Landsea.Sharing;

/// <summary>
/// The payloads of the business messages (UTF-8 JSON objects; instants as ISO 8601 UTC). The partner agreement's allow-list
/// decides what of a payload leaves the node: the outbox filters before signing.
/// </summary>
public static class SharedDocuments
{
    /// <summary>
    /// The full pre-arrival document built from a released declaration. The corridor agreements withhold the declarant,
    /// identifiers and amounts.
    /// </summary>
    public static byte[] PreArrival(string mrn, string officeCode, Declaration d, DateTimeOffset releasedAt)
    {
        var items = new JsonArray();
        foreach (GoodsItem i in d.Items)
        {
            items.Add(new JsonObject
            {
                ["sequence"] = i.Sequence, ["commodityCode"] = i.CommodityCode?.Digits, ["description"] = i.Description, ["originCountry"] = i.OriginCountry?.Value,
                ["amount"] = i.Amount, ["currency"] = i.Currency?.Value, ["grossMassKg"] = i.GrossMassKg, ["netMassKg"] = i.NetMassKg,
            });
        }

        var doc = new JsonObject
        {
            ["mrn"] = mrn,
            ["functionalReference"] = d.FunctionalReference,
            ["typeCode"] = d.TypeCode,
            ["declarantId"] = d.DeclarantId?.Value,
            ["exporter"] = PartyJson(d, "Exporter"),
            ["importer"] = PartyJson(d, "Importer"),
            ["exportCountry"] = d.ExportCountry?.Value,
            ["destinationCountry"] = d.DestinationCountry?.Value,
            ["transportMode"] = d.TransportMode,
            ["officeCode"] = officeCode,
            ["invoice"] = new JsonObject { ["amount"] = d.InvoiceAmount, ["currency"] = d.InvoiceCurrency?.Value },
            ["containers"] = Containers(d),
            ["items"] = items,
            ["releasedAt"] = Instant(releasedAt),
        };
        return JsonSerializer.SerializeToUtf8Bytes(doc);
    }

    /// <summary>The anticipated-arrival notice to the exit office's node.</summary>
    public static byte[] ArrivalNotice(string mrn, string departureOffice, Declaration d, CustomsOffice exit, DateTimeOffset departedAt)
    {
        var doc = new JsonObject
        {
            ["mrn"] = mrn,
            ["exitOffice"] = exit.Code,
            ["departureOffice"] = departureOffice,
            ["destinationCountry"] = d.DestinationCountry?.Value,
            ["transportMode"] = d.TransportMode,
            ["containers"] = Containers(d),
            ["itemCount"] = d.Items.Count,
            ["grossMassKg"] = d.TotalGrossMassKg() is { IsValid: true } mass ? mass.Value : null,
            ["departedAt"] = Instant(departedAt),
        };
        return JsonSerializer.SerializeToUtf8Bytes(doc);
    }

    /// <summary>The destination administration's answer to a pre-arrival.</summary>
    public static byte[] PreArrivalDecision(string mrn, PreArrivalAssessment assessment, DateTimeOffset decidedAt) =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["mrn"] = mrn, ["decision"] = assessment.Decision, ["reason"] = assessment.Reason, ["decidedAt"] = Instant(decidedAt),
        });

    /// <summary>An inspection outcome recorded at <paramref name="source"/>, for partners whose agreement covers control results.</summary>
    public static byte[] ControlResult(string mrn, bool found, string? what, string source, DateTimeOffset at, string recordedBy) =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["mrn"] = mrn, ["found"] = found, ["what"] = what, ["source"] = source, ["at"] = Instant(at), ["recordedBy"] = recordedBy,
        });

    /// <summary>
    /// A certificate of origin for the importing party's node: its number, target hash and the wrapped OpenAttestation
    /// document as text (kept as text so that the receiver stores exactly what was signed; the hashes do not depend on it).
    /// </summary>
    public static byte[] OriginCertificate(string number, string targetHash, string document) =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["number"] = number, ["targetHash"] = targetHash, ["document"] = document });

    /// <summary>An IE180-style seal incident for the office of departure's node (<see cref="MessageTypes.SealIncident"/>).</summary>
    public static byte[] SealIncident(Landsea.CorridorSupervision.SealIncident i)
    {
        ArgumentNullException.ThrowIfNull(i);
        return JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["incidentID"] = i.IncidentId, ["consignmentID"] = i.ConsignmentId, ["transportDocumentReference"] = i.TransportDocumentReference,
            ["office"] = i.OfficeCode, ["departureOffice"] = i.DepartureOffice, ["equipmentReference"] = i.EquipmentReference,
            ["outcome"] = i.Outcome.ToString().ToLowerInvariant(), ["found"] = new JsonArray([.. i.Found.Select(f => (JsonNode)f)]),
            ["expected"] = new JsonArray([.. i.Expected.Select(f => (JsonNode)f)]), ["reason"] = i.Reason, ["checkedAt"] = Instant(i.CheckedAt),
        });
    }

    /// <summary>The revocation of a certificate of origin shared before.</summary>
    public static byte[] OriginRevocation(string number, string targetHash, DateTimeOffset revokedAt, string reason) =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["number"] = number, ["targetHash"] = targetHash, ["revokedAt"] = Instant(revokedAt), ["reason"] = reason });

    /// <summary>The confirmation, back to the departure node, that announced goods arrived at <paramref name="office"/>.</summary>
    public static byte[] ArrivalConfirmation(string mrn, string office, DateTimeOffset arrivedAt, string confirmedBy) =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["mrn"] = mrn, ["office"] = office, ["arrivedAt"] = Instant(arrivedAt), ["confirmedBy"] = confirmedBy,
        });

    /// <summary>
    /// The notice, back to a partner, that its envelope was handed over but could not be applied: the same shape the exchange
    /// gateway writes when it quarantines an envelope (<c>refused</c>, <c>type</c>, <c>sequence</c>, <c>attempts</c>, <c>reason</c>).
    /// </summary>
    public static byte[] RefusedApplication(string envelopeId, string type, long sequence, string reason) =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["refused"] = envelopeId, ["type"] = type, ["sequence"] = sequence, ["attempts"] = 1, ["reason"] = reason,
        });

    /// <summary>The exit office an arrival notice names; empty when the stored notice is unreadable or names none.</summary>
    public static string ExitOfficeOf(string? arrivalNotice)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(arrivalNotice ?? "{}");
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("exitOffice", out JsonElement e) ? JsonText.String(e) ?? "" : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static JsonArray Containers(Declaration d) => new(d.Containers.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());

    private static JsonObject? PartyJson(Declaration d, string role) =>
        d.Parties.FirstOrDefault(p => p.Role == role) is { } p ? new JsonObject { ["id"] = p.Id?.Value, ["name"] = p.Name, ["country"] = p.CountryCode?.Value } : null;
}
