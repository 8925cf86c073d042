using System.Data.Common;
using Dapper;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Storage;
using Landsea.Exchange.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Landsea.Exchange.Receiving;

/// <summary>Receiver limits. Defaults: 1 MiB per envelope, a 30-day replay window, 5 minutes of clock skew.</summary>
public sealed class ReceiverOptions
{
    /// <summary>Largest accepted request body in bytes; larger ones are refused with SIZE without being parsed.</summary>
    public int MaxEnvelopeBytes { get; set; } = 1024 * 1024;

    /// <summary>Envelopes created longer ago than this are refused (BENV) even if unseen: replays of old traffic.
    /// Inbox rows must be kept at least this long for deduplication to stay exact.</summary>
    public TimeSpan ReplayWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How far in the future a created-at may lie.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Largest accepted batch body in bytes (several envelopes in one request). Default 16 MiB.</summary>
    public int MaxBatchBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Most envelopes in one batch request. Default 1000.</summary>
    public int MaxBatchEnvelopes { get; set; } = 1000;
}

/// <summary>The HTTP answer for one POST: status code, media type and the receipt JWS as body.</summary>
public sealed record ReceiveResult(SignedReceipt Receipt)
{
    public int StatusCode => Receipt.Receipt.Outcome.HttpStatus();

    public static string ContentType => Transport.HttpExchangeTransport.ReceiptMediaType;

    public ReceiptOutcome Outcome => Receipt.Receipt.Outcome;
}

/// <summary>
/// The receiving pipeline: size limit → parse → addressee → known sender → signature against the pinned certificate →
/// payload digest → replay window → inbound agreement → deduplicate and persist → signed receipt. Every outcome, refusals included,
/// is recorded in the audit trail in the same transaction as the inbox row, and nothing of a refused envelope is stored for hand-over.
/// </summary>
public sealed class ExchangeReceiver
{
    private readonly ExchangeDatabase _database;
    private readonly NodeIdentity _identity;
    private readonly AuditTrail _audit;
    private readonly ReceiverOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SigningMode _signing;

    /// <param name="signing">How the receipts of one batch are signed: one tree head for all (default) or one JWS each.</param>
    public ExchangeReceiver(ExchangeDatabase database, NodeIdentity identity, AuditTrail audit, ReceiverOptions options, TimeProvider time,
        ILogger<ExchangeReceiver>? logger = null, SigningMode signing = SigningMode.Batch)
    {
        _signing = signing;
        _database = database;
        _identity = identity;
        _audit = audit;
        _options = options;
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Reads at most <see cref="ReceiverOptions.MaxEnvelopeBytes"/> from <paramref name="body"/> and handles it.</summary>
    public async Task<ReceiveResult> ReceiveAsync(Stream body, long? contentLength, CancellationToken ct)
    {
        int limit = _options.MaxEnvelopeBytes;
        if (contentLength > limit)
        {
            return await RefuseTooLargeAsync($"body of {contentLength} bytes exceeds {limit}", ct);
        }

        return await ReadAtMostAsync(body, contentLength, limit, ct) is { } wire
            ? await ReceiveAsync(wire, ct)
            : await RefuseTooLargeAsync($"body exceeds {limit} bytes", ct);
    }

    public async Task<ReceiveResult> ReceiveAsync(ReadOnlyMemory<byte> wire, CancellationToken ct) =>
        (await ReceiveBatchAsync([wire], ct))[0];

    /// <summary>
    /// Reads a batch body (<c>{"envelopes":[wire, wire, ...]}</c>, at most <see cref="ReceiverOptions.MaxBatchBytes"/> and
    /// <see cref="ReceiverOptions.MaxBatchEnvelopes"/>) and handles every envelope in it; null when the body is over the limits or
    /// not a batch (the host answers without receipts and the sender falls back to single envelopes).
    /// </summary>
    public async Task<IReadOnlyList<ReceiveResult>?> ReceiveBatchAsync(Stream body, long? contentLength, CancellationToken ct)
    {
        if (contentLength > _options.MaxBatchBytes)
        {
            return null;
        }

        if (await ReadAtMostAsync(body, contentLength, _options.MaxBatchBytes, ct) is not { } batch)
        {
            return null;
        }

        List<ReadOnlyMemory<byte>>? wires = BatchCodec.Split(batch, _options.MaxBatchEnvelopes);
        return wires is null || wires.Count == 0 ? null : await ReceiveBatchAsync(wires, ct);
    }

    /// <summary>
    /// Reads the whole body if it is at most <paramref name="limit"/> bytes, else null (stops reading at the limit). The buffer
    /// is sized from Content-Length when given (the caller has checked it against the limit): growing by doubling would copy a
    /// multi-megabyte batch several times through the large-object heap.
    /// </summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadAtMostAsync(Stream body, long? contentLength, int limit, CancellationToken ct)
    {
        var buffer = new MemoryStream(contentLength is > 0 and var n && n <= limit ? (int)n : 0);
        byte[] chunk = new byte[64 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    /// <summary>
    /// Handles several envelopes with one transaction: each is checked on its own (size, form, addressee, sender, signature,
    /// replay window, agreement), then every inbox row and every audit entry of the batch commits together (one head update),
    /// and each envelope gets its own signed receipt carrying the audit head after its own entry. Results are in input order.
    /// </summary>
    public async Task<IReadOnlyList<ReceiveResult>> ReceiveBatchAsync(IReadOnlyList<ReadOnlyMemory<byte>> wires, CancellationToken ct)
    {
        var items = new Item[wires.Count];
        var partners = new Dictionary<string, Partner?>(StringComparer.Ordinal);
        var agreements = new Dictionary<string, SharingAgreement?>(StringComparer.Ordinal);
        DateTimeOffset now = _time.GetUtcNow();
        await using DbConnection connection = await _database.OpenAsync(ct);
        using (var verifier = new BatchVerifier())
        {
            for (int i = 0; i < wires.Count; i++)
            {
                items[i] = await CheckAsync(wires[i], connection, partners, agreements, verifier, now, ct);
            }
        }

        // Within the batch the earlier envelope wins a (sender, conversation, sequence), as it would arriving first.
        var slots = new Dictionary<(string, string, long), string>();
        foreach (Item x in items.Where(x => x.Outcome is null))
        {
            Envelope e = x.Envelope!;
            if (slots.TryGetValue((e.Sender, e.Conversation, e.Sequence), out string? owner) && owner != e.Id)
            {
                (x.Outcome, x.Reason) = (ReceiptOutcome.BadEnvelope, $"sequence {e.Sequence} of conversation {e.Conversation} is already taken by another envelope");
            }
            else
            {
                slots[(e.Sender, e.Conversation, e.Sequence)] = e.Id;
            }
        }

        // Inbox rows in envelope-id order (one lock order for concurrent batches), one multi-row insert.
        List<Item> accepted = items.Where(x => x.Outcome is null).DistinctBy(x => x.Envelope!.Id).OrderBy(x => x.Envelope!.Id, StringComparer.Ordinal).ToList();
        IReadOnlyList<AuditHead> heads;
        await using (DbTransaction tx = await connection.BeginTransactionAsync(ct))
        {
            var inserted = new HashSet<string>(StringComparer.Ordinal);
            if (accepted.Count > 0)
            {
                string received = StoredTime.IsoMilliseconds(now);
                inserted.UnionWith(await MultiRow.InsertAsync(connection, tx, "exchange_inbox",
                    ["envelope_id", "sender", "conversation", "seq", "type", "version", "digest", "payload", "created_at", "received_at", "evidence"],
                    accepted.Select(x =>
                    {
                        Envelope e = x.Envelope!;
                        return new object?[] { e.Id, e.Sender, e.Conversation, e.Sequence, e.Type, e.Version, x.Digest, e.Payload.ToArray(), StoredTime.IsoMilliseconds(e.CreatedAt), received, x.Evidence };
                    }).ToList(), "ON CONFLICT DO NOTHING RETURNING envelope_id", ct));
            }

            var firstInBatch = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Item x in items.Where(x => x.Outcome is null))
            {
                Envelope e = x.Envelope!;
                string? existing;
                if (firstInBatch.TryGetValue(e.Id, out string? earlier))
                {
                    existing = earlier;
                }
                else if (inserted.Contains(e.Id))
                {
                    firstInBatch[e.Id] = x.Digest!;
                    x.Outcome = ReceiptOutcome.Received;
                    continue;
                }
                else
                {
                    existing = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
                        "SELECT digest FROM exchange_inbox WHERE envelope_id = @id", new { id = e.Id }, tx, cancellationToken: ct));
                    if (existing is not null)
                    {
                        firstInBatch[e.Id] = existing;
                    }
                }

                (x.Outcome, x.Reason) = existing switch
                {
                    null => (ReceiptOutcome.BadEnvelope, $"sequence {e.Sequence} of conversation {e.Conversation} is already taken by another envelope"),
                    _ when existing == x.Digest => (ReceiptOutcome.Duplicate, (string?)null),
                    _ => (ReceiptOutcome.BadEnvelope, "envelope id reused for different content"),
                };
            }

            // The claimed sender is recorded as claimed: for USND/BSIG it is unauthenticated. Clipped so a hostile value cannot bloat the log.
            heads = await _audit.AppendManyAsync(new UnitOfWork(connection, tx, _time),
                items.Select(x => new AuditRecord("inbound", Clip(x.EnvelopeId), Clip(x.Sender), x.Outcome!.Value.ToCode(), x.Digest, x.Reason)).ToList(), ct);
            await tx.CommitAsync(ct);
        }

        var receipts = new Receipt[items.Length];
        DateTimeOffset issued = _time.GetUtcNow();
        for (int i = 0; i < items.Length; i++)
        {
            Item x = items[i];
            ReceiptOutcome outcome = x.Outcome!.Value;
            if (outcome.IsAccepted())
            {
                Envelope e = x.Envelope!;
                Log.Received(_logger, e.Id, e.Sender, e.Conversation, e.Sequence, outcome.ToCode());
            }
            else
            {
                Log.Refused(_logger, x.EnvelopeId, x.Sender, outcome.ToCode(), x.Reason ?? "");
            }

            receipts[i] = new Receipt(x.EnvelopeId, x.Digest, outcome, x.Reason, _identity.Code, x.Sender, issued, heads[i]);
        }

        // One signature for the whole answer (batch mode) or one per receipt; each receipt verifiable on its own either way.
        return ReceiptCodec.SignAll(receipts, _identity, _signing, issued).Select(r => new ReceiveResult(r)).ToArray();

    }

    /// <summary>A claimed value as recorded in the audit trail: clipped so a hostile value cannot bloat the log.</summary>
    private static string? Clip(string? value) => value is { Length: > 100 } ? value[..100] : value;

    /// <summary>Every check before storage; sets the refusal (outcome and reason) or leaves <see cref="Item.Outcome"/> null.</summary>
    private async Task<Item> CheckAsync(ReadOnlyMemory<byte> wire, DbConnection connection, Dictionary<string, Partner?> partners,
        Dictionary<string, SharingAgreement?> agreements, BatchVerifier verifier, DateTimeOffset now, CancellationToken ct)
    {
        if (wire.Length > _options.MaxEnvelopeBytes)
        {
            return Item.Refused(null, ReceiptOutcome.TooLarge, $"body of {wire.Length} bytes exceeds {_options.MaxEnvelopeBytes}");
        }

        EnvelopeRead read = EnvelopeCodec.Read(wire.Span);
        if (read.Candidate is null)
        {
            return Item.Refused(null, ReceiptOutcome.BadEnvelope, read.Error ?? "unreadable");
        }

        UnverifiedEnvelope signed = read.Candidate;
        Envelope e = signed.Envelope;
        if (e.Recipient != _identity.Code)
        {
            return Item.Refused(signed, ReceiptOutcome.BadEnvelope, $"addressed to {e.Recipient}, not {_identity.Code}");
        }

        if (!partners.TryGetValue(e.Sender, out Partner? partner))
        {
            partner = partners[e.Sender] = await PartnerRegistry.FindAsync(connection, e.Sender, ct);
        }

        if (partner is null)
        {
            return Item.Refused(signed, ReceiptOutcome.UnknownSender, $"{e.Sender} is not a registered partner");
        }

        if (EnvelopeCodec.Verify(read.Candidate, partner.Certificate, verifier) is { } signatureError)
        {
            return Item.Refused(signed, ReceiptOutcome.BadSignature, signatureError);
        }

        if (e.CreatedAt < now - _options.ReplayWindow)
        {
            return Item.Refused(signed, ReceiptOutcome.BadEnvelope, "created before the replay window");
        }

        if (e.CreatedAt > now + _options.ClockSkew)
        {
            return Item.Refused(signed, ReceiptOutcome.BadEnvelope, "created in the future");
        }

        if (!agreements.TryGetValue(e.Sender, out SharingAgreement? agreement))
        {
            agreement = agreements[e.Sender] = await PartnerRegistry.FindAgreementAsync(connection, e.Sender, ct);
        }

        // A withdrawal only fills a sequence slot the partner gave up on, a refused-application notice only names an envelope this
        // node sent: neither carries business data, so no agreement governs them.
        if (e.Type is not (Outbox.ExchangeOutbox.WithdrawalType or Outbox.ExchangeOutbox.RefusedApplicationType) && (agreement is null || !agreement.AcceptsInbound(e.Type)))
        {
            return Item.Refused(signed, ReceiptOutcome.NotAgreed, $"type {e.Type} is not in the inbound agreement");
        }

        return new Item(signed);
    }

    /// <summary>One envelope of a batch on its way through the pipeline (null when it could not be read).</summary>
    private sealed class Item(UnverifiedEnvelope? read)
    {
        public Envelope? Envelope { get; } = read?.Envelope;

        public string? EnvelopeId => Envelope?.Id;

        public string? Sender => Envelope?.Sender;

        public string? Digest { get; } = read?.Digest;

        public string? Evidence { get; } = read?.Evidence;

        public ReceiptOutcome? Outcome { get; set; }

        public string? Reason { get; set; }

        public static Item Refused(UnverifiedEnvelope? read, ReceiptOutcome outcome, string reason) => new(read) { Outcome = outcome, Reason = reason };
    }

    /// <summary>A body over the size limit, refused before it is read: nothing of it is known but its size.</summary>
    private async Task<ReceiveResult> RefuseTooLargeAsync(string reason, CancellationToken ct)
    {
        Log.Refused(_logger, null, null, ReceiptOutcome.TooLarge.ToCode(), reason);
        await using DbConnection connection = await _database.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(connection, _time, ct);
        AuditHead head = await _audit.AppendAsync(work, new AuditRecord("inbound", null, null, ReceiptOutcome.TooLarge.ToCode(), null, reason), ct);
        await work.CommitAsync(ct);
        Receipt receipt = new(null, null, ReceiptOutcome.TooLarge, reason, _identity.Code, null, _time.GetUtcNow(), head);
        return new ReceiveResult(ReceiptCodec.Sign(receipt, _identity));
    }
}
