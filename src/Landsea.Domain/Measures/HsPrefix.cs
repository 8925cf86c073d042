using Landsea.Shared;

namespace Landsea.Measures;

/// <summary>
/// The products a notification or a subscription names: an HS chapter (2 digits), heading (4), subheading (6) or national
/// tariff line (8 or 10 digits). Only digits are kept; dots and spaces are dropped. A code covers every longer code that
/// starts with its digits.
/// </summary>
/// <remarks>The default value covers nothing and formats as the empty string; values come from <see cref="Parse"/>.</remarks>
public readonly record struct HsPrefix
{
    private HsPrefix(string digits) => Digits = digits;

    /// <summary>The 2 to 10 digits.</summary>
    public string Digits { get; }

    /// <summary>The two-digit chapter.</summary>
    public string Chapter => Digits[..2];

    /// <summary>
    /// Reads "08", "0803", "0803.10", "080310" or "0803.10.00". The chapter, heading and subheading it names (as far as it
    /// goes) must exist in HS 2022 or HS 2017: notifications of before 2022 quote HS 2017 codes.
    /// </summary>
    public static Result<HsPrefix> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Result<HsPrefix>.Fail(MeasureErrorCodes.HsInvalid, "An HS code is empty.");
        }

        var digits = new System.Text.StringBuilder(10);
        foreach (char c in text.Trim())
        {
            if (c is '.' or ' ')
            {
                continue;
            }

            if (!char.IsAsciiDigit(c) || digits.Length == 10)
            {
                return Result<HsPrefix>.Fail(MeasureErrorCodes.HsInvalid, $"HS code '{text}' is not 2, 4, 6, 8 or 10 digits.");
            }

            digits.Append(c);
        }

        string d = digits.ToString();
        if (d.Length is not (2 or 4 or 6 or 8 or 10))
        {
            return Result<HsPrefix>.Fail(MeasureErrorCodes.HsInvalid, $"HS code '{text}' has {d.Length} digits; give a chapter (2), heading (4), subheading (6) or tariff line (8, 10).");
        }

        string known = d[..Math.Min(d.Length, 6)];
        if (HsNomenclature.Hs2022.Find(known) is null && HsNomenclature.Hs2017.Find(known) is null)
        {
            string level = known.Length switch { 2 => "chapter", 4 => "heading", _ => "subheading" };
            return Result<HsPrefix>.Fail(MeasureErrorCodes.HsInvalid, $"HS code '{text}': {level} {known} is in neither HS 2022 nor HS 2017.");
        }

        return new HsPrefix(d);
    }

    /// <summary>True when one code covers the other: a measure on heading 0803 concerns subheading 080310, and one on 080310 concerns a question about 0803.</summary>
    public bool Overlaps(HsPrefix other) =>
        Digits is not null && other.Digits is not null
        && (Digits.StartsWith(other.Digits, StringComparison.Ordinal) || other.Digits.StartsWith(Digits, StringComparison.Ordinal));

    /// <summary>True when this code covers <paramref name="code"/> (a declared 6-10 digit code).</summary>
    public bool Covers(string code) => Digits is not null && code.StartsWith(Digits, StringComparison.Ordinal);

    /// <summary>The smallest digit string greater than every code this prefix covers ("0803" => "0804", "0899" => "09"), for a range query.</summary>
    public string End
    {
        get
        {
            char[] c = Digits.ToCharArray();
            for (int i = c.Length - 1; i >= 0; i--)
            {
                if (c[i] < '9')
                {
                    c[i]++;
                    return new string(c, 0, i + 1);
                }
            }

            return Digits + ":";
        }
    }

    /// <summary>Drops codes another code of the list already covers, and repeats; ordered by digits.</summary>
    public static IReadOnlyList<HsPrefix> Normalise(IEnumerable<HsPrefix> codes)
    {
        List<HsPrefix> sorted = [.. codes.Distinct().OrderBy(p => p.Digits, StringComparer.Ordinal)];
        var kept = new List<HsPrefix>(sorted.Count);
        foreach (HsPrefix p in sorted)
        {
            if (!kept.Any(k => p.Digits.StartsWith(k.Digits, StringComparison.Ordinal)))
            {
                kept.Add(p);
            }
        }

        return kept;
    }

    /// <summary>Formats as "0803", "0803.10" or "0803.10.00".</summary>
    public override string ToString() => Digits is null ? "" : Digits.Length <= 4 ? Digits : $"{Digits[..4]}.{Digits[4..6]}{(Digits.Length > 6 ? "." + Digits[6..] : "")}";
}
