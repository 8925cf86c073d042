using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using Landsea.Exchange.Storage;

namespace Landsea.Data.Access;

/// <summary>
/// How sign-in is throttled (configuration section <c>SignIn</c>): <see cref="MaxFailuresPerUser"/> failures for one
/// user name, or <see cref="MaxFailuresPerAddress"/> from one source address, within <see cref="Window"/> lock sign-in
/// for that name or address for <see cref="LockoutFor"/> after the last of them.
/// </summary>
public sealed class SignInThrottling
{
    public const string Section = "SignIn";

    /// <summary>Failures for one user name that lock it (5). A successful sign-in of that name starts the count again.</summary>
    public int MaxFailuresPerUser { get; set; } = 5;

    /// <summary>Failures from one source address, whatever the user names, that lock it (20: an office behind one address has several users).</summary>
    public int MaxFailuresPerAddress { get; set; } = 20;

    /// <summary>The failures must fall within this span to count as repeated (15 min).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long sign-in stays locked after the last failure that locked it (15 min).</summary>
    public TimeSpan LockoutFor { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long this node's record of attempts is kept (90 days).</summary>
    public TimeSpan KeepFor { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// How long this instance trusts that a user name and an address had no recent failure without asking the database
    /// again (10 s), so that an API client signing every request with HTTP Basic costs no read per request. A failure on
    /// another instance of the node counts here after at most this delay.
    /// </summary>
    public TimeSpan CleanFor { get; set; } = TimeSpan.FromSeconds(10);

    public bool IsValid => MaxFailuresPerUser > 0 && MaxFailuresPerAddress > 0 && Window > TimeSpan.Zero && LockoutFor > TimeSpan.Zero
        && KeepFor >= Window + LockoutFor && CleanFor >= TimeSpan.Zero;
}

/// <summary>Where a user name and address stand before a sign-in: locked until a time, or open (with or without failures to clear).</summary>
public readonly record struct SignInStanding(DateTimeOffset? LockedUntil, bool HasFailures)
{
    public bool IsLocked => LockedUntil is not null;
}

/// <summary>
/// The record of sign-in attempts (table <c>sign_in_attempts</c>, migration 0009) and the lockout decided from it:
/// checked before a password is, for the sign-in form and for HTTP Basic alike. Time is the injected clock's.
/// </summary>
public sealed class SignInAttempts(NodeDatabase db, TimeProvider time, SignInThrottling settings)
{
    /// <summary>The outcomes recorded.</summary>
    public const string Failed = "failed", Succeeded = "succeeded", Refused = "refused";

    /// <summary>Longest user name stored (longer ones are cut: the name is not trusted input).</summary>
    public const int MaxUsernameLength = 200;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _cleanUsers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _cleanAddresses = new(StringComparer.Ordinal);

    public SignInThrottling Settings => settings;

    /// <summary>The node's clock now (for Retry-After).</summary>
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Whether sign-in for this name from this address is locked now, and whether there are failures a success would clear.</summary>
    public async Task<SignInStanding> CheckAsync(string username, string address, CancellationToken ct = default)
    {
        username = Cut(username);
        DateTimeOffset now = time.GetUtcNow();
        if (_cleanUsers.TryGetValue(username, out DateTimeOffset u) && u > now && _cleanAddresses.TryGetValue(address, out DateTimeOffset a) && a > now)
        {
            return new SignInStanding(null, false);
        }

        string since = StoredTime.Iso(now - settings.Window - settings.LockoutFor);
        await using DbConnection c = await db.OpenAsync(ct);
        string? lastSuccess = await c.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT MAX(attempted_at) FROM sign_in_attempts WHERE username = @username AND outcome = @Succeeded AND attempted_at >= @since",
            new { username, Succeeded, since }, cancellationToken: ct));
        string userSince = lastSuccess is not null && string.CompareOrdinal(lastSuccess, since) > 0 ? lastSuccess : since;
        List<DateTimeOffset> byUser = [.. (await c.QueryAsync<string>(new CommandDefinition(
            "SELECT attempted_at FROM sign_in_attempts WHERE username = @username AND outcome = @Failed AND attempted_at > @userSince ORDER BY attempted_at DESC LIMIT @limit",
            new { username, Failed, userSince, limit = (long)settings.MaxFailuresPerUser }, cancellationToken: ct))).Select(StoredTime.Parse)];
        List<DateTimeOffset> byAddress = [.. (await c.QueryAsync<string>(new CommandDefinition(
            "SELECT attempted_at FROM sign_in_attempts WHERE source_address = @address AND outcome = @Failed AND attempted_at >= @since ORDER BY attempted_at DESC LIMIT @limit",
            new { address, Failed, since, limit = (long)settings.MaxFailuresPerAddress }, cancellationToken: ct))).Select(StoredTime.Parse)];

        DateTimeOffset? locked = Later(
            LockedUntil(byUser, settings.MaxFailuresPerUser, settings.Window, settings.LockoutFor, now),
            LockedUntil(byAddress, settings.MaxFailuresPerAddress, settings.Window, settings.LockoutFor, now));
        if (byUser.Count == 0 && byAddress.Count == 0 && settings.CleanFor > TimeSpan.Zero)
        {
            _cleanUsers[username] = now + settings.CleanFor;
            _cleanAddresses[address] = now + settings.CleanFor;
        }

        return new SignInStanding(locked, byUser.Count > 0);
    }

    /// <summary>Records an attempt; a failure also forgets that the name and the address were clean, and removes rows older than <see cref="SignInThrottling.KeepFor"/>.</summary>
    public async Task RecordAsync(string username, string address, string outcome, CancellationToken ct = default)
    {
        username = Cut(username);
        DateTimeOffset now = time.GetUtcNow();
        if (outcome != Succeeded)
        {
            _cleanUsers.TryRemove(username, out _);
            _cleanAddresses.TryRemove(address, out _);
        }

        await using DbConnection c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO sign_in_attempts (username, source_address, attempted_at, outcome) VALUES (@username, @address, @at, @outcome)",
            new { username, address, at = StoredTime.Iso(now), outcome }, cancellationToken: ct));
        if (outcome == Failed)
        {
            await c.ExecuteAsync(new CommandDefinition("DELETE FROM sign_in_attempts WHERE attempted_at < @old",
                new { old = StoredTime.Iso(now - settings.KeepFor) }, cancellationToken: ct));
        }
    }

    /// <summary>The attempts recorded for a user name, newest first (for the record and for tests).</summary>
    public async Task<IReadOnlyList<(string Username, string Address, DateTimeOffset At, string Outcome)>> ListAsync(string username, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<(string, string, string, string)>(new CommandDefinition(
            "SELECT username, source_address, attempted_at, outcome FROM sign_in_attempts WHERE username = @username ORDER BY attempted_at DESC",
            new { username = Cut(username) }, cancellationToken: ct));
        return [.. rows.Select(r => (r.Item1, r.Item2, StoredTime.Parse(r.Item3), r.Item4))];
    }

    /// <summary>
    /// The lockout decision: with at least <paramref name="max"/> failures (newest first) of which the newest
    /// <paramref name="max"/> fall within <paramref name="window"/>, sign-in is locked until <paramref name="lockoutFor"/>
    /// after the newest; null when that time has passed or the failures are fewer or further apart.
    /// </summary>
    public static DateTimeOffset? LockedUntil(IReadOnlyList<DateTimeOffset> failuresNewestFirst, int max, TimeSpan window, TimeSpan lockoutFor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(failuresNewestFirst);
        if (failuresNewestFirst.Count < max || failuresNewestFirst[0] - failuresNewestFirst[max - 1] > window)
        {
            return null;
        }

        DateTimeOffset until = failuresNewestFirst[0] + lockoutFor;
        return until > now ? until : null;
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : (a > b ? a : b);

    private static string Cut(string username) => username.Length > MaxUsernameLength ? username[..MaxUsernameLength] : username;
}
