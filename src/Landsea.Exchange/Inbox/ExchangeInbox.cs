using System.Data.Common;
using Dapper;
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

    private static async Task<List<InboundEnvelope>> ReadyAsync(DbConnection connection, DbTransaction? transaction, int max, CancellationToken ct) =>
        (await connection.QueryAsync<ReadyRow>(new CommandDefinition(
            """
            SELECT i.envelope_id, i.type, i.version, i.sender, i.conversation, i.seq, i.created_at, i.payload
            FROM exchange_inbox i
            LEFT JOIN exchange_inbox_cursor c ON c.sender = i.sender AND c.conversation = i.conversation
            WHERE i.handed_over_at IS NULL AND i.seq = COALESCE(c.next_seq, 1)
            ORDER BY i.received_at, i.envelope_id
            LIMIT @max
            """, new { max = (long)max }, transaction, cancellationToken: ct)))
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
            ON CONFLICT (sender, conversation) DO UPDATE SET next_seq = excluded.next_seq
            """, new { sender = envelope.Sender, conv = envelope.Conversation, next = envelope.Sequence + 1 }, transaction, cancellationToken: ct));
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
                .Append(" ON CONFLICT (sender, conversation) DO UPDATE SET next_seq = excluded.next_seq").ToString();
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
        long pending = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM exchange_inbox WHERE handed_over_at IS NULL", cancellationToken: ct));
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
