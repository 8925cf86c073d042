using System.Data.Common;
using Dapper;
using Landsea.Exchange.Outbox;
using Landsea.Exchange.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Landsea.Exchange.Inbox;

/// <summary>A received, verified envelope ready for the node to apply.</summary>
public sealed record InboundEnvelope(string Id, string Type, string Version, string Sender, string Conversation, long Sequence, DateTimeOffset CreatedAt, ReadOnlyMemory<byte> Payload);

/// <summary>
/// In-order hand-over of received envelopes. Within one (sender, conversation) envelope <c>n+1</c> is handed over only after
/// envelope <c>n</c>; a later envelope waits while a gap is open. Marking an envelope handed over joins the caller's
/// transaction, so the node's business effect and the hand-over commit together: exactly once in effect.
/// </summary>
public sealed class ExchangeInbox : IMessageInbox
{
    /// <summary>Moves a conversation's cursor forward only: an envelope retried out of line after quarantine never moves it back.</summary>
    private const string CursorUpsert =
        " ON CONFLICT (sender, conversation) DO UPDATE SET next_seq = CASE WHEN excluded.next_seq > exchange_inbox_cursor.next_seq"
        + " THEN excluded.next_seq ELSE exchange_inbox_cursor.next_seq END";

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly InboxOptions _options;
    private readonly AuditTrail? _audit;
    private readonly ExchangeOutbox? _outbox;

    /// <param name="audit">Records each quarantine; without it (and <paramref name="outbox"/>) an envelope is still quarantined, unaudited and unannounced.</param>
    /// <param name="outbox">Sends the refused-application notice (<see cref="ExchangeOutbox.RefusedApplicationType"/>) to a quarantined envelope's sender.</param>
    public ExchangeInbox(TimeProvider time, ILogger<ExchangeInbox>? logger = null, InboxOptions? options = null, AuditTrail? audit = null, ExchangeOutbox? outbox = null)
    {
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _options = options ?? new InboxOptions();
        _audit = audit;
        _outbox = outbox;
    }

    /// <inheritdoc/>
    public Task<List<InboundEnvelope>> TakeReadyAsync(DbConnection connection, int max, CancellationToken ct) =>
        ReadyAsync(connection, null, max, ct);

    /// <summary>
    /// Ready: not handed over, not quarantined, its predecessors handed over (or quarantined), or put back out of line by an
    /// operator's retry, and not waiting out a backoff after a failed application.
    /// </summary>
    private async Task<List<InboundEnvelope>> ReadyAsync(DbConnection connection, DbTransaction? transaction, int max, CancellationToken ct) =>
        (await connection.QueryAsync<ReadyRow>(new CommandDefinition(
            """
            SELECT i.envelope_id, i.type, i.version, i.sender, i.conversation, i.seq, i.created_at, i.payload
            FROM exchange_inbox i
            LEFT JOIN exchange_inbox_cursor c ON c.sender = i.sender AND c.conversation = i.conversation
            WHERE i.handed_over_at IS NULL AND i.quarantined_at IS NULL AND (i.seq = COALESCE(c.next_seq, 1) OR i.out_of_line = 1)
              AND (i.next_attempt_at IS NULL OR i.next_attempt_at <= @now)
            ORDER BY i.received_at, i.envelope_id
            LIMIT @max
            """, new { max = (long)max, now = StoredTime.IsoMilliseconds(_time.GetUtcNow()) }, transaction, cancellationToken: ct)))
        .Select(r => new InboundEnvelope(r.envelope_id, r.type, r.version, r.sender, r.conversation, r.seq, StoredTime.Parse(r.created_at), r.payload)).ToList();

    /// <summary>Marks <paramref name="envelope"/> handed over and opens its successor. Throws if another consumer got there first.</summary>
    public async Task MarkHandedOverAsync(UnitOfWork work, InboundEnvelope envelope, CancellationToken ct)
    {
        (DbConnection connection, DbTransaction transaction) = (work.Connection, work.Transaction);
        int updated = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE exchange_inbox SET handed_over_at = @now WHERE envelope_id = @id AND handed_over_at IS NULL",
            new { now = StoredTime.IsoMilliseconds(_time.GetUtcNow()), id = envelope.Id }, transaction, cancellationToken: ct));
        if (updated != 1)
        {
            throw new InvalidOperationException($"Envelope {envelope.Id} was already handed over.");
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO exchange_inbox_cursor (sender, conversation, next_seq) VALUES (@sender, @conv, @next)
            """ + CursorUpsert, new { sender = envelope.Sender, conv = envelope.Conversation, next = envelope.Sequence + 1 }, transaction, cancellationToken: ct));
        Log.HandedOver(_logger, envelope.Id, envelope.Sender, envelope.Conversation, envelope.Sequence);
    }

    /// <summary>
    /// Marks a group of ready envelopes (at most one per conversation, as <see cref="TakeReadyAsync"/> returns them) handed
    /// over and opens their successors: one update and one multi-row cursor upsert per 100. Throws if another consumer got
    /// to any of them first.
    /// </summary>
    private async Task MarkHandedOverAsync(UnitOfWork work, List<InboundEnvelope> group, CancellationToken ct)
    {
        (DbConnection connection, DbTransaction transaction) = (work.Connection, work.Transaction);
        string now = StoredTime.IsoMilliseconds(_time.GetUtcNow());
        foreach (InboundEnvelope[] chunk in group.Chunk(MultiRow.RowsPerStatement(connection)))
        {
            var marked = new RowParameters().Add("now", now);
            var ids = new System.Text.StringBuilder("UPDATE exchange_inbox SET handed_over_at = @now WHERE handed_over_at IS NULL AND envelope_id IN (");
            for (int i = 0; i < chunk.Length; i++)
            {
                string name = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"i{i}");
                ids.Append(i == 0 ? "@" : ", @").Append(name);
                marked.Add(name, chunk[i].Id);
            }

            int updated = await connection.ExecuteAsync(new CommandDefinition(ids.Append(')').ToString(), marked, transaction, cancellationToken: ct));
            if (updated != chunk.Length)
            {
                throw new InvalidOperationException($"{chunk.Length - updated} of {chunk.Length} envelopes were already handed over.");
            }

            var cursors = new RowParameters();
            string text = new System.Text.StringBuilder("INSERT INTO exchange_inbox_cursor (sender, conversation, next_seq) VALUES ")
                .AppendValues(chunk.Select(e => new object?[] { e.Sender, e.Conversation, e.Sequence + 1 }).ToList(), cursors)
                .Append(CursorUpsert).ToString();
            await connection.ExecuteAsync(new CommandDefinition(text, cursors, transaction, cancellationToken: ct));
        }

        foreach (InboundEnvelope envelope in group)
        {
            Log.HandedOver(_logger, envelope.Id, envelope.Sender, envelope.Conversation, envelope.Sequence);
        }
    }

    /// <summary>
    /// Hands over every ready envelope. Envelopes ready together are applied in groups of up to <paramref name="batchSize"/>,
    /// one transaction per group (group commit): <paramref name="apply"/> performs each business effect with the given connection
    /// and transaction, each envelope is marked, and the group commits once. If <paramref name="apply"/> throws, the group rolls
    /// back and is redone one envelope per transaction. An envelope whose application throws has the failed attempt counted (own
    /// transaction, logged once with identifiers only) and waits out a backoff while the others go on; after
    /// <see cref="InboxOptions.MaxAttempts"/> it is quarantined (<see cref="IInboxQuarantine"/>), its conversation's cursor moves
    /// past it and its sender is sent a refused-application notice. A transient database error ends the pass uncounted
    /// (propagates). Returns how many were handed over.
    /// </summary>
    public async Task<int> HandOverAsync(ExchangeDatabase database, Func<InboundEnvelope, UnitOfWork, CancellationToken, Task> apply, CancellationToken ct, int batchSize = 100)
    {
        int total = 0;
        await using DbConnection connection = await database.OpenAsync(ct);
        while (true)
        {
            List<InboundEnvelope> ready = await ReadyAsync(connection, null, batchSize, ct);
            if (ready.Count == 0)
            {
                return total;
            }

            bool grouped = false;
            if (ready.Count > 1)
            {
                await using UnitOfWork work = await UnitOfWork.BeginAsync(connection, _time, ct);
                try
                {
                    foreach (InboundEnvelope envelope in ready)
                    {
                        await apply(envelope, work, ct);
                    }

                    await MarkHandedOverAsync(work, ready, ct);
                    await work.CommitAsync(ct);
                    grouped = true;
                }
                catch (Exception) when (!ct.IsCancellationRequested)
                {
                    await work.RollbackAsync(CancellationToken.None);
                }
            }

            if (grouped)
            {
                total += ready.Count;
                continue;
            }

            foreach (InboundEnvelope envelope in ready)
            {
                Exception? failure = null;
                await using (UnitOfWork work = await UnitOfWork.BeginAsync(connection, _time, ct))
                {
                    try
                    {
                        await apply(envelope, work, ct);
                        await MarkHandedOverAsync(work, envelope, ct);
                        await work.CommitAsync(ct);
                        total++;
                    }
                    catch (Exception ex) when (!ct.IsCancellationRequested && ex is not DbException { IsTransient: true })
                    {
                        failure = ex;
                        await work.RollbackAsync(CancellationToken.None);
                    }
                }

                if (failure is not null)
                {
                    await FailedAsync(connection, envelope, failure, ct);
                }
            }
        }
    }

    /// <summary>
    /// Counts a failed application of <paramref name="envelope"/> and either schedules the next attempt after the backoff or, at
    /// <see cref="InboxOptions.MaxAttempts"/>, quarantines it: out of the line, cursor past it, a quarantine row with the reason,
    /// an audit entry and a refused-application notice to the sender (unless the envelope is itself such a notice), in one transaction.
    /// </summary>
    private async Task FailedAsync(DbConnection connection, InboundEnvelope envelope, Exception failure, CancellationToken ct)
    {
        DateTimeOffset now = _time.GetUtcNow();
        string error = Truncate($"{failure.GetType().Name}: {failure.Message}", 500);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(connection, _time, ct);
        long attempts = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT attempts FROM exchange_inbox WHERE envelope_id = @id", new { id = envelope.Id }, work.Transaction, cancellationToken: ct)) + 1;
        if (attempts < _options.MaxAttempts)
        {
            DateTimeOffset next = now + _options.BackoffAfter(attempts);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE exchange_inbox SET attempts = @attempts, last_error = @error, next_attempt_at = @next WHERE envelope_id = @id",
                new { attempts, error, next = StoredTime.IsoMilliseconds(next), id = envelope.Id }, work.Transaction, cancellationToken: ct));
            await work.CommitAsync(ct);
            Log.ApplicationFailed(_logger, envelope.Id, envelope.Type, envelope.Sender, envelope.Conversation, attempts, _options.MaxAttempts, failure.GetType().Name, next);
            return;
        }

        string at = StoredTime.IsoMilliseconds(now);
        string reason = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"application failed {attempts} times; last: {error}");
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE exchange_inbox SET attempts = @attempts, last_error = @error, next_attempt_at = NULL, quarantined_at = @at, out_of_line = 0 WHERE envelope_id = @id",
            new { attempts, error, at, id = envelope.Id }, work.Transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO exchange_inbox_cursor (sender, conversation, next_seq) VALUES (@sender, @conv, @next)" + CursorUpsert,
            new { sender = envelope.Sender, conv = envelope.Conversation, next = envelope.Sequence + 1 }, work.Transaction, cancellationToken: ct));
        string? noticeId = null;
        if (_outbox is not null && envelope.Type != ExchangeOutbox.RefusedApplicationType)
        {
            // The sender learns which envelope was refused and why (the exception's type only: its message may quote the payload).
            string told = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"application failed {attempts} times ({failure.GetType().Name})");
            EnqueueResult notice = await _outbox.EnqueueAsync(work, new OutgoingMessage(envelope.Sender, ExchangeOutbox.RefusedApplicationType, "1", envelope.Conversation,
                RefusedApplicationPayload(envelope, attempts, told)), ct);
            noticeId = notice.Envelope?.Envelope.Id;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO exchange_quarantine (envelope_id, sender, conversation, seq, type, attempts, reason, quarantined_at, notice_id)
            VALUES (@id, @sender, @conv, @seq, @type, @attempts, @reason, @at, @notice)
            ON CONFLICT (envelope_id) DO UPDATE SET attempts = excluded.attempts, reason = excluded.reason, quarantined_at = excluded.quarantined_at,
                notice_id = excluded.notice_id, discarded_at = NULL, discard_reason = NULL
            """, new { id = envelope.Id, sender = envelope.Sender, conv = envelope.Conversation, seq = envelope.Sequence, type = envelope.Type, attempts, reason, at,
                notice = noticeId }, work.Transaction, cancellationToken: ct));
        if (_audit is not null)
        {
            await _audit.AppendAsync(work, new AuditRecord("quarantined", envelope.Id, envelope.Sender, null, null,
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{envelope.Type} conv {envelope.Conversation} seq {envelope.Sequence}: {reason}")), ct);
        }

        await work.CommitAsync(ct);
        Log.Quarantined(_logger, envelope.Id, envelope.Type, envelope.Sender, envelope.Conversation, attempts, noticeId ?? "none");
    }

    private static byte[] RefusedApplicationPayload(InboundEnvelope envelope, long attempts, string reason)
    {
        var body = new MemoryStream();
        using (var w = new System.Text.Json.Utf8JsonWriter(body))
        {
            w.WriteStartObject();
            w.WriteString("refused", envelope.Id);
            w.WriteString("type", envelope.Type);
            w.WriteNumber("sequence", envelope.Sequence);
            w.WriteNumber("attempts", attempts);
            w.WriteString("reason", reason);
            w.WriteEndObject();
        }

        return body.ToArray();
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    /// <summary>Counts of pending envelopes (quarantined ones are not pending): ready now, and waiting behind a gap or a backoff.</summary>
    public async Task<(long Pending, long Ready)> CountPendingAsync(DbConnection connection, CancellationToken ct)
    {
        long pending = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM exchange_inbox WHERE handed_over_at IS NULL AND quarantined_at IS NULL", cancellationToken: ct));
        long ready = (await ReadyAsync(connection, null, int.MaxValue, ct)).Count;
        return (pending, ready);
    }

#pragma warning disable IDE1006, CA1812 // Dapper row type: column names as in SQL; instantiated by Dapper.
    private sealed class ReadyRow
    {
        public string envelope_id { get; set; } = "";
        public string type { get; set; } = "";
        public string version { get; set; } = "";
        public string sender { get; set; } = "";
        public string conversation { get; set; } = "";
        public long seq { get; set; }
        public string created_at { get; set; } = "";
        public byte[] payload { get; set; } = [];
    }
#pragma warning restore IDE1006, CA1812
}
