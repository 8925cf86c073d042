using System.Data.Common;
using Dapper;

namespace Landsea.Web.Features.Exchange;

/// <summary>Filters of the officers' message log; all optional, combined with AND. Times are inclusive UTC instants.</summary>
/// <param name="Outcome">RECE, DUPE, APPLIED, PENDING, DEAD, or a refusal code (BSIG, BENV, USND, NAGR, SIZE).</param>
public sealed record MessageFilter(string? Conversation = null, string? Partner = null, string? Type = null, string? Outcome = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null, int Limit = 200);

/// <summary>One line of the message log: an envelope sent or received, or a refused one (from the audit trail).</summary>
/// <param name="Direction">"out" or "in".</param>
/// <param name="Outcome">out: RECE/DUPE (delivered, partner's receipt), PENDING, DEAD; in: APPLIED, RECE (waiting), or the refusal code.</param>
public sealed record MessageEntry(string Direction, string? EnvelopeId, string Partner, string Conversation, long Sequence, string Type, DateTimeOffset At,
    string Outcome, string? Detail, long Attempts);

/// <summary>One audit entry about an envelope (what was recorded, in chain order).</summary>
public sealed record AuditLine(long Sequence, DateTimeOffset At, string Kind, string? EnvelopeId, string? Partner, string? Outcome, string? Detail);

/// <summary>Queries behind the message log and the conversation page; read-only over the exchange tables.</summary>
public static class MessageLog
{
    /// <summary>The four sources of the log, each a query with the same columns (indexed on conversation and time, see ExchangeSchema).</summary>
    private static readonly string[] Sources =
    [
        """
        SELECT 'out' AS direction, envelope_id, recipient AS partner, conversation, seq, type, created_at AS at,
               COALESCE(outcome, 'PENDING') AS outcome, last_error AS detail, attempts FROM exchange_outbox
        """,
        "SELECT 'out' AS direction, envelope_id, recipient AS partner, conversation, seq, type, dead_at AS at, 'DEAD' AS outcome, reason AS detail, attempts FROM exchange_dead_letter",
        """
        SELECT 'in' AS direction, envelope_id, sender AS partner, conversation, seq, type, received_at AS at,
               CASE WHEN handed_over_at IS NULL THEN 'RECE' ELSE 'APPLIED' END AS outcome, NULL AS detail, 0 AS attempts FROM exchange_inbox
        """,
        """
        SELECT 'in' AS direction, envelope_id, COALESCE(partner, '') AS partner, '' AS conversation, 0 AS seq, '' AS type, recorded_at AS at,
               outcome, detail, 0 AS attempts FROM exchange_audit WHERE kind = 'inbound' AND outcome <> 'RECE'
        """,
    ];

    private static readonly string Union = string.Join(" UNION ALL ", Sources);

    public static async Task<List<MessageEntry>> SearchAsync(DbConnection c, MessageFilter f)
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
            args.Add("from", from.ToUnixTimeMilliseconds());
        }

        if (f.To is { } to)
        {
            where.Add("m.at <= @to");
            args.Add("to", to.ToUnixTimeMilliseconds());
        }

        args.Add("limit", Math.Clamp(f.Limit, 1, 1000));
        string clause = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        // Newest first: each source yields its own newest matches (an index walk on its time column, stopping at the limit),
        // then the few rows are merged; a plain ORDER BY over the union would sort every row of every table.
        string perSource = string.Join(" UNION ALL ", Sources.Select(q => $"SELECT * FROM (SELECT * FROM ({q}) m {clause} ORDER BY m.at DESC, m.seq DESC LIMIT @limit) s"));
        var rows = await c.QueryAsync<Row>($"SELECT * FROM ({perSource}) m ORDER BY m.at DESC, m.seq DESC LIMIT @limit", args);
        return rows.Select(r => r.ToEntry()).ToList();
    }

    /// <summary>Every envelope of one conversation, both directions, in order (time, then sequence).</summary>
    public static async Task<List<MessageEntry>> ConversationAsync(DbConnection c, string conversation)
    {
        var rows = await c.QueryAsync<Row>($"SELECT * FROM ({Union}) m WHERE m.conversation = @conversation ORDER BY m.at, m.seq", new { conversation });
        return rows.Select(r => r.ToEntry()).ToList();
    }

    /// <summary>The partner's signed receipt stored for a sent envelope, if delivered.</summary>
    public static Task<string?> ReceiptAsync(DbConnection c, string envelopeId) =>
        c.QuerySingleOrDefaultAsync<string?>("SELECT receipt FROM exchange_outbox WHERE envelope_id = @envelopeId", new { envelopeId });

    /// <summary>The audit entries naming any envelope of the conversation, in chain order.</summary>
    public static async Task<List<AuditLine>> AuditForConversationAsync(DbConnection c, string conversation)
    {
        var rows = await c.QueryAsync<(long seq, long recorded_at, string kind, string? envelope_id, string? partner, string? outcome, string? detail)>(
            """
            SELECT seq, recorded_at, kind, envelope_id, partner, outcome, detail FROM exchange_audit WHERE envelope_id IN (
                SELECT envelope_id FROM exchange_outbox WHERE conversation = @conversation
                UNION SELECT envelope_id FROM exchange_dead_letter WHERE conversation = @conversation
                UNION SELECT envelope_id FROM exchange_inbox WHERE conversation = @conversation)
            ORDER BY seq
            """, new { conversation });
        return rows.Select(r => new AuditLine(r.seq, DateTimeOffset.FromUnixTimeMilliseconds(r.recorded_at), r.kind, r.envelope_id, r.partner, r.outcome, r.detail)).ToList();
    }

    /// <summary>Counters for the node's exchange (the demo's progress and final report).</summary>
    public static async Task<ExchangeStats> StatsAsync(DbConnection c)
    {
        Task<long> Count(string sql) => c.ExecuteScalarAsync<long>(sql);
        long outbox = await Count("SELECT COUNT(*) FROM exchange_outbox");
        long dead = await Count("SELECT COUNT(*) FROM exchange_dead_letter");
        var byType = (await c.QueryAsync<(string type, long n)>("SELECT type, COUNT(*) FROM exchange_record WHERE direction = 'in' GROUP BY type ORDER BY type"))
            .ToDictionary(r => r.type, r => r.n, StringComparer.Ordinal);
        return new ExchangeStats(
            Sent: outbox + dead,
            Delivered: await Count("SELECT COUNT(*) FROM exchange_outbox WHERE delivered_at IS NOT NULL"),
            Pending: await Count("SELECT COUNT(*) FROM exchange_outbox WHERE delivered_at IS NULL"),
            Received: await Count("SELECT COUNT(*) FROM exchange_inbox"),
            Applied: await Count("SELECT COUNT(*) FROM exchange_record WHERE direction = 'in'"),
            WaitingHandOver: await Count("SELECT COUNT(*) FROM exchange_inbox WHERE handed_over_at IS NULL"),
            DuplicatesDropped: await Count("SELECT COUNT(*) FROM exchange_audit WHERE kind = 'inbound' AND outcome = 'DUPE'"),
            Refused: await Count("SELECT COUNT(*) FROM exchange_audit WHERE kind = 'inbound' AND outcome NOT IN ('RECE', 'DUPE')"),
            DeadLetters: dead,
            AppliedByType: byType);
    }

#pragma warning disable IDE1006, CA1812 // Row type mirrors column names; Dapper instantiates it.
    private sealed class Row
    {
        public string direction { get; set; } = "";
        public string? envelope_id { get; set; }
        public string partner { get; set; } = "";
        public string conversation { get; set; } = "";
        public long seq { get; set; }
        public string type { get; set; } = "";
        public long at { get; set; }
        public string outcome { get; set; } = "";
        public string? detail { get; set; }
        public long attempts { get; set; }

        public MessageEntry ToEntry() => new(direction, envelope_id, partner, conversation, seq, type, DateTimeOffset.FromUnixTimeMilliseconds(at), outcome, detail, attempts);
    }
#pragma warning restore IDE1006, CA1812
}

/// <summary>Exchange counters of one node.</summary>
/// <param name="Sent">Envelopes enqueued (outbox and dead letters).</param>
/// <param name="Applied">Inbound envelopes whose business effect was applied (one record each).</param>
/// <param name="DuplicatesDropped">Envelopes received again and answered DUPE.</param>
public sealed record ExchangeStats(long Sent, long Delivered, long Pending, long Received, long Applied, long WaitingHandOver, long DuplicatesDropped,
    long Refused, long DeadLetters, IReadOnlyDictionary<string, long> AppliedByType);
