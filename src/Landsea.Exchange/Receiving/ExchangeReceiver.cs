using System.Data.Common;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Storage;
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

    public ExchangeReceiver(ExchangeDatabase database, NodeIdentity identity, AuditTrail audit, ReceiverOptions options, TimeProvider time, ILogger<ExchangeReceiver>? logger = null)
    {
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
            return await RefuseAsync(null, null, null, ReceiptOutcome.TooLarge, $"body of {contentLength} bytes exceeds {limit}", ct);
        }

        var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return await RefuseAsync(null, null, null, ReceiptOutcome.TooLarge, $"body exceeds {limit} bytes", ct);
            }

            buffer.Write(chunk, 0, read);
        }

        return await ReceiveAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct);
    }

    public async Task<ReceiveResult> ReceiveAsync(ReadOnlyMemory<byte> wire, CancellationToken ct)
    {
        if (wire.Length > _options.MaxEnvelopeBytes)
        {
            return await RefuseAsync(null, null, null, ReceiptOutcome.TooLarge, $"body of {wire.Length} bytes exceeds {_options.MaxEnvelopeBytes}", ct);
        }

        EnvelopeRead read = EnvelopeCodec.Read(wire.Span);
        if (read.Candidate is null)
        {
            return await RefuseAsync(null, null, null, ReceiptOutcome.BadEnvelope, read.Error ?? "unreadable", ct);
        }

        SignedEnvelope signed = read.Candidate.Signed;
        Envelope e = signed.Envelope;
        if (e.Recipient != _identity.Code)
        {
            return await RefuseAsync(e.Id, e.Sender, signed.Digest, ReceiptOutcome.BadEnvelope, $"addressed to {e.Recipient}, not {_identity.Code}", ct);
        }

        await using DbConnection connection = await _database.OpenAsync(ct);
        Partner? partner = await PartnerRegistry.FindAsync(connection, null, e.Sender, ct);
        if (partner is null)
        {
            return await RefuseAsync(e.Id, e.Sender, signed.Digest, ReceiptOutcome.UnknownSender, $"{e.Sender} is not a registered partner", ct, connection);
        }

        if (EnvelopeCodec.Verify(read.Candidate, partner.Certificate) is { } signatureError)
        {
            return await RefuseAsync(e.Id, e.Sender, signed.Digest, ReceiptOutcome.BadSignature, signatureError, ct, connection);
        }

        DateTimeOffset now = _time.GetUtcNow();
        if (e.CreatedAt < now - _options.ReplayWindow)
        {
            return await RefuseAsync(e.Id, e.Sender, signed.Digest, ReceiptOutcome.BadEnvelope, "created before the replay window", ct, connection);
        }

        if (e.CreatedAt > now + _options.ClockSkew)
        {
            return await RefuseAsync(e.Id, e.Sender, signed.Digest, ReceiptOutcome.BadEnvelope, "created in the future", ct, connection);
        }

        SharingAgreement? agreement = await PartnerRegistry.FindAgreementAsync(connection, null, e.Sender, ct);
        if (agreement is null || !agreement.AcceptsInbound(e.Type))
        {
            return await RefuseAsync(e.Id, e.Sender, signed.Digest, ReceiptOutcome.NotAgreed, $"type {e.Type} is not in the inbound agreement", ct, connection);
        }

        ReceiptOutcome outcome;
        string? reason = null;
        AuditHead head;
        await using (DbTransaction tx = await connection.BeginTransactionAsync(ct))
        {
            int inserted = await Sql.ExecuteAsync(connection, tx,
                """
                INSERT INTO exchange_inbox (envelope_id, sender, conversation, seq, type, version, digest, payload, created_at, received_at)
                VALUES (@id, @from, @conv, @seq, @type, @ver, @digest, @payload, @created, @now) ON CONFLICT DO NOTHING
                """, ct,
                ("@id", e.Id), ("@from", e.Sender), ("@conv", e.Conversation), ("@seq", e.Sequence), ("@type", e.Type), ("@ver", e.Version),
                ("@digest", signed.Digest), ("@payload", e.Payload.ToArray()), ("@created", Sql.Ms(e.CreatedAt)), ("@now", Sql.Ms(now)));
            if (inserted == 1)
            {
                outcome = ReceiptOutcome.Received;
            }
            else
            {
                var existing = (await Sql.QueryAsync(connection, tx, "SELECT digest FROM exchange_inbox WHERE envelope_id = @id", r => r.GetString(0), ct, ("@id", e.Id))).SingleOrDefault();
                (outcome, reason) = existing switch
                {
                    null => (ReceiptOutcome.BadEnvelope, $"sequence {e.Sequence} of conversation {e.Conversation} is already taken by another envelope"),
                    _ when existing == signed.Digest => (ReceiptOutcome.Duplicate, (string?)null),
                    _ => (ReceiptOutcome.BadEnvelope, "envelope id reused for different content"),
                };
            }

            head = await _audit.AppendAsync(connection, tx, new AuditRecord("inbound", e.Id, e.Sender, outcome.ToCode(), signed.Digest, reason), ct);
            await tx.CommitAsync(ct);
        }

        if (outcome.IsAccepted())
        {
            Log.Received(_logger, e.Id, e.Sender, e.Conversation, e.Sequence, outcome.ToCode());
        }
        else
        {
            Log.Refused(_logger, e.Id, e.Sender, outcome.ToCode(), reason ?? "");
        }

        return Answer(e.Id, e.Sender, signed.Digest, outcome, reason, head);
    }

    private async Task<ReceiveResult> RefuseAsync(string? envelopeId, string? sender, string? digest, ReceiptOutcome outcome, string reason, CancellationToken ct, DbConnection? open = null)
    {
        Log.Refused(_logger, envelopeId, sender, outcome.ToCode(), reason);
        DbConnection connection = open ?? await _database.OpenAsync(ct);
        try
        {
            await using DbTransaction tx = await connection.BeginTransactionAsync(ct);
            // The claimed sender is recorded as claimed: for USND/BSIG it is unauthenticated. Clipped so a hostile value cannot bloat the log.
            AuditHead head = await _audit.AppendAsync(connection, tx, new AuditRecord("inbound", Clip(envelopeId), Clip(sender), outcome.ToCode(), digest, reason), ct);
            await tx.CommitAsync(ct);
            return Answer(envelopeId, sender, digest, outcome, reason, head);
        }
        finally
        {
            if (open is null)
            {
                await connection.DisposeAsync();
            }
        }

        static string? Clip(string? value) => value is { Length: > 100 } ? value[..100] : value;
    }

    private ReceiveResult Answer(string? envelopeId, string? sender, string? digest, ReceiptOutcome outcome, string? reason, AuditHead head) =>
        new(ReceiptCodec.Sign(new Receipt(envelopeId, digest, outcome, reason, _identity.Code, sender, _time.GetUtcNow(), head), _identity));
}
