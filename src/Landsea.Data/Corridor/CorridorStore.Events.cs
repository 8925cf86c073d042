using System.Data.Common;
using System.Text.Json;
using Dapper;
using Landsea.CorridorSupervision;
using Landsea.Data.Declarations;
using Landsea.Exchange.Storage;
using Landsea.Shared;

namespace Landsea.Data.CorridorSupervision;

public sealed partial class CorridorStore
{
    private const string EventColumns = """
        corridor_events (event_id, consignment_id, event_type, classifier, type_code, event_at, created_at, equipment_reference,
            transport_document, locode, office_code, source, retracts_event_id, seals, body, received_at)
        """;

    private const string EventSelect = """
        SELECT seq AS Seq, event_id AS EventId, consignment_id AS ConsignmentId, event_type AS EventType, classifier AS Classifier,
            type_code AS TypeCode, event_at AS EventAt, created_at AS CreatedAt, equipment_reference AS EquipmentReference,
            transport_document AS TransportDocument, locode AS Locode, office_code AS OfficeCode, source AS Source,
            retracts_event_id AS RetractsEventId, seals AS Seals, body AS Body
        FROM corridor_events
        """;

    /// <summary>
    /// Ingests carrier events (each a DCSA 2.2 event as JSON text) in one transaction: read and schema-checked, joined to
    /// their consignment by equipment or transport document, stored; a refused event is kept as received in
    /// <c>corridor_refused_events</c> with its first fault and changes no timeline. An eventID received before with the
    /// same body is accepted again without a second row.
    /// </summary>
    public async Task<IReadOnlyList<IngestOutcome>> IngestAsync(IReadOnlyList<string> bodies, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(bodies);
        DateTimeOffset now = time.GetUtcNow();
        var outcomes = new IngestOutcome[bodies.Count];
        var read = new ReceivedEvent?[bodies.Count];
        // Reading and the schema check are pure and the costly part: spread over the cores, in place by index.
        Parallel.For(0, bodies.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            if (bodies[i].Length > CarrierEvents.MaxBytes)
            {
                outcomes[i] = new IngestOutcome(i, null, null, [new EventFault(CorridorErrorCodes.EventMalformed, "/", $"an event is at most {CarrierEvents.MaxBytes} bytes.")]);
                return;
            }

            Result<ReceivedEvent> r = CarrierEvents.Read(bodies[i], now, out IReadOnlyList<EventFault> faults);
            if (r.IsValid)
            {
                read[i] = r.Value;
            }
            else
            {
                outcomes[i] = new IngestOutcome(i, null, null, faults.Count > 0 ? faults : [new EventFault(r.Failure!.Code, "/", r.Failure.Reason)]);
            }
        });

        await using DbConnection conn = await db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(conn, time, ct);
        var byEquipment = new Dictionary<string, string?>(StringComparer.Ordinal);
        var byDocument = new Dictionary<string, Consignment?>(StringComparer.Ordinal);
        var consignments = new Dictionary<string, Consignment?>(StringComparer.Ordinal);
        var accepted = new List<CorridorEvent>();
        var seen = new Dictionary<Guid, string>();
        var retractedInBatch = new HashSet<Guid>();
        string receivedAt = StoredTime.Iso(now);

        // Events named again by id: one query for the batch.
        Guid[] given = [.. read.Where(r => r?.EventId is not null).Select(r => r!.EventId!.Value).Distinct()];
        var stored = new Dictionary<Guid, string>();
        foreach (Guid[] chunk in given.Chunk(500))
        {
            string among = work.Dialect == SqlDialect.Postgres ? "= ANY(@ids)" : "IN @ids";
            foreach ((string id, string body) in await conn.QueryAsync<(string, string)>(new CommandDefinition(
                $"SELECT event_id, body FROM corridor_events WHERE event_id {among}", new { ids = chunk.Select(g => g.ToString()).ToArray() }, work.Transaction, cancellationToken: ct)))
            {
                stored[Guid.Parse(id)] = body;
            }
        }

        await PreloadAsync(work, read, byDocument, byEquipment, consignments, ct);
        for (int i = 0; i < bodies.Count; i++)
        {
            if (read[i] is not { } e)
            {
                continue;
            }

            Consignment? c = null;
            EventFault? fault = null;
            if (e.TransportDocumentReference is { } doc)
            {
                if (!byDocument.TryGetValue(doc, out c))
                {
                    string? id = await conn.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
                        "SELECT id FROM corridor_consignments WHERE transport_document = @doc ORDER BY created_at DESC", new { doc }, work.Transaction, cancellationToken: ct));
                    c = id is null ? null : await CachedAsync(conn, work.Transaction, consignments, id, ct);
                    byDocument[doc] = c;
                }

                if (c is null)
                {
                    fault = new EventFault(CorridorErrorCodes.EventUnknownConsignment, e.EventType == DcsaSchema.Shipment ? "/documentID" : "/documentReferences",
                        $"transport document {doc} is not a consignment this node supervises.");
                }
                else if (e.EquipmentReference is { } eq && !c.Carries(eq))
                {
                    fault = new EventFault(CorridorErrorCodes.EventUnknownEquipment, "/equipmentReference", $"{eq} is not a container of consignment {c.Id} (transport document {doc}).");
                }
            }
            else if (e.EquipmentReference is { } eq)
            {
                if (!byEquipment.TryGetValue(eq, out string? id))
                {
                    id = await conn.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
                        "SELECT consignment_id FROM corridor_equipment WHERE equipment_reference = @eq ORDER BY created_at DESC", new { eq }, work.Transaction, cancellationToken: ct));
                    byEquipment[eq] = id;
                }

                c = id is null ? null : await CachedAsync(conn, work.Transaction, consignments, id, ct);
                if (c is null)
                {
                    fault = new EventFault(CorridorErrorCodes.EventUnknownEquipment, "/equipmentReference", $"{eq} is not a container of any consignment this node supervises.");
                }
            }
            else
            {
                fault = new EventFault(CorridorErrorCodes.EventUnknownConsignment, "/documentReferences",
                    "the event names no transport document (documentReferences TRD/BKG) and no equipmentReference: it joins no consignment.");
            }

            Guid eventId = e.EventId ?? Guid.CreateVersion7(now);
            string body = e.Json.ToJsonString();
            if (fault is null && e.EventId is not null && (stored.TryGetValue(eventId, out string? before) || seen.TryGetValue(eventId, out before)))
            {
                if (before == body || (seen.ContainsKey(eventId) && seen[eventId] == body))
                {
                    outcomes[i] = new IngestOutcome(i, eventId, c!.Id, []);
                    continue;
                }

                fault = new EventFault(CorridorErrorCodes.EventIdConflict, "/eventID", $"event {eventId} was received before with other content; send a new event that retracts it.");
            }

            if (fault is null && e.RetractsEventId is { } retracts)
            {
                fault = await CheckRetractionAsync(conn, work.Transaction, retracts, c!.Id, retractedInBatch, accepted, ct);
            }

            if (fault is not null)
            {
                outcomes[i] = new IngestOutcome(i, null, c?.Id, [fault]);
                continue;
            }

            if (e.EventId is null)
            {
                e.Json["eventID"] = eventId.ToString();
                body = e.Json.ToJsonString();
            }

            var ev = new CorridorEvent(eventId, c!.Id, e.EventType, e.Classifier, e.TypeCode, e.EventDateTime, e.CreatedDateTime, e.EquipmentReference,
                c.TransportDocumentReference, e.Locode, OfficeAt(e.Locode), CustomsEvents.Carrier, e.RetractsEventId, e.Seals, body);
            accepted.Add(ev);
            seen[eventId] = body;
            if (e.RetractsEventId is { } r2)
            {
                retractedInBatch.Add(r2);
            }

            outcomes[i] = new IngestOutcome(i, eventId, c.Id, []);
        }

        await InsertEventsAsync(work, accepted, receivedAt);
        List<object?[]> refused = [.. outcomes.Where(o => !o.Accepted).Select(o => new object?[] { receivedAt, o.Faults[0].Code, o.Faults[0].Pointer, Cap(o.Faults[0].Reason), bodies[o.Index] })];
        await PositionalRows.InsertAsync(work, "corridor_refused_events (received_at, code, pointer, reason, body)", refused);
        await work.CommitAsync(ct);
        return outcomes;
    }

    /// <summary>The store part of an unvalidated insert of the same bodies (the bench's baseline): one row each, no reading.</summary>
    public async Task StoreUncheckedAsync(IReadOnlyList<string> bodies, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(bodies);
        await using DbConnection conn = await db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(conn, time, ct);
        string at = StoredTime.Iso(time.GetUtcNow());
        await PositionalRows.InsertAsync(work, "corridor_refused_events (received_at, code, pointer, reason, body)", [.. bodies.Select(b => new object?[] { at, "-", "-", "baseline", b })]);
        await work.CommitAsync(ct);
    }

    /// <summary>Records a customs event at an office (released, held, crossing, arrival, departure, inspection, transfer).</summary>
    public async Task<Result<CorridorEvent>> RecordCustomsAsync(string consignmentId, CustomsEventKind kind, string officeCode, DateTimeOffset at,
        string? equipment = null, string? remark = null, CancellationToken ct = default)
    {
        await using DbConnection conn = await db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(conn, time, ct);
        if (await FindAsync(conn, work.Transaction, consignmentId, ct) is not { } c)
        {
            return Result<CorridorEvent>.Fail(CorridorErrorCodes.ConsignmentUnknown, $"consignment {consignmentId} is not supervised by this node.");
        }

        if (PlaceOfOffice(officeCode) is not { } place)
        {
            return Result<CorridorEvent>.Fail(CorridorErrorCodes.OfficeUnknown, $"/officeCode: {officeCode} is not a Landsea office.");
        }

        if (equipment is not null && !c.Carries(equipment))
        {
            return Result<CorridorEvent>.Fail(CorridorErrorCodes.EventUnknownEquipment, $"/equipmentReference: {equipment} is not a container of consignment {c.Id}.");
        }

        DateTimeOffset now = time.GetUtcNow();
        if (at > now + CarrierEvents.AllowedSkew)
        {
            return Result<CorridorEvent>.Fail(CorridorErrorCodes.EventFuture, $"/at: {at:O} lies in the future.");
        }

        CorridorEvent e = CustomsEvents.Of(Guid.CreateVersion7(now), c, kind, place, at, now, equipment, remark: remark);
        await InsertEventsAsync(work, [e], StoredTime.Iso(now));
        if (kind == CustomsEventKind.Released)
        {
            await conn.ExecuteAsync(new CommandDefinition("UPDATE corridor_consignments SET released_at = COALESCE(released_at, @At) WHERE id = @Id",
                new { At = StoredTime.Iso(now), c.Id }, work.Transaction, cancellationToken: ct));
        }

        await work.CommitAsync(ct);
        return e;
    }

    /// <summary>Records a seal check at an office and its event; a mismatch is raised as an alert by the next scan.</summary>
    public async Task<Result<SealCheck>> RecordSealCheckAsync(string consignmentId, string officeCode, string equipment, SealOutcome outcome,
        IReadOnlyList<string> found, IReadOnlyList<string> newSeals, DateTimeOffset at, CancellationToken ct = default)
    {
        await using DbConnection conn = await db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(conn, time, ct);
        if (await FindAsync(conn, work.Transaction, consignmentId, ct) is not { } c)
        {
            return Result<SealCheck>.Fail(CorridorErrorCodes.ConsignmentUnknown, $"consignment {consignmentId} is not supervised by this node.");
        }

        if (PlaceOfOffice(officeCode) is not { } place)
        {
            return Result<SealCheck>.Fail(CorridorErrorCodes.OfficeUnknown, $"/officeCode: {officeCode} is not a Landsea office.");
        }

        if (!c.Carries(equipment))
        {
            return Result<SealCheck>.Fail(CorridorErrorCodes.SealCheck, $"/equipmentReference: {equipment} is not a container of consignment {c.Id}.");
        }

        if (outcome == SealOutcome.Replaced && newSeals.Count == 0)
        {
            return Result<SealCheck>.Fail(CorridorErrorCodes.SealCheck, "/newSeals: a replaced seal needs the new seal numbers.");
        }

        DateTimeOffset now = time.GetUtcNow();
        if (at > now + CarrierEvents.AllowedSkew)
        {
            return Result<SealCheck>.Fail(CorridorErrorCodes.EventFuture, $"/at: {at:O} lies in the future.");
        }

        (SealCheck check, CorridorEvent e) = CustomsEvents.CheckSeals(Guid.CreateVersion7(now), c, place, equipment, outcome, found, newSeals, at);
        await InsertEventsAsync(work, [e], StoredTime.Iso(now));
        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO corridor_seal_checks (consignment_id, office_code, equipment_reference, outcome, found, new_seals, checked_at, mismatch, reason, event_id)
            VALUES (@ConsignmentId, @OfficeCode, @EquipmentReference, @Outcome, @Found, @NewSeals, @At, @Mismatch, @Reason, @EventId)
            """, new
        {
            check.ConsignmentId, check.OfficeCode, check.EquipmentReference, Outcome = check.Outcome.ToString().ToLowerInvariant(),
            Found = string.Join(',', check.Found), NewSeals = string.Join(',', check.NewSeals), At = StoredTime.Iso(check.CheckedAt),
            Mismatch = check.Mismatch ? 1 : 0, check.Reason, EventId = e.EventId.ToString(),
        }, work.Transaction, cancellationToken: ct));
        if (incidents is not null && routes.Find(c.RouteId) is { } route && SealIncident.Of(e.EventId.ToString(), c, route, check) is { } incident)
        {
            // IE180-style: the office of departure's node hears of it in this transaction (the exchange outbox), besides the local alert.
            foreach (string node in await incidents.PublishAsync(work, incident, ct))
            {
                await InsertIncidentAsync(work, incident, Sent, node, now, ct);
            }
        }

        await work.CommitAsync(ct);
        return check;
    }

    /// <summary>Retracts an event (customs correction): a new event naming it; LS916 when unknown or retracted already.</summary>
    public async Task<Result<CorridorEvent>> RetractAsync(Guid eventId, CancellationToken ct = default)
    {
        await using DbConnection conn = await db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(conn, time, ct);
        EventRow? row = await conn.QuerySingleOrDefaultAsync<EventRow>(new CommandDefinition(EventSelect + " WHERE event_id = @id",
            new { id = eventId.ToString() }, work.Transaction, cancellationToken: ct));
        if (row is null)
        {
            return Result<CorridorEvent>.Fail(CorridorErrorCodes.RetractUnknown, $"event {eventId} is not held by this node.");
        }

        if (await CheckRetractionAsync(conn, work.Transaction, eventId, row.ConsignmentId, [], [], ct) is { } fault)
        {
            return Result<CorridorEvent>.Fail(fault.Code, fault.Reason);
        }

        DateTimeOffset now = time.GetUtcNow();
        CorridorEvent r = CustomsEvents.Retraction(Guid.CreateVersion7(now), ToEvent(row).Event, now);
        await InsertEventsAsync(work, [r], StoredTime.Iso(now));
        await work.CommitAsync(ct);
        return r;
    }

    private static async Task<EventFault?> CheckRetractionAsync(DbConnection conn, DbTransaction tx, Guid retracts, string consignmentId,
        HashSet<Guid> retractedInBatch, List<CorridorEvent> batch, CancellationToken ct)
    {
        (string? consignment, string? itself) = await conn.QuerySingleOrDefaultAsync<(string?, string?)>(new CommandDefinition(
            "SELECT consignment_id, retracts_event_id FROM corridor_events WHERE event_id = @id", new { id = retracts.ToString() }, tx, cancellationToken: ct));
        CorridorEvent? inBatch = batch.FirstOrDefault(b => b.EventId == retracts);
        consignment ??= inBatch?.ConsignmentId;
        itself ??= inBatch?.RetractsEventId?.ToString();
        if (consignment is null || consignment != consignmentId || itself is not null)
        {
            return new EventFault(CorridorErrorCodes.RetractUnknown, "/retractedEventID", $"event {retracts} is not an event of consignment {consignmentId} that can be retracted.");
        }

        long already = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM corridor_events WHERE retracts_event_id = @id", new { id = retracts.ToString() }, tx, cancellationToken: ct));
        return already > 0 || retractedInBatch.Contains(retracts)
            ? new EventFault(CorridorErrorCodes.RetractUnknown, "/retractedEventID", $"event {retracts} is retracted already.")
            : null;
    }

    /// <summary>The batch's consignments by transport document and by container, in three queries for the whole batch.</summary>
    private static async Task PreloadAsync(UnitOfWork work, ReceivedEvent?[] read, Dictionary<string, Consignment?> byDocument, Dictionary<string, string?> byEquipment,
        Dictionary<string, Consignment?> consignments, CancellationToken ct)
    {
        string among = work.Dialect == SqlDialect.Postgres ? "= ANY(@keys)" : "IN @keys";
        string[] docs = [.. read.Select(r => r?.TransportDocumentReference).OfType<string>().Distinct(StringComparer.Ordinal)];
        string[] boxes = [.. read.Where(r => r?.TransportDocumentReference is null).Select(r => r?.EquipmentReference).OfType<string>().Distinct(StringComparer.Ordinal)];
        foreach (string[] keys in docs.Chunk(500))
        {
            foreach (string d in keys)
            {
                byDocument[d] = null;
            }

            // Newest first: the latest consignment under a reused document wins, as in the single lookup.
            foreach ((string doc, string json) in await work.Connection.QueryAsync<(string, string)>(new CommandDefinition(
                $"SELECT transport_document, model_json FROM corridor_consignments WHERE transport_document {among} ORDER BY created_at, id DESC", new { keys }, work.Transaction, cancellationToken: ct)))
            {
                Consignment c = JsonSerializer.Deserialize<Consignment>(json, StoreJson.Options)!;
                byDocument[doc] = c;
                consignments[c.Id] = c;
            }
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (string[] keys in boxes.Chunk(500))
        {
            foreach (string b in keys)
            {
                byEquipment[b] = null;
            }

            foreach ((string box, string id) in await work.Connection.QueryAsync<(string, string)>(new CommandDefinition(
                $"SELECT equipment_reference, consignment_id FROM corridor_equipment WHERE equipment_reference {among} ORDER BY created_at, consignment_id DESC", new { keys }, work.Transaction, cancellationToken: ct)))
            {
                byEquipment[box] = id;
                ids.Add(id);
            }
        }

        foreach (string[] keys in ids.Where(id => !consignments.ContainsKey(id)).Chunk(500))
        {
            foreach (string json in await work.Connection.QueryAsync<string>(new CommandDefinition(
                $"SELECT model_json FROM corridor_consignments WHERE id {among}", new { keys }, work.Transaction, cancellationToken: ct)))
            {
                Consignment c = JsonSerializer.Deserialize<Consignment>(json, StoreJson.Options)!;
                consignments[c.Id] = c;
            }
        }
    }

    private static async Task<Consignment?> CachedAsync(DbConnection conn, DbTransaction tx, Dictionary<string, Consignment?> cache, string id, CancellationToken ct)
    {
        if (!cache.TryGetValue(id, out Consignment? c))
        {
            c = await FindAsync(conn, tx, id, ct);
            cache[id] = c;
        }

        return c;
    }

    /// <summary>
    /// One prepared single-row INSERT run for each event in the transaction: with SQLite much faster than multi-row
    /// statements of thousands of named parameters (measured by <c>landsea bench events</c>).
    /// </summary>
    private static async Task InsertEventsAsync(UnitOfWork work, List<CorridorEvent> events, string receivedAt)
    {
        if (events.Count == 0)
        {
            return;
        }

        await using DbCommand command = work.Connection.CreateCommand();
        command.Transaction = work.Transaction;
        command.CommandText = $"INSERT INTO {EventColumns} VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15)";
        var parameters = new DbParameter[16];
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] = command.CreateParameter();
            parameters[i].ParameterName = "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            command.Parameters.Add(parameters[i]);
        }

        foreach (CorridorEvent e in events)
        {
            object?[] values =
            [
                e.EventId.ToString(), e.ConsignmentId, e.EventType, e.Classifier, e.TypeCode, StoredTime.Iso(e.EventDateTime), StoredTime.Iso(e.CreatedDateTime),
                e.EquipmentReference, e.TransportDocumentReference, e.Locode, e.OfficeCode, e.Source, e.RetractsEventId?.ToString(), string.Join(',', e.Seals), e.Body, receivedAt,
            ];
            for (int i = 0; i < values.Length; i++)
            {
                parameters[i].Value = values[i] ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Events matching the DCSA filters, in the node's order (seq), one page.</summary>
    public async Task<EventPage> EventsAsync(EventQuery q, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(q);
        var where = new List<string> { "seq > @After" };
        if (q.EquipmentReference is not null)
        {
            where.Add("equipment_reference = @EquipmentReference");
        }

        if (q.TransportDocumentReference is not null)
        {
            where.Add("transport_document = @TransportDocumentReference");
        }

        if (q.ConsignmentId is not null)
        {
            where.Add("consignment_id = @ConsignmentId");
        }

        if (q.DeclaredBy is not null)
        {
            where.Add("consignment_id IN (SELECT id FROM corridor_consignments WHERE declared_by = @DeclaredBy)");
        }

        if (q.EventTypes is { Count: > 0 })
        {
            where.Add("event_type IN (" + string.Join(", ", q.EventTypes.Select((_, i) => $"@t{i}")) + ")");
        }

        if (q.CreatedFrom is not null)
        {
            where.Add("created_at >= @From");
        }

        if (q.CreatedTo is not null)
        {
            where.Add("created_at <= @To");
        }

        var args = new DynamicParameters(new
        {
            q.After, q.EquipmentReference, q.TransportDocumentReference, q.ConsignmentId, q.DeclaredBy,
            From = q.CreatedFrom is { } f ? StoredTime.Iso(f) : null, To = q.CreatedTo is { } t ? StoredTime.Iso(t) : null, Limit = Math.Clamp(q.Limit, 1, MaxPage) + 1,
        });
        for (int i = 0; i < (q.EventTypes?.Count ?? 0); i++)
        {
            args.Add($"t{i}", q.EventTypes![i]);
        }

        await using DbConnection conn = await db.OpenAsync(ct);
        List<StoredEvent> rows = [.. (await conn.QueryAsync<EventRow>(new CommandDefinition(
            $"{EventSelect} WHERE {string.Join(" AND ", where)} ORDER BY seq LIMIT @Limit", args, cancellationToken: ct))).Select(ToEvent)];
        int limit = Math.Clamp(q.Limit, 1, MaxPage);
        return rows.Count > limit ? new EventPage(rows[..limit], rows[limit - 1].Seq) : new EventPage(rows, null);
    }

    /// <summary>Every event of one consignment in time order (the timeline's and the alert scan's read).</summary>
    public async Task<IReadOnlyList<CorridorEvent>> EventsOfAsync(string consignmentId, CancellationToken ct = default)
    {
        await using DbConnection conn = await db.OpenAsync(ct);
        return await EventsOfAsync(conn, consignmentId, ct);
    }

    private static async Task<IReadOnlyList<CorridorEvent>> EventsOfAsync(DbConnection conn, string consignmentId, CancellationToken ct) =>
        [.. (await conn.QueryAsync<EventRow>(new CommandDefinition(EventSelect + " WHERE consignment_id = @consignmentId ORDER BY event_at, seq",
            new { consignmentId }, cancellationToken: ct))).Select(r => ToEvent(r).Event)];

    /// <summary>The refused events, newest first (as received, with the first fault).</summary>
    public async Task<IReadOnlyList<(DateTimeOffset At, string Code, string Pointer, string Reason, string Body)>> RefusedAsync(int limit = 100, CancellationToken ct = default)
    {
        await using DbConnection conn = await db.OpenAsync(ct);
        return [.. (await conn.QueryAsync<(string, string, string, string, string)>(new CommandDefinition(
            "SELECT received_at, code, pointer, reason, body FROM corridor_refused_events WHERE code <> '-' ORDER BY id DESC LIMIT @limit", new { limit }, cancellationToken: ct)))
            .Select(r => (StoredTime.Parse(r.Item1), r.Item2, r.Item3, r.Item4, r.Item5))];
    }

    private static string Cap(string s) => s.Length > 1000 ? s[..1000] : s;

    private static StoredEvent ToEvent(EventRow r) => new(r.Seq, new CorridorEvent(Guid.Parse(r.EventId), r.ConsignmentId, r.EventType, r.Classifier, r.TypeCode,
        StoredTime.Parse(r.EventAt), StoredTime.Parse(r.CreatedAt), r.EquipmentReference, r.TransportDocument, r.Locode, r.OfficeCode, r.Source,
        r.RetractsEventId is null ? null : Guid.Parse(r.RetractsEventId), r.Seals.Length == 0 ? [] : r.Seals.Split(','), r.Body));

    private sealed class EventRow
    {
        public long Seq { get; set; }
        public string EventId { get; set; } = "";
        public string ConsignmentId { get; set; } = "";
        public string EventType { get; set; } = "";
        public string Classifier { get; set; } = "";
        public string TypeCode { get; set; } = "";
        public string EventAt { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public string? EquipmentReference { get; set; }
        public string TransportDocument { get; set; } = "";
        public string? Locode { get; set; }
        public string? OfficeCode { get; set; }
        public string Source { get; set; } = "";
        public string? RetractsEventId { get; set; }
        public string Seals { get; set; } = "";
        public string Body { get; set; } = "";
    }
}
