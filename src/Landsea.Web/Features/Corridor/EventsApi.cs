using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Landsea.CorridorSupervision;
using Landsea.Data.Access;
using Landsea.Data.CorridorSupervision;
using Landsea.Declarations;
using Landsea.Shared;
using Landsea.Web.Features.Access;
using Landsea.Web.Infrastructure;

namespace Landsea.Web.Features.CorridorSupervision;

/// <summary>
/// The DCSA Track &amp; Trace 2.2 surface of the node (issue 11 item 3): <c>POST /api/corridor/v2/events</c> takes a
/// carrier's event (or an array of them), <c>GET /api/corridor/v2/events</c> serves every consignment's events, customs
/// ones included, with the DCSA filters and cursor pagination, and <c>/api/corridor/v2/event-subscriptions</c> registers
/// pushes. Errors are DCSA-shaped (<c>errors[]</c> with <c>jsonPath</c>, <c>errorCodeText</c> the LS code).
/// </summary>
public static class EventsApi
{
    public const int MaxBatch = 1000;

    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/events", PostAsync).WithSummary("Receive carrier events (DCSA T&T 2.2 transport, equipment or shipment events; one object or an array)")
            .Accepts<JsonObject>("application/json");
        group.MapGet("/events", GetAsync).WithSummary("Events of the consignments you may see, DCSA-shaped, in the node's order")
            .WithDescription("Filters: equipmentReference, transportDocumentReference, eventType (comma-separated TRANSPORT,EQUIPMENT,SHIPMENT), eventCreatedDateTime:gte / eventCreatedDateTime:lte (ISO 8601), limit (1-1000, default 100), cursor (from the Next-Page-Cursor header).");
        group.MapPost("/event-subscriptions", SubscribeAsync).WithSummary("Subscribe a callback URL to events (pushed in order, signed with HMAC-SHA256 by your secret)");
        group.MapGet("/event-subscriptions", SubscriptionsAsync).WithSummary("Your subscriptions and their delivery state");
        group.MapDelete("/event-subscriptions/{id}", UnsubscribeAsync).WithSummary("Remove a subscription");
    }

    /// <summary>Who may send carrier events: traders (carriers and forwarders) and officers.</summary>
    private static bool MaySend(AccessScope s) => s.Role is Role.Trader or Role.Officer;

    public static async Task<IResult> PostAsync(HttpContext http, ClaimsPrincipal user, CorridorStore store, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!MaySend(scope))
        {
            return Error(http, StatusCodes.Status403Forbidden, [new EventFault("LS401", "/", "carrier events are sent by traders (carriers) and officers.")]);
        }

        byte[]? bytes = await RequestBody.ReadAsync(http.Request, CarrierEvents.MaxBytes * 16, ct);
        if (bytes is null)
        {
            return Error(http, StatusCodes.Status413PayloadTooLarge, [new EventFault(CorridorErrorCodes.EventMalformed, "/", $"the body is larger than {CarrierEvents.MaxBytes * 16} bytes.")]);
        }

        string text = Encoding.UTF8.GetString(bytes);
        List<string> bodies;
        bool array;
        try
        {
            JsonNode? node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 32 });
            array = node is JsonArray;
            bodies = node is JsonArray a ? [.. a.Select(n => n?.ToJsonString() ?? "null")] : [text];
        }
        catch (JsonException e)
        {
            // Kept as received like every refused event: the store reads it again and records the fault.
            await store.IngestAsync([text], ct);
            return Error(http, StatusCodes.Status400BadRequest, [new EventFault(CorridorErrorCodes.EventMalformed, "/", $"not JSON: {e.Message}")]);
        }

        if (bodies.Count is 0 or > MaxBatch)
        {
            return Error(http, StatusCodes.Status400BadRequest, [new EventFault(CorridorErrorCodes.EventMalformed, "/", $"send 1 to {MaxBatch} events.")]);
        }

        IReadOnlyList<IngestOutcome> outcomes = await store.IngestAsync(bodies, ct);
        if (!array)
        {
            IngestOutcome o = outcomes[0];
            return o.Accepted
                ? Results.Json(new { eventID = o.EventId, consignmentID = o.ConsignmentId }, statusCode: StatusCodes.Status201Created)
                : Error(http, o.Faults[0].Code == CorridorErrorCodes.EventIdConflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest, o.Faults);
        }

        var items = outcomes.Select(o => o.Accepted
            ? (object)new { index = o.Index, eventID = o.EventId, consignmentID = o.ConsignmentId }
            : new { index = o.Index, errors = o.Faults.Select(f => ErrorItem(f, $"/{o.Index}")) }).ToList();
        return Results.Json(new { accepted = outcomes.Count(o => o.Accepted), refused = outcomes.Count(o => !o.Accepted), results = items },
            statusCode: outcomes.All(o => o.Accepted) ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    public static async Task<IResult> GetAsync(HttpContext http, ClaimsPrincipal user, CorridorStore store, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.SeesAll && scope.Role != Role.Trader)
        {
            return Error(http, StatusCodes.Status403Forbidden, [new EventFault("LS401", "/", "events are read by officers, auditors and traders (their own consignments).")]);
        }

        Result<EventQuery> q = ParseQuery(http.Request.Query);
        if (!q.IsValid)
        {
            return Error(http, StatusCodes.Status400BadRequest, [new EventFault(q.Failure!.Code, "/", q.Failure.Reason)]);
        }

        EventQuery query = scope.SeesAll ? q.Value : q.Value with { DeclaredBy = scope.TraderId ?? scope.User };
        EventPage page = await store.EventsAsync(query, ct);
        http.Response.Headers["API-Version"] = "2.2.0";
        if (page.NextCursor is { } next)
        {
            http.Response.Headers["Next-Page-Cursor"] = next.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["Next-Page"] = $"{http.Request.Path}{QueryWithCursor(http.Request.Query, next)}";
        }

        return Results.Text("[" + string.Join(",", page.Events.Select(e => e.Event.Body)) + "]", "application/json");
    }

    /// <summary>Reads the DCSA query parameters; LS918 names the bad one.</summary>
    public static Result<EventQuery> ParseQuery(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        string? One(string name) => query.TryGetValue(name, out var v) && v.Count > 0 && !string.IsNullOrWhiteSpace(v[0]) ? v[0]!.Trim() : null;
        var types = new List<string>();
        foreach (string t in (One("eventType") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!DcsaSchema.EventTypes.Contains(t))
            {
                return Result<EventQuery>.Fail(CorridorErrorCodes.EventQuery, $"eventType: '{t}' is not TRANSPORT, EQUIPMENT or SHIPMENT.");
            }

            types.Add(t);
        }

        DateTimeOffset? from = null, to = null;
        foreach ((string name, bool isFrom) in new[] { ("eventCreatedDateTime:gte", true), ("eventCreatedDateTime:lte", false), ("eventCreatedDateTime", true) })
        {
            if (One(name) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTimeOffset t))
                {
                    return Result<EventQuery>.Fail(CorridorErrorCodes.EventQuery, $"{name}: '{text}' is not an ISO 8601 date-time.");
                }

                if (isFrom)
                {
                    from = t;
                }
                else
                {
                    to = t;
                }
            }
        }

        int limit = 100;
        if (One("limit") is { } l && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > CorridorStore.MaxPage))
        {
            return Result<EventQuery>.Fail(CorridorErrorCodes.EventQuery, $"limit: '{l}' must be a whole number from 1 to {CorridorStore.MaxPage}.");
        }

        long after = 0;
        if (One("cursor") is { } c && (!long.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out after) || after < 0))
        {
            return Result<EventQuery>.Fail(CorridorErrorCodes.EventQuery, $"cursor: '{c}' is not a cursor this node gave (Next-Page-Cursor).");
        }

        return new EventQuery(One("equipmentReference"), One("transportDocumentReference"), types.Count == 0 ? null : types, from, to, One("consignmentID"), after, limit);
    }

    private static string QueryWithCursor(IQueryCollection query, long cursor)
    {
        var parts = query.Where(kv => kv.Key != "cursor").Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value.ToString())}").ToList();
        parts.Add($"cursor={cursor.ToString(CultureInfo.InvariantCulture)}");
        return "?" + string.Join("&", parts);
    }

    public sealed record SubscriptionRequest(string? CallbackUrl, string? Secret, IReadOnlyList<string>? EventType, string? EquipmentReference, string? TransportDocumentReference, bool FromNow = true);

    public static async Task<IResult> SubscribeAsync(HttpContext http, ClaimsPrincipal user, SubscriptionRequest request, CorridorStore store, NodeOptions options, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.SeesAll)
        {
            return Error(http, StatusCodes.Status403Forbidden, [new EventFault("LS401", "/", "subscriptions to every consignment's events are for officers and auditors.")]);
        }

        Result<Uri> url = CallbackPolicy.CheckUrl(request.CallbackUrl, options.Development);
        if (!url.IsValid)
        {
            return Error(http, StatusCodes.Status400BadRequest, [new EventFault(CorridorErrorCodes.SubscriptionInvalid, "/callbackUrl", url.Failure!.Reason)]);
        }

        byte[] secret;
        try
        {
            secret = Convert.FromBase64String(request.Secret ?? "");
        }
        catch (FormatException)
        {
            return Error(http, StatusCodes.Status400BadRequest, [new EventFault(CorridorErrorCodes.SubscriptionInvalid, "/secret", "the secret is base64 of at least 32 bytes.")]);
        }

        Result<EventSubscription> s = await store.SubscribeAsync(url.Value, secret, request.EventType ?? [], request.EquipmentReference, request.TransportDocumentReference, scope.User, request.FromNow, ct);
        return s.IsValid
            ? Results.Json(View(s.Value), statusCode: StatusCodes.Status201Created)
            : Error(http, StatusCodes.Status400BadRequest, [new EventFault(s.Failure!.Code, "/", s.Failure.Reason)]);
    }

    public static async Task<IResult> SubscriptionsAsync(ClaimsPrincipal user, CorridorStore store, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        return scope.SeesAll ? Results.Ok((await store.SubscriptionsAsync(ct)).Select(View)) : Results.Forbid();
    }

    public static async Task<IResult> UnsubscribeAsync(string id, ClaimsPrincipal user, CorridorStore store, CancellationToken ct) =>
        !NodeAuthentication.ScopeOf(user).SeesAll ? Results.Forbid() : await store.UnsubscribeAsync(id, ct) ? Results.NoContent() : Results.NotFound();

    private static object View(EventSubscription s) => new
    {
        subscriptionID = s.Id, callbackUrl = s.CallbackUrl, eventType = s.EventTypes, equipmentReference = s.EquipmentReference,
        transportDocumentReference = s.TransportDocumentReference, createdDateTime = s.CreatedAt, deliveredCursor = s.DeliveredSeq,
        failedAttempts = s.Attempts, nextAttemptDateTime = s.NextAttemptAt, lastError = s.LastError,
    };

    private static object ErrorItem(EventFault f, string prefix = "") => new
    {
        errorCodeText = f.Code,
        property = f.Pointer.TrimEnd('/').Split('/').LastOrDefault(p => p.Length > 0) ?? "",
        jsonPath = prefix + (f.Pointer == "/" && prefix.Length > 0 ? "" : f.Pointer),
        errorCodeMessage = f.Reason,
    };

    /// <summary>A DCSA-style error answer (DCSA error domain: httpMethod, requestUri, statusCode, errorDateTime, errors[]).</summary>
    internal static IResult Error(HttpContext http, int status, IReadOnlyList<EventFault> faults) => Results.Json(new
    {
        httpMethod = http.Request.Method,
        requestUri = http.Request.Path.ToString(),
        statusCode = status,
        statusCodeText = ReasonPhrase(status),
        errorDateTime = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
        errors = faults.Select(f => ErrorItem(f)),
    }, statusCode: status);

    private static string ReasonPhrase(int status) => status switch
    {
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        413 => "Payload Too Large",
        _ => "Error",
    };
}
