namespace Landsea.Risk;

/// <summary>
/// The stable error codes of risk (range LS2xx): officer rules, KCS input files, model files, training and scoring.
/// A code never changes meaning; new ones are added at the end of their block. docs/error-codes.md lists them
/// (section "Risk (LS2xx)"; a test keeps it in step with this class).
/// </summary>
public static class RiskErrors
{
    /// <summary>A rule or rule set is not valid rule JSON (syntax, wrong type, unknown field); the reason gives line and position.</summary>
    public const string RuleJson = "LS200";

    /// <summary>A rule breaks a rule invariant (empty id, no condition, weight outside (0, 1], both or neither of weight and channel, ...).</summary>
    public const string RuleInvalid = "LS201";

    /// <summary>A KCS input file does not exist.</summary>
    public const string CsvFileMissing = "LS210";

    /// <summary>A KCS input file is empty, or has a header and no declarations.</summary>
    public const string CsvEmpty = "LS211";

    /// <summary>A quoted field is not closed on its line.</summary>
    public const string CsvQuoteUnclosed = "LS212";

    /// <summary>Text follows a closing quote before the next comma.</summary>
    public const string CsvQuoteStray = "LS213";

    /// <summary>A row has fewer fields than the header.</summary>
    public const string CsvTooFewFields = "LS214";

    /// <summary>A row has more fields than the header.</summary>
    public const string CsvTooManyFields = "LS215";

    /// <summary>A column appears twice in the header.</summary>
    public const string CsvColumnDuplicate = "LS216";

    /// <summary>The header names a column the KCS layout does not have.</summary>
    public const string CsvColumnUnknown = "LS217";

    /// <summary>A required column (or the <c>Fraud</c> label where training or evaluation needs it) is missing.</summary>
    public const string CsvColumnMissing = "LS218";

    /// <summary>A declaration id appears twice in one file.</summary>
    public const string CsvIdDuplicate = "LS219";

    /// <summary>A required value is empty.</summary>
    public const string CsvValueEmpty = "LS220";

    /// <summary>A date is not YYYY-MM-DD.</summary>
    public const string CsvValueDate = "LS221";

    /// <summary>An HS code is not 6 digits (HS6 column) or 10 digits (HS10 column; 9 digits are read as a lost leading zero, see <see cref="CsvHsPadded"/>).</summary>
    public const string CsvValueHs = "LS222";

    /// <summary>A country is not two upper-case letters.</summary>
    public const string CsvValueCountry = "LS223";

    /// <summary>A tax rate, net mass or item price is not a finite number.</summary>
    public const string CsvValueNumber = "LS224";

    /// <summary>A tax rate, net mass or item price is negative.</summary>
    public const string CsvValueNegative = "LS225";

    /// <summary>A <c>Fraud</c> label is not 0 or 1, or a <c>Critical Fraud</c> label not 0, 1 or 2.</summary>
    public const string CsvValueLabel = "LS226";

    /// <summary>Warning: HS10 codes of 9 digits (a leading zero dropped by a spreadsheet) were read as the zero-padded 10-digit code; the warning counts the rows.</summary>
    public const string CsvHsPadded = "LS227";

    /// <summary>A model file does not exist.</summary>
    public const string ModelFileMissing = "LS230";

    /// <summary>The bytes are not a Landsea risk model (not a model archive, an entry missing, unreadable content).</summary>
    public const string ModelFileInvalid = "LS231";

    /// <summary>The model's format is not one this program reads.</summary>
    public const string ModelFormat = "LS232";

    /// <summary>The model was trained with a different feature layout; it must be retrained.</summary>
    public const string ModelFeatures = "LS233";

    /// <summary>The model's feature history has a format version this program does not read.</summary>
    public const string ModelHistoryVersion = "LS234";

    /// <summary>The model's feature history has a different number of history keys or category columns.</summary>
    public const string ModelHistoryLayout = "LS235";

    /// <summary>The model's feature history ends early.</summary>
    public const string ModelHistoryTruncated = "LS236";

    /// <summary>Retraining has fewer controlled goods items with an outcome than it needs.</summary>
    public const string TrainTooFew = "LS240";

    /// <summary>Every controlled goods item has the same outcome (all found or none found): nothing to learn from.</summary>
    public const string TrainOneClass = "LS241";

    /// <summary>The promoted model could not score a goods item; the item is scored by the rules alone.</summary>
    public const string ModelCannotScore = "LS250";

    /// <summary>Every code with its name and one-line meaning, in code order.</summary>
    public static IReadOnlyList<(string Code, string Name, string Meaning)> All { get; } =
    [
        (RuleJson, nameof(RuleJson), "A rule or rule set is not valid rule JSON (syntax, wrong type, unknown field); the reason gives line and position."),
        (RuleInvalid, nameof(RuleInvalid), "A rule breaks a rule invariant (empty id, no condition, weight outside (0, 1], both or neither of weight and fixed channel)."),
        (CsvFileMissing, nameof(CsvFileMissing), "A KCS input file does not exist."),
        (CsvEmpty, nameof(CsvEmpty), "A KCS input file is empty, or has a header and no declarations."),
        (CsvQuoteUnclosed, nameof(CsvQuoteUnclosed), "A quoted field is not closed on its line."),
        (CsvQuoteStray, nameof(CsvQuoteStray), "Text follows a closing quote before the next comma."),
        (CsvTooFewFields, nameof(CsvTooFewFields), "A row has fewer fields than the header."),
        (CsvTooManyFields, nameof(CsvTooManyFields), "A row has more fields than the header."),
        (CsvColumnDuplicate, nameof(CsvColumnDuplicate), "A column appears twice in the header."),
        (CsvColumnUnknown, nameof(CsvColumnUnknown), "The header names a column the KCS layout does not have."),
        (CsvColumnMissing, nameof(CsvColumnMissing), "A required column (or the Fraud label where training or evaluation needs it) is missing."),
        (CsvIdDuplicate, nameof(CsvIdDuplicate), "A declaration id appears twice in one file."),
        (CsvValueEmpty, nameof(CsvValueEmpty), "A required value is empty."),
        (CsvValueDate, nameof(CsvValueDate), "A date is not YYYY-MM-DD."),
        (CsvValueHs, nameof(CsvValueHs), "An HS code is not 6 digits (HS6 column) or 10 digits (HS10 column; 9 digits are read as a lost leading zero)."),
        (CsvValueCountry, nameof(CsvValueCountry), "A country is not two upper-case letters."),
        (CsvValueNumber, nameof(CsvValueNumber), "A tax rate, net mass or item price is not a finite number."),
        (CsvValueNegative, nameof(CsvValueNegative), "A tax rate, net mass or item price is negative."),
        (CsvValueLabel, nameof(CsvValueLabel), "A Fraud label is not 0 or 1, or a Critical Fraud label not 0, 1 or 2."),
        (CsvHsPadded, nameof(CsvHsPadded), "Warning: 9-digit HS10 codes (a leading zero dropped by a spreadsheet) were read as the zero-padded code; the warning counts the rows."),
        (ModelFileMissing, nameof(ModelFileMissing), "A model file does not exist."),
        (ModelFileInvalid, nameof(ModelFileInvalid), "The bytes are not a Landsea risk model (not a model archive, an entry missing, unreadable content)."),
        (ModelFormat, nameof(ModelFormat), "The model's format is not one this program reads."),
        (ModelFeatures, nameof(ModelFeatures), "The model was trained with a different feature layout; retrain it."),
        (ModelHistoryVersion, nameof(ModelHistoryVersion), "The model's feature history has a format version this program does not read."),
        (ModelHistoryLayout, nameof(ModelHistoryLayout), "The model's feature history has a different number of history keys or category columns."),
        (ModelHistoryTruncated, nameof(ModelHistoryTruncated), "The model's feature history ends early."),
        (TrainTooFew, nameof(TrainTooFew), "Retraining has fewer controlled goods items with an outcome than it needs."),
        (TrainOneClass, nameof(TrainOneClass), "Every controlled goods item has the same outcome: nothing to learn from."),
        (ModelCannotScore, nameof(ModelCannotScore), "The promoted model could not score a goods item; the item is scored by the rules alone."),
    ];
}
