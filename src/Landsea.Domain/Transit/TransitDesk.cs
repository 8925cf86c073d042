using System.Xml.Linq;
using Landsea.Shared;

namespace Landsea.Transit;

/// <summary>How the office of departure treats a valid declaration before release.</summary>
public enum TransitChannel
{
    /// <summary>Released without control (IE029).</summary>
    Release,

    /// <summary>Controlled first (IE060); an officer then releases (IE029) or refuses (IE051).</summary>
    Control,
}

/// <summary>
/// Which declarations the office controls before release. This is the hook where smart inspection plugs in: the
/// declaration risk assessment (Landsea.Domain.Risk) scores WCO declarations, not NCTS ones, so until an NCTS mapping
/// exists a node controls the holders it lists and a fixed share of the others, chosen by a hash of holder and LRN
/// (deterministic: the same declaration always gets the same channel).
/// </summary>
/// <param name="ControlledHolders">Holders always controlled.</param>
/// <param name="ControlShare">Share of other declarations controlled, 0 to 1 (default 0).</param>
public sealed record TransitControlSettings(IReadOnlySet<string> ControlledHolders, double ControlShare = 0)
{
    public static TransitControlSettings None { get; } = new(new HashSet<string>(StringComparer.Ordinal));

    public TransitChannel Decide(Movement movement)
    {
        if (ControlledHolders.Contains(movement.HolderId))
        {
            return TransitChannel.Control;
        }

        if (ControlShare <= 0)
        {
            return TransitChannel.Release;
        }

        uint hash = 2166136261;
        foreach (char c in movement.HolderId + "\n" + movement.Lrn)
        {
            hash = unchecked((hash ^ c) * 16777619);
        }

        return hash / (double)uint.MaxValue < ControlShare ? TransitChannel.Control : TransitChannel.Release;
    }
}

/// <summary>One answer the node writes: its type (IE028, ...) and the XML.</summary>
public sealed record TransitAnswer(string Type, XDocument Xml);

/// <summary>What became of a message: accepted or refused, the movement and guarantee after it, and the answers.</summary>
/// <param name="Status">Accepted; Rejected (invalid, IE056); Refused (valid but not allowed now: duplicate, out of sequence, unknown movement, LRN in use; IE056).</param>
public sealed record TransitOutcome(string Status, Movement? Movement, Guarantee? Guarantee, IReadOnlyList<TransitAnswer> Answers, IReadOnlyList<TransitError> Errors)
{
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string Refused = "refused";
}

/// <summary>
/// The office of departure's decision for one trader message, pure: given the checked message and what the node holds
/// (the movement it names, its declaration, the guarantee, whether the message id was seen, the MRN to give), it
/// returns the movement and guarantee after the message and the answers to send. The store only loads and saves.
/// </summary>
public static class TransitDesk
{
    /// <param name="Movement">The movement the message names (by MRN, or holder and LRN); for an IE015, one with its LRN if the holder used it already.</param>
    /// <param name="Declaration">The movement's IE015, to write answers from.</param>
    /// <param name="Guarantee">The registered guarantee the declaration (or movement) names, if any.</param>
    /// <param name="DuplicateId">The sender already sent an accepted message with this identification.</param>
    /// <param name="NextMrn">The MRN an accepted IE015 gets.</param>
    public sealed record Context(Movement? Movement, NctsMessage? Declaration, Guarantee? Guarantee, bool DuplicateId, Mrn NextMrn,
        TransitControlSettings Control, string Office, string Actor, string? TraderId, AnswerIds Ids, DateTimeOffset At, TransitAdministration Administration);

    /// <summary>Message identifications for the answers, in order (the store hands out unique ones).</summary>
    public sealed class AnswerIds(Func<string> next)
    {
        public string Next() => next();
    }

    public static TransitOutcome Decide(TransitCheck check, Context c)
    {
        NctsMessage? message = check.Message;
        string sender = message?.MessageSender ?? "unknown";
        AnswerContext Answer() => new(c.Administration.Recipients.Keys.First(), sender.Length == 0 ? "unknown" : sender, c.At, c.Administration.TimeZone, c.Ids.Next(), message?.MessageIdentification);
        string rejectedType = (check.MessageType ?? "CC000C") is { Length: 6 } t ? t[2..5] : "000";

        TransitOutcome Refuse(string status, IReadOnlyList<TransitError> errors, Movement? movement = null) =>
            new(status, movement, null, message is null ? [] : [new("IE056", NctsAnswers.Ie056(Answer(), message, rejectedType, errors, movement?.Mrn))], errors);

        if (message is null || !check.IsValid)
        {
            return Refuse(TransitOutcome.Rejected, check.Errors);
        }

        string holder = message.Root.Text("HolderOfTheTransitProcedure/identificationNumber") ?? "";
        if (c.TraderId is { } trader && message.MessageType is "CC015C" or "CC013C" or "CC014C" or "CC170C" && holder != trader)
        {
            return Refuse(TransitOutcome.Refused, [new("/ncts:" + message.MessageType + "/HolderOfTheTransitProcedure/identificationNumber", TransitErrorCodes.NotTheHolder,
                $"A trader lodges only as the holder of the transit procedure ({trader}), not for '{holder}'.")]);
        }

        if (c.DuplicateId)
        {
            return Refuse(TransitOutcome.Refused, [new("/ncts:" + message.MessageType + "/messageIdentification", TransitErrorCodes.DuplicateMessage,
                TransitLifecycle.Duplicate(new HashSet<string> { sender + "\n" + message.MessageIdentification }, sender, message.MessageIdentification ?? "")!.Reason)], c.Movement);
        }

        if (message.MessageType == "CC015C")
        {
            return Declare(message, c, Answer, Refuse);
        }

        if (c.Movement is not { } movement || c.Declaration is not { } declaration)
        {
            string pointer = "/ncts:" + message.MessageType + "/TransitOperation/" + (message.Mrn is null ? "LRN" : "MRN");
            return Refuse(TransitOutcome.Refused, [new(pointer, TransitErrorCodes.UnknownMovement, $"This office holds no movement {message.Mrn ?? message.Lrn}.")]);
        }

        Result<Movement> moved;
        TransitAnswer? answer = null;
        Guarantee? guarantee = null;
        switch (message.MessageType)
        {
            case "CC013C":
                moved = TransitLifecycle.Step(movement, "IE004", c.At, c.Office, c.Actor);
                if (moved.IsValid)
                {
                    answer = new("IE004", NctsAnswers.Ie004(Answer(), declaration, moved.Value, c.At));
                }

                break;
            case "CC014C":
                moved = TransitLifecycle.Invalidate(movement, c.At, c.Actor);
                if (moved.IsValid)
                {
                    answer = new("IE009", NctsAnswers.Ie009(Answer(), declaration, moved.Value, c.At, message.Root.Text("Invalidation/justification") ?? "requested by the holder"));
                    guarantee = Released(movement, moved.Value, c.Guarantee);
                }

                break;
            case "CC007C":
                moved = TransitLifecycle.Step(movement, "IE006", c.At, c.Office, c.Actor);
                break;
            case "CC044C":
                // The destination is an office of this node: its unloading remarks are the control results (IE018) in-process.
                bool conform = message.Root.Text("UnloadingRemark/conform") != "0";
                moved = TransitLifecycle.ControlResults(movement, !conform, c.At, c.Office, c.Actor);
                if (moved.IsValid)
                {
                    answer = conform
                        ? new("IE045", NctsAnswers.Ie045(Answer(), declaration, moved.Value))
                        : new("IE019", NctsAnswers.Ie019(Answer(), declaration, moved.Value, message.Root.Text("UnloadingRemark/unloadingRemark") ?? "discrepancies at unloading"));
                    guarantee = Released(movement, moved.Value, c.Guarantee);
                }

                break;
            default:
                moved = new Failure(TransitErrorCodes.OutOfSequence, $"{message.MessageType} is not a message this office of departure acts on (pre-lodged presentation is not modelled).");
                break;
        }

        return moved.IsValid
            ? new(TransitOutcome.Accepted, moved.Value, guarantee, answer is null ? [] : [answer], [])
            : Refuse(TransitOutcome.Refused, [new("/ncts:" + message.MessageType + "/messageType", moved.Failure!.Code, moved.Failure.Reason)], movement);
    }

    /// <summary>The guarantee after a step that gives the reservation back; null when nothing changes.</summary>
    public static Guarantee? Released(Movement before, Movement after, Guarantee? guarantee) =>
        guarantee is not null && before.AmountToCover is { } amount && TransitLifecycle.ReleasesGuarantee(before, after) ? Guarantees.Release(guarantee, amount) : null;

    private static TransitOutcome Declare(NctsMessage message, Context c, Func<AnswerContext> answer, Func<string, IReadOnlyList<TransitError>, Movement?, TransitOutcome> refuse)
    {
        if (c.Movement is not null)
        {
            return refuse(TransitOutcome.Refused, [new("/ncts:CC015C/TransitOperation/LRN", TransitErrorCodes.LrnInUse, $"LRN '{message.Lrn}' was already used by this holder.")], null);
        }

        Movement m = TransitLifecycle.Open(message, c.At, c.Actor).Value;
        m = TransitLifecycle.AllocateMrn(m, c.NextMrn, c.At, "system").Value;
        var answers = new List<TransitAnswer> { new("IE028", NctsAnswers.Ie028(answer(), message, m)) };
        (Result<Movement> reserved, Guarantee? guarantee, Failure? refusal) = TransitLifecycle.ReserveGuarantee(m, c.Guarantee, c.At, "system");
        m = reserved.Value;
        if (refusal is not null)
        {
            answers.Add(new("IE055", NctsAnswers.Ie055(answer(), message, m, refusal)));
            return new(TransitOutcome.Accepted, m, null, answers, []);
        }

        if (c.Control.Decide(m) == TransitChannel.Control)
        {
            m = TransitLifecycle.Step(m, "IE060", c.At, c.Office, "system").Value;
            answers.Add(new("IE060", NctsAnswers.Ie060(answer(), message, m, "selected for control before release")));
        }
        else
        {
            m = TransitLifecycle.Step(m, "IE029", c.At, c.Office, "system").Value;
            answers.Add(new("IE029", NctsAnswers.Ie029(answer(), message, m)));
        }

        return new(TransitOutcome.Accepted, m, guarantee, answers, []);
    }

    /// <summary>An officer's decision on a controlled movement: release (IE029) or no release (IE051, guarantee released).</summary>
    public static TransitOutcome DecideControl(Movement movement, NctsMessage declaration, Guarantee? guarantee, bool release, string text, AnswerContext answer, string office, string actor)
    {
        Result<Movement> moved = TransitLifecycle.Step(movement, release ? "IE029" : "IE051", answer.At, office, actor);
        if (!moved.IsValid)
        {
            return new(TransitOutcome.Refused, movement, null, [], [new("", moved.Failure!.Code, moved.Failure.Reason)]);
        }

        TransitAnswer a = release ? new("IE029", NctsAnswers.Ie029(answer, declaration, moved.Value)) : new("IE051", NctsAnswers.Ie051(answer, declaration, moved.Value, "01", text));
        return new(TransitOutcome.Accepted, moved.Value, Released(movement, moved.Value, guarantee), [a], []);
    }

    /// <summary>An officer resolves the discrepancies (IE049): written off (IE045), guarantee released.</summary>
    public static TransitOutcome Resolve(Movement movement, NctsMessage declaration, Guarantee? guarantee, AnswerContext answer, string office, string actor)
    {
        Result<Movement> moved = TransitLifecycle.Step(movement, "IE049", answer.At, office, actor);
        if (!moved.IsValid)
        {
            return new(TransitOutcome.Refused, movement, null, [], [new("", moved.Failure!.Code, moved.Failure.Reason)]);
        }

        return new(TransitOutcome.Accepted, moved.Value, Released(movement, moved.Value, guarantee), [new("IE045", NctsAnswers.Ie045(answer, declaration, moved.Value))], []);
    }
}
