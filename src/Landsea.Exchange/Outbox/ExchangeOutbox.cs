using System.Data.Common;
using Dapper;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Storage;

namespace Landsea.Exchange.Outbox;

/// <summary>Why an outgoing message was not enqueued. Stable codes, for logs and API answers.</summary>
public enum EnqueueRefusal
{
    None,

    /// <summary>unknown-partner: the recipient is not registered.</summary>
    UnknownPartner,

    /// <summary>not-agreed: no agreement, or the type is not on its outbound side.</summary>
    NotAgreed,

    /// <summary>not-json: the agreement has a field allow-list for the type but the payload is not JSON.</summary>
    NotJson,
}

/// <summary>The outcome of <see cref="ExchangeOutbox.EnqueueAsync"/>: the envelope committed to the outbox, or a refusal.</summary>
public sealed record EnqueueResult(QueuedEnvelope? Envelope, EnqueueRefusal Refusal, string? Reason)
{
    public bool IsEnqueued => Envelope is not null;
}

/// <summary>
/// The transactional outbox. <see cref="EnqueueAsync"/> runs inside the caller's transaction, so the business change and its
/// outgoing envelope commit (or roll back) together. It enforces the agreement: a type outside it is refused and fields outside
/// the type's allow-list are removed before the envelope is built, so they are never stored for sending nor put on the wire.
/// </summary>
public sealed class ExchangeOutbox : IMessageOutbox
{
    /// <summary>
    /// The one message type of the exchange itself: it fills the sequence slot of an envelope the sender withdrew (a dead letter
    /// the operator gave up on). Accepted from any registered partner whatever the agreement, handed over like any envelope.
    /// </summary>
    public const string WithdrawalType = "exchange-withdrawal";

    /// <summary>
    /// The exchange's notice that a received envelope was quarantined: this node could not apply it after the configured attempts
    /// (see <see cref="Inbox.InboxOptions"/>). Sent back to the envelope's sender in the same conversation, payload
    /// <c>{"refused":"&lt;id&gt;","type":"...","sequence":n,"attempts":n,"reason":"..."}</c>. Like a withdrawal it carries no business
    /// data: any registered partner may be sent it and accepts it whatever the agreement.
    /// </summary>
    public const string RefusedApplicationType = "exchange-refused-application";

    private readonly NodeIdentity _identity;
    private readonly AuditTrail _audit;
    private readonly TimeProvider _time;
    private readonly SigningMode _signing;

    /// <param name="signing"><see cref="SigningMode.PerItem"/> signs each envelope here; <see cref="SigningMode.Batch"/> stores it
    /// unsigned and the sender signs each request's envelopes together (ADR 0306).</param>
    public ExchangeOutbox(NodeIdentity identity, AuditTrail audit, TimeProvider time, SigningMode signing = SigningMode.Batch)
    {
        _identity = identity;
        _audit = audit;
        _time = time;
        _signing = signing;
    }

    /// <summary>Raised after a successful enqueue (before the caller commits): a delivery loop may use it as a hint to wake.</summary>
    public event EventHandler? Enqueued;

    /// <summary>Enqueues one message in the caller's transaction: <see cref="EnqueueManyAsync"/> with one message (the same checks,
    /// rows and refusals).</summary>
    public async Task<EnqueueResult> EnqueueAsync(UnitOfWork work, OutgoingMessage message, CancellationToken ct) =>
        (await EnqueueManyAsync(work, [message], ct))[0];

    /// <summary>
    /// Enqueues a withdrawal (<see cref="WithdrawalType"/>) in the slot of a dead-lettered envelope: same recipient, conversation
    /// and sequence, a new id, payload <c>{"withdrawn":"&lt;id&gt;","reason":"..."}</c>. Every partner accepts this type whatever the
    /// agreement, so the conversation's later envelopes, waiting behind the gap, can be handed over. Called by <see cref="Delivery.DeadLetters.WithdrawAsync"/>.
    /// </summary>
    internal async Task<QueuedEnvelope> EnqueueWithdrawalAsync(UnitOfWork work, string recipient, string conversation,
        long sequence, string withdrawnId, string reason, CancellationToken ct)
    {
        var body = new MemoryStream();
        using (var w = new System.Text.Json.Utf8JsonWriter(body))
        {
            w.WriteStartObject();
            w.WriteString("withdrawn", withdrawnId);
            w.WriteString("reason", reason);
            w.WriteEndObject();
        }

        DateTimeOffset now = StoredTime.ToMilliseconds(_time.GetUtcNow());
        var envelope = new Envelope(Guid.CreateVersion7(now).ToString("N"), WithdrawalType, "1", _identity.Code, recipient, conversation, sequence, now, body.ToArray());
        string digest = await InsertAsync(work, envelope, ct);
        await _audit.StageAsync(work,
            new AuditRecord("outbound", envelope.Id, recipient, null, digest, $"{WithdrawalType} v1 conv {conversation} seq {sequence} withdraws {withdrawnId}"), ct);
        Enqueued?.Invoke(this, EventArgs.Empty);
        return new QueuedEnvelope(envelope, digest);
    }

    /// <summary>
    /// Enqueues the announcement of this node's key rollover to <paramref name="recipient"/> (<see cref="KeyRolloverMessage"/>):
    /// signed here with this outbox's identity, the key being replaced, whatever the signing mode (the partner pins that key
    /// until it has read the announcement), and due before everything else to that partner, so that envelopes the new key
    /// signs never reach it first. Every partner accepts the type whatever the agreement. Called by <c>landsea node rotate-key</c>.
    /// </summary>
    public async Task<QueuedEnvelope> EnqueueKeyRolloverAsync(UnitOfWork work, string recipient, NodeIdentity next, DateTimeOffset oldKeyAcceptedUntil, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(next);
        DateTimeOffset now = StoredTime.ToMilliseconds(_time.GetUtcNow());
        byte[] payload = KeyRolloverMessage.Write(next, _identity.KeyId, oldKeyAcceptedUntil);
        var envelope = new Envelope(Guid.CreateVersion7(now).ToString("N"), KeyRolloverMessage.Type, "1", _identity.Code, recipient,
            "keys-" + next.KeyId, 1, now, payload);
        SignedEnvelope signed = EnvelopeCodec.Sign(envelope, _identity);
        await InsertAsync(work, envelope, EnvelopeCodec.ToWire(signed), signed.Digest, DateTimeOffset.UnixEpoch, ct);
        await _audit.StageAsync(work, new AuditRecord("outbound", envelope.Id, recipient, null, signed.Digest,
            $"{KeyRolloverMessage.Type} v1 key {_identity.KeyId} -> {next.KeyId}, old key accepted until {StoredTime.IsoMilliseconds(oldKeyAcceptedUntil)}"), ct);
        Enqueued?.Invoke(this, EventArgs.Empty);
        return new QueuedEnvelope(envelope, signed.Digest);
    }

    /// <summary>Writes one outbox row, due at once; returns the envelope's digest.</summary>
    private async Task<string> InsertAsync(UnitOfWork work, Envelope envelope, CancellationToken ct)
    {
        (byte[] wire, string digest) = Prepare(envelope);
        await InsertAsync(work, envelope, wire, digest, envelope.CreatedAt, ct);
        return digest;
    }

    /// <summary>Writes one outbox row with its wire bytes, due at <paramref name="due"/>.</summary>
    private static Task<int> InsertAsync(UnitOfWork work, Envelope envelope, byte[] wire, string digest, DateTimeOffset due, CancellationToken ct) =>
        work.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO exchange_outbox (envelope_id, recipient, conversation, seq, type, digest, wire, created_at, attempts, failures, next_attempt_at)
            VALUES (@id, @to, @conv, @seq, @type, @digest, @wire, @at, 0, 0, @due)
            """,
            new { id = envelope.Id, to = envelope.Recipient, conv = envelope.Conversation, seq = envelope.Sequence, type = envelope.Type, digest, wire,
                at = StoredTime.IsoMilliseconds(envelope.CreatedAt), due = StoredTime.IsoMilliseconds(due) }, work.Transaction, cancellationToken: ct));

    /// <summary>The stored wire bytes (signed in <see cref="SigningMode.PerItem"/>, unsigned otherwise) and the envelope's digest.</summary>
    private (byte[] Wire, string Digest) Prepare(Envelope envelope)
    {
        if (_signing == SigningMode.Batch)
        {
            return EnvelopeCodec.Unsigned(envelope);
        }

        SignedEnvelope signed = EnvelopeCodec.Sign(envelope, _identity);
        return (EnvelopeCodec.ToWire(signed), signed.Digest);
    }

    /// <summary>
    /// <see cref="EnqueueAsync"/> for many messages in one transaction with a handful of statements: one partner and agreement
    /// read per recipient, one multi-row sequence upsert, one multi-row outbox insert, one multi-row audit staging insert.
    /// Same checks, same rows, same wire form; results in input order (refusals write nothing).
    /// </summary>
    public async Task<EnqueueResult[]> EnqueueManyAsync(UnitOfWork work, IReadOnlyList<OutgoingMessage> messages, CancellationToken ct)
    {
        (DbConnection connection, DbTransaction transaction) = (work.Connection, work.Transaction);
        var results = new EnqueueResult[messages.Count];
        var payloads = new ReadOnlyMemory<byte>[messages.Count];
        var rules = new Dictionary<string, SharingAgreement?>(StringComparer.Ordinal);
        foreach (string recipient in messages.Select(m => m.Recipient).Distinct(StringComparer.Ordinal))
        {
            (bool registered, SharingAgreement? agreement) = await PartnerRegistry.FindRegisteredAgreementAsync(work, recipient, ct);
            rules[recipient] = !registered ? null : agreement ?? new SharingAgreement(recipient, 0, DateTimeOffset.MinValue, [], []);
        }

        var accepted = new List<int>();
        for (int i = 0; i < messages.Count; i++)
        {
            OutgoingMessage message = messages[i];
            SharingAgreement? agreement = rules[message.Recipient];
            OutboundRule? rule = agreement?.OutboundRuleFor(message.Type);
            if (agreement is null)
            {
                results[i] = new EnqueueResult(null, EnqueueRefusal.UnknownPartner, $"{message.Recipient} is not a registered partner");
                continue;
            }

            if (rule is null && message.Type == RefusedApplicationType)
            {
                // The exchange's own notice: a registered partner is enough, no agreement rule or field filter applies.
                payloads[i] = message.Payload;
                accepted.Add(i);
                continue;
            }

            if (rule is null)
            {
                results[i] = new EnqueueResult(null, EnqueueRefusal.NotAgreed, $"type {message.Type} is not in the agreement with {message.Recipient}");
                continue;
            }

            payloads[i] = message.Payload;
            if (rule.AllowedFields is not null)
            {
                if (FieldFilter.Apply(message.Payload.Span, rule.AllowedFields) is not { } filtered)
                {
                    results[i] = new EnqueueResult(null, EnqueueRefusal.NotJson, $"type {message.Type} has a field allow-list but the payload is not JSON");
                    continue;
                }

                payloads[i] = filtered;
            }

            accepted.Add(i);
        }

        if (accepted.Count == 0)
        {
            return results;
        }

        // Sequences: one upsert per distinct conversation adding the number of its messages; they take last-n+1 .. last in input order.
        var counts = accepted.GroupBy(i => (messages[i].Recipient, messages[i].Conversation)).Select(g => (g.Key, Count: g.Count())).ToList();
        var last = new Dictionary<(string, string), long>();
        foreach (var chunk in counts.Chunk(MultiRow.RowsPerStatement(connection)))
        {
            var parameters = new RowParameters();
            string text = new System.Text.StringBuilder("INSERT INTO exchange_conversation (recipient, conversation, last_seq) VALUES ")
                .AppendValues(chunk.Select(c => new object?[] { c.Key.Recipient, c.Key.Conversation, (long)c.Count }).ToList(), parameters)
                .Append(" ON CONFLICT (recipient, conversation) DO UPDATE SET last_seq = exchange_conversation.last_seq + excluded.last_seq RETURNING recipient, conversation, last_seq")
                .ToString();
            foreach ((string to, string conv, long seq) in await connection.QueryAsync<(string, string, long)>(new CommandDefinition(text, parameters, transaction, cancellationToken: ct)))
            {
                last[(to, conv)] = seq;
            }
        }

        var next = counts.ToDictionary(c => c.Key, c => last[c.Key] - c.Count + 1);
        DateTimeOffset now = StoredTime.ToMilliseconds(_time.GetUtcNow());
        var envelopes = new Envelope[accepted.Count];
        for (int k = 0; k < accepted.Count; k++)
        {
            OutgoingMessage m = messages[accepted[k]];
            long sequence = next[(m.Recipient, m.Conversation)]++;
            envelopes[k] = new Envelope(Guid.CreateVersion7(now).ToString("N"), m.Type, m.Version, _identity.Code, m.Recipient, m.Conversation, sequence, now, payloads[accepted[k]]);
        }

        var prepared = new (byte[] Wire, string Digest)[envelopes.Length];
        Parallel.For(0, envelopes.Length, new ParallelOptions { MaxDegreeOfParallelism = envelopes.Length >= 32 && _signing == SigningMode.PerItem ? Environment.ProcessorCount : 1 },
            k => prepared[k] = Prepare(envelopes[k]));
        string at = StoredTime.Iso(now);
        await MultiRow.InsertAsync(connection, transaction, "exchange_outbox",
            ["envelope_id", "recipient", "conversation", "seq", "type", "digest", "wire", "created_at", "attempts", "failures", "next_attempt_at"],
            envelopes.Select((e, k) => new object?[] { e.Id, e.Recipient, e.Conversation, e.Sequence, e.Type, prepared[k].Digest,
                prepared[k].Wire, at, 0L, 0L, at }).ToList(), null, ct);
        await MultiRow.InsertAsync(connection, transaction, "exchange_audit_pending",
            ["recorded_at", "kind", "envelope_id", "partner", "outcome", "digest", "detail"],
            envelopes.Select((e, k) => new object?[] { at, "outbound", e.Id, e.Recipient, null, prepared[k].Digest,
                $"{e.Type} v{e.Version} conv {e.Conversation} seq {e.Sequence}" }).ToList(), null, ct);
        for (int k = 0; k < accepted.Count; k++)
        {
            results[accepted[k]] = new EnqueueResult(new QueuedEnvelope(envelopes[k], prepared[k].Digest), EnqueueRefusal.None, null);
        }

        Enqueued?.Invoke(this, EventArgs.Empty);
        return results;
    }
}
