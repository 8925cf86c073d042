using System.Text.Json.Serialization;

namespace Landsea.Shared;

/// <summary>The schemes of trader identifiers: the three Landsea checks, and other administrations' identifiers it cannot check.</summary>
public enum TraderIdScheme
{
    /// <summary>China's 18-character unified social credit code (GB 32100-2015).</summary>
    UnifiedSocialCreditCode,

    /// <summary>Singapore's Unique Entity Number (9 or 10 characters).</summary>
    SingaporeUen,

    /// <summary>Economic Operators Registration and Identification number (country prefix and up to 15 characters).</summary>
    Eori,

    /// <summary>Another administration's identifier that Landsea cannot check: 1 to 35 letters, digits, '-', '/' or '.', claiming none of the schemes above.</summary>
    Other,
}

/// <summary>
/// A trader identifier as declarations carry it. An identifier with the shape of a scheme Landsea checks (USCC, UEN,
/// EORI) must pass that scheme's check, check character included, and is kept in upper case; any other well-formed
/// identifier (1 to 35 letters, digits, '-', '/' or '.') is another administration's, <see cref="TraderIdScheme.Other"/>,
/// kept as written. This is the one definition: declaration rules accept exactly the identifiers <see cref="Parse"/>
/// accepts, refuse the others (LS051) and warn for <see cref="TraderIdScheme.Other"/> (LS052).
/// </summary>
/// <remarks>The default value is not a valid trader identifier: it formats as the empty string and compares equal only to itself; values come from <c>Parse</c>.</remarks>
[JsonConverter(typeof(TraderIdJsonConverter))]
public readonly record struct TraderId
{
    private const string UsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] s_usccWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    private TraderId(TraderIdScheme scheme, string value)
    {
        Scheme = scheme;
        Value = value;
    }

    public TraderIdScheme Scheme { get; }

    /// <summary>The identifier: upper case for the checked schemes, as written (trimmed) for <see cref="TraderIdScheme.Other"/>.</summary>
    public string Value { get; }

    /// <summary>
    /// Reads a trader identifier (surrounding spaces ignored): a checked scheme recognised by its shape
    /// (<see cref="ParseScheme"/>), else another administration's identifier when it claims no checked scheme and is well formed.
    /// </summary>
    /// <returns>The identifier; or LS160 (empty), the scheme's failure (LS161-LS169) when the text claims a scheme and fails
    /// it, LS180 when it claims none and is not 1 to 35 letters, digits, '-', '/' or '.'.</returns>
    public static Result<TraderId> Parse(string? text)
    {
        Result<TraderId> scheme = ParseScheme(text);
        if (scheme.IsValid || scheme.Failure!.Code == ValueErrorCodes.TraderEmpty)
        {
            return scheme;
        }

        string s = text!.Trim();
        if (s.Length > 35 || !s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '/' or '.'))
        {
            return Result<TraderId>.Fail(ValueErrorCodes.TraderFormat, $"Trader identifier '{s}' must be 1 to 35 letters, digits, '-', '/' or '.'.");
        }

        // Claims a scheme: a USCC or UEN shape (their checks fail with LS161-LS167), or two capital letters and 16 to 18
        // more characters, an EORI too long. An EORI prefix that is not a country, or a short odd shape, claims nothing.
        bool claimsScheme = ValueErrorCodes.SchemeChecks.Contains(scheme.Failure.Code)
            || (scheme.Failure.Code == ValueErrorCodes.EoriFormat && s.Length is > 17 and <= 20 && s[..2].All(char.IsAsciiLetterUpper));
        return claimsScheme ? scheme : Result<TraderId>.Ok(new TraderId(TraderIdScheme.Other, s));
    }

    /// <summary>Recognises a checked scheme (USCC, UEN, EORI) from the shape of the text and validates it; fails for anything else.</summary>
    public static Result<TraderId> ParseScheme(string? text)
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
        if (country != "XI" && !CountryCode.IsIsoCountry(country))
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
