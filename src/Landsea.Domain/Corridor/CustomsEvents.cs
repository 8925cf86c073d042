using System.Globalization;
using System.Text.Json.Nodes;
using Landsea.Shared;

namespace Landsea.CorridorSupervision;

/// <summary>What customs records on a consignment at an office; each becomes a DCSA event (docs/corridor.md has the table).</summary>
public enum CustomsEventKind
{
    /// <summary>Departure released: SHIPMENT RELS, documentTypeCode CUS, documentID the MRN.</summary>
    Released,

    /// <summary>Held by customs: SHIPMENT HOLD.</summary>
    Held,

    /// <summary>Crossing a border office: TRANSPORT ARRI with facilityTypeCode BOCR.</summary>
    Crossing,

    /// <summary>Arrival at an office: TRANSPORT ARRI.</summary>
    Arrival,

    /// <summary>Departure from an office: TRANSPORT DEPA.</summary>
    Departure,

    /// <summary>Physical inspection: EQUIPMENT INSP.</summary>
    Inspection,

    /// <summary>A transfer between legs (rail to rail, rail to sea, barge to rail) supervised at the office: EQUIPMENT DISC then LOAD is summed up as one LOAD at the office.</summary>
    Transfer,
}

/// <summary>Outcome of a seal check at an office.</summary>
public enum SealOutcome
{
    Intact,
    Broken,
    Replaced,
}

/// <summary>A seal check as recorded: the seals found, the new seals when replaced, and whether it differs from departure.</summary>
public sealed record SealCheck(string ConsignmentId, string OfficeCode, string EquipmentReference, SealOutcome Outcome,
    IReadOnlyList<string> Found, IReadOnlyList<string> NewSeals, DateTimeOffset CheckedAt, bool Mismatch, string Reason);

/// <summary>
/// An IE180-style seal incident: the office that checked (<paramref name="OfficeCode"/>) found the seals of a container
/// broken, replaced or other than recorded at departure; it goes to the node of the consignment's
/// <paramref name="DepartureOffice"/> (<c>corridor-seal-incident</c>). <paramref name="IncidentId"/> is unique per check.
/// </summary>
public sealed record SealIncident(string IncidentId, string ConsignmentId, string TransportDocumentReference, string OfficeCode, string DepartureOffice,
    string EquipmentReference, SealOutcome Outcome, IReadOnlyList<string> Found, IReadOnlyList<string> Expected, string Reason, DateTimeOffset CheckedAt)
{
    /// <summary>The incident of a mismatched check (null when the seals were intact and as at departure).</summary>
    public static SealIncident? Of(string incidentId, Consignment consignment, Route route, SealCheck check)
    {
        ArgumentNullException.ThrowIfNull(consignment);
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(check);
        if (!check.Mismatch || route.Legs[0].From.OfficeCode is not { } departure)
        {
            return null;
        }

        return new SealIncident(incidentId, consignment.Id, consignment.TransportDocumentReference, check.OfficeCode, departure, check.EquipmentReference,
            check.Outcome, check.Outcome == SealOutcome.Replaced ? check.NewSeals : check.Found, consignment.SealsOf(check.EquipmentReference), check.Reason, check.CheckedAt);
    }
}

/// <summary>Builds the DCSA-shaped events customs records (pure: the clock and ids are passed in).</summary>
public static class CustomsEvents
{
    public const string Carrier = "carrier";
    public const string Customs = "customs";

    public static Result<CustomsEventKind> ParseKind(string? text) =>
        Enum.TryParse(text, ignoreCase: true, out CustomsEventKind k) && Enum.IsDefined(k) && !int.TryParse(text, out _)
            ? k
            : Result<CustomsEventKind>.Fail(CorridorErrorCodes.ConsignmentField, $"/kind: '{text}' must be one of {string.Join(", ", Enum.GetNames<CustomsEventKind>().Select(n => n.ToLowerInvariant()))}.");

    public static Result<SealOutcome> ParseOutcome(string? text) =>
        Enum.TryParse(text, ignoreCase: true, out SealOutcome o) && Enum.IsDefined(o) && !int.TryParse(text, out _)
            ? o
            : Result<SealOutcome>.Fail(CorridorErrorCodes.SealCheck, $"/outcome: '{text}' must be intact, broken or replaced.");

    /// <summary>A customs event at <paramref name="place"/> as a DCSA event of the consignment (one per container for equipment events).</summary>
    public static CorridorEvent Of(Guid id, Consignment c, CustomsEventKind kind, Place place, DateTimeOffset at, DateTimeOffset created,
        string? equipment = null, IReadOnlyList<string>? seals = null, string? remark = null)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(place);
        (string type, string code) = kind switch
        {
            CustomsEventKind.Released => (DcsaSchema.Shipment, "RELS"),
            CustomsEventKind.Held => (DcsaSchema.Shipment, "HOLD"),
            CustomsEventKind.Crossing or CustomsEventKind.Arrival => (DcsaSchema.Transport, "ARRI"),
            CustomsEventKind.Departure => (DcsaSchema.Transport, "DEPA"),
            CustomsEventKind.Inspection => (DcsaSchema.Equipment, "INSP"),
            _ => (DcsaSchema.Equipment, "LOAD"),
        };
        if (type == DcsaSchema.Equipment)
        {
            equipment ??= c.Equipment[0].EquipmentReference;
        }

        if (type == DcsaSchema.Shipment)
        {
            // DCSA: a shipment event's eventDateTime is its eventCreatedDateTime; customs records it as of the decision.
            created = at;
        }

        var json = new JsonObject
        {
            ["eventID"] = id.ToString(),
            ["eventType"] = type,
            ["eventClassifierCode"] = "ACT",
            ["eventDateTime"] = Iso(at),
            ["eventCreatedDateTime"] = Iso(created),
        };
        string mode = ModeAt(c, place);
        switch (type)
        {
            case DcsaSchema.Shipment:
                json["shipmentEventTypeCode"] = code;
                json["documentTypeCode"] = "CUS";
                json["documentID"] = c.Mrns.Count > 0 ? c.Mrns[0] : c.TransportDocumentReference;
                if (remark is not null)
                {
                    json["reason"] = remark.Length > 250 ? remark[..250] : remark;
                }

                break;
            case DcsaSchema.Transport:
                json["transportEventTypeCode"] = code;
                json["transportCall"] = Call(c, place, mode, kind == CustomsEventKind.Crossing ? "BOCR" : null);
                json["documentReferences"] = DocumentReferences(c);
                break;
            default:
                json["equipmentEventTypeCode"] = code;
                json["equipmentReference"] = equipment;
                json["emptyIndicatorCode"] = "LADEN";
                json["eventLocation"] = new JsonObject { ["locationName"] = place.Name, ["UNLocationCode"] = place.Locode };
                json["transportCall"] = Call(c, place, mode, null);
                json["documentReferences"] = DocumentReferences(c);
                if (seals is { Count: > 0 })
                {
                    json["seals"] = new JsonArray([.. seals.Select(s => (JsonNode)new JsonObject { ["sealNumber"] = s, ["sealSource"] = "CUS", ["sealType"] = "BLT" })]);
                }

                break;
        }

        return new CorridorEvent(id, c.Id, type, "ACT", code, at, created, equipment, c.TransportDocumentReference,
            place.Locode, place.OfficeCode, Customs, null, seals ?? [], json.ToJsonString());
    }

    /// <summary>The seal check's verdict against the seals recorded at departure, and its event (INSP, or RSEA when replaced).</summary>
    public static (SealCheck Check, CorridorEvent Event) CheckSeals(Guid id, Consignment c, Place place, string equipment, SealOutcome outcome,
        IReadOnlyList<string> found, IReadOnlyList<string> newSeals, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(place);
        IReadOnlyList<string> expected = c.SealsOf(equipment);
        bool numbersDiffer = found.Count > 0 && !found.Order(StringComparer.Ordinal).SequenceEqual(expected.Order(StringComparer.Ordinal));
        bool mismatch = outcome != SealOutcome.Intact || numbersDiffer;
        string reason = outcome switch
        {
            SealOutcome.Broken => $"seal broken on {equipment} at {place.Name}",
            SealOutcome.Replaced => $"seal replaced on {equipment} at {place.Name}: new {string.Join(", ", newSeals)}",
            _ when numbersDiffer => $"seals on {equipment} at {place.Name} are {string.Join(", ", found)}; departure recorded {string.Join(", ", expected)}",
            _ => $"seals intact on {equipment} at {place.Name}",
        };
        CorridorEvent e = Of(id, c, CustomsEventKind.Inspection, place, at, at, equipment, outcome == SealOutcome.Replaced ? newSeals : (found.Count > 0 ? found : expected));
        if (outcome == SealOutcome.Replaced)
        {
            JsonObject body = JsonNode.Parse(e.Body)!.AsObject();
            body["equipmentEventTypeCode"] = "RSEA";
            e = e with { TypeCode = "RSEA", Body = body.ToJsonString() };
        }

        return (new SealCheck(c.Id, place.OfficeCode ?? place.Locode, equipment, outcome, found, newSeals, at, mismatch, reason), e);
    }

    /// <summary>The event that retracts <paramref name="retracted"/>: the same DCSA event again with <c>retractedEventID</c> (DCSA 3.0's name).</summary>
    public static CorridorEvent Retraction(Guid id, CorridorEvent retracted, DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(retracted);
        JsonObject body = JsonNode.Parse(retracted.Body)!.AsObject();
        body["eventID"] = id.ToString();
        body["eventCreatedDateTime"] = Iso(created);
        body["retractedEventID"] = retracted.EventId.ToString();
        return retracted with { EventId = id, CreatedDateTime = created, RetractsEventId = retracted.EventId, Body = body.ToJsonString() };
    }

    public static string Iso(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string ModeAt(Consignment c, Place place)
    {
        Route? route = RouteBook.Shipped.Find(c.RouteId);
        Leg? leg = route?.Legs.FirstOrDefault(l => l.From.Locode == place.Locode) ?? route?.Legs.LastOrDefault(l => l.To.Locode == place.Locode);
        return RouteFiles.DcsaMode(leg?.Mode ?? LegMode.Rail);
    }

    private static JsonObject Call(Consignment c, Place place, string mode, string? facility)
    {
        var call = new JsonObject
        {
            ["transportCallID"] = $"{c.Id}-{place.Locode}",
            ["UNLocationCode"] = place.Locode,
            ["modeOfTransport"] = mode,
            ["location"] = new JsonObject { ["locationName"] = place.Name, ["UNLocationCode"] = place.Locode },
        };
        if (facility is not null)
        {
            call["facilityTypeCode"] = facility;
        }

        return call;
    }

    private static JsonArray DocumentReferences(Consignment c) =>
        [new JsonObject { ["documentReferenceType"] = "TRD", ["documentReferenceValue"] = c.TransportDocumentReference }];
}
