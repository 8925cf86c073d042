namespace Landsea.Shared;

/// <summary>
/// The stable codes of refusals because of who is asking: the LS4xx range. docs/error-codes.md lists them (a test keeps
/// it in step with this class).
/// </summary>
public static class AccessErrorCodes
{
    /// <summary>The caller's role or office may not do this (for example a trader or an auditor recording an officer's decision).</summary>
    public const string Forbidden = "LS401";

    /// <summary>An identity provider's token lacks a claim sign-in needs (the user, a Landsea role, an officer's office, a trader's identifier), or the claim's value is not one this node knows; the reason names the claim.</summary>
    public const string ClaimMissing = "LS402";

    /// <summary>Every code with its one-line meaning, in code order.</summary>
    public static IReadOnlyList<(string Code, string Name, string Meaning)> All { get; } =
    [
        (Forbidden, "Forbidden", "The caller's role or office may not do this (for example a trader or an auditor recording an officer's decision)."),
        (ClaimMissing, "ClaimMissing", "An identity provider's token lacks a claim sign-in needs (the user, a Landsea role, an officer's office, a trader's identifier), or the claim's value is not one this node knows; the reason names the claim."),
    ];
}
