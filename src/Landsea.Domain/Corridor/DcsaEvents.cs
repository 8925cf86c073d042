using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Landsea.Shared;

namespace Landsea.CorridorSupervision;

/// <summary>What a schema check found wrong: the field as a JSON Pointer (RFC 6901) and the reason.</summary>
public sealed record EventFault(string Code, string Pointer, string Reason);

/// <summary>
/// An event of a consignment's life in Landsea's store, carrier or customs alike, with the DCSA fields the queries filter
/// on. <see cref="Body"/> is the DCSA Track &amp; Trace 2.2 event as the API serves it (JSON text). Instants are UTC.
/// </summary>
public sealed record CorridorEvent(
    Guid EventId,
    string ConsignmentId,
    string EventType,
    string Classifier,
    string TypeCode,
    DateTimeOffset EventDateTime,
    DateTimeOffset CreatedDateTime,
    string? EquipmentReference,
    string TransportDocumentReference,
    string? Locode,
    string? OfficeCode,
    string Source,
    Guid? RetractsEventId,
    IReadOnlyList<string> Seals,
    string Body);

/// <summary>A received event read and checked against the DCSA schema, before it is joined to its consignment.</summary>
public sealed record ReceivedEvent(Guid? EventId, string EventType, string Classifier, string TypeCode, DateTimeOffset EventDateTime,
    DateTimeOffset CreatedDateTime, string? EquipmentReference, string? TransportDocumentReference, string? Locode, Guid? RetractsEventId,
    IReadOnlyList<string> Seals, JsonObject Json);

/// <summary>The DCSA Track &amp; Trace 2.2.0 event schemas (vectors/dcsa/tnt-v2.2/events.schema.json, embedded).</summary>
public static class DcsaSchema
{
    public const string Transport = "TRANSPORT";
    public const string Equipment = "EQUIPMENT";
    public const string Shipment = "SHIPMENT";

    public static readonly string[] EventTypes = [Transport, Equipment, Shipment];

    private static readonly Lazy<Dictionary<string, JsonSchema>> s_schemas = new(Load);

    private static readonly EvaluationOptions s_options = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private static Dictionary<string, JsonSchema> Load()
    {
        string text = EmbeddedData.ReadText("Landsea.dcsa.tnt-v2.2.events.schema.json");
        var schemas = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        foreach ((string type, string def) in new[] { (Transport, "transportEvent"), (Equipment, "equipmentEvent"), (Shipment, "shipmentEvent") })
        {
            JsonObject root = JsonNode.Parse(text)!.AsObject();
            root["$id"] = $"https://landsea.example/dcsa/tnt/2.2.0/{def}.schema.json";
            root["$ref"] = $"#/$defs/{def}";
            schemas[type] = JsonSchema.FromText(root.ToJsonString());
        }

        return schemas;
    }

    /// <summary>Every place where <paramref name="json"/> breaks the schema of its <c>eventType</c>, by pointer.</summary>
    public static IReadOnlyList<EventFault> Check(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        string? type = json["eventType"] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
        if (type is null || !s_schemas.Value.TryGetValue(type, out JsonSchema? schema))
        {
            return [new EventFault(CorridorErrorCodes.EventSchema, "/eventType", $"eventType must be one of {string.Join(", ", EventTypes)}.")];
        }

        EvaluationResults results = schema.Evaluate(json, s_options);
        if (results.IsValid)
        {
            return [];
        }

        var faults = new List<EventFault>();
        foreach (EvaluationResults d in results.Details)
        {
            if (d.Errors is null)
            {
                continue;
            }

            foreach (KeyValuePair<string, string> e in d.Errors)
            {
                string pointer = d.InstanceLocation.ToString();
                faults.Add(new EventFault(CorridorErrorCodes.EventSchema, pointer.Length == 0 ? "/" : pointer, $"{e.Key}: {e.Value}"));
            }
        }

        return faults.Count == 0 ? [new EventFault(CorridorErrorCodes.EventSchema, "/", "the event does not match the DCSA 2.2.0 schema.")] : [.. faults.DistinctBy(f => (f.Pointer, f.Reason)).Take(ErrorCap.MaxListed)];
    }
}

/// <summary>Reads a carrier's event: JSON, then the DCSA schema, then the fields Landsea needs (pure; time passed in).</summary>
public static class CarrierEvents
{
    /// <summary>How far in the future an event may lie (clock skew between carrier and node).</summary>
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(15);

    public const int MaxBytes = 64 * 1024;

    public static Result<ReceivedEvent> Read(string text, DateTimeOffset now, out IReadOnlyList<EventFault> faults)
    {
        faults = [];
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text ?? "", documentOptions: new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            faults = [new EventFault(CorridorErrorCodes.EventMalformed, "/", $"not JSON: {e.Message}")];
            return Result<ReceivedEvent>.Fail(CorridorErrorCodes.EventMalformed, faults[0].Reason);
        }

        if (node is not JsonObject json)
        {
            faults = [new EventFault(CorridorErrorCodes.EventMalformed, "/", "an event is a JSON object.")];
            return Result<ReceivedEvent>.Fail(CorridorErrorCodes.EventMalformed, faults[0].Reason);
        }

        return Read(json, now, out faults);
    }

    public static Result<ReceivedEvent> Read(JsonObject json, DateTimeOffset now, out IReadOnlyList<EventFault> faults)
    {
        ArgumentNullException.ThrowIfNull(json);
        faults = DcsaSchema.Check(json);
        if (faults.Count > 0)
        {
            return Result<ReceivedEvent>.Fail(faults[0].Code, $"{faults[0].Pointer}: {faults[0].Reason}");
        }

        string type = Text(json, "eventType")!;
        string classifier = Text(json, "eventClassifierCode") ?? "";
        string code = type switch
        {
            DcsaSchema.Transport => Text(json, "transportEventTypeCode"),
            DcsaSchema.Equipment => Text(json, "equipmentEventTypeCode"),
            _ => Text(json, "shipmentEventTypeCode"),
        } ?? "";
        if (Instant(json, "eventDateTime") is not { } at || Instant(json, "eventCreatedDateTime") is not { } created)
        {
            faults = [new EventFault(CorridorErrorCodes.EventFuture, "/eventDateTime", "eventDateTime and eventCreatedDateTime must be ISO 8601 date-times with an offset.")];
            return Result<ReceivedEvent>.Fail(faults[0].Code, $"{faults[0].Pointer}: {faults[0].Reason}");
        }

        if (classifier == "ACT" && at > now + AllowedSkew)
        {
            faults = [new EventFault(CorridorErrorCodes.EventFuture, "/eventDateTime", $"an actual (ACT) event at {at:O} lies in the future (now {now:O}, allowed skew {AllowedSkew.TotalMinutes} minutes).")];
        }
        else if (created > now + AllowedSkew)
        {
            faults = [new EventFault(CorridorErrorCodes.EventFuture, "/eventCreatedDateTime", $"the event was created at {created:O}, in the future (now {now:O}).")];
        }

        Guid? id = Text(json, "eventID") is { } idText && Guid.TryParse(idText, out Guid g) ? g : null;
        Guid? retracts = null;
        if (json["retractedEventID"] is not null)
        {
            if (Text(json, "retractedEventID") is { } r && Guid.TryParse(r, out Guid rg))
            {
                retracts = rg;
            }
            else
            {
                faults = [new EventFault(CorridorErrorCodes.EventSchema, "/retractedEventID", "retractedEventID must be the UUID of the event this one retracts.")];
            }
        }

        if (faults.Count > 0)
        {
            return Result<ReceivedEvent>.Fail(faults[0].Code, $"{faults[0].Pointer}: {faults[0].Reason}");
        }

        string? document = type == DcsaSchema.Shipment
            ? (Text(json, "documentTypeCode") is "TRD" or "BKG" ? Text(json, "documentID") : null)
            : (json["documentReferences"] as JsonArray)?.OfType<JsonObject>()
                .Where(d => Text(d, "documentReferenceType") is { } t && (t.StartsWith("TRD", StringComparison.Ordinal) || t.StartsWith("BKG", StringComparison.Ordinal)))
                .Select(d => Text(d, "documentReferenceValue")).FirstOrDefault(v => v is not null);
        string? locode = (json["transportCall"] as JsonObject) is { } call
            ? Text(call, "UNLocationCode") ?? (call["location"] is JsonObject l ? Text(l, "UNLocationCode") : null)
            : null;
        locode ??= json["eventLocation"] is JsonObject el ? Text(el, "UNLocationCode") : null;
        IReadOnlyList<string> seals = json["seals"] is JsonArray sa ? [.. sa.OfType<JsonObject>().Select(s => Text(s, "sealNumber")).OfType<string>()] : [];
        return new ReceivedEvent(id, type, classifier, code, at, created, Text(json, "equipmentReference"), document, locode, retracts, seals, json);
    }

    private static string? Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    private static DateTimeOffset? Instant(JsonObject o, string name) =>
        DateTimeOffset.TryParse(Text(o, name), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTimeOffset t) ? t.ToUniversalTime() : null;
}
