using Landsea.Shared;

namespace Landsea.Transit;

/// <summary>
/// States of a movement at its office of departure (NCTS phase 5). Terminal: <see cref="Rejected"/>,
/// <see cref="NotReleased"/>, <see cref="Cancelled"/>, <see cref="WrittenOff"/>.
/// </summary>
public enum MovementState
{
    /// <summary>IE015 received and valid; no MRN yet.</summary>
    Submitted,

    /// <summary>IE056 sent: the declaration was refused. Terminal.</summary>
    Rejected,

    /// <summary>IE028 sent: the declaration is accepted and has its MRN.</summary>
    MrnAllocated,

    /// <summary>The guarantee was checked and the amount to cover reserved.</summary>
    GuaranteeReserved,

    /// <summary>IE060 sent: the office will control the goods before release.</summary>
    UnderControl,

    /// <summary>IE029 sent: released for transit.</summary>
    Released,

    /// <summary>IE051 sent: not released. Terminal.</summary>
    NotReleased,

    /// <summary>IE009 sent after an IE014 before release. Terminal.</summary>
    Cancelled,

    /// <summary>IE006 received: the office of destination has the goods.</summary>
    Arrived,

    /// <summary>IE018 with discrepancies received; IE019 sent to the holder.</summary>
    Discrepancies,

    /// <summary>IE045 sent: the movement is written off and its guarantee released. Terminal.</summary>
    WrittenOff,

    /// <summary>Released and overdue: no arrival by the time limit; the enquiry procedure runs.</summary>
    Enquiry,

    /// <summary>
    /// A movement of another node's office of departure, as an office of destination (IE001 anticipated arrival record
    /// received) or an office of transit (IE050 anticipated transit record received) of this node holds it.
    /// </summary>
    Announced,

    /// <summary>At an office of transit: the goods crossed; the IE118 went back to the office of departure. Terminal here.</summary>
    Crossed,

    /// <summary>At the office of destination: unloading remarks received; the IE018 control results went back to departure. Terminal here.</summary>
    Unloaded,

    /// <summary>
    /// A pre-lodged declaration (additional declaration type D) has its MRN (IE028) and waits for the goods to be presented
    /// at the office of departure (IE170); the guarantee is checked then.
    /// </summary>
    PreLodged,
}

/// <summary>One step of a movement's history: which message moved it, when, at which office, by whom.</summary>
/// <param name="At">UTC instant.</param>
/// <param name="Office">Office reference number where it happened.</param>
/// <param name="Actor">Account or node that caused it (a trader's EORI, an officer's account, a partner node, "system").</param>
/// <param name="Message">The NCTS message that caused or answered the step, for example "IE029".</param>
public sealed record MovementTransition(MovementState From, MovementState To, string Message, DateTimeOffset At, string Office, string Actor);

/// <summary>
/// A transit movement as the office of departure holds it, or, in state <see cref="MovementState.Announced"/> and after,
/// as another node's office of destination or transit holds the record announced to it.
/// </summary>
/// <param name="Lrn">The holder's local reference number (unique per holder).</param>
/// <param name="Mrn">Null until IE028.</param>
/// <param name="AmountToCover">The guarantee amount the declaration states (sum of its amountToBeCovered), when it gives one.</param>
/// <param name="Grn">The first GRN of the declaration's guarantee, when it gives one.</param>
/// <param name="TimeLimit">When the goods must be at destination; after it a released movement is overdue.</param>
public sealed record Movement(
    string Lrn,
    Mrn? Mrn,
    string HolderId,
    string DepartureOffice,
    string DestinationOffice,
    MovementState State,
    Money? AmountToCover,
    string? Grn,
    string? AccessCode,
    DateTimeOffset Submitted,
    DateTimeOffset? TimeLimit,
    IReadOnlyList<MovementTransition> History)
{
    public bool IsTerminal => State is MovementState.Rejected or MovementState.NotReleased or MovementState.Cancelled or MovementState.WrittenOff
        or MovementState.Crossed or MovementState.Unloaded;

    /// <summary>Whether the guarantee amount is currently reserved for this movement.</summary>
    public bool HoldsGuarantee => State is MovementState.GuaranteeReserved or MovementState.UnderControl or MovementState.Released
        or MovementState.Arrived or MovementState.Discrepancies or MovementState.Enquiry;

    /// <summary>What the office of departure waits for next, in words for pages and the API.</summary>
    public string NextStep => State switch
    {
        MovementState.Submitted => "MRN allocation (IE028) or rejection (IE056)",
        MovementState.MrnAllocated => "guarantee check and reservation",
        MovementState.PreLodged => "presentation of the goods at the office of departure (IE170)",
        MovementState.GuaranteeReserved => "risk assessment: release (IE029) or control (IE060)",
        MovementState.UnderControl => "control result: release (IE029) or no release (IE051)",
        MovementState.Released => "arrival at destination (IE006)",
        MovementState.Arrived => "control results from destination (IE018)",
        MovementState.Discrepancies => "resolution of the discrepancies (IE049)",
        MovementState.Enquiry => "enquiry: arrival, proof of end of procedure, or recovery",
        MovementState.Announced => "the goods presented here: arrival notification (IE007) at destination, border crossing at transit",
        _ => "none",
    };
}
