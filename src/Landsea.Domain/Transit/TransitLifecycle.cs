using System.Globalization;
using Landsea.Shared;

namespace Landsea.Transit;

/// <summary>
/// The movement's lifecycle at the office of departure, after NCTS phase 5, as pure functions: each takes the movement
/// and the event's instant, office and actor, and returns the moved movement or a refusal with an LS5xx code (whose
/// NCTS functional error code <see cref="FunctionalCode"/> gives: 92 out of sequence, 26 duplicate, 90 unknown MRN).
/// </summary>
public static class TransitLifecycle
{
    /// <summary>Where each message may come, and where it leads. The label is the message that makes the step.</summary>
    private static readonly Dictionary<(MovementState, string), MovementState> s_steps = new()
    {
        [(MovementState.Submitted, "IE028")] = MovementState.MrnAllocated,
        [(MovementState.Submitted, "IE056")] = MovementState.Rejected,
        [(MovementState.MrnAllocated, "GUA")] = MovementState.GuaranteeReserved,
        [(MovementState.MrnAllocated, "IE055")] = MovementState.MrnAllocated,
        [(MovementState.GuaranteeReserved, "IE060")] = MovementState.UnderControl,
        [(MovementState.GuaranteeReserved, "IE029")] = MovementState.Released,
        [(MovementState.UnderControl, "IE029")] = MovementState.Released,
        [(MovementState.UnderControl, "IE051")] = MovementState.NotReleased,
        [(MovementState.Submitted, "IE009")] = MovementState.Cancelled,
        [(MovementState.MrnAllocated, "IE009")] = MovementState.Cancelled,
        [(MovementState.GuaranteeReserved, "IE009")] = MovementState.Cancelled,
        [(MovementState.UnderControl, "IE009")] = MovementState.Cancelled,
        [(MovementState.Submitted, "IE004")] = MovementState.Submitted,
        [(MovementState.MrnAllocated, "IE004")] = MovementState.MrnAllocated,
        [(MovementState.GuaranteeReserved, "IE004")] = MovementState.GuaranteeReserved,
        [(MovementState.UnderControl, "IE004")] = MovementState.UnderControl,
        [(MovementState.Released, "IE006")] = MovementState.Arrived,
        [(MovementState.Enquiry, "IE006")] = MovementState.Arrived,
        [(MovementState.Arrived, "IE045")] = MovementState.WrittenOff,
        [(MovementState.Arrived, "IE019")] = MovementState.Discrepancies,
        [(MovementState.Discrepancies, "IE049")] = MovementState.WrittenOff,

        // A pre-lodged declaration waits for the presentation of the goods (IE170), may be amended or invalidated meanwhile.
        [(MovementState.MrnAllocated, "PRE")] = MovementState.PreLodged,
        [(MovementState.PreLodged, "IE170")] = MovementState.MrnAllocated,
        [(MovementState.PreLodged, "IE004")] = MovementState.PreLodged,
        [(MovementState.PreLodged, "IE009")] = MovementState.Cancelled,

        // Office to office (another node's offices): the border crossing noted at departure, and the records at
        // destination (IE001 then the trader's IE007 and IE044) and at transit (IE050 then the crossing).
        [(MovementState.Released, "IE118")] = MovementState.Released,
        [(MovementState.Enquiry, "IE118")] = MovementState.Enquiry,
        [(MovementState.Announced, "IE007")] = MovementState.Arrived,
        [(MovementState.Announced, "IE118")] = MovementState.Crossed,
        [(MovementState.Arrived, "IE044")] = MovementState.Unloaded,
        [(MovementState.Released, "ENQ")] = MovementState.Enquiry,

        // Invalidation after release, while the goods have not left (see Invalidate); the offices told get an IE010.
        [(MovementState.Released, "IE009")] = MovementState.Cancelled,
        [(MovementState.Announced, "IE010")] = MovementState.Cancelled,

        // An AAR request from an office that holds no record: noted at departure, which answers with the record (IE003).
        [(MovementState.Released, "IE002")] = MovementState.Released,
        [(MovementState.Enquiry, "IE002")] = MovementState.Enquiry,
    };

    /// <summary>How long a movement may take when the declaration gives no limit date (NCTS sets 8 days by default).</summary>
    public static readonly TimeSpan DefaultTimeLimit = TimeSpan.FromDays(8);

    /// <summary>The NCTS functional error code (CL049) that an IE056/IE906 carries for one of our codes.</summary>
    public static string FunctionalCode(string code) => code switch
    {
        TransitErrorCodes.OutOfSequence => NctsFunctionalError.OutOfSequence,
        TransitErrorCodes.DuplicateMessage => NctsFunctionalError.Duplicate,
        TransitErrorCodes.UnknownMovement => NctsFunctionalError.UnknownMrn,
        TransitErrorCodes.MrnOrLrn or TransitErrorCodes.SealCount => NctsFunctionalError.ConditionMissing,
        TransitErrorCodes.Schema or TransitErrorCodes.JsonType or TransitErrorCodes.Malformed or TransitErrorCodes.DtdRefused
            or TransitErrorCodes.UnknownMessage or TransitErrorCodes.TooLarge => NctsFunctionalError.CodelistViolation,
        _ => NctsFunctionalError.RuleViolation,
    };

    /// <summary>A movement from a valid IE015, in <see cref="MovementState.Submitted"/>.</summary>
    public static Result<Movement> Open(NctsMessage declaration, DateTimeOffset at, string actor)
    {
        if (declaration.MessageType != "CC015C")
        {
            return new Failure(TransitErrorCodes.OutOfSequence, $"A movement starts with a declaration (CC015C), not {declaration.MessageType}.");
        }

        NctsElement root = declaration.Root;
        string? lrn = declaration.Lrn, departure = root.Text("CustomsOfficeOfDeparture/referenceNumber");
        if (lrn is null || departure is null)
        {
            return new Failure(TransitErrorCodes.Schema, "The declaration has no LRN or no office of departure.");
        }

        string holder = root.Text("HolderOfTheTransitProcedure/identificationNumber") ?? root.Text("HolderOfTheTransitProcedure/TIRHolderIdentificationNumber") ?? declaration.MessageSender ?? "";
        (Money? amount, string? grn, string? accessCode) = GuaranteeOf(root);
        DateTimeOffset? limit = root.Text("TransitOperation/limitDate") is { } d && DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day)
            ? new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero)
            : at + DefaultTimeLimit;
        var transition = new MovementTransition(MovementState.Submitted, MovementState.Submitted, "IE015", at, departure, actor);
        return new Movement(lrn, null, holder, departure, root.Text("CustomsOfficeOfDestinationDeclared/referenceNumber") ?? "",
            MovementState.Submitted, amount, grn, accessCode, at, limit, [transition]);
    }

    /// <summary>
    /// The record of another node's movement at an office of this node, from the released declaration it carries (the
    /// CC029C of an IE001 or IE050): <see cref="MovementState.Announced"/>, with no guarantee (the office of departure holds it).
    /// </summary>
    public static Result<Movement> Announce(NctsMessage released, string record, DateTimeOffset at, string office, string actor)
    {
        NctsElement root = released.Root;
        string? mrn = released.Mrn, departure = root.Text("CustomsOfficeOfDeparture/referenceNumber"), destination = root.Text("CustomsOfficeOfDestinationDeclared/referenceNumber");
        if (released.MessageType != "CC029C" || mrn is null || Mrn.Parse(mrn) is not { IsValid: true } parsed || departure is null || destination is null)
        {
            return new Failure(TransitErrorCodes.Schema, $"A {record} carries the released declaration (CC029C) with its MRN, office of departure and office of destination.");
        }

        string holder = root.Text("HolderOfTheTransitProcedure/identificationNumber") ?? root.Text("HolderOfTheTransitProcedure/TIRHolderIdentificationNumber") ?? "";
        DateTimeOffset? limit = root.Text("TransitOperation/limitDate") is { } d && DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day)
            ? new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero)
            : null;
        var transition = new MovementTransition(MovementState.Announced, MovementState.Announced, record, at, office, actor);
        return new Movement(released.Lrn ?? mrn, parsed.Value, holder, departure, destination, MovementState.Announced, null, null, null, at, limit, [transition]);
    }

    /// <summary>The first guarantee reference with an amount: its total amount to cover (one currency), GRN and access code.</summary>
    private static (Money?, string?, string?) GuaranteeOf(NctsElement root)
    {
        Money? total = null;
        string? grn = null, access = null;
        foreach (NctsElement guarantee in root.All("Guarantee"))
        {
            foreach (NctsElement reference in guarantee.All("GuaranteeReference"))
            {
                grn ??= reference.Text("GRN");
                access ??= reference.Text("accessCode");
                if (decimal.TryParse(reference.Text("amountToBeCovered"), NumberStyles.Number, CultureInfo.InvariantCulture, out decimal amount)
                    && CurrencyCode.Parse(reference.Text("currency")) is { IsValid: true } currency)
                {
                    // Invariant: the schema bounds the amounts (AmountToBeCoveredContentType, 16 digits) and their count (9 guarantees of 99 references), so the sum fits.
                    total = total is { } t && t.Currency == currency.Value ? t.Plus(new Money(amount, currency.Value)).OrThrow() : total ?? new Money(amount, currency.Value);
                }
            }
        }

        return (total, grn, access);
    }

    /// <summary>Moves the movement by one message, or refuses it as out of sequence (functional error 92).</summary>
    public static Result<Movement> Step(Movement movement, string message, DateTimeOffset at, string office, string actor)
    {
        if (!s_steps.TryGetValue((movement.State, message), out MovementState to))
        {
            return new Failure(TransitErrorCodes.OutOfSequence,
                $"{message} is not allowed while movement {movement.Mrn?.Value ?? movement.Lrn} is {movement.State} (message out of sequence); next: {movement.NextStep}.");
        }

        return movement with { State = to, History = [.. movement.History, new MovementTransition(movement.State, to, message, at, office, actor)] };
    }

    /// <summary>IE028: the declaration is accepted and gets its MRN.</summary>
    public static Result<Movement> AllocateMrn(Movement movement, Mrn mrn, DateTimeOffset at, string actor)
    {
        Result<Movement> moved = Step(movement, "IE028", at, movement.DepartureOffice, actor);
        return moved.IsValid ? moved.Value with { Mrn = mrn } : moved;
    }

    /// <summary>
    /// Checks the declaration's guarantee and reserves the amount to cover. A refusal (no guarantee, unknown GRN, wrong
    /// access code, not covered) leaves the movement waiting with an IE055 in its history: the caller answers with an IE055.
    /// </summary>
    public static (Result<Movement> Movement, Guarantee? Guarantee, Failure? Refusal) ReserveGuarantee(
        Movement movement, Guarantee? registered, DateTimeOffset at, string actor)
    {
        Failure? refusal = null;
        Guarantee? reserved = null;
        if (movement.Grn is null || movement.AmountToCover is null)
        {
            refusal = new Failure(TransitErrorCodes.GuaranteeMissing, "The declaration gives no guarantee reference (GRN) with an amount to cover.");
        }
        else if (Guarantees.ParseGrn(movement.Grn) is { IsValid: false } bad)
        {
            refusal = bad.Failure;
        }
        else if (registered is null || registered.Grn != movement.Grn)
        {
            refusal = new Failure(TransitErrorCodes.GuaranteeUnknown, $"Guarantee {movement.Grn} is not registered at this office.");
        }
        else
        {
            Result<Guarantee> r = Guarantees.Reserve(registered, movement.AmountToCover.Value, movement.AccessCode ?? "");
            if (r.IsValid)
            {
                reserved = r.Value;
            }
            else
            {
                refusal = r.Failure;
            }
        }

        Result<Movement> moved = Step(movement, refusal is null ? "GUA" : "IE055", at, movement.DepartureOffice, actor);
        return moved.IsValid ? (moved, reserved, refusal) : (moved, null, null);
    }

    /// <summary>
    /// IE014: cancelled (IE009). Before release always; after release (IE029) only while the goods have not left: no
    /// border crossing (IE118) and no arrival noted, as NCTS phase 5 allows; the caller then tells the offices (IE010).
    /// The caller releases the guarantee when <see cref="Movement.HoldsGuarantee"/> was true.
    /// </summary>
    public static Result<Movement> Invalidate(Movement movement, DateTimeOffset at, string actor)
    {
        if (movement.State == MovementState.Released && movement.History.FirstOrDefault(t => t.Message is "IE118" or "IE002") is { } left)
        {
            return new Failure(TransitErrorCodes.OutOfSequence, string.Create(CultureInfo.InvariantCulture,
                $"Movement {movement.Mrn?.Value} cannot be invalidated: its goods have left ({left.Message} at {left.Office}, {left.At:yyyy-MM-ddTHH:mm:ssZ}) (message out of sequence)."));
        }

        return Step(movement, "IE009", at, movement.DepartureOffice, actor);
    }

    /// <summary>IE018 from the office of destination: written off (IE045) or discrepancies (IE019).</summary>
    public static Result<Movement> ControlResults(Movement movement, bool discrepancies, DateTimeOffset at, string office, string actor) =>
        Step(movement, discrepancies ? "IE019" : "IE045", at, office, actor);

    /// <summary>A released movement past its time limit with no arrival goes to enquiry; otherwise refused.</summary>
    public static Result<Movement> MarkOverdue(Movement movement, DateTimeOffset now, string actor)
    {
        if (movement.State == MovementState.Released && movement.TimeLimit is { } limit && now <= limit)
        {
            return new Failure(TransitErrorCodes.OutOfSequence, string.Create(CultureInfo.InvariantCulture,
                $"Movement {movement.Mrn?.Value} is not overdue: its time limit is {limit:yyyy-MM-ddTHH:mm:ssZ}."));
        }

        return Step(movement, "ENQ", now, movement.DepartureOffice, actor);
    }

    /// <summary>Whether this step gives the reserved guarantee amount back (write-off, cancellation, no release).</summary>
    public static bool ReleasesGuarantee(Movement before, Movement after) =>
        before.HoldsGuarantee && after.State is MovementState.WrittenOff or MovementState.Cancelled or MovementState.NotReleased;

    /// <summary>Refuses a message identification already received from the same sender (functional error 26).</summary>
    public static Failure? Duplicate(IReadOnlySet<string> receivedIds, string sender, string messageId) =>
        receivedIds.Contains(sender + "\n" + messageId)
            ? new Failure(TransitErrorCodes.DuplicateMessage, $"Message identification '{messageId}' from '{sender}' was already received (duplicate).")
            : null;
}
