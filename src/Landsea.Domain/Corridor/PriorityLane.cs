using System.Globalization;
using Landsea.Declarations;
using Landsea.Shared;
using Landsea.Transit;

namespace Landsea.CorridorSupervision;

/// <summary>The two lanes of clearance (issue 11 item 7).</summary>
public enum Lane
{
    Normal,
    Priority,
}

/// <summary>Who asks to change a consignment's lane: a user, an officer or not, and the trader identifier of a trader's account.</summary>
public sealed record PriorityActor(string User, bool IsOfficer, string? TraderId);

/// <summary>
/// One change of a consignment's lane, as recorded (never edited): flagged or unflagged, by whom (user, role, trader
/// identifier), why and when (UTC).
/// </summary>
public sealed record PriorityChange(string ConsignmentId, bool Priority, string By, string Role, string? TraderId, string Reason, DateTimeOffset At);

/// <summary>
/// Who may flag the priority lane and what it takes (pure). An officer may flag or unflag any consignment; a trader only
/// its own consignment (the one it declared), and only when its trader identifier is on the node's list of authorised
/// traders (setting <c>Corridor:AuthorisedTraders</c>: the AEO / authorised-trader identifiers the administration
/// recognises). Every change needs a reason and is recorded with who and when; asking for the lane a consignment is in
/// already is refused (LS925), so no change is ever silent or doubled.
/// </summary>
public static class PriorityLane
{
    public const int MaxReason = 500;

    /// <summary>The change asked by <paramref name="actor"/>, or why it is refused (LS921, LS924, LS925, LS926).</summary>
    public static Result<PriorityChange> Change(Consignment consignment, bool priority, PriorityActor actor, string? reason,
        IReadOnlyCollection<string> authorisedTraders, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(consignment);
        if (consignment.Priority == priority)
        {
            return Result<PriorityChange>.Fail(CorridorErrorCodes.PriorityUnchanged,
                $"/priority: consignment {consignment.Id} is {(priority ? "in the priority lane" : "in the normal lane")} already; nothing changed.");
        }

        return Check(consignment, priority, actor, reason, authorisedTraders, at);
    }

    /// <summary>The flag given with a new consignment (<c>"priority": true</c>): the same rules as a later change.</summary>
    public static Result<PriorityChange> AtDeclaration(Consignment consignment, PriorityActor actor, string? reason,
        IReadOnlyCollection<string> authorisedTraders, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(consignment);
        return Check(consignment, true, actor, reason, authorisedTraders, at);
    }

    private static Result<PriorityChange> Check(Consignment c, bool priority, PriorityActor actor, string? reason, IReadOnlyCollection<string> authorisedTraders, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(authorisedTraders);
        string role;
        if (actor.IsOfficer)
        {
            role = "officer";
        }
        else if (actor.TraderId is { Length: > 0 } trader)
        {
            if (c.DeclaredBy != trader)
            {
                return Result<PriorityChange>.Fail(CorridorErrorCodes.PriorityRefused,
                    $"/priority: trader {trader} did not declare consignment {c.Id}; only its own trader or an officer changes its lane.");
            }

            if (!authorisedTraders.Contains(trader, StringComparer.OrdinalIgnoreCase))
            {
                return Result<PriorityChange>.Fail(CorridorErrorCodes.PriorityNotAuthorised,
                    $"/priority: trader {trader} is not an authorised trader of this node (Corridor:AuthorisedTraders); ask an officer to flag the consignment.");
            }

            role = "authorised trader";
        }
        else
        {
            return Result<PriorityChange>.Fail(CorridorErrorCodes.PriorityRefused,
                "/priority: the priority lane is changed by an officer, or by the authorised trader (with a trader identifier) that declared the consignment.");
        }

        string why = (reason ?? "").Trim();
        if (why.Length is 0 or > MaxReason)
        {
            return Result<PriorityChange>.Fail(CorridorErrorCodes.PriorityReason,
                $"/reason: {(priority ? "flagging" : "unflagging")} the priority lane needs a reason of 1-{MaxReason} characters (for example: medical supplies for a hospital).");
        }

        return new PriorityChange(c.Id, priority, actor.User, role, actor.TraderId, why, at);
    }

    /// <summary>
    /// The lane in force at <paramref name="at"/>: the last recorded change at or before it; before the first change the
    /// opposite of what it set; <paramref name="current"/> when nothing was ever recorded. A change made when the
    /// consignment was declared (at or before <paramref name="declaredAt"/>) holds from the start: the consignment was
    /// never in the other lane, even for events dated before its declaration.
    /// </summary>
    public static Lane LaneAt(bool current, IReadOnlyList<PriorityChange> history, DateTimeOffset at, DateTimeOffset? declaredAt = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0)
        {
            return current ? Lane.Priority : Lane.Normal;
        }

        DateTimeOffset From(PriorityChange h) => declaredAt is { } d && h.At <= d ? DateTimeOffset.MinValue : h.At;
        List<PriorityChange> ordered = [.. history.OrderBy(From)];
        PriorityChange? last = ordered.LastOrDefault(h => From(h) <= at);
        bool flagged = last?.Priority ?? !ordered[0].Priority;
        return flagged ? Lane.Priority : Lane.Normal;
    }
}

/// <summary>What an MRN covering a consignment is on this node.</summary>
public enum CoverKind
{
    /// <summary>Neither a declaration nor a transit movement of this node.</summary>
    Unknown,

    /// <summary>A customs declaration (<c>declarations</c>).</summary>
    Declaration,

    /// <summary>A transit movement (<c>transit_movements</c>).</summary>
    Transit,
}

/// <summary>
/// The state of one MRN covering a consignment, as the store reads it: its status (a <see cref="DeclarationStatus"/> or
/// <see cref="MovementState"/> name), when it was accepted, its risk channel (Red, Yellow, Green, or null when risk took
/// no decision), its office, and when the consignment arrived at that office (null: not yet).
/// </summary>
public sealed record CoverState(string Mrn, CoverKind Kind, string? Status, DateTimeOffset? AcceptedAt, string? Channel, string? OfficeCode, DateTimeOffset? ArrivedAtOffice);

/// <summary>The pre-clearance verdict: pre-cleared (with the instant its last covering MRN was accepted), or every reason it is not.</summary>
public sealed record PreClearanceVerdict(bool PreCleared, DateTimeOffset? At, IReadOnlyList<string> Mrns, IReadOnlyList<Failure> Reasons)
{
    public string Summary => PreCleared
        ? $"pre-cleared on pre-arrival data: {string.Join(", ", Mrns)} accepted and green or released before arrival"
        : string.Join("; ", Reasons.Select(r => $"{r.Code} {r.Reason}"));
}

/// <summary>
/// Pre-clearance of the priority lane on pre-arrival data (pure). A consignment is pre-cleared when it is in the priority
/// lane, at least one MRN covers it, and every covering MRN is (1) a declaration or transit movement this node holds,
/// (2) accepted, (3) accepted before the goods arrived at its office (pre-arrival data, not lodged at the counter), and
/// (4) green (risk chose the green channel) or released/cleared already. A red or yellow MRN is never pre-cleared: its
/// control comes first. The arrival office then releases on arrival.
/// </summary>
public static class PreClearance
{
    private static readonly HashSet<string> TransitAccepted = new(StringComparer.Ordinal)
    {
        nameof(MovementState.MrnAllocated), nameof(MovementState.GuaranteeReserved), nameof(MovementState.UnderControl), nameof(MovementState.Released),
        nameof(MovementState.Arrived), nameof(MovementState.Discrepancies), nameof(MovementState.WrittenOff), nameof(MovementState.Enquiry),
        nameof(MovementState.Announced), nameof(MovementState.Crossed), nameof(MovementState.Unloaded),
    };

    private static readonly HashSet<string> TransitReleased = new(StringComparer.Ordinal)
    {
        nameof(MovementState.Released), nameof(MovementState.Arrived), nameof(MovementState.Discrepancies), nameof(MovementState.WrittenOff),
        nameof(MovementState.Enquiry), nameof(MovementState.Crossed), nameof(MovementState.Unloaded),
    };

    public static PreClearanceVerdict Decide(Consignment consignment, IReadOnlyList<CoverState> covers)
    {
        ArgumentNullException.ThrowIfNull(consignment);
        ArgumentNullException.ThrowIfNull(covers);
        var reasons = new List<Failure>();
        if (!consignment.Priority)
        {
            reasons.Add(new Failure(CorridorErrorCodes.PreClearanceNotPriority, $"consignment {consignment.Id} is not in the priority lane."));
        }

        if (covers.Count == 0)
        {
            reasons.Add(new Failure(CorridorErrorCodes.PreClearanceNoCover, $"no MRN covers consignment {consignment.Id}; declare its MRNs to pre-clear it."));
        }

        foreach (CoverState c in covers)
        {
            if (Check(c) is { } fault)
            {
                reasons.Add(fault);
            }
        }

        DateTimeOffset? at = reasons.Count == 0 ? covers.Max(c => c.AcceptedAt) : null;
        return new PreClearanceVerdict(reasons.Count == 0, at, [.. covers.Select(c => c.Mrn)], reasons);
    }

    private static Failure? Check(CoverState c)
    {
        if (c.Kind == CoverKind.Unknown)
        {
            return new Failure(CorridorErrorCodes.PreClearanceUnknownMrn, $"{c.Mrn} is neither a declaration nor a transit movement of this node.");
        }

        bool accepted = c.Kind == CoverKind.Declaration
            ? c.Status is nameof(DeclarationStatus.Accepted) or nameof(DeclarationStatus.UnderControl) or nameof(DeclarationStatus.DocumentsRequired)
                or nameof(DeclarationStatus.Released) or nameof(DeclarationStatus.Cleared)
            : c.Status is not null && TransitAccepted.Contains(c.Status);
        if (!accepted || c.AcceptedAt is null)
        {
            return new Failure(CorridorErrorCodes.PreClearanceNotAccepted, $"{c.Mrn} is {c.Status ?? "without a status"}, not accepted.");
        }

        if (c.ArrivedAtOffice is { } arrived && c.AcceptedAt > arrived)
        {
            return new Failure(CorridorErrorCodes.PreClearanceAfterArrival, string.Create(CultureInfo.InvariantCulture,
                $"{c.Mrn} was accepted at {CustomsEvents.Iso(c.AcceptedAt.Value)}, after the goods arrived at {c.OfficeCode} ({CustomsEvents.Iso(arrived)}): not pre-arrival data."));
        }

        bool released = c.Kind == CoverKind.Declaration
            ? c.Status is nameof(DeclarationStatus.Released) or nameof(DeclarationStatus.Cleared)
            : TransitReleased.Contains(c.Status!);
        bool underControl = c.Status is nameof(DeclarationStatus.UnderControl) or nameof(DeclarationStatus.DocumentsRequired);
        if (released || (!underControl && c.Channel == "Green"))
        {
            return null;
        }

        string why = underControl ? $"is {c.Status}" : c.Channel is null ? "has no risk decision yet" : $"is in the {c.Channel.ToLowerInvariant()} channel";
        return new Failure(CorridorErrorCodes.PreClearanceNotGreen, $"{c.Mrn} {why}: its control comes before release.");
    }
}

/// <summary>
/// One clearance at an office: from the start (the office's own arrival event for the consignment; at the route's
/// departure office, which sees no arrival, the consignment's declaration at the node) to the office's first release,
/// in the lane in force at release, on the office's local day of release.
/// </summary>
public sealed record ClearanceSample(string ConsignmentId, string OfficeCode, Lane Lane, DateTimeOffset Start, DateTimeOffset Released, DateOnly LocalDay)
{
    /// <summary>Hours from start to release; a release before the arrival (pre-cleared goods released on the way) counts as zero.</summary>
    public double Hours => Math.Max(0, (Released - Start).TotalHours);
}

/// <summary>Clearance time of one office (or <see cref="ClearanceTimes.AllOffices"/>) and lane: how many, p50 and p90 in hours (null when none).</summary>
public sealed record ClearanceFigure(string OfficeCode, Lane Lane, int Count, double? P50Hours, double? P90Hours);

/// <summary>Clearance time per office and lane, p50/p90 (issue 11 item 7; pure).</summary>
public static class ClearanceTimes
{
    public const string AllOffices = "all";

    /// <summary>The samples of one consignment from its events (retracted ones and retractions left out) and lane history.</summary>
    public static IReadOnlyList<ClearanceSample> Samples(Consignment consignment, Route route, IReadOnlyList<CorridorEvent> events,
        IReadOnlyList<PriorityChange> history, DateTimeOffset declaredAt)
    {
        ArgumentNullException.ThrowIfNull(consignment);
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(events);
        HashSet<Guid> retracted = [.. events.Where(e => e.RetractsEventId is not null).Select(e => e.RetractsEventId!.Value)];
        List<CorridorEvent> own = [.. events.Where(e => e.Source == CustomsEvents.Customs && e.Classifier == "ACT" && e.RetractsEventId is null
            && !retracted.Contains(e.EventId) && e.OfficeCode is not null).OrderBy(e => e.EventDateTime)];
        string? departureOffice = route.Legs[0].From.OfficeCode;
        var samples = new List<ClearanceSample>();
        foreach (IGrouping<string, CorridorEvent> office in own.GroupBy(e => e.OfficeCode!))
        {
            CorridorEvent? release = office.FirstOrDefault(e => e.EventType == DcsaSchema.Shipment && e.TypeCode == "RELS");
            if (release is null)
            {
                continue;
            }

            CorridorEvent? arrival = office.FirstOrDefault(e => e.EventType == DcsaSchema.Transport && e.TypeCode == "ARRI");
            DateTimeOffset? start = arrival?.EventDateTime ?? (office.Key == departureOffice ? declaredAt : null);
            if (start is null || Offices.Corridor.FindOffice(office.Key) is not { } o)
            {
                continue;
            }

            samples.Add(new ClearanceSample(consignment.Id, office.Key, PriorityLane.LaneAt(consignment.Priority, history, release.EventDateTime, declaredAt),
                start.Value, release.EventDateTime, o.LocalDay(release.EventDateTime)));
        }

        return samples;
    }

    /// <summary>
    /// p50 and p90 per office and lane, and over all offices per lane, of the samples released on office local days
    /// <paramref name="from"/>..<paramref name="to"/> (inclusive, either open) at <paramref name="office"/> (null: every office).
    /// Both lanes are always listed for each office shown, so an empty lane reads as none, not as missing.
    /// </summary>
    public static IReadOnlyList<ClearanceFigure> Figures(IEnumerable<ClearanceSample> samples, DateOnly? from = null, DateOnly? to = null, string? office = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        List<ClearanceSample> kept = [.. samples.Where(s => (from is null || s.LocalDay >= from) && (to is null || s.LocalDay <= to) && (office is null || s.OfficeCode == office))];
        var figures = new List<ClearanceFigure>();
        IEnumerable<string> offices = office is null ? kept.Select(s => s.OfficeCode).Distinct().Order(StringComparer.Ordinal) : [office];
        foreach (string o in offices)
        {
            foreach (Lane lane in new[] { Lane.Priority, Lane.Normal })
            {
                figures.Add(Figure(o, lane, kept.Where(s => s.OfficeCode == o && s.Lane == lane)));
            }
        }

        if (office is null)
        {
            figures.Add(Figure(AllOffices, Lane.Priority, kept.Where(s => s.Lane == Lane.Priority)));
            figures.Add(Figure(AllOffices, Lane.Normal, kept.Where(s => s.Lane == Lane.Normal)));
        }

        return figures;
    }

    private static ClearanceFigure Figure(string office, Lane lane, IEnumerable<ClearanceSample> samples)
    {
        double[] hours = [.. samples.Select(s => s.Hours).Order()];
        return new ClearanceFigure(office, lane, hours.Length, Percentile(hours, 0.5), Percentile(hours, 0.9));
    }

    /// <summary>The nearest-rank percentile of sorted values (the smallest value with at least p of the values at or below it); null when empty.</summary>
    public static double? Percentile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return null;
        }

        int rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
