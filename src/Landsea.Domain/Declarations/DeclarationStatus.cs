namespace Landsea.Declarations;

/// <summary>
/// Where a declaration stands. Each status maps to the WCO DM RES function code the node sends
/// when the declaration enters it (see <see cref="DeclarationLifecycle.ResponseFunctionCode"/>).
/// </summary>
public enum DeclarationStatus
{
    /// <summary>Received and stored; not yet checked (RES 02, DMSRCV).</summary>
    Received,

    /// <summary>Passed validation; an MRN is assigned (RES 01, DMSACC).</summary>
    Accepted,

    /// <summary>Failed validation; the errors are kept (RES 03, DMSREJ).</summary>
    Rejected,

    /// <summary>Selected for control: physical inspection or scan (RES 05, DMSCTL).</summary>
    UnderControl,

    /// <summary>Documents requested from the declarant (RES 06, DMSDOC).</summary>
    DocumentsRequired,

    /// <summary>Goods released (RES 08, DMSROG).</summary>
    Released,

    /// <summary>Cleared: the procedure is complete (RES 09, DMSCLE).</summary>
    Cleared,

    /// <summary>Invalidated (cancelled) at the declarant's request or by customs (RES 10, DMSINV).</summary>
    Invalidated,
}

/// <summary>What happened to a declaration; each entry of its history is one event.</summary>
public enum DeclarationEvent
{
    Received,
    Accepted,
    Rejected,
    AmendmentAccepted,
    Controlled,
    DocumentsRequested,
    DocumentsProvided,
    Released,
    Cleared,
    Invalidated,
}

/// <summary>The status lifecycle: which events are allowed in which status, and what status follows.</summary>
public static class DeclarationLifecycle
{
    /// <summary>The status after the event, or null when the event is not allowed in <paramref name="current"/>.</summary>
    public static DeclarationStatus? Next(DeclarationStatus current, DeclarationEvent e) => (current, e) switch
    {
        (DeclarationStatus.Received, DeclarationEvent.Accepted) => DeclarationStatus.Accepted,
        (DeclarationStatus.Received, DeclarationEvent.Rejected) => DeclarationStatus.Rejected,
        (DeclarationStatus.Accepted or DeclarationStatus.DocumentsRequired or DeclarationStatus.UnderControl, DeclarationEvent.AmendmentAccepted) => current,
        (DeclarationStatus.Accepted or DeclarationStatus.DocumentsRequired, DeclarationEvent.Controlled) => DeclarationStatus.UnderControl,
        (DeclarationStatus.Accepted or DeclarationStatus.UnderControl, DeclarationEvent.DocumentsRequested) => DeclarationStatus.DocumentsRequired,
        (DeclarationStatus.DocumentsRequired, DeclarationEvent.DocumentsProvided) => DeclarationStatus.Accepted,
        (DeclarationStatus.Accepted or DeclarationStatus.UnderControl or DeclarationStatus.DocumentsRequired, DeclarationEvent.Released) => DeclarationStatus.Released,
        (DeclarationStatus.Released, DeclarationEvent.Cleared) => DeclarationStatus.Cleared,
        (DeclarationStatus.Accepted or DeclarationStatus.UnderControl or DeclarationStatus.DocumentsRequired, DeclarationEvent.Invalidated) => DeclarationStatus.Invalidated,
        _ => null,
    };

    /// <summary>True for the events an officer records; the others come from validation or the declarant's requests.</summary>
    public static bool IsOfficerAction(DeclarationEvent e) =>
        e is not (DeclarationEvent.Received or DeclarationEvent.Accepted or DeclarationEvent.Rejected or DeclarationEvent.AmendmentAccepted);

    /// <summary>The officer actions (events) allowed in a status, for pages and API help.</summary>
    public static IEnumerable<DeclarationEvent> AllowedEvents(DeclarationStatus current) =>
        Enum.GetValues<DeclarationEvent>().Where(e => IsOfficerAction(e) && Next(current, e) is not null);

    /// <summary>WCO DM RES function code (UK DMS names in brackets) sent for an event.</summary>
    public static string ResponseFunctionCode(DeclarationEvent e) => e switch
    {
        DeclarationEvent.Received => "02",          // DMSRCV
        DeclarationEvent.Accepted => "01",          // DMSACC
        DeclarationEvent.Rejected => "03",          // DMSREJ
        DeclarationEvent.Controlled => "05",        // DMSCTL
        DeclarationEvent.DocumentsRequested => "06", // DMSDOC
        DeclarationEvent.DocumentsProvided => "07", // DMSRES
        DeclarationEvent.Released => "08",          // DMSROG
        DeclarationEvent.Cleared => "09",           // DMSCLE
        DeclarationEvent.Invalidated => "10",       // DMSINV
        DeclarationEvent.AmendmentAccepted => "11", // DMSREQ
        _ => throw new ArgumentOutOfRangeException(nameof(e)),
    };
}

/// <summary>One entry of a declaration's history: what happened, when (UTC), at which office, by whom.</summary>
public sealed record StatusChange(
    long Id,
    DeclarationEvent Event,
    DeclarationStatus Status,
    DateTimeOffset At,
    string OfficeCode,
    string Actor,
    string? Note);
