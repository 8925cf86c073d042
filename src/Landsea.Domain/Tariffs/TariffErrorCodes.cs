namespace Landsea.Tariffs;

/// <summary>Stable codes of the tariffs capability (LS725–LS749); see docs/error-codes.md.</summary>
public static class TariffErrorCodes
{
    /// <summary>The schedule file is empty, its header is not the format's, or its formatVersion is not supported.</summary>
    public const string FormatUnsupported = "LS725";

    /// <summary>A required field of a schedule line is empty.</summary>
    public const string FieldMissing = "LS726";

    /// <summary>The tariff line is not a commodity code whose subheading exists in the named HS edition.</summary>
    public const string HsUnknown = "LS727";

    /// <summary>A rate, amount or date is not a number (or date) in range.</summary>
    public const string RateInvalid = "LS728";

    /// <summary>The importer is not an ISO country, or the agreement is not MFN/RCEP/ACFTA, or the importer is not a party.</summary>
    public const string PartyUnknown = "LS729";

    /// <summary>Two lines give the same importer, agreement, schedule, tariff line and effective date.</summary>
    public const string Duplicate = "LS730";

    /// <summary>A duty question is incomplete: no value, no quantity for a specific rate, unknown currency.</summary>
    public const string DutyInputInvalid = "LS731";

    /// <summary>No MFN rate is known for the commodity, importer and date.</summary>
    public const string NoRate = "LS732";

    /// <summary>No exchange rate converts the value's currency into the importer's currency.</summary>
    public const string NoExchangeRate = "LS733";

    /// <summary>A rule of origin is not in the rule language (docs/tariffs.md).</summary>
    public const string RuleInvalid = "LS734";

    /// <summary>A bill of materials is unusable: FOB not positive, a negative value, an unknown origin or HS code.</summary>
    public const string BomInvalid = "LS735";

    /// <summary>A bill of materials is not a readable JSON document of the format (docs/tariffs.md), or a required field is missing or of the wrong type.</summary>
    public const string BomFormat = "LS736";

    /// <summary>A value of a bill of materials is negative (or the FOB value not positive), or its currency is not ISO 4217.</summary>
    public const string BomValueInvalid = "LS737";

    /// <summary>An origin or exporter country of a bill of materials is neither an ISO 3166-1 country nor "unknown".</summary>
    public const string BomOriginUnknown = "LS738";

    /// <summary>An HS code of a bill of materials is not a code whose subheading exists in the HS edition in force on the date.</summary>
    public const string BomHsUnknown = "LS739";

    /// <summary>A product-specific rules file is not of the format (header, formatVersion, agreement, edition, prefix, sample, source) or repeats a key.</summary>
    public const string PsrInvalid = "LS740";

    /// <summary>No product-specific rule (nor general rule) of the agreement covers the product's HS code.</summary>
    public const string NoOriginRule = "LS741";

    /// <summary>A declaration cannot be advised: no goods item with commodity code, origin and value, or no destination country.</summary>
    public const string AdviceInputInvalid = "LS742";

    /// <summary>No advice is stored for the declaration.</summary>
    public const string AdviceNotFound = "LS743";
}
