using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Dapper;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Data.Risk;
using Landsea.Exchange.Storage;
using Landsea.Data.Sharing;
using Landsea.Offices;
using Landsea.Risk;
using Landsea.Shared;
using Landsea.Sharing;
using Landsea.Transit;

namespace Landsea.Data.Transit;

/// <summary>A stored message, in or out, without its body.</summary>
public sealed record TransitMessageSummary(long Id, string Direction, string? MessageType, string Format, string? MessageIdentification, bool Valid, DateTimeOffset At, string Actor);

/// <summary>A movement as lists show it.</summary>
public sealed record MovementSummary(string? Mrn, string Lrn, string HolderId, string DepartureOffice, string DestinationOffice, string State, DateTimeOffset SubmittedAt, DateTimeOffset UpdatedAt);

/// <summary>One movement with its history, messages, guarantee and next step.</summary>
public sealed record MovementView(MovementSummary Movement, string NextStep, string? AmountToCover, string? Grn, DateTimeOffset? TimeLimit,
    IReadOnlyList<MovementTransition> Transitions, IReadOnlyList<TransitMessageSummary> Messages, GuaranteeBalance? Guarantee)
{
    /// <summary>The declared offices of transit, in their order (from the declaration, or the released declaration another node sent).</summary>
    public IReadOnlyList<string> OfficesOfTransit { get; init; } = [];
}

/// <summary>A guarantee's balance (the IE034/IE037 query's answer): reference amount, reserved and available, each with its currency.</summary>
public sealed record GuaranteeBalance(string Grn, string Kind, string HolderId, string ReferenceAmount, string Reserved, string Available);

/// <summary>Filter of the movement list; every part optional. Days are local days of the office of departure, inclusive.</summary>
public sealed record MovementFilter(string? State = null, string? Office = null, DateOnly? From = null, DateOnly? To = null, int Limit = 100);

/// <summary>One movement as a reconciliation between nodes sees it: its state, offices, how many IE001 records it sent and IE019 notices it had.</summary>
public sealed record MovementReconciliation(string Mrn, string State, string DepartureOffice, string DestinationOffice, long AnnouncementsSent, long DiscrepancyNotices);

/// <summary>When a movement reached this node: its row was stored (<paramref name="StoredAt"/>) and the first inbound message of a type came (<paramref name="FirstInboundAt"/>, null when none).</summary>
public sealed record MovementTiming(string Mrn, string State, DateTimeOffset StoredAt, DateTimeOffset? FirstInboundAt);

/// <summary>The result of lodging a message: what the desk decided, and the stored inbound message's id.</summary>
public sealed record TransitLodged(TransitOutcome Outcome, long MessageId);

/// <summary>
/// One lodged message's fate: <c>Applied</c> (its movement is in <paramref name="MovementState"/>), <c>Refused</c> (with
/// <paramref name="Errors"/>), or <c>AwaitingRecord</c> (an arrival at an office that asked the office of departure for the record).
/// </summary>
public sealed record LodgedMessageStatus(long Id, string? MessageType, string? Mrn, string Status, string? MovementState, IReadOnlyList<TransitError> Errors);

/// <summary>
/// The transit tables (migration 0005_transit). <see cref="LodgeAsync"/> keeps every inbound message as received, asks
/// <see cref="TransitDesk"/> what it means for the movement it names, and stores the movement, its transitions, the
/// guarantee and the answers, all in one transaction. Queries take an <see cref="AccessScope"/>: a trader sees only the
/// movements it holds.
/// </summary>
/// <remarks>
/// Office-to-office records (IE001, IE050 on release; IE006, IE018 at destination; IE118 at transit) for another node's
/// offices go out through <paramref name="outbox"/> in the same transaction, when the partner agreement covers their type;
/// each is also kept as an "out" message of the movement. Without an outbox (storage tests) they are only kept.
/// </remarks>
public sealed class TransitStore(NodeDatabase db, TimeProvider time, CustomsNode node, TransitControlSettings control, SharingOutbox? outbox = null, double riskControlScore = 0.2)
{
    public CustomsNode Node => node;

    public TransitAdministration Administration { get; } = TransitAdministration.For(node.Code)
        ?? throw new InvalidOperationException($"Node {node.Code} has no transit administration.");

    /// <summary>
    /// Validates, decides and stores one trader message. When another request stored the same message identification,
    /// or the same holder's LRN, at the same moment (a unique-key violation at commit), decides once more, now seeing that
    /// row: the message is refused as a duplicate (LS542) or its LRN as used (LS543), not answered with an error.
    /// </summary>
    public async Task<TransitLodged> LodgeAsync(byte[] body, AccessScope scope, CancellationToken ct = default)
    {
        try
        {
            return await LodgeOnceAsync(body, scope, ct);
        }
        catch (DbException ex) when (ex is Npgsql.PostgresException { SqlState: "23505" } or Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 })
        {
            return await LodgeOnceAsync(body, scope, ct);
        }
    }

    private async Task<TransitLodged> LodgeOnceAsync(byte[] body, AccessScope scope, CancellationToken ct)
    {
        DateTimeOffset at = time.GetUtcNow();
        TransitCheck check = TransitValidation.Check(body, Administration, at);
        await using DbConnection c = await db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, time, ct);
        NctsMessage? message = check.Message;

        Movement? movement = null;
        NctsMessage? declaration = null;
        Guarantee? guarantee = null;
        long? movementId = null;
        bool duplicate = false;
        if (message is not null && check.IsValid)
        {
            duplicate = await work.Connection.ExecuteScalarAsync<long?>(
                "SELECT message_id FROM transit_message_ids WHERE sender = @sender AND message_identification = @id",
                new { sender = message.MessageSender ?? "", id = message.MessageIdentification ?? "" }, work.Transaction) is not null;
            string holder = message.Root.Text("HolderOfTheTransitProcedure/identificationNumber") ?? scope.TraderId ?? "";
            MovementRow? row = message.Mrn is { } mrn
                ? await work.Connection.QuerySingleOrDefaultAsync<MovementRow>(MovementSelect + " WHERE mrn = @mrn" + ForUpdate(work), new { mrn }, work.Transaction)
                : message.Lrn is { } lrn
                    ? await work.Connection.QuerySingleOrDefaultAsync<MovementRow>(MovementSelect + " WHERE holder_id = @holder AND lrn = @lrn" + ForUpdate(work), new { holder, lrn }, work.Transaction)
                    : null;
            if (row is not null && (scope.TraderId is null || row.HolderId == scope.TraderId))
            {
                (movementId, movement) = (row.Id, await LoadAsync(work, row));
                declaration = await DeclarationAsync(work, row.DeclarationMessageId);
            }

            string? grn = movement?.Grn ?? message.Root.Find("Guarantee")?.Text("GuaranteeReference/GRN");
            guarantee = grn is null ? null : await GuaranteeAsync(work, grn);
        }

        long inbound = await InsertMessageAsync(work, movementId, "in", check.MessageType, NctsReader.Recognise(body)?.ToString() ?? "unknown",
            message?.MessageSender, message?.MessageIdentification, message?.Mrn, check.IsValid, check.Errors, body, at, scope.User);
        Mrn next = message?.MessageType == "CC015C" && check.IsValid && movement is null ? await NextMrnAsync(work, at) : default;
        var ids = new TransitDesk.AnswerIds(() => $"{node.Code}-{inbound}-{Guid.NewGuid():N}"[..35]);
        string office = (message is null ? null : TransitRules.RoutingOffice.TryGetValue(message.MessageType, out string? r) ? message.Root.Text(r + "/referenceNumber") : null)
            ?? movement?.DepartureOffice ?? Corridor.Offices.First(o => o.NodeCode == node.Code).Code;
        // A declaration (IE015) or a presentation (IE170) may be released now: the officers' risk rules are read for it.
        IReadOnlyList<RiskRule>? rules = check.IsValid && message?.MessageType is "CC015C" or "CC170C"
            ? [.. (await RiskStore.CurrentRulesAsync(work)).Select(r => r.Rule)] : null;
        TransitOutcome outcome = TransitDesk.Decide(check, new TransitDesk.Context(movement, declaration, guarantee, duplicate, next,
            control,
            office, scope.User, scope.Role == Role.Trader ? scope.TraderId ?? "" : null, ids, at, Administration, rules, riskControlScore));

        if (outcome.Status == TransitOutcome.Accepted)
        {
            // An arrival waiting for its record (AAR request sent) is accepted with no movement yet: kept, its id counted.
            if (outcome.Movement is { } moved)
            {
                movementId ??= await InsertMovementAsync(work, moved, inbound, at);
                await UpdateMovementAsync(work, movementId.Value, moved, at);
                await work.Connection.ExecuteAsync("UPDATE transit_messages SET movement_id = @movementId, mrn = @mrn WHERE id = @inbound",
                    new { movementId, mrn = moved.Mrn?.Value, inbound }, work.Transaction);
            }

            await work.Connection.ExecuteAsync("INSERT INTO transit_message_ids (sender, message_identification, message_id) VALUES (@sender, @id, @inbound)",
                new { sender = message!.MessageSender ?? "", id = message.MessageIdentification ?? "", inbound }, work.Transaction);
            if (outcome.Guarantee is { } g)
            {
                await SaveGuaranteeAsync(work, g, at);
            }
        }

        if (outcome.Status != TransitOutcome.Accepted && check.IsValid && outcome.Errors.Count > 0)
        {
            // Valid but refused (out of sequence, duplicate, unknown MRN): the reasons stay with the message as received.
            await work.Connection.ExecuteAsync("UPDATE transit_messages SET errors_json = @errors WHERE id = @inbound",
                new { errors = JsonSerializer.Serialize(outcome.Errors), inbound }, work.Transaction);
        }

        Movement? after = outcome.Status == TransitOutcome.Accepted ? outcome.Movement ?? movement : movement;
        var to = new Notice(after?.HolderId ?? (scope.Role == Role.Trader ? scope.TraderId : null), scope.User, inbound,
            after?.Lrn ?? message?.Lrn, after?.State.ToString(), office);
        foreach (TransitAnswer answer in outcome.Answers)
        {
            await InsertAnswerAsync(work, outcome.Status == TransitOutcome.Accepted ? movementId : null, answer, Administration.Recipients.Keys.First(),
                outcome.Movement?.Mrn?.Value, at, "system", to);
        }

        if (outcome.Status == TransitOutcome.Accepted)
        {
            await SendRecordsAsync(work, movementId, outcome.Records, at, ct);
        }

        await work.CommitAsync(ct);
        return new TransitLodged(outcome, inbound);
    }

    /// <summary>An officer's decision on a controlled movement (IE029 or IE051), or the resolution of discrepancies (IE049).</summary>
    public async Task<TransitOutcome?> ActAsync(string mrn, string action, string text, AccessScope scope, CancellationToken ct = default)
    {
        DateTimeOffset at = time.GetUtcNow();
        await using DbConnection c = await db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, time, ct);
        MovementRow? row = await work.Connection.QuerySingleOrDefaultAsync<MovementRow>(MovementSelect + " WHERE mrn = @mrn" + ForUpdate(work), new { mrn }, work.Transaction);
        if (row is null)
        {
            return null;
        }

        Movement movement = await LoadAsync(work, row);
        if (action == "cross")
        {
            // An officer of this node's office of transit: the goods announced by an IE050 crossed; IE118 back to departure.
            TransitOutcome crossed = TransitDesk.Crossing(movement, at, scope.OfficeCode ?? movement.History[^1].Office, scope.User);
            if (crossed.Status == TransitOutcome.Accepted)
            {
                await UpdateMovementAsync(work, row.Id, crossed.Movement!, at);
                await SendRecordsAsync(work, row.Id, crossed.Records, at, ct);
            }

            await work.CommitAsync(ct);
            return crossed;
        }

        NctsMessage declaration = (await DeclarationAsync(work, row.DeclarationMessageId))!;
        Guarantee? guarantee = movement.Grn is null ? null : await GuaranteeAsync(work, movement.Grn);
        var answer = new AnswerContext(Administration.Recipients.Keys.First(), declaration.MessageSender ?? "unknown", at, Administration.TimeZone,
            $"{node.Code}-{row.Id}-{Guid.NewGuid():N}"[..35], null);
        string office = scope.OfficeCode ?? movement.DepartureOffice;
        TransitOutcome outcome = action == "resolve"
            ? TransitDesk.Resolve(movement, declaration, guarantee, answer, office, scope.User)
            : TransitDesk.DecideControl(movement, declaration, guarantee, action == "release", text, answer, office, scope.User, Administration);
        if (outcome.Status == TransitOutcome.Accepted)
        {
            await UpdateMovementAsync(work, row.Id, outcome.Movement!, at);
            if (outcome.Guarantee is { } g)
            {
                await SaveGuaranteeAsync(work, g, at);
            }

            await SendRecordsAsync(work, row.Id, outcome.Records, at, ct);

            var to = new Notice(row.HolderId, null, null, row.Lrn, outcome.Movement!.State.ToString(), office);
            foreach (TransitAnswer a in outcome.Answers)
            {
                await InsertAnswerAsync(work, row.Id, a, answer.Sender, mrn, at, scope.User, to);
            }
        }

        await work.CommitAsync(ct);
        return outcome;
    }

    /// <summary>
    /// Applies an office-to-office record a partner node sent, in the hand-over's unit of work: an IE001 or IE050 opens
    /// this node's record of the movement (Announced; a second announcement of the same MRN changes nothing), an IE006,
    /// IE018 or IE118 moves the movement this node's office of departure holds (IE018: written off with IE045 to the
    /// holder and the guarantee released, or IE019). The record is kept as an "in" message. Refused, with nothing changed
    /// but the kept message, when it is for an office that is not this node's (LS561), its carried message is not valid
    /// (LS560), or the movement is unknown or not in a state that takes it (LS561).
    /// </summary>
    public async Task<TransitOutcome> ApplyRecordAsync(UnitOfWork work, OfficeRecord record, string sender, CancellationToken ct = default)
    {
        DateTimeOffset at = time.GetUtcNow();
        TransitOutcome Refused(string code, string reason) => new(TransitOutcome.Refused, null, null, [], [new("/" + record.Ncts, code, reason)]);
        byte[] body = record.Carried is null ? OfficeRecords.Write(record) : OfficeRecords.CarriedBytes(record);
        MovementRow? row = await work.Connection.QuerySingleOrDefaultAsync<MovementRow>(MovementSelect + " WHERE mrn = @mrn" + ForUpdate(work), new { mrn = record.Mrn }, work.Transaction);
        bool forUs = record.Ncts == OfficeRecord.AarRequest
            ? row is not null && Administration.OwnOffices?.Contains(row.DepartureOffice) == true
            : Administration.OwnOffices?.Contains(record.Office) == true;
        if (!forUs)
        {
            await InsertMessageAsync(work, row?.Id, "in", record.Ncts, "Exchange", sender, null, record.Mrn, false, [], body, at, sender);
            string reason = record.Ncts == OfficeRecord.AarRequest ? $"No office of {node.Code} is the office of departure of movement {record.Mrn}." : $"{record.Office} is not an office of {node.Code}.";
            if (record.Ncts == OfficeRecord.AarRequest)
            {
                await SendRecordsAsync(work, row?.Id, [TransitDesk.AarRefusal(record, reason)], at, ct);
            }

            return Refused(TransitErrorCodes.RecordNotApplicable, reason);
        }

        if (record.Ncts is OfficeRecord.AnticipatedArrival or OfficeRecord.AnticipatedTransit or OfficeRecord.AarResponse)
        {
            if (record.Ncts == OfficeRecord.AarResponse && record.Carried is null)
            {
                // The office of departure gives no record: each arrival that waited for it is refused to its trader (IE056).
                await InsertMessageAsync(work, row?.Id, "in", record.Ncts, "Exchange", sender, null, record.Mrn, true, [], body, at, sender);
                await RefuseWaitingArrivalsAsync(work, record, at);
                return new(TransitOutcome.Accepted, row is null ? null : await LoadAsync(work, row), null, [], []);
            }

            TransitCheck carried = NctsReader.Read(body);
            Result<Movement> announced = carried.IsValid && carried.Message is { } release
                ? TransitLifecycle.Announce(release, record.Ncts, record.At, record.Office, sender)
                : new Failure(TransitErrorCodes.RecordInvalid, $"The {record.Ncts}'s released declaration is not valid: {string.Join("; ", carried.Errors.Take(3).Select(e => e.Reason))}");
            long kept = await InsertMessageAsync(work, row?.Id, "in", record.Ncts, "Exchange", sender, null, record.Mrn, announced.IsValid, [], body, at, sender);
            if (!announced.IsValid)
            {
                return Refused(announced.Failure!.Code, announced.Failure.Reason);
            }

            long id = row?.Id ?? await InsertMovementAsync(work, announced.Value, kept, at);
            if (row is null)
            {
                await UpdateMovementAsync(work, id, announced.Value, at);
                await work.Connection.ExecuteAsync("UPDATE transit_messages SET movement_id = @id WHERE id = @kept", new { id, kept }, work.Transaction);
                // The AAR request this node sent before it held the record becomes the movement's too.
                await work.Connection.ExecuteAsync(
                    "UPDATE transit_messages SET movement_id = @id WHERE mrn = @mrn AND movement_id IS NULL AND direction = 'out' AND message_type = @type",
                    new { id, mrn = record.Mrn, type = OfficeRecord.AarRequest }, work.Transaction);
            }

            MovementRow held = row ?? await work.Connection.QuerySingleAsync<MovementRow>(MovementSelect + " WHERE id = @id", new { id }, work.Transaction);
            return await ArriveWaitingAsync(work, held, at, ct) ?? new(TransitOutcome.Accepted, await LoadAsync(work, held), null, [], []);
        }

        await InsertMessageAsync(work, row?.Id, "in", record.Ncts, "Exchange", sender, null, record.Mrn, row is not null, [], body, at, sender);
        if (row is null)
        {
            return Refused(TransitErrorCodes.RecordNotApplicable, $"This node holds no movement {record.Mrn}.");
        }

        Movement movement = await LoadAsync(work, row);
        NctsMessage declaration = (await DeclarationAsync(work, row.DeclarationMessageId))!;
        Guarantee? guarantee = movement.Grn is null ? null : await GuaranteeAsync(work, movement.Grn);
        var answer = new AnswerContext(Administration.Recipients.Keys.First(), declaration.MessageSender ?? "unknown", at, Administration.TimeZone,
            $"{node.Code}-{row.Id}-{Guid.NewGuid():N}"[..35], null);
        string? releasedXml = record.Ncts == OfficeRecord.AarRequest ? await ReleaseXmlAsync(work, row.Id) : null;
        TransitOutcome outcome = TransitDesk.ApplyRecord(record, movement, declaration, guarantee, answer, sender, releasedXml);
        await SendRecordsAsync(work, row.Id, outcome.Records, at, ct);
        if (outcome.Status == TransitOutcome.Accepted)
        {
            await UpdateMovementAsync(work, row.Id, outcome.Movement!, at);
            if (outcome.Guarantee is { } g)
            {
                await SaveGuaranteeAsync(work, g, at);
            }

            var to = new Notice(row.HolderId, null, null, row.Lrn, outcome.Movement!.State.ToString(), row.DepartureOffice);
            foreach (TransitAnswer a in outcome.Answers)
            {
                await InsertAnswerAsync(work, row.Id, a, answer.Sender, record.Mrn, at, "system", to);
            }
        }

        return outcome;
    }

    /// <summary>Inbound arrival notifications (IE007) accepted while this node held no record of their movement, waiting for it.</summary>
    private const string WaitingArrivals =
        """
        SELECT m.id FROM transit_messages m
        WHERE m.direction = 'in' AND m.message_type = 'CC007C' AND m.mrn = @mrn AND m.movement_id IS NULL AND m.errors_json = '[]'
          AND EXISTS (SELECT 1 FROM transit_message_ids i WHERE i.message_id = m.id)
        ORDER BY m.id
        """;

    /// <summary>
    /// The movement's record came (IE001, IE050 or the IE003 an AAR request asked for): the first arrival notification
    /// that waited for it moves it to Arrived, with the IE043 to the trader and the IE006 back to departure. Null when none waited.
    /// </summary>
    private async Task<TransitOutcome?> ArriveWaitingAsync(UnitOfWork work, MovementRow row, DateTimeOffset at, CancellationToken ct)
    {
        long? waiting = (await work.Connection.QueryAsync<long>(WaitingArrivals, new { mrn = row.Mrn }, work.Transaction)).Cast<long?>().FirstOrDefault();
        if (waiting is not { } id || (await work.Connection.ExecuteScalarAsync<byte[]>("SELECT body FROM transit_messages WHERE id = @id", new { id }, work.Transaction)) is not { } body
            || NctsReader.Read(body) is not { IsValid: true, Message: { } arrival })
        {
            return null;
        }

        Movement movement = await LoadAsync(work, row);
        NctsMessage released = (await DeclarationAsync(work, row.DeclarationMessageId))!;
        string office = arrival.Root.Text("CustomsOfficeOfDestinationActual/referenceNumber") ?? movement.DestinationOffice;
        var answer = new AnswerContext(Administration.Recipients.Keys.First(), arrival.MessageSender ?? "unknown", at, Administration.TimeZone,
            $"{node.Code}-{id}-{Guid.NewGuid():N}"[..35], arrival.MessageIdentification);
        TransitOutcome outcome = TransitDesk.Arrive(movement, released, arrival, answer, office, arrival.MessageSender ?? "trader");
        if (outcome.Status != TransitOutcome.Accepted)
        {
            return null;
        }

        await UpdateMovementAsync(work, row.Id, outcome.Movement!, at);
        await work.Connection.ExecuteAsync("UPDATE transit_messages SET movement_id = @movement WHERE id = @id", new { movement = row.Id, id }, work.Transaction);
        var to = new Notice(row.HolderId, await LodgedByAsync(work, id), id, row.Lrn, outcome.Movement!.State.ToString(), office);
        foreach (TransitAnswer a in outcome.Answers)
        {
            await InsertAnswerAsync(work, row.Id, a, answer.Sender, row.Mrn, at, "system", to);
        }

        await SendRecordsAsync(work, row.Id, outcome.Records, at, ct);
        return outcome;
    }

    /// <summary>The office of departure gave no record (IE003 with a reason): every arrival that waited for it gets an IE056 with that reason.</summary>
    private async Task RefuseWaitingArrivalsAsync(UnitOfWork work, OfficeRecord refusal, DateTimeOffset at)
    {
        foreach (long id in (await work.Connection.QueryAsync<long>(WaitingArrivals, new { mrn = refusal.Mrn }, work.Transaction)).ToList())
        {
            byte[] body = (await work.Connection.ExecuteScalarAsync<byte[]>("SELECT body FROM transit_messages WHERE id = @id", new { id }, work.Transaction))!;
            if (NctsReader.Read(body) is not { IsValid: true, Message: { } arrival })
            {
                continue;
            }

            TransitError[] errors = [new("/ncts:CC007C/TransitOperation/MRN", TransitErrorCodes.UnknownMovement, $"The office of departure gives no record of movement {refusal.Mrn}: {refusal.Remarks}")];
            var answer = new AnswerContext(Administration.Recipients.Keys.First(), arrival.MessageSender ?? "unknown", at, Administration.TimeZone,
                $"{node.Code}-{id}-{Guid.NewGuid():N}"[..35], arrival.MessageIdentification);
            System.Xml.Linq.XDocument ie056 = NctsAnswers.Ie056(answer, arrival, "007", errors, Mrn.Parse(refusal.Mrn) is { IsValid: true } m ? m.Value : null);
            await work.Connection.ExecuteAsync("UPDATE transit_messages SET errors_json = @errors WHERE id = @id", new { errors = JsonSerializer.Serialize(errors), id }, work.Transaction);
            string office = arrival.Root.Text("CustomsOfficeOfDestinationActual/referenceNumber") ?? refusal.Office;
            await InsertAnswerAsync(work, null, new TransitAnswer("IE056", ie056), answer.Sender, refusal.Mrn, at, "system",
                new Notice(null, await LodgedByAsync(work, id), id, null, null, office));
        }
    }

    /// <summary>The movement's release (the CC029C it sent), which an IE003 gives to an office that asked for the record.</summary>
    private static async Task<string?> ReleaseXmlAsync(UnitOfWork work, long movementId) =>
        await work.Connection.ExecuteScalarAsync<byte[]>(
            "SELECT body FROM transit_messages WHERE movement_id = @movementId AND direction = 'out' AND message_type = 'CC029C' ORDER BY id DESC LIMIT 1",
            new { movementId }, work.Transaction) is { } body ? Encoding.UTF8.GetString(body) : null;

    /// <summary>Keeps each office-to-office record as an "out" message of the movement and sends it to its office's node when agreed.</summary>
    private async Task SendRecordsAsync(UnitOfWork work, long? movementId, IReadOnlyList<OfficeRecord> records, DateTimeOffset at, CancellationToken ct)
    {
        foreach (OfficeRecord record in records)
        {
            if (OfficeRecords.Plan(record, node) is not { } planned)
            {
                continue;
            }

            bool sent = outbox is not null && await outbox.SendIfAgreedAsync(work, planned, ct);
            await InsertMessageAsync(work, movementId, "out", record.Ncts, "Exchange", node.Code, null, record.Mrn, true, [], planned.Payload, at,
                sent ? planned.Recipient : $"{planned.Recipient} (not sent: no agreement)");
        }
    }

    /// <summary>
    /// Puts every released movement past its time limit into enquiry (the overdue sweep an officer or a scheduled job
    /// runs); returns the MRNs moved.
    /// </summary>
    public async Task<IReadOnlyList<string>> MarkOverdueAsync(AccessScope scope, CancellationToken ct = default)
    {
        DateTimeOffset at = time.GetUtcNow();
        await using DbConnection c = await db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, time, ct);
        List<MovementRow> rows = [.. await work.Connection.QueryAsync<MovementRow>(MovementSelect + " WHERE state = @state AND time_limit < @at" + ForUpdate(work),
            new { state = nameof(MovementState.Released), at = StoredTime.Iso(at) }, work.Transaction)];
        var moved = new List<string>();
        foreach (MovementRow row in rows)
        {
            Result<Movement> overdue = TransitLifecycle.MarkOverdue(await LoadAsync(work, row), at, scope.User);
            if (overdue.IsValid)
            {
                await UpdateMovementAsync(work, row.Id, overdue.Value, at);
                moved.Add(row.Mrn!);
            }
        }

        await work.CommitAsync(ct);
        return moved;
    }

    // ---- guarantees ----

    /// <summary>Registers a guarantee (an officer of the office of guarantee does this); refused when the GRN exists.</summary>
    public async Task<Result<Guarantee>> RegisterGuaranteeAsync(Guarantee guarantee, CancellationToken ct = default)
    {
        DateTimeOffset at = time.GetUtcNow();
        await using DbConnection c = await db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, time, ct);
        if (await GuaranteeAsync(work, guarantee.Grn) is not null)
        {
            return new Failure(TransitErrorCodes.GuaranteeReferenceInvalid, $"Guarantee {guarantee.Grn} is already registered.");
        }

        await work.Connection.ExecuteAsync(
            """
            INSERT INTO transit_guarantees (grn, kind, holder_id, access_code, currency, reference_amount, reserved_amount, registered_at, updated_at)
            VALUES (@Grn, @kind, @HolderId, @AccessCode, @currency, @reference, @reserved, @at, @at)
            """,
            new { guarantee.Grn, kind = guarantee.Kind.ToString(), guarantee.HolderId, guarantee.AccessCode, currency = guarantee.ReferenceAmount.Currency.Value,
                reference = Amount(guarantee.ReferenceAmount), reserved = Amount(guarantee.Reserved), at = StoredTime.Iso(at) }, work.Transaction);
        await work.CommitAsync(ct);
        return guarantee;
    }

    /// <summary>The balance of a guarantee the scope may see (its holder, or officers and auditors); null otherwise.</summary>
    public async Task<GuaranteeBalance?> BalanceAsync(string grn, AccessScope scope, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, time, ct);
        Guarantee? g = await GuaranteeAsync(work, grn, toChange: false);
        return g is null || !(scope.SeesAll || (scope.Role == Role.Trader && scope.TraderId == g.HolderId)) ? null
            : new GuaranteeBalance(g.Grn, g.Kind.ToString(), g.HolderId, g.ReferenceAmount.ToString(), g.Reserved.ToString(), g.Available.ToString());
    }

    // ---- queries ----

    /// <summary>Movements the scope may see, newest first.</summary>
    public async Task<IReadOnlyList<MovementSummary>> ListAsync(AccessScope scope, MovementFilter filter, CancellationToken ct = default)
    {
        if (!Sees(scope))
        {
            return [];
        }

        var where = new List<string>();
        var args = new DynamicParameters();
        if (!scope.SeesAll)
        {
            where.Add("holder_id = @trader");
            args.Add("trader", scope.TraderId);
        }

        if (filter.State is { Length: > 0 } state)
        {
            where.Add("state = @state");
            args.Add("state", state);
        }

        if (filter.Office is { Length: > 0 } office)
        {
            where.Add("(departure_office = @office OR destination_office = @office)");
            args.Add("office", office);
        }

        if (filter.From is not null || filter.To is not null)
        {
            where.Add(LocalDays.Range("departure_office", "submitted_at", filter.From, filter.To, args));
        }

        args.Add("limit", Math.Clamp(filter.Limit, 1, 500));
        await using DbConnection c = await db.OpenAsync(ct);
        IEnumerable<MovementRow> rows = await c.QueryAsync<MovementRow>(
            MovementSelect + (where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where)) + " ORDER BY submitted_at DESC, id DESC LIMIT @limit", args);
        return [.. rows.Select(Summary)];
    }

    /// <summary>One movement by MRN, when the scope may see it.</summary>
    public async Task<MovementView?> FindAsync(string mrn, AccessScope scope, CancellationToken ct = default)
    {
        if (!Sees(scope))
        {
            return null;
        }

        await using DbConnection c = await db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, time, ct);
        MovementRow? row = await c.QuerySingleOrDefaultAsync<MovementRow>(MovementSelect + " WHERE mrn = @mrn", new { mrn }, work.Transaction);
        if (row is null || (!scope.SeesAll && row.HolderId != scope.TraderId))
        {
            return null;
        }

        Movement movement = await LoadAsync(work, row);
        IEnumerable<MessageRow> messages = await c.QueryAsync<MessageRow>(
            "SELECT id AS Id, direction AS Direction, message_type AS MessageType, format AS Format, message_identification AS MessageIdentification, CAST(CASE WHEN valid THEN 1 ELSE 0 END AS BIGINT) AS Valid, at AS At, actor AS Actor FROM transit_messages WHERE movement_id = @id ORDER BY id",
            new { id = row.Id }, work.Transaction);
        Guarantee? g = movement.Grn is null ? null : await GuaranteeAsync(work, movement.Grn, toChange: false);
        NctsMessage? declaration = await DeclarationAsync(work, row.DeclarationMessageId);
        return new MovementView(Summary(row), movement.NextStep, movement.AmountToCover?.ToString(), movement.Grn, movement.TimeLimit, movement.History,
            [.. messages.Select(m => new TransitMessageSummary(m.Id, m.Direction, m.MessageType, m.Format, m.MessageIdentification, m.Valid != 0, DateTimeOffset.Parse(m.At, CultureInfo.InvariantCulture), m.Actor))],
            g is null ? null : new GuaranteeBalance(g.Grn, g.Kind.ToString(), g.HolderId, g.ReferenceAmount.ToString(), g.Reserved.ToString(), g.Available.ToString()))
        {
            OfficesOfTransit = declaration is null ? [] : OfficeRecords.OfficesOfTransit(declaration),
        };
    }

    /// <summary>
    /// What became of one message a trader lodged (the id the lodging answered with, header X-Transit-Message): applied to
    /// its movement, refused with its errors (then or later, as when the office of departure gives no record for an
    /// arrival), or still waiting for the movement's record from another node. Null when the scope may not see it: a
    /// trader sees the messages its own account lodged.
    /// </summary>
    public async Task<LodgedMessageStatus?> MessageStatusAsync(long id, AccessScope scope, CancellationToken ct = default)
    {
        if (!Sees(scope))
        {
            return null;
        }

        await using DbConnection c = await db.OpenAsync(ct);
        StatusRow? row = await c.QuerySingleOrDefaultAsync<StatusRow>(
            """
            SELECT m.id AS Id, m.message_type AS MessageType, m.mrn AS Mrn, m.errors_json AS Errors, m.actor AS Actor, v.state AS State,
                   CAST(CASE WHEN EXISTS (SELECT 1 FROM transit_message_ids i WHERE i.message_id = m.id) THEN 1 ELSE 0 END AS BIGINT) AS Accepted
            FROM transit_messages m LEFT JOIN transit_movements v ON v.id = m.movement_id
            WHERE m.id = @id AND m.direction = 'in' AND m.format <> 'Exchange'
            """, new { id });
        if (row is null || (!scope.SeesAll && row.Actor != scope.User))
        {
            return null;
        }

        List<TransitError> errors = JsonSerializer.Deserialize<List<TransitError>>(row.Errors) ?? [];
        string status = errors.Count > 0 || row.Accepted == 0 ? "Refused" : row.State is null ? "AwaitingRecord" : "Applied";
        return new LodgedMessageStatus(row.Id, row.MessageType, row.Mrn, status, row.State, errors);
    }

    /// <summary>The body of a stored message of a movement the scope may see (messages in and out, as received or written).</summary>
    public async Task<byte[]?> MessageBodyAsync(string mrn, long messageId, AccessScope scope, CancellationToken ct = default)
    {
        if (await FindAsync(mrn, scope, ct) is null)
        {
            return null;
        }

        await using DbConnection c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<byte[]?>(
            "SELECT m.body FROM transit_messages m JOIN transit_movements v ON v.id = m.movement_id WHERE m.id = @messageId AND v.mrn = @mrn", new { messageId, mrn });
    }

    /// <summary>
    /// Every movement with an MRN and the IE001 records it sent, for comparing a departure's store with the destinations'
    /// (the demo's lost check): no scope, an operator's read of the node's own database.
    /// </summary>
    public async Task<IReadOnlyList<MovementReconciliation>> ReconcileAsync(CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        return [.. await c.QueryAsync<MovementReconciliation>(new CommandDefinition(
            """
            SELECT v.mrn AS Mrn, v.state AS State, v.departure_office AS DepartureOffice, v.destination_office AS DestinationOffice,
                   (SELECT COUNT(*) FROM transit_messages m WHERE m.movement_id = v.id AND m.direction = 'out' AND m.message_type = 'IE001') AS AnnouncementsSent,
                   (SELECT COUNT(*) FROM transit_transitions t WHERE t.movement_id = v.id AND t.message = 'IE019') AS DiscrepancyNotices
            FROM transit_movements v WHERE v.mrn IS NOT NULL ORDER BY v.id
            """, cancellationToken: ct))];
    }

    /// <summary>How many movements this node holds in <paramref name="state"/>: an operator's read (the end-to-end benchmark polls it).</summary>
    public async Task<long> CountAsync(MovementState state, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM transit_movements WHERE state = @state", new { state = state.ToString() }, cancellationToken: ct));
    }

    /// <summary>
    /// Every movement with an MRN: when its row was stored here (at departure, when the IE015 came) and when the first
    /// inbound message of <paramref name="inboundType"/> reached it (at a destination, the IE001). An operator's read.
    /// </summary>
    public async Task<IReadOnlyList<MovementTiming>> TimingsAsync(string inboundType, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        IEnumerable<(string Mrn, string State, string StoredAt, string? FirstAt)> rows = await c.QueryAsync<(string, string, string, string?)>(new CommandDefinition(
            """
            SELECT v.mrn, v.state, v.submitted_at,
                   (SELECT MIN(m.at) FROM transit_messages m WHERE m.movement_id = v.id AND m.direction = 'in' AND m.message_type = @inboundType)
            FROM transit_movements v WHERE v.mrn IS NOT NULL ORDER BY v.id
            """, new { inboundType }, cancellationToken: ct));
        return [.. rows.Select(r => new MovementTiming(r.Mrn, r.State, Instant(r.StoredAt), r.FirstAt is null ? null : Instant(r.FirstAt)))];
    }

    private static bool Sees(AccessScope scope) => scope.SeesAll || (scope.Role == Role.Trader && scope.TraderId is not null);

    // ---- rows ----

    private const string MovementSelect =
        "SELECT id AS Id, lrn AS Lrn, mrn AS Mrn, holder_id AS HolderId, departure_office AS DepartureOffice, destination_office AS DestinationOffice, state AS State, amount_to_cover AS AmountToCover, currency AS Currency, grn AS Grn, access_code AS AccessCode, submitted_at AS SubmittedAt, time_limit AS TimeLimit, updated_at AS UpdatedAt, declaration_message_id AS DeclarationMessageId FROM transit_movements";

    private static MovementSummary Summary(MovementRow r) => new(r.Mrn, r.Lrn, r.HolderId, r.DepartureOffice, r.DestinationOffice, r.State, Instant(r.SubmittedAt), Instant(r.UpdatedAt));

    private static DateTimeOffset Instant(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static string Amount(Money m) => m.Amount.ToString(CultureInfo.InvariantCulture);

    private static async Task<Movement> LoadAsync(UnitOfWork work, MovementRow r)
    {
        IEnumerable<TransitionRow> rows = await work.Connection.QueryAsync<TransitionRow>(
            "SELECT from_state AS FromState, to_state AS ToState, message AS Message, at AS At, office AS Office, actor AS Actor FROM transit_transitions WHERE movement_id = @id ORDER BY seq",
            new { id = r.Id }, work.Transaction);
        Money? amount = r.AmountToCover is { } a && r.Currency is { } cur
            ? new Money(decimal.Parse(a, CultureInfo.InvariantCulture), CurrencyCode.Parse(cur).Value) : null;
        return new Movement(r.Lrn, r.Mrn is null ? null : Mrn.Parse(r.Mrn).Value, r.HolderId, r.DepartureOffice, r.DestinationOffice,
            Enum.Parse<MovementState>(r.State), amount, r.Grn, r.AccessCode, Instant(r.SubmittedAt), r.TimeLimit is null ? null : Instant(r.TimeLimit),
            [.. rows.Select(t => new MovementTransition(Enum.Parse<MovementState>(t.FromState), Enum.Parse<MovementState>(t.ToState), t.Message, Instant(t.At), t.Office, t.Actor))]);
    }

    private static async Task<NctsMessage?> DeclarationAsync(UnitOfWork work, long messageId)
    {
        byte[]? body = await work.Connection.ExecuteScalarAsync<byte[]?>("SELECT body FROM transit_messages WHERE id = @messageId", new { messageId }, work.Transaction);
        return body is null ? null : NctsReader.Read(body).Message;
    }

    /// <summary>
    /// On PostgreSQL, a row read to be changed in the same transaction is locked (<c>FOR UPDATE</c>): two transactions that
    /// both reserve on one comprehensive guarantee, or both move one movement, take turns instead of each writing over the
    /// other's change. SQLite transactions begin with the write lock (<c>BEGIN IMMEDIATE</c>), so they take turns already.
    /// </summary>
    private static string ForUpdate(UnitOfWork work) => work.Dialect == SqlDialect.Postgres ? " FOR UPDATE" : "";

    private static async Task<Guarantee?> GuaranteeAsync(UnitOfWork work, string grn, bool toChange = true)
    {
        GuaranteeRow? g = await work.Connection.QuerySingleOrDefaultAsync<GuaranteeRow>(
            "SELECT grn AS Grn, kind AS Kind, holder_id AS HolderId, access_code AS AccessCode, currency AS Currency, reference_amount AS ReferenceAmount, reserved_amount AS ReservedAmount FROM transit_guarantees WHERE grn = @grn"
            + (toChange ? ForUpdate(work) : ""),
            new { grn }, work.Transaction);
        if (g is null)
        {
            return null;
        }

        CurrencyCode currency = CurrencyCode.Parse(g.Currency).Value;
        return new Guarantee(g.Grn, Enum.Parse<GuaranteeKind>(g.Kind), g.HolderId, g.AccessCode,
            new Money(decimal.Parse(g.ReferenceAmount, CultureInfo.InvariantCulture), currency), new Money(decimal.Parse(g.ReservedAmount, CultureInfo.InvariantCulture), currency));
    }

    private static async Task SaveGuaranteeAsync(UnitOfWork work, Guarantee g, DateTimeOffset at) =>
        await work.Connection.ExecuteAsync("UPDATE transit_guarantees SET reserved_amount = @reserved, updated_at = @at WHERE grn = @Grn",
            new { g.Grn, reserved = Amount(g.Reserved), at = StoredTime.Iso(at) }, work.Transaction);

    private async Task<Mrn> NextMrnAsync(UnitOfWork work, DateTimeOffset at)
    {
        // Serial: the node's code letters after the country ("CQI" for CNCQI) and a nine-digit counter per year.
        int year = at.UtcDateTime.Year;
        string prefix = string.Create(CultureInfo.InvariantCulture, $"{year % 100:00}{node.Country}{node.Code[2..]}J");
        long serial = await work.Connection.ExecuteScalarAsync<long>(
            "INSERT INTO transit_mrn_counters (prefix, next_serial) VALUES (@prefix, 2) ON CONFLICT (prefix) DO UPDATE SET next_serial = transit_mrn_counters.next_serial + 1 RETURNING next_serial - 1",
            new { prefix }, work.Transaction);
        return Mrn.Create(year, node.Country, node.Code[2..] + serial.ToString("D9", CultureInfo.InvariantCulture), 'J').OrThrow();
    }

    private static Task<long> InsertMovementAsync(UnitOfWork work, Movement m, long declarationMessageId, DateTimeOffset at) =>
        work.Connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO transit_movements (lrn, mrn, holder_id, departure_office, destination_office, state, amount_to_cover, currency, grn, access_code, submitted_at, time_limit, updated_at, declaration_message_id)
            VALUES (@Lrn, @mrn, @HolderId, @DepartureOffice, @DestinationOffice, @state, @amount, @currency, @Grn, @AccessCode, @submitted, @limit, @at, @declarationMessageId) RETURNING id
            """,
            new
            {
                m.Lrn, mrn = m.Mrn?.Value, m.HolderId, m.DepartureOffice, m.DestinationOffice, state = m.State.ToString(),
                amount = m.AmountToCover is { } a ? Amount(a) : null, currency = m.AmountToCover?.Currency.Value, m.Grn, m.AccessCode,
                submitted = StoredTime.Iso(m.Submitted), limit = m.TimeLimit is { } l ? StoredTime.Iso(l) : null, at = StoredTime.Iso(at), declarationMessageId,
            }, work.Transaction);

    /// <summary>Writes the movement's state and appends the transitions not stored yet.</summary>
    private static async Task UpdateMovementAsync(UnitOfWork work, long id, Movement m, DateTimeOffset at)
    {
        await work.Connection.ExecuteAsync("UPDATE transit_movements SET state = @state, mrn = @mrn, updated_at = @at WHERE id = @id",
            new { id, state = m.State.ToString(), mrn = m.Mrn?.Value, at = StoredTime.Iso(at) }, work.Transaction);
        long stored = await work.Connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM transit_transitions WHERE movement_id = @id", new { id }, work.Transaction);
        for (int seq = (int)stored; seq < m.History.Count; seq++)
        {
            MovementTransition t = m.History[seq];
            await work.Connection.ExecuteAsync(
                "INSERT INTO transit_transitions (movement_id, seq, from_state, to_state, message, at, office, actor) VALUES (@id, @seq, @from, @to, @Message, @at, @Office, @Actor)",
                new { id, seq, from = t.From.ToString(), to = t.To.ToString(), t.Message, at = StoredTime.Iso(t.At), t.Office, t.Actor }, work.Transaction);
        }
    }

    private static Task<long> InsertMessageAsync(UnitOfWork work, long? movementId, string direction, string? type, string format, string? sender, string? id, string? mrn,
        bool valid, IReadOnlyList<TransitError> errors, byte[] body, DateTimeOffset at, string actor) =>
        work.Connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO transit_messages (movement_id, direction, message_type, format, sender, message_identification, mrn, valid, errors_json, body, at, actor)
            VALUES (@movementId, @direction, @type, @format, @sender, @id, @mrn, @valid, @errors, @body, @at, @actor) RETURNING id
            """,
            new { movementId, direction, type, format, sender, id, mrn, valid, errors = JsonSerializer.Serialize(errors), body, at = StoredTime.Iso(at), actor }, work.Transaction);

    /// <summary>
    /// Who a message sent to a trader is for, in the notification feed: the movement's holder, and the account whose
    /// lodged message (<paramref name="InReplyTo"/>) it answers; with the movement's LRN and state after it, and the office.
    /// </summary>
    private sealed record Notice(string? Holder, string? Account, long? InReplyTo, string? Lrn, string? State, string Office);

    /// <summary>
    /// Keeps a message the node sends to a trader (an "out" NCTS message) and puts it in the notification feed, in the
    /// same transaction, under the next cursor of the one feed (<see cref="NotificationFeed.NextCursorAsync"/>).
    /// </summary>
    private static async Task<long> InsertAnswerAsync(UnitOfWork work, long? movementId, TransitAnswer answer, string sender, string? mrn, DateTimeOffset at, string actor, Notice to)
    {
        string type = "CC" + answer.Type[2..] + "C";
        long id = await InsertMessageAsync(work, movementId, "out", type, "Xml", sender, answer.Xml.Root?.Element("messageIdentification")?.Value, mrn, true, [],
            Encoding.UTF8.GetBytes(answer.Xml.ToString()), at, actor);
        long cursor = await NotificationFeed.NextCursorAsync(work);
        await work.Connection.ExecuteAsync(
            """
            INSERT INTO transit_notifications (id, message_id, in_reply_to, movement_id, mrn, lrn, message_type, state, holder_id, account, office_code, at)
            VALUES (@cursor, @id, @InReplyTo, @movementId, @mrn, @Lrn, @type, @State, @holder, @Account, @Office, @at)
            """,
            new { cursor, id, to.InReplyTo, movementId, mrn, to.Lrn, type, to.State, holder = to.Holder?.ToUpperInvariant(), to.Account, to.Office, at = StoredTime.Iso(at) },
            work.Transaction);
        return id;
    }

    /// <summary>The account that lodged a stored inbound message.</summary>
    private static Task<string?> LodgedByAsync(UnitOfWork work, long messageId) =>
        work.Connection.ExecuteScalarAsync<string?>("SELECT actor FROM transit_messages WHERE id = @messageId", new { messageId }, work.Transaction);

    private sealed record MovementRow(long Id, string Lrn, string? Mrn, string HolderId, string DepartureOffice, string DestinationOffice, string State, string? AmountToCover,
        string? Currency, string? Grn, string? AccessCode, string SubmittedAt, string? TimeLimit, string UpdatedAt, long DeclarationMessageId);

    private sealed record StatusRow(long Id, string? MessageType, string? Mrn, string Errors, string Actor, string? State, long Accepted);

    private sealed record TransitionRow(string FromState, string ToState, string Message, string At, string Office, string Actor);

    private sealed record MessageRow(long Id, string Direction, string? MessageType, string Format, string? MessageIdentification, long Valid, string At, string Actor);

    private sealed record GuaranteeRow(string Grn, string Kind, string HolderId, string AccessCode, string Currency, string ReferenceAmount, string ReservedAmount);
}
