namespace Landsea.Shared;

/// <summary>
/// The stable codes of HTTP API refusals that no capability names more precisely: the LS6xx range. Every problem
/// answer (<c>application/problem+json</c>) carries a <c>code</c>; a capability's own code (LS0xx, LS2xx, LS401, LS5xx ...)
/// when it has one, else the one of these that fits the status. docs/error-codes.md lists them (a test keeps it in step).
/// </summary>
public static class ApiErrorCodes
{
    /// <summary>400: a parameter or body could not be understood; the answer names it.</summary>
    public const string InvalidRequest = "LS600";

    /// <summary>401: no credentials, or credentials that are not valid; the answer carries <c>WWW-Authenticate</c>.</summary>
    public const string Unauthenticated = "LS601";

    /// <summary>404: no such resource, or none the caller may see.</summary>
    public const string NotFound = "LS602";

    /// <summary>409: the request conflicts with the resource's current state.</summary>
    public const string Conflict = "LS603";

    /// <summary>413: the body is larger than the node's limit.</summary>
    public const string TooLarge = "LS604";

    /// <summary>415 or 405: the media type or method is not one the endpoint takes.</summary>
    public const string NotSupported = "LS605";

    /// <summary>429: too many requests; retry after the <c>Retry-After</c> delay.</summary>
    public const string TooManyRequests = "LS606";

    /// <summary>503: the node cannot serve now (database unavailable, not ready); retry after <c>Retry-After</c>.</summary>
    public const string Unavailable = "LS607";

    /// <summary>422: an Idempotency-Key already used by this account for a request with another body.</summary>
    public const string IdempotencyKeyReused = "LS608";

    /// <summary>500: an unexpected fault in the node; nothing was changed, and the node's log has the details.</summary>
    public const string Internal = "LS699";

    /// <summary>Every code with its one-line meaning, in code order.</summary>
    public static IReadOnlyList<(string Code, string Name, string Meaning)> All { get; } =
    [
        (InvalidRequest, "InvalidRequest", "400: a parameter or body could not be understood; the answer names it."),
        (Unauthenticated, "Unauthenticated", "401: no credentials, or credentials that are not valid; the answer carries WWW-Authenticate."),
        (NotFound, "NotFound", "404: no such resource, or none the caller may see."),
        (Conflict, "Conflict", "409: the request conflicts with the resource's current state."),
        (TooLarge, "TooLarge", "413: the body is larger than the node's limit."),
        (NotSupported, "NotSupported", "405 or 415: the method or media type is not one the endpoint takes."),
        (TooManyRequests, "TooManyRequests", "429: too many requests; retry after the Retry-After delay."),
        (Unavailable, "Unavailable", "503: the node cannot serve now (database unavailable, not ready); retry after Retry-After."),
        (IdempotencyKeyReused, "IdempotencyKeyReused", "422: an Idempotency-Key this account already used for a request with another body; use a new key for a new request."),
        (Internal, "Internal", "500: an unexpected fault in the node; nothing was changed, and the node's log has the details."),
    ];

    /// <summary>The generic code for an HTTP status (a capability's own code takes precedence where it has one).</summary>
    public static string ForStatus(int status) => status switch
    {
        401 => Unauthenticated,
        403 => AccessErrorCodes.Forbidden,
        404 => NotFound,
        405 or 415 => NotSupported,
        409 => Conflict,
        413 => TooLarge,
        429 => TooManyRequests,
        503 => Unavailable,
        >= 500 => Internal,
        _ => InvalidRequest,
    };
}
