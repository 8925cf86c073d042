using System.Data.Common;
using Dapper;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Storage;
using Landsea.Exchange.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Landsea.Exchange.Receiving;

/// <summary>Receiver limits. Defaults: 16 MiB per request, 1 MiB per envelope, a 30-day replay window, 5 minutes of clock skew.</summary>
public sealed class ReceiverOptions
{
    /// <summary>Largest accepted envelope in bytes (its wire form), alone in a request or inside a batch; a larger one is
    /// refused with SIZE without being parsed. Default 1 MiB.</summary>
    public int MaxEnvelopeBytes { get; set; } = 1024 * 1024;

    /// <summary>Envelopes created longer ago than this are refused (BENV) even if unseen: replays of old traffic.
    /// Inbox rows must be kept at least this long for deduplication to stay exact.</summary>
    public TimeSpan ReplayWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How far in the future a created-at may lie.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The one limit on a request body in bytes, single envelope or batch, with a Content-Length or chunked: a larger
    /// body is refused whole with SIZE (HTTP 413) after reading at most this many bytes. Default 16 MiB.</summary>
    public int MaxRequestBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Most envelopes in one batch request. Default 1000.</summary>
    public int MaxBatchEnvelopes { get; set; } = 1000;

    /// <summary>How long refusals of unauthenticated requests from one source are counted before they become one audit entry
    /// (<see cref="RefusalSummary"/>). Default 1 minute.</summary>
    public TimeSpan SummaryInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// What one request got: one result per envelope (the request was authenticated), one refusal for the whole request (it was
/// not: <see cref="Refusal"/>, not audited on its own), or a wait (<see cref="RetryAfter"/>: the partner is over its rate limit).
/// </summary>
public sealed record ReceiveAnswer(IReadOnlyList<ReceiveResult>? Results, ReceiveResult? Refusal, TimeSpan? RetryAfter)
{
    public static ReceiveAnswer Refused(ReceiveResult refusal) => new(null, refusal, null);
}

/// <summary>The HTTP answer for one POST: status code, media type and the receipt JWS as body.</summary>
public sealed record ReceiveResult(SignedReceipt Receipt)
{
    public int StatusCode => Receipt.Receipt.Outcome.HttpStatus();

    public static string ContentType => Transport.HttpExchangeTransport.ReceiptMediaType;

    public ReceiptOutcome Outcome => Receipt.Receipt.Outcome;
}

/// <summary>
/// The receiving pipeline: size limit → parse → known sender → signature against the pinned certificate and payload digest
/// (together: authenticated) → addressee → replay window → inbound agreement → deduplicate and persist → signed receipt. A
/// request is authenticated once, on its first envelope, before any per-item work: one that is not is refused whole and only
/// counted (<see cref="RefusalSummary"/>: one audit entry per source and interval). In an authenticated request every outcome,
/// refusals included, is recorded in the audit trail in the same transaction as the inbox row, and nothing of a refused
/// envelope is stored for hand-over.
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
        Refusals = new RefusalSummary(time, options.SummaryInterval);
    }

    /// <summary>The source recorded for requests handed to the receiver without one (in-process callers).</summary>
    public const string LocalSource = "local";

    /// <summary>The receiver's limits; a host may set them before the first request.</summary>
    public ReceiverOptions Options => _options;

    /// <summary>Refusals of requests that were not authenticated, per source and interval; <see cref="FlushRefusalsAsync"/> audits them.</summary>
    public RefusalSummary Refusals { get; }

    /// <summary>Reads at most <see cref="ReceiverOptions.MaxRequestBytes"/> from <paramref name="body"/> and handles it as one envelope.</summary>
    public async Task<ReceiveResult> ReceiveAsync(Stream body, long? contentLength, CancellationToken ct)
    {
        ReceiveAnswer answer = await ReceiveRequestAsync(body, contentLength, batch: false, LocalSource, null, ct);
        return answer.Refusal ?? answer.Results![0];
    }

    public async Task<ReceiveResult> ReceiveAsync(ReadOnlyMemory<byte> wire, CancellationToken ct) =>
        (await ReceiveBatchAsync([wire], ct))[0];

    /// <summary>
    /// One POST from <paramref name="source"/> (issue 17 item 2): reads the body (a single envelope, or a batch when
    /// <paramref name="batch"/>) up to its size limit, then authenticates the request once, on its first envelope (readable,
    /// from a registered partner, signed with the partner's pinned key), before any per-item work. A request that fails is
    /// refused as a whole: one signed receipt carrying the current audit head, no audit entry of its own but one count in
    /// <see cref="Refusals"/> under <paramref name="source"/>, and at most one warning per source and interval. An authenticated
    /// request is put to <paramref name="admitPartner"/> (the partner's rate limit: null admits, a wait refuses), then every
    /// envelope is checked, stored and audited on its own as by <see cref="ReceiveBatchAsync(IReadOnlyList{ReadOnlyMemory{byte}}, CancellationToken)"/>.
    /// </summary>
    public async Task<ReceiveAnswer> ReceiveRequestAsync(Stream body, long? contentLength, bool batch, string source, Func<string, TimeSpan?>? admitPartner,
        CancellationToken ct)
    {
        int limit = _options.MaxRequestBytes;
        ReadOnlyMemory<byte>? read = contentLength > limit ? null : await ReadAtMostAsync(body, contentLength, limit, ct);
        if (read is not { } bytes)
        {
            string reason = contentLength > limit ? $"body of {contentLength} bytes exceeds {limit}" : $"body exceeds {limit} bytes";
            return ReceiveAnswer.Refused(await RefuseRequestAsync(null, source, Item.Refused(null, ReceiptOutcome.TooLarge, reason), 0, ct));
        }

        List<ReadOnlyMemory<byte>>? wires = batch ? BatchCodec.Split(bytes, _options.MaxBatchEnvelopes) : [bytes];
        if (wires is null || wires.Count == 0)
        {
            return ReceiveAnswer.Refused(await RefuseRequestAsync(null, source,
                Item.Refused(null, ReceiptOutcome.BadEnvelope, $"not a batch of 1 to {_options.MaxBatchEnvelopes} envelopes"), 0, ct));
        }

        return await ReceiveRequestAsync(wires, source, admitPartner, ct);
    }

    /// <summary>The envelopes of one request from <paramref name="source"/>: authenticated once, first, then handled one by one
    /// (see <see cref="ReceiveRequestAsync(Stream, long?, bool, string, Func{string, TimeSpan?}?, CancellationToken)"/>).</summary>
    public async Task<ReceiveAnswer> ReceiveRequestAsync(IReadOnlyList<ReadOnlyMemory<byte>> wires, string source, Func<string, TimeSpan?>? admitPartner,
        CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfZero(wires.Count);
        var partners = new Dictionary<string, Partner?>(StringComparer.Ordinal);
        await using DbConnection connection = await _database.OpenAsync(ct);
        using var verifier = new BatchVerifier();
        Item first = await AuthenticateAsync(wires[0], connection, partners, verifier, ct);
        if (first.Outcome is not null)
        {
            return ReceiveAnswer.Refused(await RefuseRequestAsync(connection, source, first, wires.Count, ct));
        }

        if (admitPartner?.Invoke(first.Sender!) is { } wait)
        {
            Refusals.Limited(source, "partner");
            return new ReceiveAnswer(null, null, wait);
        }

        return new ReceiveAnswer(await ReceiveCoreAsync(wires, first, connection, partners, verifier, ct), null, null);
    }

    /// <summary>
    /// Audits the refusal summaries whose interval has closed (all of them when <paramref name="all"/>, as when the node
    /// stops): one entry per source and interval, in one transaction, each also logged once. Returns the entries written.
    /// </summary>
    public async Task<int> FlushRefusalsAsync(bool all, CancellationToken ct)
    {
        IReadOnlyList<AuditRecord> records = Refusals.TakeClosed(all);
        if (records.Count == 0)
        {
            return 0;
        }

        await using DbConnection connection = await _database.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(connection, _time, ct);
        await _audit.AppendManyAsync(work, records, ct);
        await work.CommitAsync(ct);
        foreach (AuditRecord r in records)
        {
            Log.RefusalsSummarised(_logger, r.Detail ?? "");
        }

        return records.Count;
    }

    /// <summary>
    /// Refuses a whole request without storing anything: counted in <see cref="Refusals"/>, logged once per source and interval,
    /// answered with a signed receipt that names the first envelope (when it could be read) and carries the current audit head.
    /// </summary>
    private async Task<ReceiveResult> RefuseRequestAsync(DbConnection? open, string source, Item refused, int envelopes, CancellationToken ct)
    {
        ReceiptOutcome outcome = refused.Outcome!.Value;
        if (Refusals.Refused(source, outcome.ToCode(), envelopes, refused.Sender))
        {
            Log.RefusingRequests(_logger, source, outcome.ToCode(), refused.Reason ?? "", Refusals.Interval);
        }

        AuditHead head;
        if (open is null)
        {
            await using DbConnection connection = await _database.OpenAsync(ct);
            head = await AuditTrail.ReadHeadAsync(connection, ct);
        }
        else
        {
            head = await AuditTrail.ReadHeadAsync(open, ct);
        }

        Receipt receipt = new(refused.EnvelopeId, refused.Digest, outcome, refused.Reason, _identity.Code, refused.Sender, _time.GetUtcNow(), head);
        return new ReceiveResult(ReceiptCodec.Sign(receipt, _identity));
    }

    /// <summary>
    /// Reads a batch body (<c>{"envelopes":[wire, wire, ...]}</c>, at most <see cref="ReceiverOptions.MaxRequestBytes"/> and
    /// <see cref="ReceiverOptions.MaxBatchEnvelopes"/>) and handles every envelope in it; null when the body is over the limits or
    /// not a batch (the host answers without receipts and the sender falls back to single envelopes).
    /// </summary>
    public async Task<IReadOnlyList<ReceiveResult>?> ReceiveBatchAsync(Stream body, long? contentLength, CancellationToken ct)
    {
        ReceiveAnswer answer = await ReceiveRequestAsync(body, contentLength, batch: true, LocalSource, null, ct);
        return answer.Refusal is { } refusal
            ? refusal.Outcome == ReceiptOutcome.TooLarge || refusal.Receipt.Receipt.Reason?.StartsWith("not a batch", StringComparison.Ordinal) == true ? null : [refusal]
            : answer.Results;
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
    /// <remarks>The request is authenticated first (see <see cref="ReceiveRequestAsync(IReadOnlyList{ReadOnlyMemory{byte}}, string, Func{string, TimeSpan?}?, CancellationToken)"/>):
    /// when its first envelope is not from a pinned partner, every envelope gets that one refusal.</remarks>
    public async Task<IReadOnlyList<ReceiveResult>> ReceiveBatchAsync(IReadOnlyList<ReadOnlyMemory<byte>> wires, CancellationToken ct)
    {
        ReceiveAnswer answer = await ReceiveRequestAsync(wires, LocalSource, null, ct);
        return answer.Results ?? Enumerable.Repeat(answer.Refusal!, wires.Count).ToArray();
    }

    private async Task<IReadOnlyList<ReceiveResult>> ReceiveCoreAsync(IReadOnlyList<ReadOnlyMemory<byte>> wires, Item first, DbConnection connection,
        Dictionary<string, Partner?> partners, BatchVerifier verifier, CancellationToken ct)
    {
        var items = new Item[wires.Count];
        var agreements = new Dictionary<string, SharingAgreement?>(StringComparer.Ordinal);
        DateTimeOffset now = _time.GetUtcNow();
        for (int i = 0; i < wires.Count; i++)
        {
            Item authenticated = i == 0 ? first : await AuthenticateAsync(wires[i], connection, partners, verifier, ct);
            items[i] = authenticated.Outcome is null ? await CheckAuthenticatedAsync(authenticated, connection, agreements, now, ct) : authenticated;

            // A key rollover takes effect for the envelopes after it in this request too (they may be signed with the new key).
            if (items[i] is { Outcome: null, Rollover: { } rollover } && partners[rollover.Node] is { } partner && rollover.KeyId != partner.KeyId)
            {
                partners[rollover.Node] = partner with
                {
                    Certificate = rollover.Certificate,
                    PastKeys = [new PastKey(partner.Certificate, rollover.OldKeyAcceptedUntil), .. partner.PastKeys],
                };
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

            var keyChanges = new List<AuditRecord>();
            foreach (Item x in items.Where(x => x.Rollover is not null && x.Outcome == ReceiptOutcome.Received))
            {
                KeyRollover r = x.Rollover!;
                if (await PartnerRegistry.RollOverAsync(new UnitOfWork(connection, tx, _time), r.Node, r.Certificate, r.OldKeyAcceptedUntil, now, ct) is { } replaced)
                {
                    keyChanges.Add(new AuditRecord("partner-key", x.EnvelopeId, r.Node, null, r.KeyId,
                        $"rolled over from key {replaced}; the old key accepted until {StoredTime.IsoMilliseconds(r.OldKeyAcceptedUntil)}"));
                }
            }

            // The claimed sender is recorded as claimed: for USND/BSIG it is unauthenticated. Clipped so a hostile value cannot bloat the log.
            heads = await _audit.AppendManyAsync(new UnitOfWork(connection, tx, _time),
                items.Select(x => new AuditRecord("inbound", Clip(x.EnvelopeId), Clip(x.Sender), x.Outcome!.Value.ToCode(), x.Digest, x.Reason)).Concat(keyChanges).ToList(), ct);
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

    /// <summary>Whether an envelope is from a pinned partner: size, form, registered sender, signature against its pinned
    /// certificate. Sets the refusal (outcome and reason) or leaves <see cref="Item.Outcome"/> null.</summary>
    private async Task<Item> AuthenticateAsync(ReadOnlyMemory<byte> wire, DbConnection connection, Dictionary<string, Partner?> partners,
        BatchVerifier verifier, CancellationToken ct)
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
        if (!partners.TryGetValue(e.Sender, out Partner? partner))
        {
            partner = partners[e.Sender] = await PartnerRegistry.FindAsync(connection, e.Sender, ct);
        }

        if (partner is null)
        {
            return Item.Refused(signed, ReceiptOutcome.UnknownSender, $"{e.Sender} is not a registered partner");
        }

        DateTimeOffset now = _time.GetUtcNow();
        if (EnvelopeCodec.Verify(read.Candidate, partner.Keys.ForNew(signed.SignerKeyId, now), verifier) is { } signatureError)
        {
            return Item.Refused(signed, ReceiptOutcome.BadSignature, signatureError);
        }

        if (e.Type != KeyRolloverMessage.Type)
        {
            return new Item(signed);
        }

        (KeyRollover? rollover, string? error) = KeyRolloverMessage.Read(e.Payload.Span, e.Sender, signed.SignerKeyId ?? "", now);
        if (rollover is null)
        {
            return Item.Refused(signed, ReceiptOutcome.BadEnvelope, error ?? "key rollover unreadable");
        }

        if (signed.SignerKeyId != partner.KeyId && rollover.KeyId != partner.KeyId)
        {
            // Signed by a past key still within its overlap: only the announcement already applied (sent again) is accepted.
            return Item.Refused(signed, ReceiptOutcome.BadEnvelope, "key rollover is signed by a retired key");
        }

        return new Item(signed) { Rollover = rollover };
    }

    /// <summary>The checks of an authenticated envelope before storage: addressee, replay window, inbound agreement.</summary>
    private async Task<Item> CheckAuthenticatedAsync(Item authenticated, DbConnection connection, Dictionary<string, SharingAgreement?> agreements,
        DateTimeOffset now, CancellationToken ct)
    {
        UnverifiedEnvelope signed = authenticated.Read!;
        Envelope e = signed.Envelope;
        if (e.Recipient != _identity.Code)
        {
            return Item.Refused(signed, ReceiptOutcome.BadEnvelope, $"addressed to {e.Recipient}, not {_identity.Code}");
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
        if (e.Type is not (Outbox.ExchangeOutbox.WithdrawalType or Outbox.ExchangeOutbox.RefusedApplicationType or KeyRolloverMessage.Type) && (agreement is null || !agreement.AcceptsInbound(e.Type)))
        {
            return Item.Refused(signed, ReceiptOutcome.NotAgreed, $"type {e.Type} is not in the inbound agreement");
        }

        return authenticated;
    }

    /// <summary>One envelope of a batch on its way through the pipeline (null when it could not be read).</summary>
    private sealed class Item(UnverifiedEnvelope? read)
    {
        public UnverifiedEnvelope? Read { get; } = read;

        public Envelope? Envelope { get; } = read?.Envelope;

        public string? EnvelopeId => Envelope?.Id;

        public string? Sender => Envelope?.Sender;

        public string? Digest { get; } = read?.Digest;

        public string? Evidence { get; } = read?.Evidence;

        public ReceiptOutcome? Outcome { get; set; }

        /// <summary>The key rollover this envelope announces, applied to the partner's pins with the inbox row.</summary>
        public KeyRollover? Rollover { get; init; }

        public string? Reason { get; set; }

        public static Item Refused(UnverifiedEnvelope? read, ReceiptOutcome outcome, string reason) => new(read) { Outcome = outcome, Reason = reason };
    }
}
