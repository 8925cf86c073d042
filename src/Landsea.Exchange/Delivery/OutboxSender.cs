using System.Data.Common;
using Dapper;
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
/// The sender loop: takes due outbox rows, signs those stored unsigned (all of one request under one tree head, ADR 0306),
/// posts them, verifies each signed receipt against the partner's pinned certificate and records the result. Time comes only from the injected
/// <see cref="TimeProvider"/>, so tests drive backoff with a fake clock. See <see cref="DeliveryOptions"/> for the error policy.
/// </summary>
public sealed class OutboxSender : IDisposable
{
    private readonly ExchangeDatabase _database;
    private readonly NodeIdentity _identity;
    private readonly SigningMode _signing;
    private readonly AuditTrail _audit;
    private readonly IExchangeTransport _transport;
    private readonly DeliveryOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<double> _random;
    private readonly ILogger _logger;
    private readonly WakeSignal _wake = new();

    /// <param name="signing">How envelopes stored unsigned are signed when sent: one tree head per request (default) or one each.</param>
    public OutboxSender(ExchangeDatabase database, NodeIdentity identity, AuditTrail audit, IExchangeTransport transport, DeliveryOptions options, TimeProvider time,
        ILogger<OutboxSender>? logger = null, Func<double>? random = null, SigningMode signing = SigningMode.Batch)
    {
        _database = database;
        _identity = identity;
        _signing = signing;
        _audit = audit;
        _transport = transport;
        _options = options;
        _time = time;
        _random = random ?? Random.Shared.NextDouble;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Raised after each pass of <see cref="RunAsync"/>, delivered or failed (a host's liveness signal).</summary>
    public event EventHandler? PassCompleted;

    /// <summary>Wakes <see cref="RunAsync"/> early (call after committing an enqueue).</summary>
    public void Notify() => _wake.Set();

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
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // No exception from one pass ends the loop (issue 17): logged, tried again after the idle poll.
                Log.DeliveryPassFailed(_logger, ex);
                wait = _options.IdlePoll;
            }

            PassCompleted?.Invoke(this, EventArgs.Empty);

            if (wait > TimeSpan.Zero)
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                Task woken = _wake.WaitAsync(stop.Token);
                Task elapsed = Task.Delay(wait, _time, stop.Token);
                await Task.WhenAny(woken, elapsed);
                await stop.CancelAsync();
                await Task.WhenAll(woken, elapsed).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                if (woken.IsCompletedSuccessfully && _options.Linger > TimeSpan.Zero && !ct.IsCancellationRequested)
                {
                    // Woken by an enqueue: let a few more arrive so they share a request and its commits (real time, not the injected clock).
                    await Task.Delay(_options.Linger, ct).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
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
            due = (await connection.QueryAsync<DueRow>(new CommandDefinition(
                """
                SELECT envelope_id, recipient, digest, wire, attempts, failures FROM exchange_outbox
                WHERE delivered_at IS NULL AND next_attempt_at <= @now ORDER BY next_attempt_at, created_at LIMIT @max
                """, new { now = StoredTime.IsoMilliseconds(_time.GetUtcNow()), max = (long)_options.BatchSize }, cancellationToken: ct)))
                .Select(r => r.ToDue()).ToList();
            foreach (string code in due.Select(d => d.Recipient).Distinct())
            {
                partners[code] = await PartnerRegistry.FindAsync(connection, code, ct);
            }

            if (due.Count == 0)
            {
                // Nothing to send: still chain audit entries staged by enqueues (normally chained with the receipts).
                await _audit.ChainStagedAsync(connection, ct);
                return new DeliveryPass(0, 0, 0);
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

        // Per partner, the due envelopes go in requests of up to MaxEnvelopesPerRequest / MaxBytesPerRequest. The first request
        // probes: if the partner is unreachable, every due envelope for it is deferred with one statement instead of each failing
        // on its own. Each request's results (receipts, refusals, failures) commit in one transaction.
        var work = new List<(Partner? Partner, List<DueEnvelope> Items)>();
        foreach (IGrouping<string, DueEnvelope> group in due.GroupBy(d => d.Recipient))
        {
            List<List<DueEnvelope>> chunks = Chunk(group);
            Partner? partner = partners[group.Key];
            List<Step> probe = await SendChunkAsync(chunks[0], partner, ct);
            probe.ForEach(Count);
            if (probe.All(step => step == Step.Paused))
            {
                retrying += await DeferPartnerAsync(group.Key, chunks[0][0], ct);
            }
            else
            {
                work.AddRange(chunks.Skip(1).Select(c => (partner, c)));
            }
        }

        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelSends, CancellationToken = ct }, async (item, token) =>
            (await SendChunkAsync(item.Items, item.Partner, token)).ForEach(Count));
        return new DeliveryPass(delivered, retrying, dead);
    }

    private List<List<DueEnvelope>> Chunk(IEnumerable<DueEnvelope> items)
    {
        var chunks = new List<List<DueEnvelope>>();
        var current = new List<DueEnvelope>();
        long bytes = 0;
        foreach (DueEnvelope item in items)
        {
            if (current.Count > 0 && (current.Count >= _options.MaxEnvelopesPerRequest || bytes + item.Wire.Length > _options.MaxBytesPerRequest))
            {
                chunks.Add(current);
                current = [];
                bytes = 0;
            }

            current.Add(item);
            bytes += item.Wire.Length;
        }

        chunks.Add(current);
        return chunks;
    }

    private async Task<int> DeferPartnerAsync(string recipient, DueEnvelope probe, CancellationToken ct)
    {
        DateTimeOffset now = _time.GetUtcNow();
        DateTimeOffset next = now + _options.BackoffAfter(probe.Attempts + 1, _random());
        await using DbConnection connection = await _database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE exchange_outbox SET attempts = attempts + 1, next_attempt_at = @next, last_error = @err
            WHERE recipient = @to AND delivered_at IS NULL AND next_attempt_at <= @now AND envelope_id <> @probe
            """, new { next = StoredTime.IsoMilliseconds(next), err = "partner unreachable (paused)", to = recipient, now = StoredTime.IsoMilliseconds(now), probe = probe.Id },
            cancellationToken: ct));
    }

    /// <summary>Sends one request's envelopes and records every result in one transaction (one audit head update).</summary>
    private async Task<List<Step>> SendChunkAsync(List<DueEnvelope> items, Partner? partner, CancellationToken ct)
    {
        var decisions = new List<Decision>(items.Count);
        if (partner is null)
        {
            decisions.AddRange(items.Select(item => Decision.Fail(item, answered: true, $"partner {item.Recipient} is no longer registered")));
        }
        else
        {
            IReadOnlyList<TransportResult> results = await _transport.SendBatchAsync(partner, SignUnsigned(items), ct);
            using var verifier = new BatchVerifier();
            for (int i = 0; i < items.Count; i++)
            {
                decisions.Add(Decide(items[i], i < results.Count ? results[i] : TransportResult.Failed("no result"), partner, verifier, _time.GetUtcNow()));
            }
        }

        string now = StoredTime.IsoMilliseconds(_time.GetUtcNow());
        var audit = new List<AuditRecord>();
        var deliveredRows = new List<(string Id, string Receipt, string Code)>();
        var steps = new List<Step>(items.Count);
        await using DbConnection connection = await _database.OpenAsync(ct);
        await using (DbTransaction tx = await connection.BeginTransactionAsync(ct))
        {
            foreach (Decision d in decisions)
            {
                DueEnvelope item = d.Item;
                if (d.Receipt is { } receipt)
                {
                    string code = receipt.Outcome.ToCode();
                    string receiptDigest = Digests.Sha256Hex(System.Text.Encoding.ASCII.GetBytes(d.ReceiptText!));
                    string head = $"partner head {receipt.AuditHead.Sequence}:{receipt.AuditHead.Hash}";
                    if (receipt.Outcome.IsAccepted())
                    {
                        deliveredRows.Add((item.Id, d.ReceiptText!, code));
                        audit.Add(new AuditRecord("receipt", item.Id, item.Recipient, code, receiptDigest, head));
                        steps.Add(Step.Delivered);
                    }
                    else
                    {
                        string reason = $"refused by {item.Recipient}: {code} {receipt.Reason}".TrimEnd();
                        await MoveToDeadLettersAsync(connection, tx, item.Id, reason, d.ReceiptText, ct);
                        audit.Add(new AuditRecord("receipt", item.Id, item.Recipient, code, receiptDigest, head));
                        audit.Add(new AuditRecord("dead-letter", item.Id, item.Recipient, code, item.Digest, reason));
                        steps.Add(Step.DeadLettered);
                        d.Log = reason;
                    }

                    continue;
                }

                long attempts = item.Attempts + 1;
                long failures = item.Failures + (d.Answered ? 1 : 0);
                if (d.Answered && failures >= _options.MaxAttempts)
                {
                    string deadReason = $"{failures} failed attempts; last: {d.Failure}";
                    await connection.ExecuteAsync(new CommandDefinition("UPDATE exchange_outbox SET attempts = @attempts WHERE envelope_id = @id",
                        new { attempts, id = item.Id }, tx, cancellationToken: ct));
                    await MoveToDeadLettersAsync(connection, tx, item.Id, deadReason, null, ct);
                    audit.Add(new AuditRecord("dead-letter", item.Id, item.Recipient, null, item.Digest, deadReason));
                    steps.Add(Step.DeadLettered);
                    d.Log = deadReason;
                    continue;
                }

                DateTimeOffset next = _time.GetUtcNow() + _options.BackoffAfter(attempts, _random());
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE exchange_outbox SET attempts = @attempts, failures = @failures, next_attempt_at = @next, last_error = @err WHERE envelope_id = @id",
                    new { attempts, failures, next = StoredTime.IsoMilliseconds(next), err = d.Failure, id = item.Id }, tx, cancellationToken: ct));
                steps.Add(d.Answered ? Step.Retry : Step.Paused);
                d.Next = next;
            }

            foreach ((string Id, string Receipt, string Code)[] chunk in deliveredRows.Chunk(MultiRow.RowsPerStatement(connection)))
            {
                // One statement per 100 delivered envelopes (UPDATE ... FROM (VALUES ...): SQLite 3.33+, PostgreSQL).
                var parameters = new RowParameters().Add("now", now);
                string text = new System.Text.StringBuilder("UPDATE exchange_outbox SET delivered_at = @now, receipt = v.column2, outcome = v.column3, attempts = attempts + 1 FROM (VALUES ")
                    .AppendValues(chunk.Select(r => new object?[] { r.Id, r.Receipt, r.Code }).ToList(), parameters)
                    .Append(") AS v WHERE exchange_outbox.envelope_id = v.column1").ToString();
                await connection.ExecuteAsync(new CommandDefinition(text, parameters, tx, cancellationToken: ct));
            }

            await _audit.AppendManyAsync(new UnitOfWork(connection, tx, _time), audit, ct);
            await tx.CommitAsync(ct);
        }

        for (int i = 0; i < decisions.Count; i++)
        {
            Decision d = decisions[i];
            switch (steps[i])
            {
                case Step.Delivered:
                    Log.Delivered(_logger, d.Item.Id, d.Item.Recipient, d.Receipt!.Outcome.ToCode());
                    break;
                case Step.DeadLettered:
                    Log.DeadLettered(_logger, d.Item.Id, d.Item.Recipient, d.Log ?? "");
                    break;
                default:
                    Log.DeliveryFailed(_logger, d.Item.Id, d.Item.Recipient, d.Item.Attempts + 1, d.Next, d.Failure ?? "");
                    break;
            }
        }

        return steps;
    }

    /// <summary>
    /// The wire bytes to send: rows stored signed go as stored; rows stored unsigned are signed now, all of this request under
    /// one tree head (<see cref="SigningMode.Batch"/>) or each on its own. A retry signs again: the envelope's digest, which
    /// receipts and deduplication use, is that of its header and does not change.
    /// </summary>
    private List<ReadOnlyMemory<byte>> SignUnsigned(List<DueEnvelope> items)
    {
        var wires = items.Select(i => (ReadOnlyMemory<byte>)i.Wire).ToList();
        List<int> unsigned = Enumerable.Range(0, items.Count).Where(i => EnvelopeCodec.IsUnsigned(items[i].Wire)).ToList();
        DateTimeOffset now = _time.GetUtcNow();
        foreach (int[] group in _signing == SigningMode.Batch ? [unsigned.ToArray()] : unsigned.Select(i => new[] { i }))
        {
            if (group.Length == 0)
            {
                continue;
            }

            byte[][] signed = EnvelopeCodec.AttachProofs(group.Select(i => items[i].Wire).ToList(), group.Select(i => items[i].Digest).ToList(), _identity, now);
            for (int k = 0; k < group.Length; k++)
            {
                wires[group[k]] = signed[k];
            }
        }

        return wires;
    }

    /// <summary>Checks one result: a receipt that verifies against the pinned certificate and names this envelope, or a failure.</summary>
    private static Decision Decide(DueEnvelope item, TransportResult result, Partner partner, BatchVerifier verifier, DateTimeOffset now)
    {
        if (result.ReceiptText is null)
        {
            return Decision.Fail(item, answered: result.Reachable, result.Failure ?? "no receipt");
        }

        Receipt? receipt = ReceiptCodec.Verify(result.ReceiptText, partner.Keys, now, verifier);
        if (receipt is null)
        {
            return Decision.Fail(item, answered: true, "receipt does not verify against the partner's pinned certificate");
        }

        if (receipt.Issuer != partner.Code || receipt.EnvelopeId != item.Id || (receipt.EnvelopeDigest is not null && receipt.EnvelopeDigest != item.Digest))
        {
            return Decision.Fail(item, answered: true, "receipt is for another envelope or issuer");
        }

        return new Decision(item) { Receipt = receipt, ReceiptText = result.ReceiptText };
    }

    private async Task<TimeSpan> UntilNextDueAsync(CancellationToken ct)
    {
        await using DbConnection connection = await _database.OpenAsync(ct);
        string? next = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT MIN(next_attempt_at) FROM exchange_outbox WHERE delivered_at IS NULL", cancellationToken: ct));
        if (next is null)
        {
            return _options.IdlePoll;
        }

        TimeSpan until = StoredTime.Parse(next) - _time.GetUtcNow();
        return until < TimeSpan.Zero ? TimeSpan.Zero : until < _options.IdlePoll ? until : _options.IdlePoll;
    }

    private async Task MoveToDeadLettersAsync(DbConnection connection, DbTransaction tx, string envelopeId, string reason, string? receipt, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO exchange_dead_letter (envelope_id, recipient, conversation, seq, type, digest, wire, created_at, attempts, reason, receipt, dead_at)
            SELECT envelope_id, recipient, conversation, seq, type, digest, wire, created_at, attempts, @reason, @receipt, @now
            FROM exchange_outbox WHERE envelope_id = @id;
            DELETE FROM exchange_outbox WHERE envelope_id = @id;
            """, new { reason, receipt, now = StoredTime.IsoMilliseconds(_time.GetUtcNow()), id = envelopeId }, tx, cancellationToken: ct));

    private enum Step
    {
        Delivered,
        Retry,
        Paused,
        DeadLettered,
    }

    /// <summary>What one result means for its envelope, before it is recorded.</summary>
    private sealed class Decision(DueEnvelope item)
    {
        public DueEnvelope Item { get; } = item;

        public Receipt? Receipt { get; init; }

        public string? ReceiptText { get; init; }

        public bool Answered { get; init; }

        public string? Failure { get; init; }

        public string? Log { get; set; }

        public DateTimeOffset Next { get; set; }

        public static Decision Fail(DueEnvelope item, bool answered, string reason) => new(item) { Answered = answered, Failure = reason };
    }

    private sealed record DueEnvelope(string Id, string Recipient, string Digest, byte[] Wire, long Attempts, long Failures);

#pragma warning disable IDE1006, CA1812 // Dapper row type: column names as in SQL; instantiated by Dapper.
    private sealed class DueRow
    {
        public string envelope_id { get; set; } = "";
        public string recipient { get; set; } = "";
        public string digest { get; set; } = "";
        public byte[] wire { get; set; } = [];
        public long attempts { get; set; }
        public long failures { get; set; }

        public DueEnvelope ToDue() => new(envelope_id, recipient, digest, wire, attempts, failures);
    }
#pragma warning restore IDE1006, CA1812
}
