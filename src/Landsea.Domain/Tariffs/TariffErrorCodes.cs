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
}
