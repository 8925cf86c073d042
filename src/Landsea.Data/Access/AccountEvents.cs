using System.Data.Common;
using Dapper;
using Landsea.Exchange.Storage;

namespace Landsea.Data.Access;

/// <summary>What was done to an account (the <c>action</c> of an <see cref="AccountEvent"/>).</summary>
public static class AccountActions
{
    public const string Added = "added";
    public const string Replaced = "replaced";
    public const string PasswordReset = "password-reset";
    public const string Disabled = "disabled";
    public const string Enabled = "enabled";
    public const string Granted = "granted";
    public const string Revoked = "revoked";
    public const string Removed = "removed";
}

/// <summary>One change to an account: when (UTC), whose account, what, by whom, and the non-secret detail (role and scope before and after).</summary>
public sealed record AccountEvent(long Id, DateTimeOffset At, string Username, string Action, string By, string? Detail);

/// <summary>
/// The record of every change to the node's accounts (table <c>account_events</c>, migration 0013): written by
/// <see cref="UserStore"/> in the transaction of the change itself, so a change and its record exist together or not at all.
/// Rows are only ever appended. A password or its hash is never part of a record.
/// </summary>
public static class AccountEvents
{
    /// <summary>The name recorded for the node's own changes (development accounts seeded at start-up).</summary>
    public const string System = "system";

    internal static Task RecordAsync(DbConnection c, DbTransaction tx, DateTimeOffset at, string username, string action, string by, string? detail, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO account_events (at, username, action, by_user, detail) VALUES (@at, @username, @action, @by, @detail)",
            new { at = StoredTime.Iso(at), username, action, by, detail }, tx, cancellationToken: ct));

    /// <summary>The changes, oldest first: of one account when <paramref name="username"/> is given, else of all.</summary>
    public static async Task<IReadOnlyList<AccountEvent>> ListAsync(NodeDatabase db, string? username = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using DbConnection c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<(long id, string at, string username, string action, string by_user, string? detail)>(new CommandDefinition(
            username is null
                ? "SELECT id, at, username, action, by_user, detail FROM account_events ORDER BY id"
                : "SELECT id, at, username, action, by_user, detail FROM account_events WHERE username = @username ORDER BY id",
            new { username }, cancellationToken: ct));
        return [.. rows.Select(r => new AccountEvent(r.id, StoredTime.Parse(r.at), r.username, r.action, r.by_user, r.detail))];
    }
}
