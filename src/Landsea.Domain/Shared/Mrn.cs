using System.Globalization;

namespace Landsea.Shared;

/// <summary>
/// A movement reference number in the NCTS format (18 characters): two-digit year of acceptance, ISO country code
/// of the office, twelve-character serial unique per year and country, procedure category letter, and a check digit
/// computed over the first 17 characters as ISO 6346 computes it. Example: <c>26CNCQI000000123R2</c> (year 26, China,
/// serial CQI000000123 as the Chongqing node issues them, import, check digit 2).
/// </summary>
/// <remarks>The default value is not a valid MRN: it formats as the empty string and compares equal only to itself; values come from <c>Parse</c>.</remarks>
public readonly record struct Mrn
{
    /// <summary>
    /// Procedure category letters of the NCTS phase-5 MRN: A–E export and exit, J–M transit, P proof of status,
    /// R–Z import and entry.
    /// </summary>
    public const string ProcedureLetters = "ABCDEJKLMPRSTUVWYZ";

    private Mrn(string value) => Value = value;

    public string Value { get; }

    /// <summary>Two-digit year.</summary>
    public int Year => int.Parse(Value[..2], CultureInfo.InvariantCulture);

    public string Country => Value[2..4];

    public string Serial => Value[4..16];

    public char Procedure => Value[16];

    /// <summary>Builds a new MRN, computing its check digit.</summary>
    /// <param name="year">Four-digit or two-digit year; only the last two digits are kept.</param>
    /// <param name="country">ISO 3166 alpha-2 country of the issuing office.</param>
    /// <param name="serial">Up to 12 characters (digits or capital letters); left-padded with zeros.</param>
    /// <param name="procedure">Procedure category letter (see <see cref="ProcedureLetters"/>).</param>
    public static Result<Mrn> Create(int year, string country, string serial, char procedure)
    {
        if (serial.Length is 0 or > 12 || !serial.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c)))
        {
            return Result<Mrn>.Fail(ValueErrorCodes.MrnSerial, $"MRN serial '{serial}' must be 1 to 12 digits or capital letters.");
        }

        string body = string.Create(CultureInfo.InvariantCulture, $"{year % 100:00}{country}{serial.PadLeft(12, '0')}{procedure}");
        int check = Iso6346.CheckDigit(body);
        return Parse(body + (check < 0 ? "?" : check.ToString(CultureInfo.InvariantCulture)));
    }

    public static Result<Mrn> Parse(string? text)
    {
        string s = (text ?? "").Trim();
        if (s.Length != 18)
        {
            return Result<Mrn>.Fail(ValueErrorCodes.MrnLength, $"MRN '{text}' must have 18 characters, not {s.Length}.");
        }

        if (!char.IsAsciiDigit(s[0]) || !char.IsAsciiDigit(s[1]))
        {
            return Result<Mrn>.Fail(ValueErrorCodes.MrnYear, $"MRN '{s}' must start with a two-digit year.");
        }

        if (!CountryCode.IsIsoCountry(s[2..4]))
        {
            return Result<Mrn>.Fail(ValueErrorCodes.MrnCountry, $"MRN '{s}' has country '{s[2..4]}', which is not an ISO 3166 country.");
        }

        if (!s[4..16].All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c)))
        {
            return Result<Mrn>.Fail(ValueErrorCodes.MrnSerial, $"MRN '{s}' must have 12 digits or capital letters after the country.");
        }

        if (!ProcedureLetters.Contains(s[16], StringComparison.Ordinal))
        {
            return Result<Mrn>.Fail(ValueErrorCodes.MrnProcedure, $"MRN '{s}' has procedure category '{s[16]}'; NCTS uses one of {ProcedureLetters}.");
        }

        int check = Iso6346.CheckDigit(s.AsSpan(0, 17));
        return check == s[17] - '0'
            ? Result<Mrn>.Ok(new Mrn(s))
            : Result<Mrn>.Fail(ValueErrorCodes.MrnCheckDigit, $"MRN '{s}' has check digit '{s[17]}'; ISO 6346 gives {check}.");
    }

    public override string ToString() => Value ?? "";
}
