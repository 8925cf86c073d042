using System.Text.Json.Serialization;
using Landsea.Shared;

namespace Landsea.CorridorSupervision;

/// <summary>A container of a consignment and the seals put on it at departure.</summary>
public sealed record Equipment(string EquipmentReference, IReadOnlyList<string> Seals);

/// <summary>
/// What a trader or officer declares to follow a consignment across the corridor (<c>POST /api/corridor/consignments</c>):
/// <paramref name="DepartureAt"/> is the planned departure instant (ISO 8601 with offset).
/// </summary>
public sealed record ConsignmentRequest(
    [property: JsonPropertyName("consignmentID")] string? ConsignmentId,
    [property: JsonPropertyName("transportDocumentReference")] string? TransportDocumentReference,
    [property: JsonPropertyName("route")] string? Route,
    [property: JsonPropertyName("departureAt")] DateTimeOffset? DepartureAt,
    [property: JsonPropertyName("equipment")] IReadOnlyList<EquipmentRequest>? Equipment,
    [property: JsonPropertyName("mrns")] IReadOnlyList<string>? Mrns,
    [property: JsonPropertyName("priority")] bool Priority = false,
    [property: JsonPropertyName("priorityReason")] string? PriorityReason = null);

public sealed record EquipmentRequest(
    [property: JsonPropertyName("equipmentReference")] string? EquipmentReference,
    [property: JsonPropertyName("seals")] IReadOnlyList<string>? Seals);

/// <summary>A consignment the node supervises, planned as the legs of its route from the planned departure (UTC).</summary>
public sealed record Consignment(string Id, string TransportDocumentReference, string RouteId, DateTimeOffset DepartureAt,
    IReadOnlyList<Equipment> Equipment, IReadOnlyList<string> Mrns, bool Priority, string DeclaredBy)
{
    public bool Carries(string equipmentReference) => Equipment.Any(e => e.EquipmentReference == equipmentReference);

    /// <summary>The seals recorded at departure on a container (empty when the container is not in the consignment).</summary>
    public IReadOnlyList<string> SealsOf(string equipmentReference) =>
        Equipment.FirstOrDefault(e => e.EquipmentReference == equipmentReference)?.Seals ?? [];
}

/// <summary>A stop of a consignment's plan: the place, its office, and the planned arrival (UTC) from the legs' typical times.</summary>
public sealed record PlannedStop(int Index, Place Place, DateTimeOffset Eta, Leg? ArrivingLeg);

/// <summary>Checks a consignment request against the routes and ISO 6346 (pure; the store asks which MRNs exist).</summary>
public static class ConsignmentRules
{
    public const int MaxEquipment = 200;

    public const int MaxSeals = 10;

    /// <summary>The consignment, or the first fault naming its field as a JSON Pointer.</summary>
    public static Result<Consignment> Check(ConsignmentRequest? request, RouteBook routes, string declaredBy)
    {
        ArgumentNullException.ThrowIfNull(routes);
        if (request is null)
        {
            return Result<Consignment>.Fail(CorridorErrorCodes.ConsignmentField, "/: the body must be a consignment object.");
        }

        string id = (request.ConsignmentId ?? "").Trim();
        if (id.Length is 0 or > 35 || !id.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            return Result<Consignment>.Fail(CorridorErrorCodes.ConsignmentField, $"/consignmentID: '{request.ConsignmentId}' must be 1-35 capital letters, digits or '-'.");
        }

        string doc = (request.TransportDocumentReference ?? "").Trim();
        if (doc.Length is 0 or > 20)
        {
            return Result<Consignment>.Fail(CorridorErrorCodes.ConsignmentField, "/transportDocumentReference: required, at most 20 characters (DCSA).");
        }

        if (routes.Find((request.Route ?? "").Trim()) is not { } route)
        {
            return Result<Consignment>.Fail(CorridorErrorCodes.RouteUnknown, $"/route: '{request.Route}' is not a route of this node (landsea corridor routes).");
        }

        if (request.DepartureAt is not { } departure)
        {
            return Result<Consignment>.Fail(CorridorErrorCodes.ConsignmentField, "/departureAt: the planned departure (ISO 8601 with offset) is required.");
        }

        IReadOnlyList<EquipmentRequest> equipment = request.Equipment ?? [];
        if (equipment.Count is 0 or > MaxEquipment)
        {
            return Result<Consignment>.Fail(CorridorErrorCodes.ConsignmentField, $"/equipment: between 1 and {MaxEquipment} containers.");
        }

        var containers = new List<Equipment>();
        for (int i = 0; i < equipment.Count; i++)
        {
            Result<ContainerNumber> number = ContainerNumber.Parse(equipment[i]?.EquipmentReference);
            if (!number.IsValid)
            {
                return Result<Consignment>.Fail(CorridorErrorCodes.EquipmentNumber, $"/equipment/{i}/equipmentReference: {number.Failure!.Reason} ({number.Failure.Code})");
            }

            if (containers.Any(c => c.EquipmentReference == number.Value.Value))
            {
                return Result<Consignment>.Fail(CorridorErrorCodes.EquipmentNumber, $"/equipment/{i}/equipmentReference: {number.Value.Value} is given twice.");
            }

            Result<IReadOnlyList<string>> seals = CheckSeals(equipment[i].Seals, $"/equipment/{i}/seals");
            if (!seals.IsValid)
            {
                return seals.Failure!;
            }

            containers.Add(new Equipment(number.Value.Value, seals.Value));
        }

        var mrns = new List<string>();
        IReadOnlyList<string> given = request.Mrns ?? [];
        for (int i = 0; i < given.Count; i++)
        {
            Result<Mrn> mrn = Mrn.Parse(given[i]);
            if (!mrn.IsValid)
            {
                return Result<Consignment>.Fail(CorridorErrorCodes.ConsignmentMrn, $"/mrns/{i}: {mrn.Failure!.Reason}");
            }

            mrns.Add(mrn.Value.Value);
        }

        return new Consignment(id, doc, route.Id, departure.ToUniversalTime(), containers, mrns, request.Priority, declaredBy);
    }

    /// <summary>Seal numbers: 1-15 characters each (DCSA sealNumber), at most <see cref="MaxSeals"/>, none twice.</summary>
    public static Result<IReadOnlyList<string>> CheckSeals(IReadOnlyList<string>? seals, string pointer)
    {
        IReadOnlyList<string> given = seals ?? [];
        if (given.Count > MaxSeals)
        {
            return Result<IReadOnlyList<string>>.Fail(CorridorErrorCodes.SealNumber, $"{pointer}: at most {MaxSeals} seals.");
        }

        var list = new List<string>();
        for (int i = 0; i < given.Count; i++)
        {
            string s = (given[i] ?? "").Trim();
            if (s.Length is 0 or > 15)
            {
                return Result<IReadOnlyList<string>>.Fail(CorridorErrorCodes.SealNumber, $"{pointer}/{i}: a seal number has 1-15 characters.");
            }

            if (list.Contains(s))
            {
                return Result<IReadOnlyList<string>>.Fail(CorridorErrorCodes.SealNumber, $"{pointer}/{i}: seal {s} is given twice.");
            }

            list.Add(s);
        }

        return list;
    }

    /// <summary>The planned stops: departure, then each leg's destination at the cumulative typical time.</summary>
    public static IReadOnlyList<PlannedStop> Plan(Consignment consignment, Route route)
    {
        ArgumentNullException.ThrowIfNull(consignment);
        ArgumentNullException.ThrowIfNull(route);
        var stops = new List<PlannedStop> { new(0, route.Legs[0].From, consignment.DepartureAt, null) };
        DateTimeOffset at = consignment.DepartureAt;
        foreach (Leg leg in route.Legs)
        {
            at += leg.Typical;
            stops.Add(new PlannedStop(stops.Count, leg.To, at, leg));
        }

        return stops;
    }
}
