using System.Data.Common;
using Dapper;
using Landsea.Exchange.Delivery;
using Landsea.Exchange.Storage;

namespace Landsea.Exchange.Queries;

/// <summary>Filters of the officers' message log; all optional, combined with AND. Times are inclusive UTC instants.</summary>
/// <param name="Outcome">RECE, DUPE, APPLIED, QUARANTINED, PENDING, DEAD, or a refusal code (BSIG, BENV, USND, NAGR, SIZE).</param>
/// <param name="Limit">Rows returned, newest first; clamped to 1..1000.</param>
/// <param name="Skip">Newest rows passed over first (paging); clamped to 0..100,000.</param>
public sealed record MessageFilter(string? Conversation = null, string? Partner = null, string? Type = null, string? Outcome = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null, int Limit = 200, int Skip = 0);

/// <summary>One line of the message log: an envelope sent or received, or a refused one (from the audit trail).</summary>
/// <param name="Direction">"out" or "in".</param>
/// <param name="Outcome">out: RECE/DUPE (delivered, partner's receipt), PENDING, DEAD; in: APPLIED, RECE (waiting), QUARANTINED (not applicable,
/// see <see cref="Inbox.IInboxQuarantine"/>; detail: the last error), or the refusal code.</param>
public sealed record MessageEntry(string Direction, string? EnvelopeId, string Partner, string Conversation, long Sequence, string Type, DateTimeOffset At,
    string Outcome, string? Detail, long Attempts);

/// <summary>One audit entry about an envelope (what was recorded, in chain order).</summary>
public sealed record AuditLine(long Sequence, DateTimeOffset At, string Kind, string? EnvelopeId, string? Partner, string? Outcome, string? Detail);

/// <summary>Exchange counters of one node.</summary>
/// <param name="Sent">Envelopes enqueued (outbox and dead letters).</param>
/// <param name="Applied">Inbound envelopes whose business effect was applied (one record each).</param>
/// <param name="DuplicatesDropped">Envelopes received again and answered DUPE.</param>
/// <param name="Quarantined">Received envelopes the node could not apply, quarantined and not discarded (waiting for an operator).</param>
public sealed record ExchangeStats(long Sent, long Delivered, long Pending, long Received, long Applied, long WaitingHandOver, long DuplicatesDropped,
    long Refused, long DeadLetters, IReadOnlyDictionary<string, long> AppliedByType, long Quarantined = 0);

/// <summary>An envelope this node enqueued: in the outbox (delivered or not) or dead-lettered.</summary>
/// <param name="Delivered">True once the partner answered with a receipt, and for a dead letter (delivery is over).</param>
public sealed record SentEnvelopeState(string Recipient, string EnvelopeId, bool Delivered);

/// <summary>An outbox row as the test endpoints list it.</summary>
public sealed record OutboxEntry(string EnvelopeId, string Recipient, string Conversation, long Sequence, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt, string? Outcome);

/// <summary>
/// Read-only queries over the exchange tables: the message log (search, one conversation with its receipts and audit
/// entries), the counters and the store comparisons of the demo and the test endpoints. Every read of <c>exchange_*</c>
/// from outside the gateway goes through here.
/// </summary>
public static class MessageLog
{
    /// <summary>The four sources of the log, each a query with the same columns (indexed on conversation and time, see Storage/Migrations).</summary>
    private static readonly string[] Sources =
    [
        """
        SELECT 'out' AS direction, envelope_id, recipient AS partner, conversation, seq, type, created_at AS at,
               COALESCE(outcome, 'PENDING') AS outcome, last_error AS detail, attempts FROM exchange_outbox
        """,
        "SELECT 'out' AS direction, envelope_id, recipient AS partner, conversation, seq, type, dead_at AS at, 'DEAD' AS outcome, reason AS detail, attempts FROM exchange_dead_letter",
        """
        SELECT 'in' AS direction, envelope_id, sender AS partner, conversation, seq, type, received_at AS at,
               CASE WHEN quarantined_at IS NOT NULL THEN 'QUARANTINED' WHEN handed_over_at IS NULL THEN 'RECE' ELSE 'APPLIED' END AS outcome,
               last_error AS detail, attempts FROM exchange_inbox
        """,
        """
        SELECT 'in' AS direction, envelope_id, COALESCE(partner, '') AS partner, '' AS conversation, 0 AS seq, '' AS type, recorded_at AS at,
               outcome, detail, 0 AS attempts FROM exchange_audit WHERE kind = 'inbound' AND outcome <> 'RECE'
        """,
    ];

    private static readonly string Union = string.Join(" UNION ALL ", Sources);

    /// <summary>The log lines matching <paramref name="f"/>, newest first (time, then sequence), at most <see cref="MessageFilter.Limit"/>.</summary>
    public static async Task<List<MessageEntry>> SearchAsync(DbConnection c, MessageFilter f, CancellationToken ct = default)
    {
        var where = new List<string>();
        var args = new DynamicParameters();
        if (!string.IsNullOrWhiteSpace(f.Conversation))
        {
            where.Add("m.conversation = @conversation");
            args.Add("conversation", f.Conversation.Trim());
        }

        if (!string.IsNullOrWhiteSpace(f.Partner))
        {
            where.Add("m.partner = @partner");
            args.Add("partner", f.Partner.Trim().ToUpperInvariant());
        }

        if (!string.IsNullOrWhiteSpace(f.Type))
        {
            where.Add("m.type = @type");
            args.Add("type", f.Type.Trim());
        }

        if (!string.IsNullOrWhiteSpace(f.Outcome))
        {
            where.Add("m.outcome = @outcome");
            args.Add("outcome", f.Outcome.Trim().ToUpperInvariant());
        }

        if (f.From is { } from)
        {
            where.Add("m.at >= @from");
            args.Add("from", StoredTime.IsoMilliseconds(from));
        }

        if (f.To is { } to)
        {
            where.Add("m.at <= @to");
            args.Add("to", StoredTime.IsoMilliseconds(to));
        }

        long limit = Math.Clamp(f.Limit, 1, 1000), skip = Math.Clamp(f.Skip, 0, 100_000);
        args.Add("limit", limit);
        args.Add("skip", skip);
        args.Add("take", limit + skip);
        string clause = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        // Newest first: each source yields its own newest matches (an index walk on its time column, stopping at the limit),
        // then the few rows are merged; a plain ORDER BY over the union would sort every row of every table.
        string perSource = string.Join(" UNION ALL ", Sources.Select(q => $"SELECT * FROM (SELECT * FROM ({q}) m {clause} ORDER BY m.at DESC, m.seq DESC, m.envelope_id DESC LIMIT @take) s"));
        return await EntriesAsync(c, $"SELECT * FROM ({perSource}) m ORDER BY m.at DESC, m.seq DESC, m.envelope_id DESC LIMIT @limit OFFSET @skip", args, ct);
    }

    /// <summary>Every envelope of one conversation, both directions, in order (time, then sequence).</summary>
    public static Task<List<MessageEntry>> ConversationAsync(DbConnection c, string conversation, CancellationToken ct = default) =>
        EntriesAsync(c, $"SELECT * FROM ({Union}) m WHERE m.conversation = @conversation ORDER BY m.at, m.seq", new { conversation }, ct);

    /// <summary>The partner's signed receipt stored for a sent envelope, if delivered.</summary>
    public static async Task<string?> ReceiptAsync(DbConnection c, string envelopeId, CancellationToken ct = default) =>
        await c.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT receipt FROM exchange_outbox WHERE envelope_id = @id", new { id = envelopeId }, cancellationToken: ct));

    /// <summary>The audit entries naming any envelope of the conversation, in chain order.</summary>
    public static async Task<List<AuditLine>> AuditForConversationAsync(DbConnection c, string conversation, CancellationToken ct = default) =>
        (await c.QueryAsync<AuditLineRow>(new CommandDefinition(
            """
            SELECT seq, recorded_at, kind, envelope_id, partner, outcome, detail FROM exchange_audit WHERE envelope_id IN (
                SELECT envelope_id FROM exchange_outbox WHERE conversation = @conversation
                UNION SELECT envelope_id FROM exchange_dead_letter WHERE conversation = @conversation
                UNION SELECT envelope_id FROM exchange_inbox WHERE conversation = @conversation)
            ORDER BY seq
            """, new { conversation }, cancellationToken: ct)))
        .Select(r => new AuditLine(r.seq, StoredTime.Parse(r.recorded_at), r.kind, r.envelope_id, r.partner, r.outcome, r.detail)).ToList();

    /// <summary>Counters for the node's exchange (the demo's progress and final report).</summary>
    public static async Task<ExchangeStats> StatsAsync(DbConnection c, CancellationToken ct = default)
    {
        async Task<long> Count(string sql) => await c.ExecuteScalarAsync<long>(new CommandDefinition(sql, cancellationToken: ct));
        long outbox = await Count("SELECT COUNT(*) FROM exchange_outbox");
        long dead = await Count("SELECT COUNT(*) FROM exchange_dead_letter");
        var byType = (await c.QueryAsync<(string Type, long N)>(new CommandDefinition(
            "SELECT type, COUNT(*) FROM exchange_record WHERE direction = 'in' GROUP BY type ORDER BY type", cancellationToken: ct)))
            .ToDictionary(r => r.Type, r => r.N, StringComparer.Ordinal);
        return new ExchangeStats(
            Sent: outbox + dead,
            Delivered: await Count("SELECT COUNT(*) FROM exchange_outbox WHERE delivered_at IS NOT NULL"),
            Pending: await Count("SELECT COUNT(*) FROM exchange_outbox WHERE delivered_at IS NULL"),
            Received: await Count("SELECT COUNT(*) FROM exchange_inbox"),
            Applied: await Count("SELECT COUNT(*) FROM exchange_record WHERE direction = 'in'"),
            WaitingHandOver: await Count("SELECT COUNT(*) FROM exchange_inbox WHERE handed_over_at IS NULL AND quarantined_at IS NULL"),
            DuplicatesDropped: await Count("SELECT COUNT(*) FROM exchange_audit WHERE kind = 'inbound' AND outcome = 'DUPE'"),
            Refused: await Count("SELECT COUNT(*) FROM exchange_audit WHERE kind = 'inbound' AND outcome NOT IN ('RECE', 'DUPE')"),
            DeadLetters: dead,
            AppliedByType: byType,
            Quarantined: await Count("SELECT COUNT(*) FROM exchange_quarantine WHERE discarded_at IS NULL"));
    }

    /// <summary>Outbox rows whose conversation starts with <paramref name="conversationPrefix"/>: all of them, and those not yet delivered (cheap to poll).</summary>
    public static async Task<(long Sent, long Undelivered)> CountSentAsync(DbConnection c, string conversationPrefix, CancellationToken ct = default)
    {
        string prefix = conversationPrefix + "%";
        long sent = await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM exchange_outbox WHERE conversation LIKE @prefix", new { prefix }, cancellationToken: ct));
        long undelivered = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM exchange_outbox WHERE conversation LIKE @prefix AND delivered_at IS NULL", new { prefix }, cancellationToken: ct));
        return (sent, undelivered);
    }

    /// <summary>Every outbox row, oldest first.</summary>
    public static async Task<List<OutboxEntry>> OutboxAsync(DbConnection c, CancellationToken ct = default) =>
        (await c.QueryAsync<OutboxRow>(new CommandDefinition(
            "SELECT envelope_id, recipient, conversation, seq, created_at, delivered_at, outcome FROM exchange_outbox ORDER BY created_at, envelope_id", cancellationToken: ct)))
        .Select(r => new OutboxEntry(r.envelope_id, r.recipient, r.conversation, r.seq, StoredTime.Parse(r.created_at), StoredTime.ParseNullable(r.delivered_at), r.outcome))
        .ToList();

    /// <summary>Every envelope this node enqueued (outbox and dead letters), whether its delivery is over.</summary>
    public static async Task<List<SentEnvelopeState>> SentAsync(DbConnection c, CancellationToken ct = default) =>
        (await c.QueryAsync<SentRow>(new CommandDefinition(
            """
            SELECT recipient, envelope_id, CASE WHEN delivered_at IS NULL THEN 0 ELSE 1 END AS delivered FROM exchange_outbox
            UNION ALL SELECT recipient, envelope_id, 1 AS delivered FROM exchange_dead_letter
            """, cancellationToken: ct)))
        .Select(r => new SentEnvelopeState(r.recipient, r.envelope_id, r.delivered == 1)).ToList();

    /// <summary>The ids of received envelopes not yet handed over.</summary>
    public static async Task<List<string>> WaitingAsync(DbConnection c, CancellationToken ct = default) =>
        (await c.QueryAsync<string>(new CommandDefinition("SELECT envelope_id FROM exchange_inbox WHERE handed_over_at IS NULL AND quarantined_at IS NULL", cancellationToken: ct))).ToList();

    /// <summary>Outbound audit entries staged inside business transactions and not yet chained; 0 on a database made before staging existed.</summary>
    public static async Task<long> StagedAuditCountAsync(DbConnection c, CancellationToken ct = default) =>
        await MigrationRunner.TableExistsAsync(c, "exchange_audit_pending", ct)
            ? await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM exchange_audit_pending", cancellationToken: ct))
            : 0;

    /// <summary>Every dead letter, oldest first, with the withdrawal that filled its slot if any.</summary>
    public static async Task<List<DeadLetter>> DeadLettersAsync(DbConnection connection, CancellationToken ct = default) =>
        (await connection.QueryAsync<DeadLetterRow>(new CommandDefinition(
            """
            SELECT d.envelope_id, d.recipient, d.conversation, d.seq, d.type, d.attempts, d.reason, d.dead_at, w.filler_id, w.reason AS withdrawal_reason
            FROM exchange_dead_letter d LEFT JOIN exchange_withdrawn w ON w.envelope_id = d.envelope_id
            ORDER BY d.dead_at, d.envelope_id
            """, cancellationToken: ct)))
        .Select(r => new DeadLetter(r.envelope_id, r.recipient, r.conversation, r.seq, r.type, r.attempts, r.reason, StoredTime.Parse(r.dead_at), r.filler_id, r.withdrawal_reason))
        .ToList();

    private static async Task<List<MessageEntry>> EntriesAsync(DbConnection c, string sql, object args, CancellationToken ct) =>
        (await c.QueryAsync<EntryRow>(new CommandDefinition(sql, args, cancellationToken: ct)))
        .Select(r => new MessageEntry(r.direction, r.envelope_id, r.partner, r.conversation, r.seq, r.type, StoredTime.Parse(r.at), r.outcome, r.detail, r.attempts))
        .ToList();

#pragma warning disable IDE1006, CA1812 // Dapper row types: column names as in SQL; instantiated by Dapper.
    private sealed class EntryRow
    {
        public string direction { get; set; } = "";
        public string? envelope_id { get; set; }
        public string partner { get; set; } = "";
        public string conversation { get; set; } = "";
        public long seq { get; set; }
        public string type { get; set; } = "";
        public string at { get; set; } = "";
        public string outcome { get; set; } = "";
        public string? detail { get; set; }
        public long attempts { get; set; }
    }

    private sealed class AuditLineRow
    {
        public long seq { get; set; }
        public string recorded_at { get; set; } = "";
        public string kind { get; set; } = "";
        public string? envelope_id { get; set; }
        public string? partner { get; set; }
        public string? outcome { get; set; }
        public string? detail { get; set; }
    }

    private sealed class OutboxRow
    {
        public string envelope_id { get; set; } = "";
        public string recipient { get; set; } = "";
        public string conversation { get; set; } = "";
        public long seq { get; set; }
        public string created_at { get; set; } = "";
        public string? delivered_at { get; set; }
        public string? outcome { get; set; }
    }

    private sealed class SentRow
    {
        public string recipient { get; set; } = "";
        public string envelope_id { get; set; } = "";
        public long delivered { get; set; }
    }

    private sealed class DeadLetterRow
    {
        public string envelope_id { get; set; } = "";
        public string recipient { get; set; } = "";
        public string conversation { get; set; } = "";
        public long seq { get; set; }
        public string type { get; set; } = "";
        public long attempts { get; set; }
        public string reason { get; set; } = "";
        public string dead_at { get; set; } = "";
        public string? filler_id { get; set; }
        public string? withdrawal_reason { get; set; }
    }
#pragma warning restore IDE1006, CA1812
}
