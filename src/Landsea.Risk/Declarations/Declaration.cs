namespace Landsea.Risk.Declarations;

/// <summary>
/// One single-item import declaration as known at lodgement time (the KCS declaration layout).
/// Amounts: <see cref="NetMassKg"/> in kilograms, <see cref="ItemPrice"/> in the declaration currency (KRW in the KCS data).
/// </summary>
public sealed record Declaration(
    string Id,
    DateOnly Date,
    string OfficeId,
    string ProcessType,
    string ImportType,
    string ImportUse,
    string PaymentType,
    string TransportMode,
    string DeclarantId,
    string ImporterId,
    string SellerId,
    string CourierId,
    string HsCode,
    string DepartureCountry,
    string OriginCountry,
    double TaxRate,
    string TaxType,
    string OriginIndicator,
    double NetMassKg,
    double ItemPrice)
{
    /// <summary>HS chapter: the first two digits of <see cref="HsCode"/>.</summary>
    public string HsChapter => HsCode.Length >= 2 ? HsCode[..2] : HsCode;

    /// <summary>HS heading: the first four digits of <see cref="HsCode"/>.</summary>
    public string HsHeading => HsCode.Length >= 4 ? HsCode[..4] : HsCode;

    /// <summary>HS subheading: the first six digits of <see cref="HsCode"/> (the whole code in HS6 data).</summary>
    public string HsSubheading => HsCode.Length >= 6 ? HsCode[..6] : HsCode;

    /// <summary>Declared value per kilogram; NaN when the net mass is zero.</summary>
    public double UnitValue => NetMassKg > 0 ? ItemPrice / NetMassKg : double.NaN;
}

/// <summary>A declaration with its inspection outcome (<c>Fraud</c> in the KCS data).</summary>
public sealed record LabelledDeclaration(Declaration Declaration, bool Fraud);

/// <summary>
/// Orders declaration ids: all-digit ids numerically (without parsing, so any length works), everything else ordinally.
/// This is the tie-break for rankings: equal scores are ranked by ascending declaration id.
/// </summary>
public sealed class DeclarationIdComparer : IComparer<string>
{
    public static DeclarationIdComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        if (IsDigits(x) && IsDigits(y))
        {
            ReadOnlySpan<char> a = x.AsSpan().TrimStart('0');
            ReadOnlySpan<char> b = y.AsSpan().TrimStart('0');
            if (a.Length != b.Length)
            {
                return a.Length.CompareTo(b.Length);
            }

            int c = a.SequenceCompareTo(b);
            return c != 0 ? c : string.CompareOrdinal(x, y);
        }

        return string.CompareOrdinal(x, y);
    }

    private static bool IsDigits(string s)
    {
        if (s.Length == 0)
        {
            return false;
        }

        foreach (char ch in s)
        {
            if (ch is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
