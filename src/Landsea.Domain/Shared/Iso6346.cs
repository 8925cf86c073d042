namespace Landsea.Shared;

/// <summary>The ISO 6346 check-digit computation, also used by NCTS for movement reference numbers.</summary>
public static class Iso6346
{
    /// <summary>
    /// Value of a character: digits are themselves; letters run from A = 10 upwards, skipping 11, 22 and 33
    /// (multiples of 11). Returns -1 for any other character.
    /// </summary>
    public static int CharacterValue(char c)
    {
        if (char.IsAsciiDigit(c))
        {
            return c - '0';
        }

        if (!char.IsAsciiLetterUpper(c))
        {
            return -1;
        }

        int v = 10 + (c - 'A');
        // Invariant: values that are multiples of 11 are skipped.
        v += v >= 11 ? 1 : 0;
        v += v >= 22 ? 1 : 0;
        v += v >= 33 ? 1 : 0;
        return v;
    }

    /// <summary>
    /// Check digit over the characters: sum of value × 2^position, modulo 11, then modulo 10 (a remainder of 10 gives 0).
    /// Returns -1 when a character has no value.
    /// </summary>
    public static int CheckDigit(ReadOnlySpan<char> characters)
    {
        long sum = 0;
        for (int i = 0; i < characters.Length; i++)
        {
            int v = CharacterValue(characters[i]);
            if (v < 0)
            {
                return -1;
            }

            sum += (long)v << i;
        }

        return (int)(sum % 11 % 10);
    }
}
