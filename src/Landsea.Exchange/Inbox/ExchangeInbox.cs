using System.Data.Common;
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
public sealed class ExchangeInbox
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ExchangeInbox(TimeProvider time, ILogger<ExchangeInbox>? logger = null)
    {
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Envelopes whose predecessors in their conversation have all been handed over, oldest received first.</summary>
    public static Task<List<InboundEnvelope>> TakeReadyAsync(DbConnection connection, DbTransaction? transaction, int max, CancellationToken ct) =>
        Sql.QueryAsync(connection, transaction,
            """
            SELECT i.envelope_id, i.type, i.version, i.sender, i.conversation, i.seq, i.created_at, i.payload
            FROM exchange_inbox i
            LEFT JOIN exchange_inbox_cursor c ON c.sender = i.sender AND c.conversation = i.conversation
            WHERE i.handed_over_at IS NULL AND i.seq = COALESCE(c.next_seq, 1)
            ORDER BY i.received_at, i.envelope_id
            LIMIT @max
            """,
            r => new InboundEnvelope(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.Long(5), Sql.Time(r.Long(6)), r.Bytes(7)),
            ct, ("@max", (long)max));

    /// <summary>Marks <paramref name="envelope"/> handed over and opens its successor. Throws if another consumer got there first.</summary>
    public async Task MarkHandedOverAsync(DbConnection connection, DbTransaction transaction, InboundEnvelope envelope, CancellationToken ct)
    {
        int updated = await Sql.ExecuteAsync(connection, transaction,
            "UPDATE exchange_inbox SET handed_over_at = @now WHERE envelope_id = @id AND handed_over_at IS NULL", ct,
            ("@now", Sql.Ms(_time.GetUtcNow())), ("@id", envelope.Id));
        if (updated != 1)
        {
            throw new InvalidOperationException($"Envelope {envelope.Id} was already handed over.");
        }

        await Sql.ExecuteAsync(connection, transaction,
            """
            INSERT INTO exchange_inbox_cursor (sender, conversation, next_seq) VALUES (@from, @conv, @next)
            ON CONFLICT (sender, conversation) DO UPDATE SET next_seq = excluded.next_seq
            """, ct, ("@from", envelope.Sender), ("@conv", envelope.Conversation), ("@next", envelope.Sequence + 1));
        Log.HandedOver(_logger, envelope.Id, envelope.Sender, envelope.Conversation, envelope.Sequence);
    }

    /// <summary>
    /// Hands over every ready envelope, each in its own transaction: <paramref name="apply"/> performs the business effect with the
    /// given connection and transaction, then the envelope is marked and the transaction committed. If <paramref name="apply"/> throws,
    /// that transaction rolls back and the exception propagates (the envelope stays pending). Returns how many were handed over.
    /// </summary>
    public async Task<int> HandOverAsync(ExchangeDatabase database, Func<InboundEnvelope, DbConnection, DbTransaction, CancellationToken, Task> apply, CancellationToken ct, int batchSize = 100)
    {
        int total = 0;
        await using DbConnection connection = await database.OpenAsync(ct);
        while (true)
        {
            List<InboundEnvelope> ready = await TakeReadyAsync(connection, null, batchSize, ct);
            if (ready.Count == 0)
            {
                return total;
            }

            foreach (InboundEnvelope envelope in ready)
            {
                await using DbTransaction tx = await connection.BeginTransactionAsync(ct);
                await apply(envelope, connection, tx, ct);
                await MarkHandedOverAsync(connection, tx, envelope, ct);
                await tx.CommitAsync(ct);
                total++;
            }
        }
    }

    /// <summary>Counts of pending envelopes: ready now, and waiting behind a gap.</summary>
    public static async Task<(long Pending, long Ready)> CountPendingAsync(DbConnection connection, CancellationToken ct)
    {
        long pending = Sql.ToLong(await Sql.ScalarAsync(connection, null, "SELECT COUNT(*) FROM exchange_inbox WHERE handed_over_at IS NULL", ct));
        long ready = (await TakeReadyAsync(connection, null, int.MaxValue, ct)).Count;
        return (pending, ready);
    }
}
