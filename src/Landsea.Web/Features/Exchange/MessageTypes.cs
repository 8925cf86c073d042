using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Landsea.Data.Declarations;
using Landsea.Declarations;
using Landsea.Offices;

namespace Landsea.Web.Features.Exchange;

/// <summary>
/// The message types nodes exchange (all version "1", JSON payloads, conversation = MRN). See docs/exchange.md, "Business flows".
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

    /// <summary>Synthetic traffic for tests and the benchmark (test mode only creates it).</summary>
    public const string TestPing = "test-ping";

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

    /// <summary>
    /// The full pre-arrival document built from a declaration. The agreement's allow-list decides what of it leaves the node
    /// (the outbox filters before signing); the corridor agreements withhold the declarant, identifiers and amounts.
    /// </summary>
    public static byte[] PreArrivalDocument(DeclarationDetail detail, DateTimeOffset releasedAt)
    {
        Declaration d = detail.Declaration;
        var items = new JsonArray();
        foreach (GoodsItem i in d.Items)
        {
            items.Add(new JsonObject
            {
                ["sequence"] = i.Sequence, ["commodityCode"] = i.CommodityCode, ["description"] = i.Description, ["originCountry"] = i.OriginCountry,
                ["amount"] = i.Amount, ["currency"] = i.Currency, ["grossMassKg"] = i.GrossMassKg, ["netMassKg"] = i.NetMassKg,
            });
        }

        var doc = new JsonObject
        {
            ["mrn"] = detail.Summary.Mrn,
            ["functionalReference"] = d.FunctionalReference,
            ["typeCode"] = d.TypeCode,
            ["declarantId"] = d.DeclarantId,
            ["exporter"] = PartyJson(d, "Exporter"),
            ["importer"] = PartyJson(d, "Importer"),
            ["exportCountry"] = d.ExportCountry,
            ["destinationCountry"] = d.DestinationCountry,
            ["transportMode"] = d.TransportMode,
            ["officeCode"] = detail.Summary.OfficeCode,
            ["invoice"] = new JsonObject { ["amount"] = d.InvoiceAmount, ["currency"] = d.InvoiceCurrency },
            ["containers"] = new JsonArray(d.Containers.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
            ["items"] = items,
            ["releasedAt"] = releasedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        };
        return JsonSerializer.SerializeToUtf8Bytes(doc);
    }

    public static byte[] ArrivalNoticeDocument(DeclarationDetail detail, CustomsOffice exit, DateTimeOffset departedAt)
    {
        Declaration d = detail.Declaration;
        var doc = new JsonObject
        {
            ["mrn"] = detail.Summary.Mrn,
            ["exitOffice"] = exit.Code,
            ["departureOffice"] = detail.Summary.OfficeCode,
            ["destinationCountry"] = d.DestinationCountry,
            ["transportMode"] = d.TransportMode,
            ["containers"] = new JsonArray(d.Containers.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
            ["itemCount"] = d.Items.Count,
            ["grossMassKg"] = d.Items.Sum(i => i.GrossMassKg ?? 0),
            ["departedAt"] = departedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        };
        return JsonSerializer.SerializeToUtf8Bytes(doc);
    }

    private static JsonObject? PartyJson(Declaration d, string role) =>
        d.Parties.FirstOrDefault(p => p.Role == role) is { } p ? new JsonObject { ["id"] = p.Id, ["name"] = p.Name, ["country"] = p.CountryCode } : null;
}

/// <summary>
/// The destination administration's assessment of a pre-arrival (documented rule, no model): hold for inspection when any item
/// is in a sensitive HS chapter (28, 29 chemicals; 36 explosives; 38 chemical products; 93 arms), has no commodity code, or
/// when the consignment's gross mass exceeds 25 000 kg; otherwise release.
/// </summary>
public static class PreArrivalAssessment
{
    private static readonly string[] SensitiveChapters = ["28", "29", "36", "38", "93"];

    public static (string Decision, string Reason) Assess(JsonElement doc)
    {
        decimal mass = 0;
        if (doc.TryGetProperty("items", out JsonElement items) && items.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in items.EnumerateArray())
            {
                string? code = item.TryGetProperty("commodityCode", out JsonElement c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                if (code is not { Length: >= 2 })
                {
                    return ("hold", "an item has no commodity code");
                }

                if (SensitiveChapters.Contains(code[..2], StringComparer.Ordinal))
                {
                    return ("hold", $"HS chapter {code[..2]} is selected for inspection");
                }

                if (item.TryGetProperty("grossMassKg", out JsonElement m) && m.ValueKind == JsonValueKind.Number)
                {
                    mass += m.GetDecimal();
                }
            }
        }
        else
        {
            return ("hold", "no goods items");
        }

        return mass > 25_000 ? ("hold", "gross mass over 25 000 kg") : ("release", "no risk rule matched");
    }
}
