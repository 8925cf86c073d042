using System.Data.Common;
using Dapper;
using Landsea.Declarations;
using Landsea.Exchange.Storage;

namespace Landsea.Data.Declarations;

/// <summary>An account's registered callback and the state of its push.</summary>
/// <param name="DeliveredCursor">The feed cursor up to which every entry has been pushed and answered 2xx.</param>
/// <param name="Failures">Consecutive failed deliveries since the last success.</param>
/// <param name="NextAttemptAt">When the next attempt is due after a failure; null when due now.</param>
/// <param name="ParkedAt">When the callback was parked after <see cref="CallbackPolicy.MaxFailures"/> failures; null while active.</param>
public sealed record CallbackState(
    string Account, string Url, DateTimeOffset RegisteredAt, string RegisteredBy, long DeliveredCursor, long DeliveredCount,
    DateTimeOffset? LastDeliveredAt, int Failures, DateTimeOffset? NextAttemptAt, string? LastError, DateTimeOffset? ParkedAt, string? ParkedReason)
{
    public bool Parked => ParkedAt is not null;
}

/// <summary>
/// The callbacks trader software registers to have the notification feed pushed to it (issue 15 item 8), and the state
/// of each push: how far it has delivered, its failures and when it is due, parked after repeated failure (like the
/// exchange's dead letters) until the account resumes it. Owner of <c>notification_callbacks</c>.
/// </summary>
public sealed class NotificationCallbacks(NodeDatabase db, TimeProvider time)
{
    private const string Columns = "account, url, registered_at AS RegisteredAt, registered_by AS RegisteredBy, delivered_cursor AS DeliveredCursor, delivered_count AS DeliveredCount, last_delivered_at AS LastDeliveredAt, failures, next_attempt_at AS NextAttemptAt, last_error AS LastError, parked_at AS ParkedAt, parked_reason AS ParkedReason";

    /// <summary>
    /// Registers (or moves) the account's callback. A new callback starts after the account's acknowledged cursor, so
    /// nothing unacknowledged is missed; a moved one keeps its delivered cursor. Registering again resumes a parked one.
    /// </summary>
    public async Task<CallbackState> RegisterAsync(string account, Uri url, string by, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        long acknowledged = await c.ExecuteScalarAsync<long?>("SELECT acknowledged FROM notification_cursors WHERE account = @account", new { account }) ?? 0;
        string at = StoredTime.Iso(time.GetUtcNow());
        await c.ExecuteAsync(
            """
            INSERT INTO notification_callbacks (account, url, registered_at, registered_by, delivered_cursor, delivered_count, failures)
            VALUES (@account, @url, @at, @by, @acknowledged, 0, 0)
            ON CONFLICT (account) DO UPDATE SET url = @url, registered_at = @at, registered_by = @by,
                failures = 0, next_attempt_at = NULL, last_error = NULL, parked_at = NULL, parked_reason = NULL
            """, new { account, url = url.AbsoluteUri, at, by, acknowledged });
        return (await FindAsync(account, ct))!;
    }

    public async Task<CallbackState?> FindAsync(string account, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        Row? row = await c.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM notification_callbacks WHERE account = @account", new { account });
        return row?.ToState();
    }

    /// <returns>False when the account had no callback.</returns>
    public async Task<bool> RemoveAsync(string account, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        return await c.ExecuteAsync("DELETE FROM notification_callbacks WHERE account = @account", new { account }) > 0;
    }

    /// <summary>Takes a parked (or backing-off) callback back into the push now; false when none is registered.</summary>
    public async Task<bool> ResumeAsync(string account, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(
            "UPDATE notification_callbacks SET failures = 0, next_attempt_at = NULL, parked_at = NULL, parked_reason = NULL WHERE account = @account",
            new { account }) > 0;
    }

    /// <summary>Every callback due at <paramref name="now"/>: not parked, and no later attempt scheduled.</summary>
    public async Task<IReadOnlyList<CallbackState>> DueAsync(DateTimeOffset now, int limit = 100, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(
            $"SELECT {Columns} FROM notification_callbacks WHERE parked_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= @now) ORDER BY account LIMIT @limit",
            new { now = StoredTime.Iso(now), limit });
        return [.. rows.Select(r => r.ToState())];
    }

    /// <summary>Records a delivery the subscriber answered 2xx: the cursor moves on (never back) and the failures reset.</summary>
    public async Task DeliveredAsync(string account, long cursor, int entries, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        await c.ExecuteAsync(
            """
            UPDATE notification_callbacks SET delivered_cursor = CASE WHEN delivered_cursor < @cursor THEN @cursor ELSE delivered_cursor END,
                delivered_count = delivered_count + @entries, last_delivered_at = @at, failures = 0, next_attempt_at = NULL, last_error = NULL
            WHERE account = @account
            """, new { account, cursor, entries, at = StoredTime.Iso(time.GetUtcNow()) });
    }

    /// <summary>Records a failed delivery; schedules the next attempt by <see cref="CallbackPolicy.AfterFailure"/>, or parks the callback.</summary>
    /// <returns>The state after the failure.</returns>
    public async Task<CallbackState?> FailedAsync(string account, string error, CancellationToken ct = default)
    {
        DateTimeOffset now = time.GetUtcNow();
        await using DbConnection c = await db.OpenAsync(ct);
        int failures = await c.ExecuteScalarAsync<int?>("SELECT failures FROM notification_callbacks WHERE account = @account", new { account }) ?? -1;
        if (failures < 0)
        {
            return null;
        }

        failures++;
        CallbackRetry retry = CallbackPolicy.AfterFailure(failures, now);
        string? reason = retry.Park ? $"{failures} deliveries failed in a row; the last: {error}" : null;
        await c.ExecuteAsync(
            """
            UPDATE notification_callbacks SET failures = @failures, last_error = @error, next_attempt_at = @next,
                parked_at = @parkedAt, parked_reason = @reason
            WHERE account = @account
            """,
            new
            {
                account, failures, error = Truncate(error), next = retry.NextAttempt is { } n ? StoredTime.Iso(n) : null,
                parkedAt = retry.Park ? StoredTime.Iso(now) : null, reason = reason is null ? null : Truncate(reason),
            });
        return await FindAsync(account, ct);
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500];

    private sealed class Row
    {
        public string Account { get; set; } = "";
        public string Url { get; set; } = "";
        public string RegisteredAt { get; set; } = "";
        public string RegisteredBy { get; set; } = "";
        public long DeliveredCursor { get; set; }
        public long DeliveredCount { get; set; }
        public string? LastDeliveredAt { get; set; }
        public long Failures { get; set; }
        public string? NextAttemptAt { get; set; }
        public string? LastError { get; set; }
        public string? ParkedAt { get; set; }
        public string? ParkedReason { get; set; }

        public CallbackState ToState() => new(Account, Url, StoredTime.Parse(RegisteredAt), RegisteredBy, DeliveredCursor, DeliveredCount,
            Parse(LastDeliveredAt), (int)Failures, Parse(NextAttemptAt), LastError, Parse(ParkedAt), ParkedReason);

        private static DateTimeOffset? Parse(string? text) => text is null ? null : StoredTime.Parse(text);
    }
}
