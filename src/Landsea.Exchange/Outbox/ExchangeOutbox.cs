using System.Data.Common;
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

/// <summary>The outcome of <see cref="ExchangeOutbox.EnqueueAsync"/>: the signed envelope, or a refusal.</summary>
public sealed record EnqueueResult(SignedEnvelope? Envelope, EnqueueRefusal Refusal, string? Reason)
{
    public bool IsEnqueued => Envelope is not null;
}

/// <summary>
/// The transactional outbox. <see cref="EnqueueAsync"/> runs inside the caller's transaction, so the business change and its
/// outgoing envelope commit (or roll back) together. It enforces the agreement: a type outside it is refused and fields outside
/// the type's allow-list are removed before signing, so they are never stored for sending nor put on the wire.
/// </summary>
public sealed class ExchangeOutbox
{
    private readonly NodeIdentity _identity;
    private readonly AuditTrail _audit;
    private readonly TimeProvider _time;

    public ExchangeOutbox(NodeIdentity identity, AuditTrail audit, TimeProvider time)
    {
        _identity = identity;
        _audit = audit;
        _time = time;
    }

    /// <summary>Raised after a successful enqueue (before the caller commits): a delivery loop may use it as a hint to wake.</summary>
    public event EventHandler? Enqueued;

    public async Task<EnqueueResult> EnqueueAsync(DbConnection connection, DbTransaction transaction, OutgoingMessage message, CancellationToken ct)
    {
        Partner? partner = await PartnerRegistry.FindAsync(connection, transaction, message.Recipient, ct);
        if (partner is null)
        {
            return new EnqueueResult(null, EnqueueRefusal.UnknownPartner, $"{message.Recipient} is not a registered partner");
        }

        SharingAgreement? agreement = await PartnerRegistry.FindAgreementAsync(connection, transaction, message.Recipient, ct);
        OutboundRule? rule = agreement?.OutboundRuleFor(message.Type);
        if (agreement is null || rule is null)
        {
            return new EnqueueResult(null, EnqueueRefusal.NotAgreed, $"type {message.Type} is not in the agreement with {message.Recipient}");
        }

        ReadOnlyMemory<byte> payload = message.Payload;
        if (rule.AllowedFields is not null)
        {
            byte[]? filtered = FieldFilter.Apply(payload.Span, rule.AllowedFields);
            if (filtered is null)
            {
                return new EnqueueResult(null, EnqueueRefusal.NotJson, $"type {message.Type} has a field allow-list but the payload is not JSON");
            }

            payload = filtered;
        }

        long sequence = Sql.ToLong(await Sql.ScalarAsync(connection, transaction,
            """
            INSERT INTO exchange_conversation (recipient, conversation, last_seq) VALUES (@to, @conv, 1)
            ON CONFLICT (recipient, conversation) DO UPDATE SET last_seq = exchange_conversation.last_seq + 1
            RETURNING last_seq
            """, ct, ("@to", message.Recipient), ("@conv", message.Conversation)));
        DateTimeOffset now = DateTimeOffset.FromUnixTimeMilliseconds(Sql.Ms(_time.GetUtcNow()));
        var envelope = new Envelope(Guid.CreateVersion7(now).ToString("N"), message.Type, message.Version, _identity.Code, message.Recipient,
            message.Conversation, sequence, now, payload);
        SignedEnvelope signed = EnvelopeCodec.Sign(envelope, _identity);
        await Sql.ExecuteAsync(connection, transaction,
            """
            INSERT INTO exchange_outbox (envelope_id, recipient, conversation, seq, type, digest, wire, created_at, attempts, failures, next_attempt_at)
            VALUES (@id, @to, @conv, @seq, @type, @digest, @wire, @at, 0, 0, @at)
            """, ct,
            ("@id", envelope.Id), ("@to", envelope.Recipient), ("@conv", envelope.Conversation), ("@seq", sequence), ("@type", envelope.Type),
            ("@digest", signed.Digest), ("@wire", EnvelopeCodec.ToWire(signed)), ("@at", Sql.Ms(now)));
        await _audit.AppendAsync(connection, transaction,
            new AuditRecord("outbound", envelope.Id, envelope.Recipient, null, signed.Digest, $"{envelope.Type} v{envelope.Version} conv {envelope.Conversation} seq {sequence}"), ct);
        Enqueued?.Invoke(this, EventArgs.Empty);
        return new EnqueueResult(signed, EnqueueRefusal.None, null);
    }
}
