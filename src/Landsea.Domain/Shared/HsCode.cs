using System.Text.Json.Serialization;

namespace Landsea.Shared;

/// <summary>
/// A commodity code: a six-digit HS subheading, optionally extended by a national tariff line to 8 or 10 digits
/// (for example China's 10-digit codes or the EU's 8-digit CN). Only digits are kept; dots and spaces are dropped.
/// </summary>
/// <remarks>Syntax only: use <see cref="HsNomenclature.Contains"/> to check the subheading exists in an edition. The default
/// value is not a valid code: it formats as the empty string; values come from <see cref="Parse"/>.</remarks>
[JsonConverter(typeof(HsCodeJsonConverter))]
public readonly record struct HsCode
{
    private HsCode(string digits) => Digits = digits;

    /// <summary>The 6, 8 or 10 digits.</summary>
    public string Digits { get; }

    /// <summary>The two-digit chapter, for example "97".</summary>
    public string Chapter => Digits[..2];

    /// <summary>The four-digit heading, for example "9702".</summary>
    public string Heading => Digits[..4];

    /// <summary>The six-digit HS subheading, for example "970200".</summary>
    public string Subheading => Digits[..6];

    /// <summary>Parses "9702.00", "970200", "8471.30.00" or "8471300000".</summary>
    public static Result<HsCode> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Result<HsCode>.Fail(ValueErrorCodes.HsEmpty, "A commodity code is required.");
        }

        Span<char> digits = stackalloc char[16];
        int n = 0;
        foreach (char c in text.Trim())
        {
            if (c is '.' or ' ')
            {
                continue;
            }

            if (!char.IsAsciiDigit(c))
            {
                return Result<HsCode>.Fail(ValueErrorCodes.HsSyntax, $"Commodity code '{text}' contains '{c}'; only digits (and dots) are allowed.");
            }

            if (n == digits.Length)
            {
                return Result<HsCode>.Fail(ValueErrorCodes.HsLength, $"Commodity code '{text}' is too long; use 6, 8 or 10 digits.");
            }

            digits[n++] = c;
        }

        if (n is not (6 or 8 or 10))
        {
            return Result<HsCode>.Fail(ValueErrorCodes.HsLength, $"Commodity code '{text}' has {n} digits; use 6 (HS subheading), 8 or 10 (national extension).");
        }

        int chapter = ((digits[0] - '0') * 10) + (digits[1] - '0');
        if (chapter is < 1 or > 97 || chapter == 77)
        {
            return Result<HsCode>.Fail(ValueErrorCodes.HsChapter, $"Commodity code '{text}' names chapter {chapter:00}, which the Harmonized System does not have.");
        }

        return Result<HsCode>.Ok(new HsCode(new string(digits[..n])));
    }

    /// <summary>Formats as "9702.00" (subheading) followed by the national digits, if any.</summary>
    public override string ToString() => Digits is null ? "" : Digits.Length == 6
        ? $"{Digits[..4]}.{Digits[4..6]}"
        : $"{Digits[..4]}.{Digits[4..6]}.{Digits[6..]}";
}
