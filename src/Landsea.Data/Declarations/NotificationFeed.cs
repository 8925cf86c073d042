using System.Data.Common;
using Dapper;
using Landsea.Data.Access;
using Landsea.Declarations;
using Landsea.Exchange.Storage;
using Landsea.Transit;

namespace Landsea.Data.Declarations;

/// <summary>
/// One entry of the feed: its cursor, the MRN and the trader's own reference (a declaration's functional reference, a
/// movement's LRN), where and when. A declaration's status change carries its event and status; a transit movement's
/// entry (kind "movement") carries the NCTS message the node sent instead, under movement.
/// </summary>
public sealed record FeedEntry(long Cursor, string Mrn, string FunctionalReference, DeclarationEvent? Event, DeclarationStatus? Status, DateTimeOffset At, string OfficeCode)
{
    /// <summary>"declaration" or "movement".</summary>
    public string Kind { get; init; } = FeedKinds.Declaration;

    /// <summary>For a movement's entry: the message sent and the movement's state after it.</summary>
    public MovementNotice? Movement { get; init; }
}

/// <summary>
/// The NCTS message a node sent to a trader about a transit movement: its type (CC029C) and what it is in words, the
/// movement's state after it (null when the message refused something the node holds no movement for), the stored
/// message's id (its body: GET /api/transit/movements/{mrn}/messages/{id}) and the id of the lodged message it answers
/// (its outcome: GET /api/transit/messages/{id}).
/// </summary>
public sealed record MovementNotice(string MessageType, string Meaning, string? State, long MessageId, long? InReplyTo);

/// <summary>The kinds of feed entry.</summary>
public static class FeedKinds
{
    public const string Declaration = "declaration";
    public const string Movement = "movement";
}

/// <summary>A page of the feed: entries after the cursor asked for, the cursor to ask from next, and whether more are waiting.</summary>
public sealed record FeedPage(IReadOnlyList<FeedEntry> Items, long Cursor, bool More, long Acknowledged);

/// <summary>
/// The notification feed for trader software (in the manner of HMRC CDS pull notifications and the CTC API's
/// <c>receivedSince</c>): every status change of every declaration the account may see, in order, from a cursor; the
/// account acknowledges by cursor, and a read without a cursor starts after the acknowledged one.
/// Declarations' status changes and the NCTS messages sent about transit movements share one cursor.
/// Officers' names are not part of an entry. Owner of <c>notification_cursors</c>; reads <c>transit_notifications</c>,
/// which <c>TransitStore</c> writes.
/// </summary>
public sealed class NotificationFeed(NodeDatabase db, TimeProvider time)
{
    /// <summary>Most entries one page returns.</summary>
    public const int MaxLimit = 500;

    /// <param name="after">Entries after this cursor; null for after the account's acknowledged cursor.</param>
    public Task<FeedPage> ReadAsync(AccessScope scope, long? after, int limit, CancellationToken ct = default) => ReadAsync(scope, after, limit, null, ct);

    /// <param name="after">Entries after this cursor; null for after the account's acknowledged cursor.</param>
    /// <param name="kind">Only entries of this kind (<see cref="FeedKinds"/>); null for every kind.</param>
    public async Task<FeedPage> ReadAsync(AccessScope scope, long? after, int limit, string? kind, CancellationToken ct = default)
    {
        limit = Math.Clamp(limit, 1, MaxLimit);
        await using DbConnection c = await db.OpenAsync(ct);
        long acknowledged = await c.ExecuteScalarAsync<long?>("SELECT acknowledged FROM notification_cursors WHERE account = @account", new { account = scope.User }) ?? 0;
        long from = after ?? acknowledged;
        // One read of each kind from the cursor, merged by cursor: both draw their ids from one sequence.
        List<FeedEntry> entries = [];
        if (kind is null or FeedKinds.Declaration)
        {
            entries.AddRange(await DeclarationEntriesAsync(c, scope, from, limit + 1));
        }

        if (kind is null or FeedKinds.Movement)
        {
            entries.AddRange(await MovementEntriesAsync(c, scope, from, limit + 1));
        }

        entries.Sort((a, b) => a.Cursor.CompareTo(b.Cursor));
        bool more = entries.Count > limit;
        List<FeedEntry> items = [.. entries.Take(limit)];
        return new FeedPage(items, items.Count > 0 ? items[^1].Cursor : from, more, acknowledged);
    }

    private static async Task<IEnumerable<FeedEntry>> DeclarationEntriesAsync(DbConnection c, AccessScope scope, long from, int take)
    {
        var args = new DynamicParameters(new { from, take });
        var where = new List<string> { "e.id > @from" };
        DeclarationQueries.ApplyScope(scope, where, args);
        var rows = await c.QueryAsync<(long id, string mrn, string functional_reference, string @event, string status, string at, string office_code)>(
            $"""
            SELECT e.id, d.mrn, d.functional_reference, e.event, e.status, e.at, e.office_code
            FROM declaration_events e JOIN declarations d ON d.id = e.declaration_id
            WHERE {string.Join(" AND ", where)}
            ORDER BY e.id LIMIT @take
            """, args);
        return rows.Select(r => new FeedEntry(r.id, r.mrn, r.functional_reference, Enum.Parse<DeclarationEvent>(r.@event),
            Enum.Parse<DeclarationStatus>(r.status), StoredTime.Parse(r.at), r.office_code));
    }

    private static async Task<IEnumerable<FeedEntry>> MovementEntriesAsync(DbConnection c, AccessScope scope, long from, int take)
    {
        var where = new List<string> { "n.id > @from" };
        switch (scope.Role)
        {
            case Role.Officer or Role.Auditor:
                break;
            case Role.Trader when scope.TraderId is not null:
                where.Add("(n.holder_id = @trader OR n.account = @account)");
                break;
            default:
                return [];
        }

        var rows = await c.QueryAsync<(long id, long message_id, long? in_reply_to, string? mrn, string? lrn, string message_type, string? state, string office_code, string at)>(
            $"""
            SELECT n.id, n.message_id, n.in_reply_to, n.mrn, n.lrn, n.message_type, n.state, n.office_code, n.at
            FROM transit_notifications n
            WHERE {string.Join(" AND ", where)}
            ORDER BY n.id LIMIT @take
            """, new { from, take, trader = scope.TraderId?.ToUpperInvariant(), account = scope.User });
        return rows.Select(r => new FeedEntry(r.id, r.mrn ?? "", r.lrn ?? "", null, null, StoredTime.Parse(r.at), r.office_code)
        {
            Kind = FeedKinds.Movement,
            Movement = new MovementNotice(r.message_type, TransitMessageWords.Of(r.message_type), r.state, r.message_id, r.in_reply_to),
        });
    }

    /// <summary>
    /// The next cursor of the feed, for an entry another store writes in its own transaction (a transit movement's
    /// message): drawn from <c>declaration_events</c>' id sequence, so declarations and movements share one order. On
    /// PostgreSQL the transaction takes the lock that keeps ids in commit order (<see cref="DeclarationWriter.EventOrderLock"/>);
    /// SQLite's single writer holds the write lock, and the declaration writer continues after the sequence's value.
    /// </summary>
    public static async Task<long> NextCursorAsync(UnitOfWork work)
    {
        if (work.Dialect == SqlDialect.Postgres)
        {
            await DeclarationWriter.OrderEventsAsync(work);
            return await work.Connection.ExecuteScalarAsync<long>("SELECT nextval(pg_get_serial_sequence('declaration_events', 'id'))", transaction: work.Transaction);
        }

        await work.Connection.ExecuteAsync(
            "INSERT INTO sqlite_sequence (name, seq) SELECT 'declaration_events', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'declaration_events')",
            transaction: work.Transaction);
        return await work.Connection.ExecuteScalarAsync<long>(
            """
            UPDATE sqlite_sequence SET seq = MAX(seq, COALESCE((SELECT MAX(id) FROM declaration_events), 0), COALESCE((SELECT MAX(id) FROM transit_notifications), 0)) + 1
            WHERE name = 'declaration_events' RETURNING seq
            """, transaction: work.Transaction);
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
        return Math.Max(await c.ExecuteScalarAsync<long?>("SELECT MAX(id) FROM declaration_events") ?? 0,
            await c.ExecuteScalarAsync<long?>("SELECT MAX(id) FROM transit_notifications") ?? 0);
    }
}
