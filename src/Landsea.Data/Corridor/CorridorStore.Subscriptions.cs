using System.Data.Common;
using Dapper;
using Landsea.CorridorSupervision;
using Landsea.Declarations;
using Landsea.Exchange.Storage;
using Landsea.Shared;

namespace Landsea.Data.CorridorSupervision;

/// <summary>
/// A DCSA event subscription: events matching its filters are posted to <paramref name="CallbackUrl"/> in order, signed
/// with HMAC-SHA256 over the body by <paramref name="Secret"/>; <paramref name="DeliveredSeq"/> is the last event answered 2xx.
/// </summary>
public sealed record EventSubscription(string Id, string CallbackUrl, byte[] Secret, IReadOnlyList<string> EventTypes, string? EquipmentReference,
    string? TransportDocumentReference, string CreatedBy, DateTimeOffset CreatedAt, long DeliveredSeq, int Attempts, DateTimeOffset NextAttemptAt, string? LastError)
{
    public EventQuery Query(int limit) => new(EquipmentReference, TransportDocumentReference, EventTypes.Count == 0 ? null : EventTypes, After: DeliveredSeq, Limit: limit);
}

public sealed partial class CorridorStore
{
    private const string SubscriptionSelect = """
        SELECT id AS Id, callback_url AS CallbackUrl, secret AS Secret, event_types AS EventTypes, equipment_reference AS EquipmentReference,
            transport_document AS TransportDocument, created_by AS CreatedBy, created_at AS CreatedAt, delivered_seq AS DeliveredSeq,
            attempts AS Attempts, next_attempt_at AS NextAttemptAt, last_error AS LastError
        FROM corridor_subscriptions
        """;

    /// <summary>Never: the next attempt of a parked subscription.</summary>
    private static readonly DateTimeOffset s_parked = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Adds a subscription. The secret is at least 32 bytes (LS919); <paramref name="fromNow"/> false delivers every stored
    /// event that matches, true only those stored after it.
    /// </summary>
    public async Task<Result<EventSubscription>> SubscribeAsync(Uri callback, byte[] secret, IReadOnlyList<string> eventTypes, string? equipment, string? document,
        string by, bool fromNow = true, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length < 32)
        {
            return Result<EventSubscription>.Fail(CorridorErrorCodes.SubscriptionInvalid, "/secret: the shared secret must be at least 32 bytes (base64).");
        }

        if (eventTypes.FirstOrDefault(t => !DcsaSchema.EventTypes.Contains(t)) is { } bad)
        {
            return Result<EventSubscription>.Fail(CorridorErrorCodes.SubscriptionInvalid, $"/eventType: '{bad}' is not TRANSPORT, EQUIPMENT or SHIPMENT.");
        }

        DateTimeOffset now = time.GetUtcNow();
        await using DbConnection conn = await db.OpenAsync(ct);
        long last = fromNow ? await conn.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COALESCE(MAX(seq), 0) FROM corridor_events", cancellationToken: ct)) : 0;
        var s = new EventSubscription(Guid.CreateVersion7(now).ToString(), callback.AbsoluteUri, secret, eventTypes, equipment, document, by, now, last, 0, now, null);
        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO corridor_subscriptions (id, callback_url, secret, event_types, equipment_reference, transport_document, created_by, created_at,
                delivered_seq, attempts, next_attempt_at, last_error)
            VALUES (@Id, @CallbackUrl, @Secret, @Types, @EquipmentReference, @TransportDocumentReference, @CreatedBy, @At, @DeliveredSeq, 0, @At, NULL)
            """, new { s.Id, s.CallbackUrl, Secret = Convert.ToBase64String(secret), Types = string.Join(',', eventTypes), s.EquipmentReference, s.TransportDocumentReference,
            s.CreatedBy, At = StoredTime.Iso(now), s.DeliveredSeq }, cancellationToken: ct));
        return s;
    }

    public async Task<IReadOnlyList<EventSubscription>> SubscriptionsAsync(CancellationToken ct = default)
    {
        await using DbConnection conn = await db.OpenAsync(ct);
        return [.. (await conn.QueryAsync<SubscriptionRow>(new CommandDefinition(SubscriptionSelect + " ORDER BY created_at, id", cancellationToken: ct))).Select(ToSubscription)];
    }

    public async Task<bool> UnsubscribeAsync(string id, CancellationToken ct = default)
    {
        await using DbConnection conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("DELETE FROM corridor_subscriptions WHERE id = @id", new { id }, cancellationToken: ct)) == 1;
    }

    /// <summary>Subscriptions whose next attempt is due at <paramref name="now"/>.</summary>
    public async Task<IReadOnlyList<EventSubscription>> DueSubscriptionsAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        await using DbConnection conn = await db.OpenAsync(ct);
        return [.. (await conn.QueryAsync<SubscriptionRow>(new CommandDefinition(SubscriptionSelect + " WHERE next_attempt_at <= @now ORDER BY next_attempt_at, id",
            new { now = StoredTime.Iso(now) }, cancellationToken: ct))).Select(ToSubscription)];
    }

    /// <summary>The subscriber answered 2xx for events up to <paramref name="seq"/>: the cursor moves on, failures reset.</summary>
    public async Task DeliveredAsync(string id, long seq, CancellationToken ct = default)
    {
        await using DbConnection conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE corridor_subscriptions SET delivered_seq = @seq, attempts = 0, last_error = NULL WHERE id = @id AND delivered_seq < @seq",
            new { id, seq }, cancellationToken: ct));
    }

    /// <summary>A post failed: the next attempt after <see cref="CallbackPolicy.AfterFailure"/>'s delay (the notification callbacks' policy), or parked.</summary>
    public async Task<EventSubscription?> FailedAsync(string id, string error, CancellationToken ct = default)
    {
        DateTimeOffset now = time.GetUtcNow();
        await using DbConnection conn = await db.OpenAsync(ct);
        int attempts = await conn.ExecuteScalarAsync<int>(new CommandDefinition("SELECT attempts FROM corridor_subscriptions WHERE id = @id", new { id }, cancellationToken: ct)) + 1;
        CallbackRetry retry = CallbackPolicy.AfterFailure(attempts, now);
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE corridor_subscriptions SET attempts = @attempts, next_attempt_at = @next, last_error = @error WHERE id = @id",
            new { id, attempts, next = StoredTime.Iso(retry.NextAttempt ?? s_parked), error = (retry.Park ? "parked: " : "") + (error.Length > 500 ? error[..500] : error) }, cancellationToken: ct));
        return (await conn.QueryAsync<SubscriptionRow>(new CommandDefinition(SubscriptionSelect + " WHERE id = @id", new { id }, cancellationToken: ct))).Select(ToSubscription).FirstOrDefault();
    }

    private static EventSubscription ToSubscription(SubscriptionRow r) => new(r.Id, r.CallbackUrl, Convert.FromBase64String(r.Secret),
        r.EventTypes.Length == 0 ? [] : r.EventTypes.Split(','), r.EquipmentReference, r.TransportDocument, r.CreatedBy, StoredTime.Parse(r.CreatedAt), r.DeliveredSeq,
        r.Attempts, StoredTime.Parse(r.NextAttemptAt), r.LastError);

    private sealed class SubscriptionRow
    {
        public string Id { get; set; } = "";
        public string CallbackUrl { get; set; } = "";
        public string Secret { get; set; } = "";
        public string EventTypes { get; set; } = "";
        public string? EquipmentReference { get; set; }
        public string? TransportDocument { get; set; }
        public string CreatedBy { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public long DeliveredSeq { get; set; }
        public int Attempts { get; set; }
        public string NextAttemptAt { get; set; } = "";
        public string? LastError { get; set; }
    }
}
