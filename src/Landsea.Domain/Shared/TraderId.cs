namespace Landsea.Shared;

/// <summary>The identification schemes for traders that Landsea checks.</summary>
public enum TraderIdScheme
{
    /// <summary>China's 18-character unified social credit code (GB 32100-2015).</summary>
    UnifiedSocialCreditCode,

    /// <summary>Singapore's Unique Entity Number (9 or 10 characters).</summary>
    SingaporeUen,

    /// <summary>Economic Operators Registration and Identification number (country prefix and up to 15 characters).</summary>
    Eori,
}

/// <summary>A trader identifier validated for its scheme, including check characters where the scheme has one.</summary>
/// <remarks>The default value is not a valid trader identifier: it formats as the empty string and compares equal only to itself; values come from <c>Parse</c>.</remarks>
public readonly record struct TraderId(TraderIdScheme Scheme, string Value)
{
    private const string UsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] s_usccWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>Recognises the scheme from the shape of the text and validates it.</summary>
    public static Result<TraderId> Parse(string? text)
    {
        string s = (text ?? "").Trim().ToUpperInvariant();
        if (s.Length == 0)
        {
            return Result<TraderId>.Fail(ValueErrorCodes.TraderEmpty, "A trader identifier is required.");
        }

        if (s.Length == 18 && char.IsAsciiDigit(s[2]))
        {
            return ParseUscc(s);
        }

        if (s.Length is 9 or 10 && char.IsAsciiLetterUpper(s[^1]) && (char.IsAsciiDigit(s[0]) || (s[0] is 'S' or 'T' or 'R' && char.IsAsciiDigit(s[1]))))
        {
            return ParseUen(s);
        }

        return ParseEori(s);
    }

    /// <summary>Validates a unified social credit code: charset, administrative division digits and check character.</summary>
    public static Result<TraderId> ParseUscc(string text)
    {
        string s = text.Trim().ToUpperInvariant();
        if (s.Length != 18)
        {
            return Result<TraderId>.Fail(ValueErrorCodes.UsccLength, $"Unified social credit code '{text}' must have 18 characters, not {s.Length}.");
        }

        int sum = 0;
        for (int i = 0; i < 18; i++)
        {
            if (UsccAlphabet.IndexOf(s[i], StringComparison.Ordinal) < 0)
            {
                return Result<TraderId>.Fail(ValueErrorCodes.UsccCharacter, $"Unified social credit code '{text}' contains '{s[i]}' at position {i + 1}; GB 32100 excludes I, O, S, V and Z.");
            }

            if (i < 17)
            {
                sum += UsccAlphabet.IndexOf(s[i], StringComparison.Ordinal) * s_usccWeights[i];
            }
        }

        if (!s[2..8].All(char.IsAsciiDigit))
        {
            return Result<TraderId>.Fail(ValueErrorCodes.UsccDivision, $"Unified social credit code '{text}' must carry a six-digit administrative division code at positions 3-8.");
        }

        int check = (31 - (sum % 31)) % 31;
        return UsccAlphabet[check] == s[17]
            ? Result<TraderId>.Ok(new TraderId(TraderIdScheme.UnifiedSocialCreditCode, s))
            : Result<TraderId>.Fail(ValueErrorCodes.UsccCheck, $"Unified social credit code '{text}' has check character '{s[17]}'; GB 32100 gives '{UsccAlphabet[check]}'.");
    }

    /// <summary>Validates a Singapore UEN in its three formats (business, local company, other entities).</summary>
    public static Result<TraderId> ParseUen(string text)
    {
        string s = text.Trim().ToUpperInvariant();
        char expected;
        if (s.Length == 9 && s[..8].All(char.IsAsciiDigit))
        {
            // Businesses registered with ACRA: nnnnnnnnX.
            int[] w = [10, 4, 9, 3, 8, 2, 7, 1];
            expected = "XMKECAWLJDB"[Weighted(s, w, c => c - '0') % 11];
        }
        else if (s.Length == 10 && s[..9].All(char.IsAsciiDigit))
        {
            // Local companies: yyyynnnnnX.
            int[] w = [10, 8, 6, 4, 9, 7, 5, 3, 1];
            expected = "ZKCMDNERGWH"[Weighted(s, w, c => c - '0') % 11];
        }
        else if (s.Length == 10 && s[0] is 'R' or 'S' or 'T' && char.IsAsciiDigit(s[1]) && char.IsAsciiDigit(s[2])
            && s[6..9].All(char.IsAsciiDigit))
        {
            // Other entities: TyyPQnnnnX (T = 20xx, S = 19xx, R = 18xx), PQ the entity type.
            const string alphabet = "ABCDEFGHJKLMNPQRSTUVWX0123456789";
            int[] w = [4, 3, 5, 3, 10, 2, 2, 5, 7];
            if (s[..9].Any(c => alphabet.IndexOf(c, StringComparison.Ordinal) < 0))
            {
                return Result<TraderId>.Fail(ValueErrorCodes.UenCharacter, $"UEN '{text}' contains a character outside the UEN alphabet.");
            }

            int sum = Weighted(s, w, c => alphabet.IndexOf(c, StringComparison.Ordinal));
            expected = alphabet[(((sum - 5) % 11) + 11) % 11];
        }
        else
        {
            return Result<TraderId>.Fail(ValueErrorCodes.UenFormat, $"UEN '{text}' matches none of the formats nnnnnnnnX, yyyynnnnnX or TyyPQnnnnX.");
        }

        return expected == s[^1]
            ? Result<TraderId>.Ok(new TraderId(TraderIdScheme.SingaporeUen, s))
            : Result<TraderId>.Fail(ValueErrorCodes.UenCheck, $"UEN '{text}' has check letter '{s[^1]}'; the UEN rule gives '{expected}'.");
    }

    /// <summary>Validates an EORI: an ISO country code (or XI for Northern Ireland) and 1 to 15 letters or digits.</summary>
    public static Result<TraderId> ParseEori(string text)
    {
        string s = text.Trim().ToUpperInvariant();
        if (s.Length is < 3 or > 17 || !s.All(char.IsAsciiLetterOrDigit))
        {
            return Result<TraderId>.Fail(ValueErrorCodes.EoriFormat, $"EORI '{text}' must be a two-letter country code followed by 1 to 15 letters or digits.");
        }

        string country = s[..2];
        if (country != "XI" && !CountryCode.Parse(country).IsValid)
        {
            return Result<TraderId>.Fail(ValueErrorCodes.EoriCountry, $"EORI '{text}' starts with '{country}', which is not a country code.");
        }

        return Result<TraderId>.Ok(new TraderId(TraderIdScheme.Eori, s));
    }

    public override string ToString() => Value ?? "";

    private static int Weighted(string s, int[] weights, Func<char, int> value)
    {
        int sum = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            sum += value(s[i]) * weights[i];
        }

        return sum;
    }
}
