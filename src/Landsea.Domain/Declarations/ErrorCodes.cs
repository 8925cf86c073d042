namespace Landsea.Declarations;

/// <summary>
/// The stable error codes of declaration validation. They never change meaning; new ones are added at the end of a
/// range. docs/error-codes.md lists them (a test keeps it in step with this class).
/// </summary>
public static class ErrorCodes
{
    /// <summary>The document is not well-formed XML or JSON; the reason gives line and position.</summary>
    public const string Malformed = "LS001";

    /// <summary>The document carries a DTD, entity declaration or external entity; these are refused.</summary>
    public const string DtdRefused = "LS002";

    /// <summary>The submission is larger than the node's limit (5 MiB by default).</summary>
    public const string TooLarge = "LS003";

    /// <summary>The root is not a WCO DEC MetaData/Declaration (or the JSON is not a declaration object).</summary>
    public const string NotADeclaration = "LS004";

    /// <summary>The document is not valid UTF-8, or a JSON string escapes a lone surrogate (\ud800 without its pair); the reason gives the place.</summary>
    public const string EncodingInvalid = "LS005";

    /// <summary>A JSON object names the same key twice; the pointer names the second.</summary>
    public const string DuplicateKey = "LS006";

    /// <summary>The XML nests elements deeper than <c>XmlLimits.MaxDepth</c> or holds more than <c>MaxElements</c>; refused at that element, before it costs memory.</summary>
    public const string TooComplex = "LS007";

    /// <summary>The XML breaks the WCO DM 3.6 DEC schema (element order, missing element, wrong format or length).</summary>
    public const string Schema = "LS010";

    /// <summary>The commodity code's HS subheading does not exist in the HS edition in force on the declaration's date.</summary>
    public const string CommodityUnknown = "LS020";

    /// <summary>The commodity code is not 6, 8 or 10 digits of a real HS chapter.</summary>
    public const string CommoditySyntax = "LS021";

    /// <summary>A country code is not an ISO 3166-1 alpha-2 code, nor a user-assigned, reserved or national code (those warn, LS034).</summary>
    public const string CountryUnknown = "LS030";

    /// <summary>A currency is not a current ISO 4217 code.</summary>
    public const string CurrencyUnknown = "LS031";

    /// <summary>A field that holds a UN/LOCODE names one that is not in the UN/LOCODE list.</summary>
    public const string LocodeUnknown = "LS032";

    /// <summary>A customs office code is not well formed (ISO country and six letters or digits).</summary>
    public const string OfficeCode = "LS033";

    /// <summary>Warning: a user-assigned, reserved or national country code (X*, Z*, QM-QZ, AA, EU, UK, ...), accepted when well formed.</summary>
    public const string CountryNational = "LS034";

    /// <summary>Goods item sequence numbers are not 1, 2, 3, ... in order without gaps or repeats.</summary>
    public const string ItemNumbering = "LS040";

    /// <summary>The declared number of goods items differs from the goods items present.</summary>
    public const string ItemCount = "LS041";

    /// <summary>An original import or export declaration has no goods item.</summary>
    public const string NoItems = "LS042";

    /// <summary>The declarant (or another required party) is not identified.</summary>
    public const string PartyMissing = "LS050";

    /// <summary>A trader identifier fails its scheme (unified social credit code, UEN or EORI) or check character.</summary>
    public const string TraderIdInvalid = "LS051";

    /// <summary>Warning: an identifier that is not a USCC, UEN or EORI, accepted as another administration's identifier when well formed.</summary>
    public const string TraderIdUnrecognised = "LS052";

    /// <summary>Amounts that must share a currency use different ones.</summary>
    public const string CurrencyMismatch = "LS060";

    /// <summary>An amount or quantity is negative or not a number.</summary>
    public const string AmountInvalid = "LS061";

    /// <summary>An amount, mass or count is beyond the range Landsea accepts (<see cref="DeclarationRules.MaxMassKg"/>, <see cref="DeclarationRules.MaxAmount"/>, <see cref="DeclarationRules.MaxItems"/>).</summary>
    public const string OutOfRange = "LS062";

    /// <summary>Warning: an equipment ID in ISO 6346 form (4 letters, 7 digits) has a wrong owner category or check digit.</summary>
    public const string ContainerCheckDigit = "LS070";

    /// <summary>A date-time is not in the format its format code states.</summary>
    public const string DateInvalid = "LS071";

    /// <summary>The declarant already lodged this functional reference with different content.</summary>
    public const string DuplicateConflict = "LS080";

    /// <summary>An amendment or cancellation names an MRN this node does not hold (or the caller may not see).</summary>
    public const string UnknownDeclaration = "LS081";

    /// <summary>The request is not allowed in the declaration's current status.</summary>
    public const string InvalidTransition = "LS082";

    /// <summary>A red or yellow declaration's goods are held until its control outcome is recorded (or an officer overrides the hold).</summary>
    public const string ReleaseHeld = "LS083";

    /// <summary>An override of a release hold must give a reason.</summary>
    public const string OverrideReasonMissing = "LS084";

    /// <summary>Only an officer of the declaration's own office may override its release hold.</summary>
    public const string OverrideNotAuthorised = "LS085";

    /// <summary>A required field is missing.</summary>
    public const string FieldMissing = "LS090";

    /// <summary>A field has the wrong type or an unusable value.</summary>
    public const string FieldInvalid = "LS091";

    /// <summary>Every code with its one-line meaning, in code order.</summary>
    public static IReadOnlyList<(string Code, string Name, string Meaning)> All { get; } =
    [
        (Malformed, "Malformed", "The document is not well-formed XML or JSON; the reason gives line and position."),
        (DtdRefused, "DtdRefused", "The document carries a DTD, entity declaration or external entity; these are refused."),
        (TooLarge, "TooLarge", "The submission is larger than the node's limit (5 MiB by default)."),
        (NotADeclaration, "NotADeclaration", "The root is not a WCO DEC MetaData/Declaration (or the JSON is not a declaration object)."),
        (EncodingInvalid, "EncodingInvalid", "The document is not valid UTF-8, or a JSON string escapes a lone surrogate; the reason gives the place."),
        (DuplicateKey, "DuplicateKey", "A JSON object names the same key twice; the pointer names the second."),
        (TooComplex, "TooComplex", "The XML nests elements deeper than 64 or holds more than 250,000 elements; reading stops at that element."),
        (Schema, "Schema", "The XML breaks the WCO DM 3.6 DEC schema (element order, missing element, wrong format or length)."),
        (CommodityUnknown, "CommodityUnknown", "The commodity code's HS subheading does not exist in the HS edition in force on the declaration's date."),
        (CommoditySyntax, "CommoditySyntax", "The commodity code is not 6, 8 or 10 digits of a real HS chapter."),
        (CountryUnknown, "CountryUnknown", "A country code is not an ISO 3166-1 alpha-2 code, nor a user-assigned, reserved or national code (those warn, LS034)."),
        (CurrencyUnknown, "CurrencyUnknown", "A currency is not a current ISO 4217 code."),
        (LocodeUnknown, "LocodeUnknown", "A field that holds a UN/LOCODE names one that is not in the UN/LOCODE list."),
        (OfficeCode, "OfficeCode", "A customs office code is not well formed (ISO country and six letters or digits)."),
        (CountryNational, "CountryNational", "Warning: a user-assigned, reserved or national country code (X*, Z*, QM-QZ, AA, EU, UK, ...), accepted when well formed."),
        (ItemNumbering, "ItemNumbering", "Goods item sequence numbers are not 1, 2, 3, ... in order without gaps or repeats."),
        (ItemCount, "ItemCount", "The declared number of goods items differs from the goods items present."),
        (NoItems, "NoItems", "An original import or export declaration has no goods item."),
        (PartyMissing, "PartyMissing", "The declarant (or another required party) is not identified."),
        (TraderIdInvalid, "TraderIdInvalid", "A trader identifier fails its scheme (unified social credit code, UEN or EORI) or check character."),
        (TraderIdUnrecognised, "TraderIdUnrecognised", "Warning: an identifier that is not a USCC, UEN or EORI, accepted as another administration's identifier when well formed."),
        (CurrencyMismatch, "CurrencyMismatch", "Amounts that must share a currency use different ones."),
        (AmountInvalid, "AmountInvalid", "An amount or quantity is negative or not a number."),
        (OutOfRange, "OutOfRange", "An amount, mass or count is beyond the range Landsea accepts: a goods item's mass above 1,000,000,000 kg, an amount above 9,999,999,999,999,999.99 (decimal(18,2)), more than 9,999 goods items."),
        (ContainerCheckDigit, "ContainerCheckDigit", "Warning: an equipment ID in ISO 6346 form (4 letters, 7 digits) has a wrong owner category or check digit."),
        (DateInvalid, "DateInvalid", "A date-time is not in the format its format code states."),
        (DuplicateConflict, "DuplicateConflict", "The declarant already lodged this functional reference with different content."),
        (UnknownDeclaration, "UnknownDeclaration", "An amendment or cancellation names an MRN this node does not hold (or the caller may not see)."),
        (InvalidTransition, "InvalidTransition", "The request is not allowed in the declaration's current status."),
        (ReleaseHeld, "ReleaseHeld", "A red (inspection) or yellow (documents) declaration cannot be released before its control outcome is recorded, unless the hold is overridden."),
        (OverrideReasonMissing, "OverrideReasonMissing", "An override of a release hold gives no reason of at least 15 characters."),
        (OverrideNotAuthorised, "OverrideNotAuthorised", "An override of a release hold comes from an officer who does not act for the declaration's office."),
        (FieldMissing, "FieldMissing", "A required field is missing."),
        (FieldInvalid, "FieldInvalid", "A field has the wrong type or an unusable value."),
    ];
}
