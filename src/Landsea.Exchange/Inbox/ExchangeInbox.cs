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
public sealed class ExchangeInbox : IMessageInbox
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ExchangeInbox(TimeProvider time, ILogger<ExchangeInbox>? logger = null)
    {
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc/>
    public Task<List<InboundEnvelope>> TakeReadyAsync(DbConnection connection, int max, CancellationToken ct) =>
        ReadyAsync(connection, null, max, ct);

    private static Task<List<InboundEnvelope>> ReadyAsync(DbConnection connection, DbTransaction? transaction, int max, CancellationToken ct) =>
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
    public async Task MarkHandedOverAsync(UnitOfWork work, InboundEnvelope envelope, CancellationToken ct)
    {
        (DbConnection connection, DbTransaction transaction) = (work.Connection, work.Transaction);
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
    /// Marks a group of ready envelopes (at most one per conversation, as <see cref="TakeReadyAsync"/> returns them) handed
    /// over and opens their successors: one update and one multi-row cursor upsert per 100. Throws if another consumer got
    /// to any of them first.
    /// </summary>
    private async Task MarkHandedOverAsync(UnitOfWork work, List<InboundEnvelope> group, CancellationToken ct)
    {
        (DbConnection connection, DbTransaction transaction) = (work.Connection, work.Transaction);
        long now = Sql.Ms(_time.GetUtcNow());
        foreach (InboundEnvelope[] chunk in group.Chunk(Sql.RowsPerStatement(connection)))
        {
            var ids = new (string, object?)[chunk.Length + 1];
            ids[0] = ("@now", now);
            for (int i = 0; i < chunk.Length; i++)
            {
                ids[i + 1] = (string.Create(System.Globalization.CultureInfo.InvariantCulture, $"@i{i}"), chunk[i].Id);
            }

            int updated = await Sql.ExecuteAsync(connection, transaction,
                $"UPDATE exchange_inbox SET handed_over_at = @now WHERE handed_over_at IS NULL AND envelope_id IN ({string.Join(", ", ids.Skip(1).Select(p => p.Item1))})", ct, ids);
            if (updated != chunk.Length)
            {
                throw new InvalidOperationException($"{chunk.Length - updated} of {chunk.Length} envelopes were already handed over.");
            }

            var cursors = new System.Text.StringBuilder("INSERT INTO exchange_inbox_cursor (sender, conversation, next_seq) VALUES ");
            var values = new List<(string, object?)>();
            for (int i = 0; i < chunk.Length; i++)
            {
                cursors.Append(i == 0 ? "" : ", ").Append(System.Globalization.CultureInfo.InvariantCulture, $"(@s{i}, @c{i}, @n{i})");
                values.Add(($"@s{i}", chunk[i].Sender));
                values.Add(($"@c{i}", chunk[i].Conversation));
                values.Add(($"@n{i}", chunk[i].Sequence + 1));
            }

            cursors.Append(" ON CONFLICT (sender, conversation) DO UPDATE SET next_seq = excluded.next_seq");
            await Sql.ExecuteAsync(connection, transaction, cursors.ToString(), ct, [.. values]);
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
    /// back and is redone one envelope per transaction, so the envelopes before the failing one are handed over and the exception
    /// then propagates (the failing envelope stays pending). Returns how many were handed over.
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
                await using UnitOfWork work = await UnitOfWork.BeginAsync(connection, _time, ct);
                await apply(envelope, work, ct);
                await MarkHandedOverAsync(work, envelope, ct);
                await work.CommitAsync(ct);
                total++;
            }
        }
    }

    /// <summary>Counts of pending envelopes: ready now, and waiting behind a gap.</summary>
    public async Task<(long Pending, long Ready)> CountPendingAsync(DbConnection connection, CancellationToken ct)
    {
        long pending = Sql.ToLong(await Sql.ScalarAsync(connection, null, "SELECT COUNT(*) FROM exchange_inbox WHERE handed_over_at IS NULL", ct));
        long ready = (await ReadyAsync(connection, null, int.MaxValue, ct)).Count;
        return (pending, ready);
    }
}
