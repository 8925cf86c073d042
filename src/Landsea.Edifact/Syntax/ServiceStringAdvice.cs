namespace Landsea.Edifact.Syntax;

/// <summary>
/// The six service characters of an interchange (the UNA segment's payload, ISO 9735 part 1 clause 7.1).
/// A <see cref="ReleaseCharacter"/> or <see cref="RepetitionSeparator"/> equal to a space means "not used":
/// syntax version 3 reserves the repetition position and always leaves it a space.
/// </summary>
public readonly record struct ServiceStringAdvice(
    byte ComponentSeparator,
    byte ElementSeparator,
    byte DecimalMark,
    byte ReleaseCharacter,
    byte RepetitionSeparator,
    byte SegmentTerminator)
{
    /// <summary>Length of a complete UNA segment: the tag plus six characters.</summary>
    public const int UnaLength = 9;

    /// <summary>Syntax version 3 defaults (no repetition separator).</summary>
    public static ServiceStringAdvice Version3Default { get; } = new((byte)':', (byte)'+', (byte)'.', (byte)'?', (byte)' ', (byte)'\'');

    /// <summary>Syntax version 4 defaults (repetition separator '*').</summary>
    public static ServiceStringAdvice Version4Default { get; } = Version3Default with { RepetitionSeparator = (byte)'*' };

    public bool HasRepetition => RepetitionSeparator != (byte)' ';

    public bool HasRelease => ReleaseCharacter != (byte)' ';

    /// <summary>Defaults for a syntax version when no UNA is present.</summary>
    public static ServiceStringAdvice DefaultFor(int syntaxVersion) => syntaxVersion >= 4 ? Version4Default : Version3Default;

    /// <summary>Parses the nine bytes "UNA" + six service characters. Returns false when the separators clash or are letters or digits.</summary>
    public static bool TryParse(ReadOnlySpan<byte> una, out ServiceStringAdvice advice)
    {
        advice = default;
        if (una.Length < UnaLength || una[0] != (byte)'U' || una[1] != (byte)'N' || una[2] != (byte)'A')
        {
            return false;
        }

        var candidate = new ServiceStringAdvice(una[3], una[4], una[5], una[6], una[7], una[8]);
        ReadOnlySpan<byte> used = [candidate.ComponentSeparator, candidate.ElementSeparator, candidate.SegmentTerminator];
        foreach (byte b in used)
        {
            if (IsAlphanumeric(b) || b == (byte)' ' || b == (byte)'\r' || b == (byte)'\n')
            {
                return false;
            }
        }

        if (candidate.ComponentSeparator == candidate.ElementSeparator
            || candidate.ComponentSeparator == candidate.SegmentTerminator
            || candidate.ElementSeparator == candidate.SegmentTerminator)
        {
            return false;
        }

        if (candidate.HasRelease && (IsAlphanumeric(candidate.ReleaseCharacter) || used.Contains(candidate.ReleaseCharacter)))
        {
            return false;
        }

        if (candidate.HasRepetition
            && (IsAlphanumeric(candidate.RepetitionSeparator) || used.Contains(candidate.RepetitionSeparator) || candidate.RepetitionSeparator == candidate.ReleaseCharacter))
        {
            return false;
        }

        advice = candidate;
        return true;
    }

    /// <summary>Writes the UNA segment (nine bytes, no line break).</summary>
    public void WriteUna(Span<byte> destination)
    {
        destination[0] = (byte)'U';
        destination[1] = (byte)'N';
        destination[2] = (byte)'A';
        destination[3] = ComponentSeparator;
        destination[4] = ElementSeparator;
        destination[5] = DecimalMark;
        destination[6] = ReleaseCharacter;
        destination[7] = RepetitionSeparator;
        destination[8] = SegmentTerminator;
    }

    private static bool IsAlphanumeric(byte b) => b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9');
}
