using Landsea.Risk;
using Landsea.Shared;

namespace Landsea.Declarations;

/// <summary>What a declaration's risk decision asks for before its goods may go: its channel and the control outcomes recorded so far.</summary>
/// <param name="Channel">The channel risk selected; null when no risk decision was taken (risk not enabled, or lodged before it was).</param>
/// <param name="Outcomes">Control outcomes recorded for the declaration (local or from a partner).</param>
public sealed record ControlState(Channel? Channel, int Outcomes)
{
    /// <summary>True when the channel holds the goods until a control outcome is recorded: red (inspection) or yellow (documents).</summary>
    public bool Holds => Channel is Risk.Channel.Red or Risk.Channel.Yellow && Outcomes == 0;
}

/// <summary>An officer's request to release goods that the risk channel still holds, with the reason that is recorded beside the release.</summary>
/// <param name="Officer">The officer asking.</param>
/// <param name="OfficerOffice">The office the officer acts for.</param>
/// <param name="Reason">Why the goods go without a control outcome, in the officer's words.</param>
public sealed record HoldOverride(string Officer, string OfficerOffice, string Reason);

/// <summary>
/// The release decision: a red or yellow declaration holds its goods until its control outcome is recorded, unless an
/// officer of the declaration's own office overrides the hold with a reason; the override is recorded as such.
/// </summary>
public static class Release
{
    /// <summary>Shortest reason accepted for an override.</summary>
    public const int MinimumReasonLength = 15;

    /// <summary>The prefix of the note that records an override in the declaration's history.</summary>
    public const string OverrideNote = "Override of the hold";

    /// <summary>Decides whether an officer may record <see cref="DeclarationEvent.Released"/> now.</summary>
    /// <param name="mrn">The declaration.</param>
    /// <param name="declarationOffice">The office that holds the declaration.</param>
    /// <param name="state">Its channel and outcomes.</param>
    /// <param name="hold">The override, when the officer asks for one; null for a plain release.</param>
    /// <returns>
    /// The note to record with the release (null for a plain one; the override's wording when the hold is overridden),
    /// or <see cref="ErrorCodes.ReleaseHeld"/> (LS083) when the goods are held and no override is asked,
    /// <see cref="ErrorCodes.OverrideReasonMissing"/> (LS084) when the override gives no reason of
    /// <see cref="MinimumReasonLength"/> characters, <see cref="ErrorCodes.OverrideNotAuthorised"/> (LS085) when the officer
    /// does not act for the declaration's office.
    /// </returns>
    public static Result<string?> Decide(string mrn, string declarationOffice, ControlState state, HoldOverride? hold)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.Holds)
        {
            return (string?)null;
        }

        string what = state.Channel == Channel.Red ? "inspection" : "document check";
        if (hold is null)
        {
            return new Failure(ErrorCodes.ReleaseHeld,
                $"Declaration {mrn} is in the {state.Channel} channel: record the outcome of its {what} before release, or override the hold with a reason.");
        }

        if (hold.Reason.Trim().Length < MinimumReasonLength)
        {
            return new Failure(ErrorCodes.OverrideReasonMissing,
                $"Overriding the {state.Channel} channel hold of {mrn} needs a reason of at least {MinimumReasonLength} characters, recorded with the release.");
        }

        if (!string.Equals(hold.OfficerOffice, declarationOffice, StringComparison.OrdinalIgnoreCase))
        {
            return new Failure(ErrorCodes.OverrideNotAuthorised,
                $"Only an officer of {declarationOffice}, the declaration's office, may override its {state.Channel} channel hold; {hold.Officer} acts for {hold.OfficerOffice}.");
        }

        return $"{OverrideNote} ({state.Channel} channel, no {what} outcome) by {hold.Officer}: {hold.Reason.Trim()}";
    }
}
