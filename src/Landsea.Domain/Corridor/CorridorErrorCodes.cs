namespace Landsea.CorridorSupervision;

/// <summary>Stable codes of corridor supervision (issue 11): LS900–LS939, listed in docs/error-codes.md.</summary>
public static class CorridorErrorCodes
{
    /// <summary>A routes or places file is empty, lacks a column, or a row has too few fields.</summary>
    public const string RouteFileShape = "LS900";

    /// <summary>A route row names an unknown UN/LOCODE, a place without a time zone, or a mode that is not rail, road, river or sea.</summary>
    public const string RouteValue = "LS901";

    /// <summary>A route's legs are not numbered 1, 2, ... or a leg does not start where the previous one ended.</summary>
    public const string RouteLegs = "LS902";

    /// <summary>A leg's typical hours are not a positive number, or its fact is neither a row of the facts file nor "estimate".</summary>
    public const string RouteHours = "LS903";

    /// <summary>The consignment names a route the node does not know.</summary>
    public const string RouteUnknown = "LS904";

    /// <summary>A consignment field is missing or malformed (transport document reference, consignment id).</summary>
    public const string ConsignmentField = "LS905";

    /// <summary>An equipment (container) number fails ISO 6346: shape, owner code, category or check digit.</summary>
    public const string EquipmentNumber = "LS906";

    /// <summary>A seal number is empty, longer than 15 characters, or given twice for one container.</summary>
    public const string SealNumber = "LS907";

    /// <summary>An MRN covering the consignment is malformed or is not a transit movement this node holds.</summary>
    public const string ConsignmentMrn = "LS908";

    /// <summary>A consignment with this id exists already with different content.</summary>
    public const string ConsignmentConflict = "LS909";

    /// <summary>The event is not JSON, or not a JSON object.</summary>
    public const string EventMalformed = "LS910";

    /// <summary>The event breaks the DCSA Track &amp; Trace 2.2.0 schema; the pointer names the field.</summary>
    public const string EventSchema = "LS911";

    /// <summary>The event names no consignment the node supervises: no known equipment reference or transport document reference.</summary>
    public const string EventUnknownConsignment = "LS912";

    /// <summary>The event's equipment reference is not a container of the consignment its transport document names.</summary>
    public const string EventUnknownEquipment = "LS913";

    /// <summary>The event's eventDateTime (or eventCreatedDateTime) lies more than the allowed skew in the future (ACT events) or is not a date-time.</summary>
    public const string EventFuture = "LS914";

    /// <summary>The event's eventID was received before with different content.</summary>
    public const string EventIdConflict = "LS915";

    /// <summary>A retraction names an event this node does not hold, or one already retracted.</summary>
    public const string RetractUnknown = "LS916";

    /// <summary>A seal check names a container that is not in the consignment, or an outcome other than intact, broken or replaced.</summary>
    public const string SealCheck = "LS917";

    /// <summary>An events query parameter is malformed (date range, limit, cursor, event type).</summary>
    public const string EventQuery = "LS918";

    /// <summary>A subscription's callback URL is not an absolute http(s) URL, or its secret is shorter than 32 bytes.</summary>
    public const string SubscriptionInvalid = "LS919";

    /// <summary>The alert does not exist or is acknowledged already.</summary>
    public const string AlertUnknown = "LS920";

    /// <summary>The priority flag was asked by someone who may not set it (an authorised trader for its own consignment, or an officer).</summary>
    public const string PriorityRefused = "LS921";

    /// <summary>The consignment does not exist on this node.</summary>
    public const string ConsignmentUnknown = "LS922";

    /// <summary>The customs event names an office that is not a stop of the consignment's route and not a Landsea office.</summary>
    public const string OfficeUnknown = "LS923";

    /// <summary>A priority flag or unflag without a reason (1-500 characters): the lane is never changed silently.</summary>
    public const string PriorityReason = "LS924";

    /// <summary>The consignment is in that lane already (flagged, or not flagged); nothing changed.</summary>
    public const string PriorityUnchanged = "LS925";

    /// <summary>A trader not on the node's list of authorised traders (<c>Corridor:AuthorisedTraders</c>), or not the consignment's own trader, asked for the priority lane.</summary>
    public const string PriorityNotAuthorised = "LS926";

    /// <summary>Not pre-cleared: the consignment is not in the priority lane.</summary>
    public const string PreClearanceNotPriority = "LS927";

    /// <summary>Not pre-cleared: no MRN covers the consignment.</summary>
    public const string PreClearanceNoCover = "LS928";

    /// <summary>Not pre-cleared: a covering MRN is neither a declaration nor a transit movement this node holds.</summary>
    public const string PreClearanceUnknownMrn = "LS929";

    /// <summary>Not pre-cleared: a covering declaration or movement is not accepted (received only, rejected, invalidated, cancelled, not released).</summary>
    public const string PreClearanceNotAccepted = "LS930";

    /// <summary>Not pre-cleared: a covering declaration or movement is not green and not released (red or yellow, under control, documents asked, or no risk decision yet).</summary>
    public const string PreClearanceNotGreen = "LS931";

    /// <summary>Not pre-cleared: a covering declaration was accepted only after the goods arrived at its office (not pre-arrival data).</summary>
    public const string PreClearanceAfterArrival = "LS932";

    /// <summary>A clearance-time query parameter is malformed (office, from, to, a range over 366 days).</summary>
    public const string ClearanceQuery = "LS933";

    /// <summary>A seal incident received from a partner names a consignment this node does not supervise (by id or transport document).</summary>
    public const string IncidentUnknownConsignment = "LS934";
}
