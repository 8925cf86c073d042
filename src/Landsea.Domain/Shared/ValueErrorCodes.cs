namespace Landsea.Shared;

/// <summary>
/// The stable failure codes of the value types (<see cref="HsCode"/>, <see cref="CountryCode"/>, <see cref="CurrencyCode"/>,
/// <see cref="Money"/>, <see cref="UnLocode"/>, <see cref="ContainerNumber"/>, <see cref="Mrn"/>, <see cref="TraderId"/>,
/// customs office codes): the LS1xx range. They never change meaning; new ones are added at the end of a group.
/// docs/error-codes.md lists them (a test keeps it in step with this class).
/// </summary>
public static class ValueErrorCodes
{
    /// <summary>A commodity code is required and is empty.</summary>
    public const string HsEmpty = "LS100";

    /// <summary>A commodity code contains a character other than digits and dots.</summary>
    public const string HsSyntax = "LS101";

    /// <summary>A commodity code does not have 6, 8 or 10 digits.</summary>
    public const string HsLength = "LS102";

    /// <summary>A commodity code names a chapter the Harmonized System does not have.</summary>
    public const string HsChapter = "LS103";

    /// <summary>A country code is required and is empty.</summary>
    public const string CountryEmpty = "LS110";

    /// <summary>A country code is not two capital letters (ISO 3166-1 alpha-2).</summary>
    public const string CountrySyntax = "LS111";

    /// <summary>A country code is not an ISO 3166-1 country, nor a user-assigned, reserved or national code.</summary>
    public const string CountryUnknown = "LS112";

    /// <summary>A currency code is required and is empty.</summary>
    public const string CurrencyEmpty = "LS120";

    /// <summary>A currency code is not three capital letters (ISO 4217).</summary>
    public const string CurrencySyntax = "LS121";

    /// <summary>A currency code is not a current ISO 4217 currency.</summary>
    public const string CurrencyUnknown = "LS122";

    /// <summary>Two amounts in different currencies cannot be added without an exchange rate.</summary>
    public const string CurrencyMismatch = "LS123";

    /// <summary>An amount with its currency is not a decimal number followed by one space and a currency code.</summary>
    public const string MoneySyntax = "LS124";

    /// <summary>A sum of amounts or quantities is beyond what a decimal holds (about ±7.9e28).</summary>
    public const string SumOutOfRange = "LS125";

    /// <summary>A UN/LOCODE is not a two-letter country followed by three letters or digits 2-9.</summary>
    public const string LocodeSyntax = "LS130";

    /// <summary>A UN/LOCODE starts with a code that is not an ISO 3166 country.</summary>
    public const string LocodeCountry = "LS131";

    /// <summary>A UN/LOCODE is not in the UN/LOCODE list.</summary>
    public const string LocodeUnknown = "LS132";

    /// <summary>A container number does not have 11 characters (ISO 6346).</summary>
    public const string ContainerLength = "LS140";

    /// <summary>A container number does not start with a three-letter owner code.</summary>
    public const string ContainerOwner = "LS141";

    /// <summary>A container number's equipment category is not U, J or Z.</summary>
    public const string ContainerCategory = "LS142";

    /// <summary>A container number does not end with six serial digits and a check digit.</summary>
    public const string ContainerSerial = "LS143";

    /// <summary>A container number's check digit is not the one ISO 6346 computes.</summary>
    public const string ContainerCheckDigit = "LS144";

    /// <summary>An MRN does not have 18 characters.</summary>
    public const string MrnLength = "LS150";

    /// <summary>An MRN does not start with a two-digit year.</summary>
    public const string MrnYear = "LS151";

    /// <summary>An MRN's country (characters 3-4) is not an ISO 3166 country.</summary>
    public const string MrnCountry = "LS152";

    /// <summary>An MRN's serial is not 12 digits or capital letters (or a new serial is not 1 to 12).</summary>
    public const string MrnSerial = "LS153";

    /// <summary>An MRN's procedure category letter is not one NCTS uses.</summary>
    public const string MrnProcedure = "LS154";

    /// <summary>An MRN's check digit is not the one ISO 6346 computes over its first 17 characters.</summary>
    public const string MrnCheckDigit = "LS155";

    /// <summary>A trader identifier is required and is empty.</summary>
    public const string TraderEmpty = "LS160";

    /// <summary>A unified social credit code does not have 18 characters.</summary>
    public const string UsccLength = "LS161";

    /// <summary>A unified social credit code contains a character GB 32100 excludes (I, O, S, V, Z).</summary>
    public const string UsccCharacter = "LS162";

    /// <summary>A unified social credit code does not carry a six-digit administrative division code at positions 3-8.</summary>
    public const string UsccDivision = "LS163";

    /// <summary>A unified social credit code's check character is not the one GB 32100 computes.</summary>
    public const string UsccCheck = "LS164";

    /// <summary>A UEN contains a character outside the UEN alphabet.</summary>
    public const string UenCharacter = "LS165";

    /// <summary>A UEN matches none of the formats nnnnnnnnX, yyyynnnnnX or TyyPQnnnnX.</summary>
    public const string UenFormat = "LS166";

    /// <summary>A UEN's check letter is not the one the UEN rule computes.</summary>
    public const string UenCheck = "LS167";

    /// <summary>An EORI is not a two-letter country code followed by 1 to 15 letters or digits.</summary>
    public const string EoriFormat = "LS168";

    /// <summary>An EORI starts with letters that are not a country code.</summary>
    public const string EoriCountry = "LS169";

    /// <summary>A customs office code is not an ISO country code followed by six letters or digits.</summary>
    public const string OfficeCode = "LS170";

    /// <summary>A trader identifier that claims none of the checked schemes is not 1 to 35 letters, digits, '-', '/' or '.'.</summary>
    public const string TraderFormat = "LS180";

    /// <summary>The codes of the schemes a trader identifier can claim: USCC (LS161-LS164) and UEN (LS165-LS167).</summary>
    public static IReadOnlySet<string> SchemeChecks { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        UsccLength, UsccCharacter, UsccDivision, UsccCheck, UenCharacter, UenFormat, UenCheck,
    };

    /// <summary>Every code with its one-line meaning, in code order.</summary>
    public static IReadOnlyList<(string Code, string Name, string Meaning)> All { get; } =
    [
        (HsEmpty, "HsEmpty", "A commodity code is required and is empty."),
        (HsSyntax, "HsSyntax", "A commodity code contains a character other than digits and dots."),
        (HsLength, "HsLength", "A commodity code does not have 6, 8 or 10 digits."),
        (HsChapter, "HsChapter", "A commodity code names a chapter the Harmonized System does not have."),
        (CountryEmpty, "CountryEmpty", "A country code is required and is empty."),
        (CountrySyntax, "CountrySyntax", "A country code is not two capital letters (ISO 3166-1 alpha-2)."),
        (CountryUnknown, "CountryUnknown", "A country code is not an ISO 3166-1 country, nor a user-assigned, reserved or national code."),
        (CurrencyEmpty, "CurrencyEmpty", "A currency code is required and is empty."),
        (CurrencySyntax, "CurrencySyntax", "A currency code is not three capital letters (ISO 4217)."),
        (CurrencyUnknown, "CurrencyUnknown", "A currency code is not a current ISO 4217 currency."),
        (CurrencyMismatch, "CurrencyMismatch", "Two amounts in different currencies cannot be added without an exchange rate."),
        (MoneySyntax, "MoneySyntax", "An amount with its currency is not a decimal number followed by one space and a currency code."),
        (SumOutOfRange, "SumOutOfRange", "A sum of amounts or quantities is beyond what a decimal holds (about ±7.9e28)."),
        (LocodeSyntax, "LocodeSyntax", "A UN/LOCODE is not a two-letter country followed by three letters or digits 2-9."),
        (LocodeCountry, "LocodeCountry", "A UN/LOCODE starts with a code that is not an ISO 3166 country."),
        (LocodeUnknown, "LocodeUnknown", "A UN/LOCODE is not in the UN/LOCODE list."),
        (ContainerLength, "ContainerLength", "A container number does not have 11 characters (ISO 6346)."),
        (ContainerOwner, "ContainerOwner", "A container number does not start with a three-letter owner code."),
        (ContainerCategory, "ContainerCategory", "A container number's equipment category is not U, J or Z."),
        (ContainerSerial, "ContainerSerial", "A container number does not end with six serial digits and a check digit."),
        (ContainerCheckDigit, "ContainerCheckDigit", "A container number's check digit is not the one ISO 6346 computes."),
        (MrnLength, "MrnLength", "An MRN does not have 18 characters."),
        (MrnYear, "MrnYear", "An MRN does not start with a two-digit year."),
        (MrnCountry, "MrnCountry", "An MRN's country (characters 3-4) is not an ISO 3166 country."),
        (MrnSerial, "MrnSerial", "An MRN's serial is not 12 digits or capital letters (or a new serial is not 1 to 12)."),
        (MrnProcedure, "MrnProcedure", "An MRN's procedure category letter is not one NCTS uses."),
        (MrnCheckDigit, "MrnCheckDigit", "An MRN's check digit is not the one ISO 6346 computes over its first 17 characters."),
        (TraderEmpty, "TraderEmpty", "A trader identifier is required and is empty."),
        (UsccLength, "UsccLength", "A unified social credit code does not have 18 characters."),
        (UsccCharacter, "UsccCharacter", "A unified social credit code contains a character GB 32100 excludes (I, O, S, V, Z)."),
        (UsccDivision, "UsccDivision", "A unified social credit code does not carry a six-digit administrative division code at positions 3-8."),
        (UsccCheck, "UsccCheck", "A unified social credit code's check character is not the one GB 32100 computes."),
        (UenCharacter, "UenCharacter", "A UEN contains a character outside the UEN alphabet."),
        (UenFormat, "UenFormat", "A UEN matches none of the formats nnnnnnnnX, yyyynnnnnX or TyyPQnnnnX."),
        (UenCheck, "UenCheck", "A UEN's check letter is not the one the UEN rule computes."),
        (EoriFormat, "EoriFormat", "An EORI is not a two-letter country code followed by 1 to 15 letters or digits."),
        (EoriCountry, "EoriCountry", "An EORI starts with letters that are not a country code."),
        (OfficeCode, "OfficeCode", "A customs office code is not an ISO country code followed by six letters or digits."),
        (TraderFormat, "TraderFormat", "A trader identifier that claims none of the checked schemes is not 1 to 35 letters, digits, '-', '/' or '.'."),
    ];
}
