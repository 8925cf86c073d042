using System.Data.Common;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Storage;
using Landsea.Exchange.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Landsea.Exchange.Delivery;

/// <summary>What one delivery pass did.</summary>
public sealed record DeliveryPass(int Delivered, int Retrying, int DeadLettered)
{
    public int Attempted => Delivered + Retrying + DeadLettered;
}

/// <summary>
/// The sender loop: takes due outbox rows, posts their stored wire bytes (the same bytes on every attempt), verifies the
/// signed receipt against the partner's pinned certificate and records the result. Time comes only from the injected
/// <see cref="TimeProvider"/>, so tests drive backoff with a fake clock. See <see cref="DeliveryOptions"/> for the error policy.
/// </summary>
public sealed class OutboxSender : IDisposable
{
    private readonly ExchangeDatabase _database;
    private readonly AuditTrail _audit;
    private readonly IExchangeTransport _transport;
    private readonly DeliveryOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<double> _random;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _wake = new(0, 1);

    public OutboxSender(ExchangeDatabase database, AuditTrail audit, IExchangeTransport transport, DeliveryOptions options, TimeProvider time,
        ILogger<OutboxSender>? logger = null, Func<double>? random = null)
    {
        _database = database;
        _audit = audit;
        _transport = transport;
        _options = options;
        _time = time;
        _random = random ?? Random.Shared.NextDouble;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Wakes <see cref="RunAsync"/> early (call after committing an enqueue).</summary>
    public void Notify()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    /// <summary>Runs passes until cancelled; between passes waits for the next due time, a <see cref="Notify"/>, or <see cref="DeliveryOptions.IdlePoll"/>.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                DeliveryPass pass = await DeliverDueAsync(ct);
                wait = pass.Attempted >= _options.BatchSize ? TimeSpan.Zero : await UntilNextDueAsync(ct);
            }
            catch (Exception ex) when (ex is DbException or IOException)
            {
                Log.DeliveryPassFailed(_logger, ex);
                wait = _options.IdlePoll;
            }

            if (wait > TimeSpan.Zero)
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                Task woken = _wake.WaitAsync(stop.Token);
                Task elapsed = Task.Delay(wait, _time, stop.Token);
                await Task.WhenAny(woken, elapsed);
                await stop.CancelAsync();
                await Task.WhenAll(woken, elapsed).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    public void Dispose() => _wake.Dispose();

    /// <summary>One pass over the rows due now (at most <see cref="DeliveryOptions.BatchSize"/>).</summary>
    public async Task<DeliveryPass> DeliverDueAsync(CancellationToken ct)
    {
        List<DueEnvelope> due;
        var partners = new Dictionary<string, Partner?>(StringComparer.Ordinal);
        await using (DbConnection connection = await _database.OpenAsync(ct))
        {
            due = await Sql.QueryAsync(connection, null,
                """
                SELECT envelope_id, recipient, digest, wire, attempts, failures FROM exchange_outbox
                WHERE delivered_at IS NULL AND next_attempt_at <= @now ORDER BY next_attempt_at, created_at LIMIT @max
                """,
                r => new DueEnvelope(r.GetString(0), r.GetString(1), r.GetString(2), r.Bytes(3), r.Long(4), r.Long(5)),
                ct, ("@now", Sql.Ms(_time.GetUtcNow())), ("@max", (long)_options.BatchSize));
            foreach (string code in due.Select(d => d.Recipient).Distinct())
            {
                partners[code] = await PartnerRegistry.FindAsync(connection, null, code, ct);
            }
        }

        int delivered = 0, retrying = 0, dead = 0;
        void Count(Step step)
        {
            _ = step switch
            {
                Step.Delivered => Interlocked.Increment(ref delivered),
                Step.Retry or Step.Paused => Interlocked.Increment(ref retrying),
                _ => Interlocked.Increment(ref dead),
            };
        }

        // Pause per partner: the first due envelope probes; if the partner is unreachable, every due envelope for it is
        // deferred with one statement instead of each failing on its own.
        var work = new List<DueEnvelope>();
        foreach (IGrouping<string, DueEnvelope> group in due.GroupBy(d => d.Recipient))
        {
            DueEnvelope probe = group.First();
            Step step = await SendOneAsync(probe, partners[group.Key], ct);
            Count(step);
            if (step == Step.Paused)
            {
                retrying += await DeferPartnerAsync(group.Key, probe, ct);
            }
            else
            {
                work.AddRange(group.Skip(1));
            }
        }

        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelSends, CancellationToken = ct }, async (item, token) =>
            Count(await SendOneAsync(item, partners[item.Recipient], token)));
        return new DeliveryPass(delivered, retrying, dead);
    }

    private async Task<int> DeferPartnerAsync(string recipient, DueEnvelope probe, CancellationToken ct)
    {
        DateTimeOffset now = _time.GetUtcNow();
        DateTimeOffset next = now + _options.BackoffAfter(probe.Attempts + 1, _random());
        await using DbConnection connection = await _database.OpenAsync(ct);
        return await Sql.ExecuteAsync(connection, null,
            """
            UPDATE exchange_outbox SET attempts = attempts + 1, next_attempt_at = @next, last_error = @err
            WHERE recipient = @to AND delivered_at IS NULL AND next_attempt_at <= @now AND envelope_id <> @probe
            """, ct, ("@next", Sql.Ms(next)), ("@err", "partner unreachable (paused)"), ("@to", recipient), ("@now", Sql.Ms(now)), ("@probe", probe.Id));
    }

    private async Task<Step> SendOneAsync(DueEnvelope item, Partner? partner, CancellationToken ct)
    {
        if (partner is null)
        {
            return await FailAsync(item, answered: true, $"partner {item.Recipient} is no longer registered", ct);
        }

        TransportResult result = await _transport.SendAsync(partner, item.Wire, ct);
        if (result.ReceiptJws is null)
        {
            return await FailAsync(item, answered: result.Reachable, result.Failure ?? "no receipt", ct);
        }

        Receipt? receipt = ReceiptCodec.Verify(result.ReceiptJws, partner.Certificate);
        if (receipt is null)
        {
            return await FailAsync(item, answered: true, "receipt does not verify against the partner's pinned certificate", ct);
        }

        if (receipt.Issuer != partner.Code || receipt.EnvelopeId != item.Id || (receipt.EnvelopeDigest is not null && receipt.EnvelopeDigest != item.Digest))
        {
            return await FailAsync(item, answered: true, "receipt is for another envelope or issuer", ct);
        }

        await using DbConnection connection = await _database.OpenAsync(ct);
        await using DbTransaction tx = await connection.BeginTransactionAsync(ct);
        string code = receipt.Outcome.ToCode();
        string head = $"partner head {receipt.AuditHead.Sequence}:{receipt.AuditHead.Hash}";
        if (receipt.Outcome.IsAccepted())
        {
            await Sql.ExecuteAsync(connection, tx,
                "UPDATE exchange_outbox SET delivered_at = @now, receipt = @receipt, outcome = @code, attempts = attempts + 1 WHERE envelope_id = @id", ct,
                ("@now", Sql.Ms(_time.GetUtcNow())), ("@receipt", result.ReceiptJws), ("@code", code), ("@id", item.Id));
            await _audit.AppendAsync(connection, tx, new AuditRecord("receipt", item.Id, partner.Code, code, Digests.Sha256Hex(System.Text.Encoding.ASCII.GetBytes(result.ReceiptJws)), head), ct);
            await tx.CommitAsync(ct);
            Log.Delivered(_logger, item.Id, partner.Code, code);
            return Step.Delivered;
        }

        string reason = $"refused by {partner.Code}: {code} {receipt.Reason}".TrimEnd();
        await MoveToDeadLettersAsync(connection, tx, item.Id, reason, result.ReceiptJws, ct);
        await _audit.AppendAsync(connection, tx, new AuditRecord("receipt", item.Id, partner.Code, code, Digests.Sha256Hex(System.Text.Encoding.ASCII.GetBytes(result.ReceiptJws)), head), ct);
        await _audit.AppendAsync(connection, tx, new AuditRecord("dead-letter", item.Id, partner.Code, code, item.Digest, reason), ct);
        await tx.CommitAsync(ct);
        Log.DeadLettered(_logger, item.Id, partner.Code, reason);
        return Step.DeadLettered;
    }

    private async Task<Step> FailAsync(DueEnvelope item, bool answered, string reason, CancellationToken ct)
    {
        long attempts = item.Attempts + 1;
        long failures = item.Failures + (answered ? 1 : 0);
        await using DbConnection connection = await _database.OpenAsync(ct);
        await using DbTransaction tx = await connection.BeginTransactionAsync(ct);
        if (answered && failures >= _options.MaxAttempts)
        {
            string deadReason = $"{failures} failed attempts; last: {reason}";
            await Sql.ExecuteAsync(connection, tx, "UPDATE exchange_outbox SET attempts = @a WHERE envelope_id = @id", ct, ("@a", attempts), ("@id", item.Id));
            await MoveToDeadLettersAsync(connection, tx, item.Id, deadReason, null, ct);
            await _audit.AppendAsync(connection, tx, new AuditRecord("dead-letter", item.Id, item.Recipient, null, item.Digest, deadReason), ct);
            await tx.CommitAsync(ct);
            Log.DeadLettered(_logger, item.Id, item.Recipient, deadReason);
            return Step.DeadLettered;
        }

        DateTimeOffset next = _time.GetUtcNow() + _options.BackoffAfter(attempts, _random());
        await Sql.ExecuteAsync(connection, tx,
            "UPDATE exchange_outbox SET attempts = @a, failures = @f, next_attempt_at = @next, last_error = @err WHERE envelope_id = @id", ct,
            ("@a", attempts), ("@f", failures), ("@next", Sql.Ms(next)), ("@err", reason), ("@id", item.Id));
        await tx.CommitAsync(ct);
        Log.DeliveryFailed(_logger, item.Id, item.Recipient, attempts, next, reason);
        return answered ? Step.Retry : Step.Paused;
    }

    private async Task<TimeSpan> UntilNextDueAsync(CancellationToken ct)
    {
        await using DbConnection connection = await _database.OpenAsync(ct);
        object? next = await Sql.ScalarAsync(connection, null, "SELECT MIN(next_attempt_at) FROM exchange_outbox WHERE delivered_at IS NULL", ct);
        if (next is null)
        {
            return _options.IdlePoll;
        }

        TimeSpan until = Sql.Time(Sql.ToLong(next)) - _time.GetUtcNow();
        return until < TimeSpan.Zero ? TimeSpan.Zero : until < _options.IdlePoll ? until : _options.IdlePoll;
    }

    private async Task MoveToDeadLettersAsync(DbConnection connection, DbTransaction tx, string envelopeId, string reason, string? receipt, CancellationToken ct) =>
        await Sql.ExecuteAsync(connection, tx,
            """
            INSERT INTO exchange_dead_letter (envelope_id, recipient, conversation, seq, type, digest, wire, created_at, attempts, reason, receipt, dead_at)
            SELECT envelope_id, recipient, conversation, seq, type, digest, wire, created_at, attempts, @reason, @receipt, @now
            FROM exchange_outbox WHERE envelope_id = @id;
            DELETE FROM exchange_outbox WHERE envelope_id = @id;
            """, ct, ("@reason", reason), ("@receipt", receipt), ("@now", Sql.Ms(_time.GetUtcNow())), ("@id", envelopeId));

    private enum Step
    {
        Delivered,
        Retry,
        Paused,
        DeadLettered,
    }

    private sealed record DueEnvelope(string Id, string Recipient, string Digest, byte[] Wire, long Attempts, long Failures);
}
