namespace Landsea.Measures;

/// <summary>Stable codes of the measures capability (LS760–LS779); see docs/error-codes.md.</summary>
public static class MeasureErrorCodes
{
    /// <summary>The file is neither a notifications JSON document of formatVersion 1 nor a CSV with the format's header.</summary>
    public const string FileFormat = "LS760";

    /// <summary>A required field of a notification is missing or empty (symbol, area, type, member, distributed, title).</summary>
    public const string FieldMissing = "LS761";

    /// <summary>The document symbol is not a WTO notification symbol (G/TBT/N/THA/712, G/SPS/N/VNM/123/Add.1), or disagrees with the area, member or type.</summary>
    public const string SymbolInvalid = "LS762";

    /// <summary>The area is not TBT or SPS.</summary>
    public const string AreaInvalid = "LS763";

    /// <summary>The notification type is not regular, addendum, corrigendum, revision or emergency.</summary>
    public const string TypeInvalid = "LS764";

    /// <summary>The notifying member is not an ISO 3166-1 country.</summary>
    public const string MemberInvalid = "LS765";

    /// <summary>A date is not YYYY-MM-DD, or the comment deadline is before the distribution date.</summary>
    public const string DateInvalid = "LS766";

    /// <summary>An HS code is not 2, 4, 6, 8 or 10 digits, or its chapter, heading or subheading is in neither HS 2022 nor HS 2017.</summary>
    public const string HsInvalid = "LS767";

    /// <summary>Two notifications of one file have the same document symbol.</summary>
    public const string Duplicate = "LS768";

    /// <summary>Warning: an addendum, corrigendum or revision changes a notification that is neither in the file nor in the register (stored all the same).</summary>
    public const string ChangedUnknown = "LS769";

    /// <summary>A link is not an absolute http(s) address, or a text field is longer than its limit.</summary>
    public const string TextInvalid = "LS770";

    /// <summary>A match question is invalid: no product code, or no country.</summary>
    public const string MatchInvalid = "LS771";

    /// <summary>A subscription names no HS code, more than 50, or a country that is not ISO 3166-1.</summary>
    public const string SubscriptionInvalid = "LS772";

    /// <summary>No notification of that symbol is in the register.</summary>
    public const string NotFound = "LS773";

    /// <summary>No subscription of that identifier belongs to the trader.</summary>
    public const string SubscriptionNotFound = "LS774";
}
