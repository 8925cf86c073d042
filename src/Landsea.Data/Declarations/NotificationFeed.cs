using System.Data.Common;
using Dapper;
using Landsea.Data.Access;
using Landsea.Declarations;
using Landsea.Exchange.Storage;

namespace Landsea.Data.Declarations;

/// <summary>One status change in the feed: its cursor (the event's id), the declaration and what happened, where and when.</summary>
public sealed record FeedEntry(long Cursor, string Mrn, string FunctionalReference, DeclarationEvent Event, DeclarationStatus Status, DateTimeOffset At, string OfficeCode);

/// <summary>A page of the feed: entries after the cursor asked for, the cursor to ask from next, and whether more are waiting.</summary>
public sealed record FeedPage(IReadOnlyList<FeedEntry> Items, long Cursor, bool More, long Acknowledged);

/// <summary>
/// The notification feed for trader software (in the manner of HMRC CDS pull notifications and the CTC API's
/// <c>receivedSince</c>): every status change of every declaration the account may see, in order, from a cursor; the
/// account acknowledges by cursor, and a read without a cursor starts after the acknowledged one.
/// Officers' names are not part of an entry. Owner of <c>notification_cursors</c>.
/// </summary>
public sealed class NotificationFeed(NodeDatabase db, TimeProvider time)
{
    /// <summary>Most entries one page returns.</summary>
    public const int MaxLimit = 500;

    /// <param name="after">Entries after this cursor; null for after the account's acknowledged cursor.</param>
    public async Task<FeedPage> ReadAsync(AccessScope scope, long? after, int limit, CancellationToken ct = default)
    {
        limit = Math.Clamp(limit, 1, MaxLimit);
        await using DbConnection c = await db.OpenAsync(ct);
        long acknowledged = await c.ExecuteScalarAsync<long?>("SELECT acknowledged FROM notification_cursors WHERE account = @account", new { account = scope.User }) ?? 0;
        long from = after ?? acknowledged;
        var args = new DynamicParameters(new { from, take = limit + 1 });
        var where = new List<string> { "e.id > @from" };
        DeclarationQueries.ApplyScope(scope, where, args);
        var rows = (await c.QueryAsync<(long id, string mrn, string functional_reference, string @event, string status, string at, string office_code)>(
            $"""
            SELECT e.id, d.mrn, d.functional_reference, e.event, e.status, e.at, e.office_code
            FROM declaration_events e JOIN declarations d ON d.id = e.declaration_id
            WHERE {string.Join(" AND ", where)}
            ORDER BY e.id LIMIT @take
            """, args)).ToList();
        bool more = rows.Count > limit;
        var items = rows.Take(limit).Select(r => new FeedEntry(r.id, r.mrn, r.functional_reference, Enum.Parse<DeclarationEvent>(r.@event),
            Enum.Parse<DeclarationStatus>(r.status), StoredTime.Parse(r.at), r.office_code)).ToList();
        return new FeedPage(items, items.Count > 0 ? items[^1].Cursor : from, more, acknowledged);
    }

    /// <summary>Records that the account has processed everything up to <paramref name="cursor"/>; the cursor never moves back.</summary>
    /// <returns>The acknowledged cursor after the call.</returns>
    public async Task<long> AcknowledgeAsync(AccessScope scope, long cursor, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cursor);
        await using DbConnection c = await db.OpenAsync(ct);
        string at = StoredTime.Iso(time.GetUtcNow());
        await c.ExecuteAsync(
            """
            INSERT INTO notification_cursors (account, acknowledged, acknowledged_at) VALUES (@account, @cursor, @at)
            ON CONFLICT (account) DO UPDATE SET acknowledged = @cursor, acknowledged_at = @at WHERE notification_cursors.acknowledged < @cursor
            """, new { account = scope.User, cursor, at });
        return await c.ExecuteScalarAsync<long>("SELECT acknowledged FROM notification_cursors WHERE account = @account", new { account = scope.User });
    }

    /// <summary>The newest cursor in the feed (any account's): an acknowledgement beyond it is refused.</summary>
    public async Task<long> LatestAsync(CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long?>("SELECT MAX(id) FROM declaration_events") ?? 0;
    }
}
