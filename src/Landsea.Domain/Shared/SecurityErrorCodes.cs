namespace Landsea.Shared;

/// <summary>
/// The stable codes of refusals that protect the node itself (issue 16 items 4 and 5): cross-site requests, sign-in
/// throttling and the bounds every reader keeps, LS800–LS824. docs/error-codes.md lists them (a test keeps it in step).
/// </summary>
public static class SecurityErrorCodes
{
    /// <summary>400: a state-changing request authenticated by the sign-in cookie carried no valid antiforgery token.</summary>
    public const string AntiforgeryTokenInvalid = "LS800";

    /// <summary>429: too many failed sign-ins for this user name or from this address; sign-in is refused until the time given.</summary>
    public const string SignInLockedOut = "LS801";

    /// <summary>Not an error of its own: it stands, last in a capped error list, for the errors not listed (their count is in the reason).</summary>
    public const string MoreErrors = "LS802";

    /// <summary>A JSON document nests objects or arrays deeper than the reader's limit, or is larger than its size limit.</summary>
    public const string JsonTooComplex = "LS803";

    /// <summary>A text value (JSON string, EDIFACT element, CSV field) is longer than the reader's limit.</summary>
    public const string ValueTooLong = "LS804";

    /// <summary>An EDIFACT interchange holds more segments than the reader's limit.</summary>
    public const string TooManySegments = "LS805";

    /// <summary>A CSV line is longer, or holds more fields, than the reader's limit.</summary>
    public const string LineTooLong = "LS806";

    /// <summary>Every code with its one-line meaning, in code order.</summary>
    public static IReadOnlyList<(string Code, string Name, string Meaning)> All { get; } =
    [
        (AntiforgeryTokenInvalid, "AntiforgeryTokenInvalid", "400: a state-changing request authenticated by the sign-in cookie carried no valid antiforgery token; reload the page, or send the token in the RequestVerificationToken header."),
        (SignInLockedOut, "SignInLockedOut", "429: too many failed sign-ins for this user name or from this address; sign-in is refused until the time given (Retry-After)."),
        (MoreErrors, "MoreErrors", "The last entry of a capped error list (at most 100 per document): it counts the errors not listed."),
        (JsonTooComplex, "JsonTooComplex", "A JSON document nests deeper than 64 levels or is larger than the reader's limit; reading stops there."),
        (ValueTooLong, "ValueTooLong", "A text value (JSON string, EDIFACT element, CSV field) is longer than the reader's limit."),
        (TooManySegments, "TooManySegments", "An EDIFACT interchange holds more segments than the reader's limit (250,000); reading stops there."),
        (LineTooLong, "LineTooLong", "A CSV line is longer than 64 KiB or holds more than 256 fields."),
    ];
}
