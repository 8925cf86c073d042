namespace Landsea.Risk.Declarations;

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
