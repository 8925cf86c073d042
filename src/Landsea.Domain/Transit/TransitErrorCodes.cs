namespace Landsea.Transit;

/// <summary>
/// Stable codes of the transit capability (LS5xx), documented in docs/error-codes.md. Lifecycle refusals also carry the
/// NCTS functional error code (<see cref="NctsFunctionalError"/>) that an IE056/IE906 would carry.
/// </summary>
public static class TransitErrorCodes
{
    /// <summary>The document is not well-formed XML or JSON (or neither), not UTF-8, escapes a lone surrogate, or names a JSON key twice in one object; the reason gives the place.</summary>
    public const string Malformed = "LS500";

    /// <summary>The XML carries a DTD or an entity declaration; refused.</summary>
    public const string DtdRefused = "LS501";

    /// <summary>The submission is larger than the node's limit.</summary>
    public const string TooLarge = "LS502";

    /// <summary>The root is not an NCTS phase-5 message this node knows (namespace http://ncts.dgtaxud.ec, CCnnnC).</summary>
    public const string UnknownMessage = "LS503";

    /// <summary>The XML nests elements deeper than <c>XmlLimits.MaxDepth</c> or holds more than <c>MaxElements</c>; refused at that element, before it costs memory.</summary>
    public const string TooComplex = "LS504";

    /// <summary>The message breaks its NCTS phase-5 (51.8.6) XSD: order, missing or unexpected element, format, length, code pattern.</summary>
    public const string Schema = "LS510";

    /// <summary>A JSON value has a JSON type that cannot stand for its element: an object where a value belongs, a value where a group belongs, null, true/false, nested arrays (strings and numbers both stand for their text, which the schema checks).</summary>
    public const string JsonType = "LS511";

    /// <summary>The <c>messageType</c> element does not name the message's root element.</summary>
    public const string MessageTypeMismatch = "LS520";

    /// <summary>Rule C0467: exactly one of LRN and MRN, never both nor neither, where the message allows either.</summary>
    public const string MrnOrLrn = "LS521";

    /// <summary>The <c>messageRecipient</c> is not this administration (NTA.xx of the receiving node).</summary>
    public const string RecipientNotThisAdministration = "LS522";

    /// <summary>An office reference number names an office of a country whose office list this node holds, and it is not in that list.</summary>
    public const string OfficeUnknown = "LS523";

    /// <summary>The office that routes the message (departure, or actual destination) is not an office of this administration.</summary>
    public const string OfficeNotOfThisAdministration = "LS524";

    /// <summary>The message recipient and the routing office belong to different administrations (for example NTA.GB with an XI office).</summary>
    public const string RecipientOfficeMismatch = "LS525";

    /// <summary>A preparation or notification date-time is later than the node's clock plus the tolerance.</summary>
    public const string DateInFuture = "LS526";

    /// <summary>A goods item number or declaration goods item number appears twice in one message.</summary>
    public const string ItemNumberDuplicate = "LS527";

    /// <summary>Two sibling elements of the same kind carry the same sequence number.</summary>
    public const string SequenceNumberDuplicate = "LS528";

    /// <summary>Condition C0569: a declared number of seals above zero without seals, or zero with seals.</summary>
    public const string SealCount = "LS529";

    /// <summary>A declaration's LRN does not follow the administration's LRN format (letters, digits and - _ . / : by default).</summary>
    public const string LrnFormat = "LS530";

    /// <summary>The message names an MRN (or LRN) for which this node holds no movement, or one the caller may not see.</summary>
    public const string UnknownMovement = "LS540";

    /// <summary>The message is not allowed in the movement's current state (NCTS functional error 92, message out of sequence).</summary>
    public const string OutOfSequence = "LS541";

    /// <summary>A message with this message identification was already received from this sender (NCTS functional error 26).</summary>
    public const string DuplicateMessage = "LS542";

    /// <summary>The holder already used this LRN for another declaration.</summary>
    public const string LrnInUse = "LS543";

    /// <summary>The caller may not send this message: a trader lodges only as the holder of the transit procedure.</summary>
    public const string NotTheHolder = "LS544";

    /// <summary>A guarantee reference number (GRN) does not match the phase-5 pattern.</summary>
    public const string GuaranteeReferenceInvalid = "LS550";

    /// <summary>The guarantee named by a GRN is not registered at this node, or its access code is wrong.</summary>
    public const string GuaranteeUnknown = "LS551";

    /// <summary>The guarantee's available amount does not cover the movement's reference amount (IE055).</summary>
    public const string GuaranteeNotCovered = "LS552";

    /// <summary>The amount to cover and the guarantee are in different currencies.</summary>
    public const string GuaranteeCurrency = "LS553";

    /// <summary>The declaration names no guarantee this node can check and reserve.</summary>
    public const string GuaranteeMissing = "LS554";

    /// <summary>An office-to-office record from a partner node is not one this node knows, or lacks its MRN, offices or carried message.</summary>
    public const string RecordInvalid = "LS560";

    /// <summary>An office-to-office record names an office that is not this node's, or a movement this node does not hold in a state that takes it.</summary>
    public const string RecordNotApplicable = "LS561";
}

/// <summary>NCTS functional error codes (CL049) carried by IE056/IE906 answers beside our LS code.</summary>
public static class NctsFunctionalError
{
    /// <summary>Codelist violation: a value outside its code list or pattern.</summary>
    public const string CodelistViolation = "12";

    /// <summary>Condition violation (missing): a data group or item required by a condition is absent.</summary>
    public const string ConditionMissing = "13";

    /// <summary>Rule violation: a rule makes a value invalid.</summary>
    public const string RuleViolation = "14";

    /// <summary>Condition violation (not allowed): a data group or item present that a condition forbids.</summary>
    public const string ConditionNotAllowed = "15";

    /// <summary>Duplicate message identification: the message identifier was already received and processed.</summary>
    public const string Duplicate = "26";

    /// <summary>Unknown MRN.</summary>
    public const string UnknownMrn = "90";

    /// <summary>Message out of sequence.</summary>
    public const string OutOfSequence = "92";
}
