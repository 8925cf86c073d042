using System.Globalization;
using System.Security.Claims;
using Landsea.CorridorSupervision;
using Landsea.Data.Access;
using Landsea.Data.CorridorSupervision;
using Landsea.Shared;
using Landsea.Web.Features.Access;
using Microsoft.Extensions.Options;

namespace Landsea.Web.Features.CorridorSupervision;

/// <summary>
/// Consignments and their supervision (issue 11 items 2, 4-7): declare a consignment on a route, read its timeline, record
/// customs events and seal checks at an office, flag the priority lane, read and acknowledge alerts, see what arrives at
/// an office in the next 24 hours. Officers act at their own office; traders see and declare their own consignments.
/// </summary>
public static class ConsignmentsApi
{
    public sealed record CustomsEventRequest(string? Kind, string? OfficeCode, DateTimeOffset? At, string? EquipmentReference, string? Remark);

    public sealed record SealCheckRequest(string? EquipmentReference, string? Outcome, IReadOnlyList<string>? Found, IReadOnlyList<string>? NewSeals, string? OfficeCode, DateTimeOffset? At);

    public sealed record PriorityRequest(bool Priority, string? Reason);

    public sealed record AcknowledgeRequest(string? Key);

    public sealed record RetractRequest(Guid? EventId);

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/routes", Routes).WithSummary("The corridor's routes: legs with mode, typical hours and their source, stops with office and time zone");
        group.MapPost("/consignments", DeclareAsync).WithSummary("Declare a consignment on a route (containers checked by ISO 6346, seals, MRNs)");
        group.MapGet("/consignments", ListAsync).WithSummary("Open consignments with their leg, state and next stop");
        group.MapGet("/consignments/{id}", ShowAsync).WithSummary("One consignment");
        group.MapGet("/consignments/{id}/timeline", TimelineAsync).WithSummary("The consignment's timeline: customs, carrier, seal and scan entries in time order, local times with zones, and its alerts");
        group.MapPost("/consignments/{id}/customs-events", CustomsEventAsync).WithSummary("Record a customs event at your office (released, held, crossing, arrival, departure, inspection, transfer)");
        group.MapPost("/consignments/{id}/seal-checks", SealCheckAsync).WithSummary("Record a seal check at your office: intact, broken or replaced");
        group.MapPost("/consignments/{id}/retractions", RetractAsync).WithSummary("Retract an event (a correction is a new event that retracts the old)");
        group.MapPost("/consignments/{id}/priority", PriorityAsync).WithSummary("Flag or unflag the priority lane with a reason (an officer, or the authorised trader that declared it)");
        group.MapGet("/consignments/{id}/priority", PriorityStateAsync).WithSummary("The consignment's lane, every lane change (who, role, reason, when) and its pre-clearance verdict");
        group.MapGet("/clearance-times", ClearanceTimesAsync).WithSummary("Clearance time per office and lane (priority, normal): p50/p90 hours, releases on office local days from..to");
        group.MapGet("/alerts", AlertsAsync).WithSummary("Alerts told to an office (default yours), open ones only with open=true");
        group.MapPost("/alerts/acknowledge", AcknowledgeAsync).WithSummary("Acknowledge an alert by its key");
        group.MapGet("/arrivals", ArrivalsAsync).WithSummary("What is due at an office (default yours) in the next 24 hours, priority first");
    }

    private static string Owner(AccessScope s) => s.TraderId ?? s.User;

    private static bool Sees(AccessScope s, Consignment c) => s.SeesAll || (s.Role == Role.Trader && c.DeclaredBy == Owner(s));

    public static IResult Routes(RouteBook routes) => Results.Ok(routes.Routes.Select(r => new
    {
        route = r.Id, name = r.Name, typicalHours = r.TypicalTotal.TotalHours,
        legs = r.Legs.Select(l => new { leg = l.Sequence, from = l.From.Locode, to = l.To.Locode, mode = l.Mode.ToString().ToLowerInvariant(), typicalHours = l.TypicalHours, fact = l.Fact, source = l.Source }),
        stops = r.Stops.Select(p => new { locode = p.Locode, name = p.Name, office = p.OfficeCode, timeZone = p.TimeZoneId, latitude = p.Latitude, longitude = p.Longitude }),
    }));

    public static async Task<IResult> DeclareAsync(ClaimsPrincipal user, ConsignmentRequest request, CorridorStore store, IOptions<CorridorOptions> options, TimeProvider time, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.CanLodge)
        {
            return Problem(new Failure("LS401", "consignments are declared by traders and officers."), StatusCodes.Status403Forbidden);
        }

        Result<Consignment> c = ConsignmentRules.Check(request, store.Routes, Owner(scope));
        if (!c.IsValid)
        {
            return Problem(c.Failure!, StatusCodes.Status400BadRequest);
        }

        PriorityChange? flag = null;
        if (c.Value.Priority)
        {
            Result<PriorityChange> f = PriorityLane.AtDeclaration(c.Value, Actor(scope), request.PriorityReason, options.Value.AuthorisedTraders, time.GetUtcNow());
            if (!f.IsValid)
            {
                return Problem(f.Failure!, f.Failure!.Code == CorridorErrorCodes.PriorityReason ? StatusCodes.Status400BadRequest : StatusCodes.Status403Forbidden);
            }

            flag = f.Value;
        }

        Result<Consignment> stored = await store.AddConsignmentAsync(c.Value, flag, ct);
        return stored.IsValid ? Results.Json(stored.Value, statusCode: StatusCodes.Status201Created) : Problem(stored.Failure!, StatusCodes.Status409Conflict);
    }

    public static async Task<IResult> ListAsync(ClaimsPrincipal user, CorridorStore store, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        return Results.Ok((await store.PositionsAsync(ct: ct)).Where(p => Sees(scope, p.Consignment)).Select(p => new
        {
            consignmentID = p.Consignment.Id, route = p.Route.Id, leg = p.Leg, state = p.State, priority = p.Consignment.Priority,
            nextStop = p.Next?.Place.Locode, nextOffice = p.Next?.Place.OfficeCode, eta = p.Next is null ? (DateTimeOffset?)null : p.Eta, alerted = p.Alerted,
        }));
    }

    public static async Task<IResult> ShowAsync(string id, ClaimsPrincipal user, CorridorStore store, CancellationToken ct) =>
        await store.FindConsignmentAsync(id, ct) is { } c && Sees(NodeAuthentication.ScopeOf(user), c) ? Results.Ok(c) : NotFound(id);

    public static async Task<IResult> TimelineAsync(string id, ClaimsPrincipal user, CorridorStore store, CancellationToken ct)
    {
        if (await store.TimelineAsync(id, ct) is not { } t || !Sees(NodeAuthentication.ScopeOf(user), t.Consignment))
        {
            return NotFound(id);
        }

        return Results.Ok(new
        {
            consignment = t.Consignment, state = t.State,
            plan = t.Plan.Select(p => new { stop = p.Index, locode = p.Place.Locode, name = p.Place.Name, office = p.Place.OfficeCode, timeZone = p.Place.TimeZoneId, eta = p.Eta, etaLocal = p.Place.LocalTime(p.Eta) }),
            entries = t.Entries.Select(e => new { at = e.At, localTime = e.LocalTime, timeZone = e.TimeZoneId, office = e.OfficeCode, locode = e.Locode, source = e.Source, kind = e.Kind, text = e.Text, eventID = e.EventId, retracted = e.Retracted }),
            alerts = t.Alerts.Select(a => new { key = a.Key, kind = a.Kind.ToString(), place = a.Place, reason = a.Reason, notify = a.Notify, raisedAt = a.RaisedAt }),
        });
    }

    public static async Task<IResult> CustomsEventAsync(string id, ClaimsPrincipal user, CustomsEventRequest request, CorridorStore store, TimeProvider time, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.CanAct)
        {
            return Problem(new Failure("LS401", "customs events are recorded by an officer at an office."), StatusCodes.Status403Forbidden);
        }

        Result<CustomsEventKind> kind = CustomsEvents.ParseKind(request.Kind);
        if (!kind.IsValid)
        {
            return Problem(kind.Failure!, StatusCodes.Status400BadRequest);
        }

        Result<CorridorEvent> e = await store.RecordCustomsAsync(id, kind.Value, request.OfficeCode ?? scope.OfficeCode!, request.At ?? time.GetUtcNow(), request.EquipmentReference, request.Remark, ct);
        return e.IsValid ? Results.Text(e.Value.Body, "application/json", statusCode: StatusCodes.Status201Created) : Problem(e.Failure!, Status(e.Failure!));
    }

    public static async Task<IResult> SealCheckAsync(string id, ClaimsPrincipal user, SealCheckRequest request, CorridorStore store, TimeProvider time, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.CanAct)
        {
            return Problem(new Failure("LS401", "seal checks are recorded by an officer at an office."), StatusCodes.Status403Forbidden);
        }

        Result<SealOutcome> outcome = CustomsEvents.ParseOutcome(request.Outcome);
        Result<IReadOnlyList<string>> found = ConsignmentRules.CheckSeals(request.Found, "/found");
        Result<IReadOnlyList<string>> fresh = ConsignmentRules.CheckSeals(request.NewSeals, "/newSeals");
        if ((outcome.Failure ?? found.Failure ?? fresh.Failure) is { } bad)
        {
            return Problem(bad, StatusCodes.Status400BadRequest);
        }

        Result<SealCheck> check = await store.RecordSealCheckAsync(id, request.OfficeCode ?? scope.OfficeCode!, (request.EquipmentReference ?? "").Trim().ToUpperInvariant(),
            outcome.Value, found.Value, fresh.Value, request.At ?? time.GetUtcNow(), ct);
        return check.IsValid ? Results.Json(check.Value, statusCode: StatusCodes.Status201Created) : Problem(check.Failure!, Status(check.Failure!));
    }

    public static async Task<IResult> RetractAsync(string id, ClaimsPrincipal user, RetractRequest request, CorridorStore store, CancellationToken ct)
    {
        if (!NodeAuthentication.ScopeOf(user).CanAct)
        {
            return Problem(new Failure("LS401", "corrections are recorded by an officer."), StatusCodes.Status403Forbidden);
        }

        if (request.EventId is not { } eventId)
        {
            return Problem(new Failure(CorridorErrorCodes.RetractUnknown, "/eventID: the event to retract is required."), StatusCodes.Status400BadRequest);
        }

        Result<CorridorEvent> r = await store.RetractAsync(eventId, ct);
        return r.IsValid && r.Value.ConsignmentId == id ? Results.Text(r.Value.Body, "application/json", statusCode: StatusCodes.Status201Created)
            : Problem(r.Failure ?? new Failure(CorridorErrorCodes.RetractUnknown, $"event {eventId} is not of consignment {id}."), StatusCodes.Status400BadRequest);
    }

    private static PriorityActor Actor(AccessScope s) => new(s.User, s.CanAct, s.Role == Role.Trader ? s.TraderId : null);

    public static async Task<IResult> PriorityAsync(string id, ClaimsPrincipal user, PriorityRequest request, CorridorStore store, IOptions<CorridorOptions> options, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        Consignment? c = await store.FindConsignmentAsync(id, ct);
        if (c is null || !Sees(scope, c))
        {
            return NotFound(id);
        }

        Result<Consignment> changed = await store.ChangePriorityAsync(id, request.Priority, Actor(scope), request.Reason, options.Value.AuthorisedTraders, ct);
        if (!changed.IsValid)
        {
            int status = changed.Failure!.Code switch
            {
                CorridorErrorCodes.PriorityRefused or CorridorErrorCodes.PriorityNotAuthorised => StatusCodes.Status403Forbidden,
                CorridorErrorCodes.PriorityUnchanged => StatusCodes.Status409Conflict,
                CorridorErrorCodes.ConsignmentUnknown => StatusCodes.Status404NotFound,
                _ => StatusCodes.Status400BadRequest,
            };
            return Problem(changed.Failure!, status);
        }

        return Results.Ok(changed.Value);
    }

    public static async Task<IResult> PriorityStateAsync(string id, ClaimsPrincipal user, CorridorStore store, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        Consignment? c = await store.FindConsignmentAsync(id, ct);
        if (c is null || !Sees(scope, c))
        {
            return NotFound(id);
        }

        PreClearanceVerdict verdict = (await store.PreClearanceAsync(id, ct))!;
        PreClearedMark? mark = await store.PreClearedAsync(id, ct);
        return Results.Ok(new
        {
            consignmentID = c.Id, lane = c.Priority ? "priority" : "normal",
            changes = (await store.PriorityHistoryAsync(id, ct)).Select(h => new { priority = h.Priority, by = scope.SeesAll || h.Role != "officer" ? h.By : "customs", role = h.Role, traderID = h.TraderId, reason = h.Reason, at = h.At }),
            preCleared = mark is not null, preClearedAt = mark?.At, preClearedNote = mark?.Note,
            preClearance = new { ready = verdict.PreCleared, mrns = verdict.Mrns, reasons = verdict.Reasons.Select(r => new { code = r.Code, reason = r.Reason }) },
        });
    }

    /// <summary>The clearance-time figures for the query (office, from, to as office local days), or the failure naming the parameter (LS933).</summary>
    internal static async Task<Result<(IReadOnlyList<ClearanceFigure> Figures, string? Office, DateOnly? From, DateOnly? To)>> FiguresAsync(CorridorStore store, string? office, string? from, string? to, CancellationToken ct)
    {
        string? code = string.IsNullOrWhiteSpace(office) ? null : office.Trim().ToUpperInvariant();
        if (code is not null && Landsea.Offices.Corridor.FindOffice(code) is null)
        {
            return new Failure(CorridorErrorCodes.ClearanceQuery, $"office: '{office}' is not a customs office of the corridor (for example CN720001).");
        }

        DateOnly? f = null, t = null;
        foreach ((string name, string? text) in new[] { ("from", from), ("to", to) })
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day))
            {
                return new Failure(CorridorErrorCodes.ClearanceQuery, $"{name}: '{text}' is not a day YYYY-MM-DD (the office's local day of release).");
            }

            if (name == "from")
            {
                f = day;
            }
            else
            {
                t = day;
            }
        }

        if (f is { } a && t is { } b && (b < a || b.DayNumber - a.DayNumber > 366))
        {
            return new Failure(CorridorErrorCodes.ClearanceQuery, $"to: {b:yyyy-MM-dd} must be on or after from ({a:yyyy-MM-dd}) and at most 366 days later.");
        }

        // A local day of UTC+7/+8 offices starts up to 14 h before and ends up to 12 h after the UTC day: pad by a day.
        DateTimeOffset? lo = f is { } ff ? new DateTimeOffset(ff.AddDays(-1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;
        DateTimeOffset? hi = t is { } tt ? new DateTimeOffset(tt.AddDays(2).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;
        IReadOnlyList<ClearanceSample> samples = await store.ClearanceSamplesAsync(lo, hi, ct);
        return (ClearanceTimes.Figures(samples, f, t, code), code, f, t);
    }

    public static async Task<IResult> ClearanceTimesAsync(ClaimsPrincipal user, CorridorStore store, string? office, string? from, string? to, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.SeesAll)
        {
            return Problem(new Failure("LS401", "clearance times are for officers and auditors."), StatusCodes.Status403Forbidden);
        }

        var r = await FiguresAsync(store, office, from, to, ct);
        if (!r.IsValid)
        {
            return Problem(r.Failure!, StatusCodes.Status400BadRequest);
        }

        return Results.Ok(new
        {
            office = r.Value.Office, from = r.Value.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), to = r.Value.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            basis = "hours from the office's own arrival event (at the departure office: the consignment's declaration) to its first release; by the office's local day of release; nearest-rank percentiles",
            figures = r.Value.Figures.Select(x => new { office = x.OfficeCode, lane = x.Lane.ToString().ToLowerInvariant(), count = x.Count, p50Hours = x.P50Hours, p90Hours = x.P90Hours }),
        });
    }

    public static async Task<IResult> AlertsAsync(ClaimsPrincipal user, CorridorStore store, string? office, bool? open, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.SeesAll)
        {
            return Problem(new Failure("LS401", "alerts are for officers and auditors."), StatusCodes.Status403Forbidden);
        }

        return Results.Ok((await store.AlertsAsync(office: office ?? scope.OfficeCode, openOnly: open == true, ct: ct)).Select(a => new
        {
            key = a.Alert.Key, consignmentID = a.Alert.ConsignmentId, kind = a.Alert.Kind.ToString(), place = a.Alert.Place, reason = a.Alert.Reason,
            notify = a.Alert.Notify, raisedAt = a.Alert.RaisedAt, acknowledgedAt = a.AcknowledgedAt, acknowledgedBy = a.AcknowledgedBy,
        }));
    }

    public static async Task<IResult> AcknowledgeAsync(ClaimsPrincipal user, AcknowledgeRequest request, CorridorStore store, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (scope.Role != Role.Officer)
        {
            return Problem(new Failure("LS401", "alerts are acknowledged by officers."), StatusCodes.Status403Forbidden);
        }

        Result<string> r = await store.AcknowledgeAsync(request.Key ?? "", scope.User, ct);
        return r.IsValid ? Results.Ok(new { key = r.Value, acknowledgedBy = scope.User }) : Problem(r.Failure!, StatusCodes.Status404NotFound);
    }

    public static async Task<IResult> ArrivalsAsync(ClaimsPrincipal user, CorridorStore store, TimeProvider time, string? office, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.SeesAll)
        {
            return Problem(new Failure("LS401", "the arrivals dashboard is for officers and auditors."), StatusCodes.Status403Forbidden);
        }

        DateTimeOffset now = time.GetUtcNow();
        return Results.Ok(Arrivals(await store.PositionsAsync(ct: ct), office ?? scope.OfficeCode, now).Select(p => new
        {
            consignmentID = p.Consignment.Id, route = p.Route.Id, priority = p.Consignment.Priority, preCleared = p.PreClearedAt is not null, office = p.Next!.Place.OfficeCode, locode = p.Next.Place.Locode,
            eta = p.Eta, etaLocal = p.Next.Place.LocalTime(p.Eta), state = p.State, overdue = p.Eta < now,
        }));
    }

    /// <summary>Consignments due at the office within 24 hours of <paramref name="now"/> (or overdue): priority first (pre-cleared ones before the rest), then by ETA.</summary>
    internal static IEnumerable<ConsignmentPosition> Arrivals(IReadOnlyList<ConsignmentPosition> positions, string? office, DateTimeOffset now) =>
        positions.Where(p => p.Next is not null && (office is null || p.Next.Place.OfficeCode == office) && p.Eta <= now.AddHours(24))
            .OrderByDescending(p => p.Consignment.Priority).ThenByDescending(p => p.PreClearedAt is not null).ThenBy(p => p.Eta);

    private static int Status(Failure f) => f.Code == CorridorErrorCodes.ConsignmentUnknown ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest;

    private static IResult NotFound(string id) => Problem(new Failure(CorridorErrorCodes.ConsignmentUnknown, $"consignment {id} is not supervised by this node, or not yours."), StatusCodes.Status404NotFound);

    internal static IResult Problem(Failure f, int status) =>
        Results.Problem($"{f.Code}: {f.Reason}", statusCode: status, title: "Corridor request refused", extensions: new Dictionary<string, object?> { ["code"] = f.Code });
}
