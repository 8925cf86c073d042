namespace Landsea.Shared;

/// <summary>
/// An ISO 6346 freight container number: three-letter owner code, category identifier (U, J or Z),
/// six-digit serial number and check digit, for example "CSQU3054383".
/// </summary>
/// <remarks>The default value is not a valid container number: it formats as the empty string and compares equal only to itself; values come from <c>Parse</c>.</remarks>
public readonly record struct ContainerNumber
{
    private ContainerNumber(string value) => Value = value;

    public string Value { get; }

    public string OwnerCode => Value[..3];

    public char Category => Value[3];

    public string Serial => Value[4..10];

    public int CheckDigit => Value[10] - '0';

    /// <summary>True when the text has the ISO 6346 shape (4 letters, 7 digits), whatever its check digit.</summary>
    public static bool HasIsoShape(string? text)
    {
        string s = Normalize(text);
        return s.Length == 11 && s[..4].All(char.IsAsciiLetterUpper) && s[4..].All(char.IsAsciiDigit);
    }

    public static Result<ContainerNumber> Parse(string? text)
    {
        string s = Normalize(text);
        if (s.Length != 11)
        {
            return Result<ContainerNumber>.Fail(ValueErrorCodes.ContainerLength, $"Container number '{text}' must have 11 characters (ISO 6346), not {s.Length}.");
        }

        if (!s[..3].All(char.IsAsciiLetterUpper))
        {
            return Result<ContainerNumber>.Fail(ValueErrorCodes.ContainerOwner, $"Container number '{text}' must start with a three-letter owner code.");
        }

        if (s[3] is not ('U' or 'J' or 'Z'))
        {
            return Result<ContainerNumber>.Fail(ValueErrorCodes.ContainerCategory, $"Container number '{text}' has category '{s[3]}'; ISO 6346 allows U, J or Z.");
        }

        if (!s[4..].All(char.IsAsciiDigit))
        {
            return Result<ContainerNumber>.Fail(ValueErrorCodes.ContainerSerial, $"Container number '{text}' must end with six serial digits and a check digit.");
        }

        int expected = Iso6346.CheckDigit(s.AsSpan(0, 10));
        return expected == s[10] - '0'
            ? Result<ContainerNumber>.Ok(new ContainerNumber(s))
            : Result<ContainerNumber>.Fail(ValueErrorCodes.ContainerCheckDigit, $"Container number '{text}' has check digit {s[10]}; ISO 6346 gives {expected}.");
    }

    public override string ToString() => Value ?? "";

    private static string Normalize(string? text) =>
        (text ?? "").Trim().Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
}
