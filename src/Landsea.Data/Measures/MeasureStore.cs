using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Landsea.Exchange.Storage;
using Landsea.Measures;
using Landsea.Shared;

namespace Landsea.Data.Measures;

/// <summary>What one load stored: notifications added, changed (other fields than stored), unchanged, and alerts raised.</summary>
public sealed record LoadSummary(int Added, int Changed, int Unchanged, int Alerts);

/// <summary>One alert of a trader, with the notification as it is now.</summary>
public sealed record MeasureAlert(string Id, string SubscriptionId, string Symbol, AlertChange Change, int Version, DateTimeOffset RaisedAt, RegisteredMeasure Measure);

/// <summary>
/// The register of notifications and the traders' subscriptions and alerts (tables <c>measure_*</c>, migration 0017).
/// <see cref="StoreAsync"/> stores a batch in one transaction after checking its links against the register, so a
/// batch is stored whole or not at all; the alerts it raises commit with it.
/// </summary>
public sealed class MeasureStore(NodeDatabase db, TimeProvider time)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    /// <summary>Every stored notification, as a register.</summary>
    public async Task<MeasureRegister> RegisterAsync(CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        return await ReadRegisterAsync(c, null, ct);
    }

    /// <summary>
    /// Stores <paramref name="notifications"/> (new symbols added, known ones replaced when a field differs) and raises an alert
    /// for each subscription a new or changed one concerns, all in one transaction; the warnings name changes whose
    /// notification is not in the register (LS769).
    /// </summary>
    public async Task<(LoadSummary Summary, IReadOnlyList<FileError> Warnings)> StoreAsync(IReadOnlyList<(string Where, Notification Notification)> notifications,
        string storedBy, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        await using DbConnection c = await db.OpenAsync(ct);
        await using DbTransaction tx = await c.BeginTransactionAsync(ct);
        MeasureRegister stored = await ReadRegisterAsync(c, tx, ct);
        IReadOnlyList<FileError> warnings = NotificationFile.UnlinkedChanges(notifications, stored.Contains);

        string at = StoredTime.Iso(time.GetUtcNow());
        var versions = (await c.QueryAsync<(string symbol, string fingerprint, long version, string stored_at)>(new CommandDefinition(
            "SELECT symbol, fingerprint, version, stored_at FROM measure_notifications", transaction: tx, cancellationToken: ct)))
            .ToDictionary(r => r.symbol, r => (r.fingerprint, (int)r.version, r.stored_at), StringComparer.Ordinal);
        var touched = new List<(Notification N, AlertChange Change, int Version)>();
        int unchanged = 0;
        foreach ((_, Notification n) in notifications)
        {
            string fingerprint = n.Fingerprint();
            string storedAt = at;
            if (versions.TryGetValue(n.Symbol.Text, out (string Fingerprint, int Version, string StoredAt) old))
            {
                if (old.Fingerprint == fingerprint)
                {
                    unchanged++;
                    continue;
                }

                await c.ExecuteAsync(new CommandDefinition("DELETE FROM measure_notifications WHERE symbol = @s", new { s = n.Symbol.Text }, tx, cancellationToken: ct));
                touched.Add((n, AlertChange.Changed, old.Version + 1));
                storedAt = old.StoredAt;
            }
            else
            {
                touched.Add((n, AlertChange.New, 1));
            }

            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO measure_notifications (symbol, area, notification_type, member, changes_symbol, distributed_on, comment_deadline,
                    entry_into_force, model_json, fingerprint, version, stored_at, changed_at, stored_by)
                VALUES (@Symbol, @Area, @Type, @Member, @Changes, @Distributed, @Deadline, @Entry, @Json, @Fingerprint, @Version, @StoredAt, @At, @By)
                """,
                new
                {
                    Symbol = n.Symbol.Text, Area = n.Area.ToString().ToUpperInvariant(), Type = n.Type.ToString().ToLowerInvariant(), Member = n.Member.Value,
                    n.Changes, Distributed = Day(n.Distributed), Deadline = Day(n.CommentDeadline), Entry = Day(n.EntryIntoForce),
                    Json = JsonSerializer.Serialize(FieldsOf(n), s_json), Fingerprint = fingerprint, touched[^1].Version,
                    StoredAt = storedAt, At = at, By = storedBy,
                }, tx, cancellationToken: ct));
        }

        // The register as it is with the batch: the products of each touched notification and of every change below it.
        MeasureRegister register = await ReadRegisterAsync(c, tx, ct);
        var rehash = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(touched.Select(t => t.N.Symbol.Text));
        while (queue.TryDequeue(out string? s))
        {
            if (rehash.Add(s) && register.Find(s) is { } m)
            {
                foreach (string below in m.ChangedBy)
                {
                    queue.Enqueue(below);
                }
            }
        }

        foreach (string s in rehash)
        {
            RegisteredMeasure m = register.Find(s)!;
            await c.ExecuteAsync(new CommandDefinition("DELETE FROM measure_hs WHERE symbol = @s", new { s }, tx, cancellationToken: ct));
            foreach (HsPrefix h in m.EffectiveHs)
            {
                await c.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO measure_hs (symbol, hs_prefix, hs_chapter, hs_end, member) VALUES (@s, @p, @ch, @end, @member)",
                    new { s, p = h.Digits, ch = h.Chapter, end = h.End, member = m.Notification.Member.Value }, tx, cancellationToken: ct));
            }
        }

        IReadOnlyList<Subscription> subscriptions = await ReadSubscriptionsAsync(c, tx, null, ct);
        int alerts = 0;
        foreach ((Notification n, AlertChange change, int version) in touched)
        {
            foreach (Subscription s in MeasureAlerts.Alerted(n, register, subscriptions))
            {
                alerts += await RaiseAsync(c, tx, s, n.Symbol.Text, change, version, at, ct);
            }
        }

        await tx.CommitAsync(ct);
        return (new LoadSummary(touched.Count(t => t.Change == AlertChange.New), touched.Count(t => t.Change == AlertChange.Changed), unchanged, alerts), warnings);
    }

    /// <summary>Stores a subscription and alerts it (as new) of every stored notification it concerns that is still open on <paramref name="today"/>.</summary>
    public async Task<int> SubscribeAsync(Subscription subscription, string createdBy, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        await using DbConnection c = await db.OpenAsync(ct);
        await using DbTransaction tx = await c.BeginTransactionAsync(ct);
        string at = StoredTime.Iso(time.GetUtcNow());
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO measure_subscriptions (id, trader_id, hs_codes, countries, created_at, created_by) VALUES (@Id, @TraderId, @Hs, @Countries, @At, @By)",
            new
            {
                subscription.Id, subscription.TraderId, Hs = string.Join(';', subscription.HsCodes.Select(h => h.Digits)),
                Countries = string.Join(';', subscription.Countries.Select(x => x.Value)), At = at, By = createdBy,
            }, tx, cancellationToken: ct));
        MeasureRegister register = await ReadRegisterAsync(c, tx, ct);
        var versions = (await c.QueryAsync<(string symbol, long version)>(new CommandDefinition("SELECT symbol, version FROM measure_notifications",
            transaction: tx, cancellationToken: ct))).ToDictionary(r => r.symbol, r => (int)r.version, StringComparer.Ordinal);
        int alerts = 0;
        foreach (RegisteredMeasure m in register.All())
        {
            if (MeasureAlerts.Open(m.Notification, today) && register.Concerns(m.Notification, subscription.HsCodes, subscription.Countries))
            {
                alerts += await RaiseAsync(c, tx, subscription, m.Notification.Symbol.Text, AlertChange.New, versions[m.Notification.Symbol.Text], at, ct);
            }
        }

        await tx.CommitAsync(ct);
        return alerts;
    }

    /// <summary>Removes a trader's subscription and its alerts; false when the trader has none of that id.</summary>
    public async Task<bool> UnsubscribeAsync(string traderId, string id, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        await using DbTransaction tx = await c.BeginTransactionAsync(ct);
        int n = await c.ExecuteAsync(new CommandDefinition("DELETE FROM measure_subscriptions WHERE id = @id AND trader_id = @traderId", new { id, traderId }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM measure_alerts WHERE subscription_id = @id AND trader_id = @traderId", new { id, traderId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return n == 1;
    }

    /// <summary>A trader's subscriptions, oldest first.</summary>
    public async Task<IReadOnlyList<Subscription>> SubscriptionsAsync(string traderId, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        return await ReadSubscriptionsAsync(c, null, traderId, ct);
    }

    /// <summary>A trader's alerts, newest first (at most <paramref name="limit"/>).</summary>
    public async Task<IReadOnlyList<MeasureAlert>> AlertsAsync(string traderId, int limit = 200, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        MeasureRegister register = await ReadRegisterAsync(c, null, ct);
        var rows = await c.QueryAsync<(string id, string subscription_id, string symbol, string change, long version, string raised_at)>(new CommandDefinition(
            "SELECT id, subscription_id, symbol, change, version, raised_at FROM measure_alerts WHERE trader_id = @traderId ORDER BY raised_at DESC, symbol LIMIT @limit",
            new { traderId, limit }, cancellationToken: ct));
        return [.. rows.Where(r => register.Contains(r.symbol)).Select(r => new MeasureAlert(r.id, r.subscription_id, r.symbol,
            r.change == "changed" ? AlertChange.Changed : AlertChange.New, (int)r.version, StoredTime.Parse(r.raised_at), register.Find(r.symbol)!))];
    }

    private static async Task<int> RaiseAsync(DbConnection c, DbTransaction tx, Subscription s, string symbol, AlertChange change, int version, string at, CancellationToken ct) =>
        await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM measure_alerts WHERE subscription_id = @sid AND symbol = @symbol AND version = @version",
            new { sid = s.Id, symbol, version }, tx, cancellationToken: ct)) > 0
            ? 0
            : await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO measure_alerts (id, trader_id, subscription_id, symbol, change, version, raised_at) VALUES (@id, @trader, @sid, @symbol, @change, @version, @at)",
                new { id = Guid.NewGuid().ToString("N"), trader = s.TraderId, sid = s.Id, symbol, change = change.ToString().ToLowerInvariant(), version, at },
                tx, cancellationToken: ct));

    private static async Task<IReadOnlyList<Subscription>> ReadSubscriptionsAsync(DbConnection c, DbTransaction? tx, string? traderId, CancellationToken ct)
    {
        var rows = await c.QueryAsync<(string id, string trader_id, string hs_codes, string countries)>(new CommandDefinition(
            "SELECT id, trader_id, hs_codes, countries FROM measure_subscriptions WHERE (@traderId IS NULL OR trader_id = @traderId) ORDER BY created_at, id",
            new { traderId }, tx, cancellationToken: ct));
        return [.. rows.Select(r => Subscription.Create(r.id, r.trader_id, r.hs_codes, r.countries).OrThrow())];
    }

    private static async Task<MeasureRegister> ReadRegisterAsync(DbConnection c, DbTransaction? tx, CancellationToken ct)
    {
        IEnumerable<string> rows = await c.QueryAsync<string>(new CommandDefinition("SELECT model_json FROM measure_notifications", transaction: tx, cancellationToken: ct));
        return new MeasureRegister(rows.Select(json =>
        {
            // Stored only after these checks passed: a failure here is a broken invariant, not input.
            (Notification? n, IReadOnlyList<FileError> errors) = NotificationFile.Check(JsonSerializer.Deserialize<NotificationFile.Fields>(json, s_json)!, "stored");
            return n ?? throw new InvalidOperationException($"A stored notification no longer reads: {string.Join("; ", errors)}");
        }));
    }

    private static NotificationFile.Fields FieldsOf(Notification n) => new(n.Symbol.Text, n.Area.ToString().ToUpperInvariant(), n.Type.ToString().ToLowerInvariant(),
        n.Member.Value, Day(n.Distributed), Day(n.CommentDeadline), Day(n.EntryIntoForce), n.EntryIntoForceNote, n.Title, n.Products,
        [.. n.HsCodes.Select(h => h.Digits)], n.IcsCodes, n.Objectives, n.Keywords, n.Link, n.Source, n.Sample);

    private static string? Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
