using System.Text.Json.Nodes;
using Landsea.CorridorSupervision;

namespace Landsea.Domain.Tests.CorridorSupervision;

/// <summary>A consignment on the rail-sea line and DCSA events for it, shared by the corridor tests.</summary>
public static class CorridorSamples
{
    public static readonly DateTimeOffset Departure = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public static Consignment RailSea(string id = "CQ-0001", bool priority = false) => ConsignmentRules.Check(new ConsignmentRequest(
        id, "TRD" + id.Replace("-", "", StringComparison.Ordinal), "ILSTC-RAIL-SEA", Departure,
        [new EquipmentRequest("CSQU3054383", ["SEAL001"]), new EquipmentRequest("MSKU6011672", ["SEAL002"])], [], priority),
        RouteBook.Shipped, "trader").OrThrow();

    public static JsonObject Transport(string code, string locode, DateTimeOffset at, string document = "TRDCQ0001", string mode = "RAIL") => new()
    {
        ["eventID"] = Guid.NewGuid().ToString(),
        ["eventType"] = "TRANSPORT",
        ["eventClassifierCode"] = "ACT",
        ["eventDateTime"] = at.ToString("O"),
        ["eventCreatedDateTime"] = at.ToString("O"),
        ["transportEventTypeCode"] = code,
        ["transportCall"] = new JsonObject { ["transportCallID"] = "TC-" + locode, ["UNLocationCode"] = locode, ["modeOfTransport"] = mode },
        ["documentReferences"] = new JsonArray(new JsonObject { ["documentReferenceType"] = "TRD", ["documentReferenceValue"] = document }),
    };

    public static JsonObject Equipment(string code, string equipment, string locode, DateTimeOffset at) => new()
    {
        ["eventID"] = Guid.NewGuid().ToString(),
        ["eventType"] = "EQUIPMENT",
        ["eventClassifierCode"] = "ACT",
        ["eventDateTime"] = at.ToString("O"),
        ["eventCreatedDateTime"] = at.ToString("O"),
        ["equipmentEventTypeCode"] = code,
        ["equipmentReference"] = equipment,
        ["emptyIndicatorCode"] = "LADEN",
        ["eventLocation"] = new JsonObject { ["UNLocationCode"] = locode },
    };
}
