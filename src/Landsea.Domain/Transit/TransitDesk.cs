using System.Xml.Linq;
using Landsea.Offices;
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
    /// <summary>The office-to-office messages for other nodes' offices this step makes (IE001 and IE050 on release, IE006 and IE018 at destination).</summary>
    public IReadOnlyList<OfficeRecord> Records { get; init; } = [];

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
    /// <param name="Rules">The officers' current risk rules (<see cref="TransitRisk"/>); none: only <paramref name="Control"/> selects.</param>
    /// <param name="RiskControlScore">The combined rule score from which a movement is controlled (the risk settings' yellow score).</param>
    public sealed record Context(Movement? Movement, NctsMessage? Declaration, Guarantee? Guarantee, bool DuplicateId, Mrn NextMrn,
        TransitControlSettings Control, string Office, string Actor, string? TraderId, AnswerIds Ids, DateTimeOffset At, TransitAdministration Administration,
        IReadOnlyList<Landsea.Risk.RiskRule>? Rules = null, double RiskControlScore = 0.2);

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
        // An IE170 may leave the holder out (it names the declaration by LRN); when it names one, it is the trader's.
        if (c.TraderId is { } trader && message.MessageType is "CC015C" or "CC013C" or "CC014C" or "CC170C" && holder != trader
            && !(message.MessageType == "CC170C" && holder.Length == 0))
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

        if (message.MessageType == "CC007C" && c.Movement is null && AarRequest(message, c) is { } request)
        {
            // Goods arrived at an office of this node that holds no record of another node's movement (not the declared
            // destination, or before the IE001 came): ask the office of departure for it (AAR request); the arrival is
            // kept and goes on when the record comes (IE003), answered then with the IE043.
            return new(TransitOutcome.Accepted, null, null, [], []) { Records = [request] };
        }

        if (c.Movement is not { } movement || c.Declaration is not { } declaration)
        {
            string pointer = "/ncts:" + message.MessageType + "/TransitOperation/" + (message.Mrn is null ? "LRN" : "MRN");
            return Refuse(TransitOutcome.Refused, [new(pointer, TransitErrorCodes.UnknownMovement, $"This office holds no movement {message.Mrn ?? message.Lrn}.")]);
        }

        Result<Movement> moved;
        TransitAnswer? answer = null;
        Guarantee? guarantee = null;
        IReadOnlyList<OfficeRecord> records = [];
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
                    if (movement.State == MovementState.Released)
                    {
                        // Released, so other nodes' offices were told (IE001, IE050): each gets the cancellation notification.
                        records = OfficeRecords.OnInvalidation(declaration, moved.Value, answer.Xml.ToString(), c.Administration, c.At);
                    }
                }

                break;
            case "CC170C":
                // The goods of a pre-lodged declaration are presented: the declaration goes on as if just lodged (guarantee,
                // then release or control), with the stored IE015's data.
                moved = TransitLifecycle.Step(movement, "IE170", c.At, c.Office, c.Actor);
                if (moved.IsValid)
                {
                    var presented = new List<TransitAnswer>();
                    return Proceed(moved.Value, declaration, c, Answer, presented);
                }

                break;
            case "CC007C" when movement.State == MovementState.Announced:
                return Arrive(movement, declaration, message, Answer(), c.Office, c.Actor);
            case "CC007C":
                moved = TransitLifecycle.Step(movement, "IE006", c.At, c.Office, c.Actor);
                break;
            case "CC044C" when OfficeRecords.IsOtherNodes(movement.DepartureOffice, c.Administration):
                // At this office of destination of another node's movement: the unloading remarks are the control
                // results, sent back to the office of departure (IE018), which writes the movement off or notes discrepancies.
                bool conformHere = message.Root.Text("UnloadingRemark/conform") != "0";
                moved = TransitLifecycle.Step(movement, "IE044", c.At, c.Office, c.Actor);
                if (moved.IsValid)
                {
                    if (conformHere)
                    {
                        answer = new("IE025", NctsAnswers.Ie025(Answer(), message, moved.Value));
                    }

                    records = [new(OfficeRecord.ControlResults, movement.Mrn!.Value.Value, movement.DepartureOffice, c.Office, c.At, message.Root.ToXml(),
                        conformHere, conformHere ? null : message.Root.Text("UnloadingRemark/unloadingRemark") ?? "discrepancies at unloading")];
                }

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
                moved = new Failure(TransitErrorCodes.OutOfSequence, $"{message.MessageType} is not a message this office of departure acts on.");
                break;
        }

        return moved.IsValid
            ? new(TransitOutcome.Accepted, moved.Value, guarantee, answer is null ? [] : [answer], []) { Records = records }
            : Refuse(TransitOutcome.Refused, [new("/ncts:" + message.MessageType + "/messageType", moved.Failure!.Code, moved.Failure.Reason)], movement);
    }

    /// <summary>
    /// Another node's movement, announced to this office of destination (by an IE001, or an IE003 answering an AAR
    /// request), arrives here with the trader's IE007: unloading permission to the trader (IE043) and the arrival advice
    /// (IE006) back to the office of departure.
    /// </summary>
    /// <param name="released">The released declaration (CC029C) the announcement carried.</param>
    public static TransitOutcome Arrive(Movement announced, NctsMessage released, NctsMessage arrival, AnswerContext answer, string office, string actor)
    {
        Result<Movement> moved = TransitLifecycle.Step(announced, "IE007", answer.At, office, actor);
        if (!moved.IsValid)
        {
            return new(TransitOutcome.Refused, announced, null, [], [new("/ncts:CC007C/messageType", moved.Failure!.Code, moved.Failure.Reason)]);
        }

        return new(TransitOutcome.Accepted, moved.Value, null, [new("IE043", NctsAnswers.Ie043(answer, released, arrival, moved.Value))], [])
        {
            Records = [new(OfficeRecord.ArrivalAdvice, announced.Mrn!.Value.Value, announced.DepartureOffice, office, answer.At, arrival.Root.ToXml())],
        };
    }

    /// <summary>
    /// The AAR request (IE002) for an arrival notification naming another node's MRN at an office of this node, or null
    /// when the MRN is no corridor node's, is this node's own, or the actual office of destination is not this node's.
    /// </summary>
    private static OfficeRecord? AarRequest(NctsMessage arrival, Context c)
    {
        string? actual = arrival.Root.Text("CustomsOfficeOfDestinationActual/referenceNumber");
        if (arrival.Mrn is not { } mrn || actual is null || c.Administration.OwnOffices is not { } own || !own.Contains(actual)
            || OfficeRecords.NodeOf(mrn) is not { } departureNode || Corridor.Offices.Any(o => o.NodeCode == departureNode && own.Contains(o.Code)))
        {
            return null;
        }

        return new OfficeRecord(OfficeRecord.AarRequest, mrn, "", actual, c.At, arrival.Root.ToXml());
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
        if (message.Root.Text("TransitOperation/additionalDeclarationType") == "D")
        {
            // Pre-lodged: the MRN now, the guarantee and release when the goods are presented (IE170).
            return new(TransitOutcome.Accepted, TransitLifecycle.Step(m, "PRE", c.At, c.Office, "system").Value, null, answers, []);
        }

        return Proceed(m, message, c, answer, answers);
    }

    /// <summary>From an allocated MRN: the guarantee checked and reserved (IE055 when not), then control (IE060) or release (IE029, with the records for other nodes).</summary>
    private static TransitOutcome Proceed(Movement m, NctsMessage message, Context c, Func<AnswerContext> answer, List<TransitAnswer> answers)
    {
        (Result<Movement> reserved, Guarantee? guarantee, Failure? refusal) = TransitLifecycle.ReserveGuarantee(m, c.Guarantee, c.At, "system");
        m = reserved.Value;
        if (refusal is not null)
        {
            answers.Add(new("IE055", NctsAnswers.Ie055(answer(), message, m, refusal)));
            return new(TransitOutcome.Accepted, m, null, answers, []);
        }

        DateOnly day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(c.At, c.Administration.TimeZone).DateTime);
        TransitRiskDecision risk = c.Rules is { Count: > 0 } rules
            ? TransitRisk.Decide(TransitRisk.Subjects(message, m.HolderId, m.DepartureOffice), rules, day, c.RiskControlScore)
            : TransitRiskDecision.None;
        if (risk.Control || c.Control.Decide(m) == TransitChannel.Control)
        {
            m = TransitLifecycle.Step(m, "IE060", c.At, c.Office, risk.Control ? "risk" : "system").Value;
            answers.Add(new("IE060", NctsAnswers.Ie060(answer(), message, m, risk.Reason)));
        }
        else
        {
            m = TransitLifecycle.Step(m, "IE029", c.At, c.Office, "system").Value;
            var released = new TransitAnswer("IE029", NctsAnswers.Ie029(answer(), message, m));
            answers.Add(released);
            return new(TransitOutcome.Accepted, m, guarantee, answers, []) { Records = OfficeRecords.OnRelease(message, m, released.Xml.ToString(), c.Administration, c.At) };
        }

        return new(TransitOutcome.Accepted, m, guarantee, answers, []);
    }

    /// <summary>An officer's decision on a controlled movement: release (IE029) or no release (IE051, guarantee released).</summary>
    /// <param name="administration">This node's administration: a release tells the other nodes' offices of destination and transit (IE001, IE050).</param>
    public static TransitOutcome DecideControl(Movement movement, NctsMessage declaration, Guarantee? guarantee, bool release, string text, AnswerContext answer, string office, string actor,
        TransitAdministration? administration = null)
    {
        Result<Movement> moved = TransitLifecycle.Step(movement, release ? "IE029" : "IE051", answer.At, office, actor);
        if (!moved.IsValid)
        {
            return new(TransitOutcome.Refused, movement, null, [], [new("", moved.Failure!.Code, moved.Failure.Reason)]);
        }

        TransitAnswer a = release ? new("IE029", NctsAnswers.Ie029(answer, declaration, moved.Value)) : new("IE051", NctsAnswers.Ie051(answer, declaration, moved.Value, "01", text));
        return new(TransitOutcome.Accepted, moved.Value, Released(movement, moved.Value, guarantee), [a], [])
        {
            Records = release && administration is not null ? OfficeRecords.OnRelease(declaration, moved.Value, a.Xml.ToString(), administration, answer.At) : [],
        };
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

    /// <summary>
    /// What the office of departure does with a record from another node's office (IE006 arrival advice, IE018 control
    /// results, IE118 border crossing): the movement after it, the guarantee released on write-off, and the answer to the
    /// holder (IE045 written off, IE019 discrepancies). Refused (LS561) when the movement is not in a state that takes it.
    /// </summary>
    /// <param name="actor">The partner node that sent the record.</param>
    /// <param name="releasedXml">The movement's IE029 (CC029C) as sent, which an IE003 answering an AAR request carries; null when the node has none.</param>
    public static TransitOutcome ApplyRecord(OfficeRecord record, Movement movement, NctsMessage declaration, Guarantee? guarantee, AnswerContext answer, string actor, string? releasedXml = null)
    {
        Result<Movement> moved = record.Ncts switch
        {
            OfficeRecord.ArrivalAdvice => TransitLifecycle.Step(movement, "IE006", record.At, record.From, actor),
            OfficeRecord.ControlResults => TransitLifecycle.ControlResults(movement, record.Conform != true, record.At, record.From, actor),
            OfficeRecord.BorderCrossing => TransitLifecycle.Step(movement, "IE118", record.At, record.From, actor),
            OfficeRecord.AarRequest when releasedXml is null => new Failure(TransitErrorCodes.RecordNotApplicable, $"Movement {record.Mrn} has no release (IE029) to send."),
            OfficeRecord.AarRequest => TransitLifecycle.Step(movement, "IE002", record.At, record.From, actor),
            OfficeRecord.Cancellation => TransitLifecycle.Step(movement, "IE010", record.At, record.From, actor),
            _ => new Failure(TransitErrorCodes.RecordNotApplicable, $"{record.Ncts} is for an office of destination or transit, not for the office of departure."),
        };
        if (!moved.IsValid)
        {
            return new(TransitOutcome.Refused, movement, null, [], [new("/" + record.Ncts, moved.Failure!.Code == TransitErrorCodes.OutOfSequence ? TransitErrorCodes.RecordNotApplicable : moved.Failure.Code, moved.Failure.Reason)])
            {
                Records = record.Ncts == OfficeRecord.AarRequest ? [AarRefusal(record, moved.Failure.Reason)] : [],
            };
        }

        if (record.Ncts == OfficeRecord.AarRequest)
        {
            // The record the asking office lacks: the released declaration, as the IE001 would have carried it.
            return new(TransitOutcome.Accepted, moved.Value, null, [], [])
            {
                Records = [new(OfficeRecord.AarResponse, record.Mrn, record.From, movement.DepartureOffice, answer.At, releasedXml)],
            };
        }

        TransitAnswer? a = record.Ncts != OfficeRecord.ControlResults ? null
            : record.Conform == true ? new("IE045", NctsAnswers.Ie045(answer, declaration, moved.Value))
            : new("IE019", NctsAnswers.Ie019(answer, declaration, moved.Value, record.Remarks ?? "discrepancies at destination"));
        return new(TransitOutcome.Accepted, moved.Value, Released(movement, moved.Value, guarantee), a is null ? [] : [a], []);
    }

    /// <summary>The IE003 that gives no record, back to the office that asked, with the reason.</summary>
    public static OfficeRecord AarRefusal(OfficeRecord request, string reason) =>
        new(OfficeRecord.AarResponse, request.Mrn, request.From, "", request.At, null, Remarks: reason);

    /// <summary>
    /// A record that one of this node's offices of transit saw the goods cross (IE118), back to the office of departure,
    /// for a movement announced to it by an IE050.
    /// </summary>
    public static TransitOutcome Crossing(Movement announced, DateTimeOffset at, string office, string actor)
    {
        Result<Movement> moved = TransitLifecycle.Step(announced, "IE118", at, office, actor);
        return moved.IsValid
            ? new(TransitOutcome.Accepted, moved.Value, null, [], []) { Records = [new(OfficeRecord.BorderCrossing, announced.Mrn!.Value.Value, announced.DepartureOffice, office, at, null)] }
            : new(TransitOutcome.Refused, announced, null, [], [new("", moved.Failure!.Code, moved.Failure.Reason)]);
    }
}
