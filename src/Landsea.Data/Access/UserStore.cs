using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Landsea.Exchange.Storage;
using Landsea.Shared;

namespace Landsea.Data.Access;

/// <summary>A local account of the node.</summary>
public sealed record UserAccount(string Username, Role Role, string? OfficeCode, string? TraderId, string DisplayName)
{
    public AccessScope Scope => new(Username, Role, OfficeCode, TraderId);
}

/// <summary>An account as administrators see it: its role and scope (none once revoked) and whether it is disabled; never its password.</summary>
public sealed record AccountSummary(string Username, Role? Role, string? OfficeCode, string? TraderId, string DisplayName, DateTimeOffset? DisabledAt)
{
    /// <summary>Enabled and holding a role.</summary>
    public bool CanSignIn => Role is not null && DisabledAt is null;

    /// <summary>The signed-in identity this account has, when it holds a role.</summary>
    public UserAccount? Account => Role is { } r ? new UserAccount(Username, r, OfficeCode, TraderId, DisplayName) : null;

    /// <summary>Its role and scope in words: <c>Officer CN800001</c>, <c>Trader XI603202734852</c>, <c>Auditor</c>, or <c>none</c>.</summary>
    public string Grant => Role is { } r ? AccountRules.Describe(r, OfficeCode, TraderId) : "none";

    /// <summary><c>enabled</c>, <c>disabled</c> or <c>no role</c>.</summary>
    public string State => DisabledAt is not null ? "disabled" : Role is null ? "no role" : "enabled";
}

/// <summary>What a change to an account did: whether anything changed (false: it was so already, nothing recorded) and the account after it.</summary>
public sealed record AccountChange(bool Changed, AccountSummary Account);

/// <summary>The rules an account's name, password and role follow, as values (the CLI and the administrators' page check the same).</summary>
public static class AccountRules
{
    /// <summary>Shortest password accepted.</summary>
    public const int MinimumPasswordLength = 12;

    /// <summary>Longest username accepted.</summary>
    public const int MaximumUsernameLength = 64;

    public static Failure? CheckUsername(string? username) =>
        string.IsNullOrEmpty(username) || username.Length > MaximumUsernameLength || username.Any(ch => char.IsWhiteSpace(ch) || char.IsControl(ch))
            ? new Failure(AccountErrorCodes.UsernameInvalid, $"username: must be 1 to {MaximumUsernameLength} characters without spaces or control characters.")
            : null;

    public static Failure? CheckPassword(string? password) =>
        string.IsNullOrEmpty(password) || password.Length < MinimumPasswordLength
            ? new Failure(AccountErrorCodes.PasswordTooShort, $"password: must be at least {MinimumPasswordLength} characters.")
            : null;

    /// <summary>The role parsed from its name (any case); LS828 naming the roles otherwise.</summary>
    public static Result<Role> ParseRole(string? text) =>
        Enum.TryParse(text, ignoreCase: true, out Role role) && Enum.IsDefined(role) && !int.TryParse(text, out _)
            ? role
            : Result<Role>.Fail(AccountErrorCodes.RoleInvalid, $"role '{text}' is not one of {string.Join(", ", Enum.GetNames<Role>())}.");

    /// <summary>An Officer needs an office code and a Trader a trader identifier; no other role takes either.</summary>
    public static Failure? CheckGrant(Role role, string? officeCode, string? traderId)
    {
        bool office = !string.IsNullOrWhiteSpace(officeCode), trader = !string.IsNullOrWhiteSpace(traderId);
        return role switch
        {
            Role.Officer when !office => new Failure(AccountErrorCodes.ScopeMissing, "--office: an Officer account needs its customs office code."),
            Role.Trader when !trader => new Failure(AccountErrorCodes.ScopeMissing, "--trader: a Trader account needs its trader identifier."),
            _ when office && role != Role.Officer => new Failure(AccountErrorCodes.ScopeNotAllowed, $"--office: only an Officer has an office, not a {role}."),
            _ when trader && role != Role.Trader => new Failure(AccountErrorCodes.ScopeNotAllowed, $"--trader: only a Trader has a trader identifier, not a {role}."),
            _ => null,
        };
    }

    /// <summary>A role and its scope in words, as recorded in the account history.</summary>
    public static string Describe(Role role, string? officeCode, string? traderId) => role switch
    {
        Role.Officer => $"Officer {officeCode}",
        Role.Trader => $"Trader {traderId}",
        _ => role.ToString(),
    };
}

/// <summary>
/// Local accounts with PBKDF2-SHA256 password hashes (600,000 iterations, 16-byte salt). A verified password is
/// remembered in memory for <see cref="VerifiedFor"/> (as a salted SHA-256, never the password) so that API clients
/// using HTTP Basic are not slowed by the key derivation, or a database read, on every call. A password changed on
/// another instance of the node takes effect here within that time.
/// </summary>
public sealed class UserStore(NodeDatabase db, TimeProvider? time = null)
{
    private const int Iterations = 600_000;

    /// <summary>How long a verified password is trusted without looking at the database again (one minute).</summary>
    public static readonly TimeSpan VerifiedFor = TimeSpan.FromMinutes(1);

    private static readonly byte[] s_pepper = RandomNumberGenerator.GetBytes(32);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, (string Proof, UserAccount Account, DateTimeOffset Until)> _verified = new(StringComparer.Ordinal);

    /// <summary>Creates or replaces an account (a replaced account keeps its enabled or disabled state); recorded as done by <paramref name="by"/>.</summary>
    public async Task UpsertAsync(UserAccount account, string password, string by = AccountEvents.System, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        string hash = Hash(password);
        await using DbConnection c = await db.OpenAsync(ct);
        await using DbTransaction tx = await c.BeginTransactionAsync(ct);
        AccountSummary? before = await FindSummaryAsync(c, tx, account.Username, ct);
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO users (username, password_hash, role, office_code, trader_id, display_name) VALUES (@Username, @hash, @role, @OfficeCode, @TraderId, @DisplayName)
            ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role, office_code = excluded.office_code,
                trader_id = excluded.trader_id, display_name = excluded.display_name
            """,
            new { account.Username, hash, role = account.Role.ToString(), account.OfficeCode, account.TraderId, account.DisplayName }, tx, cancellationToken: ct));
        await AccountEvents.RecordAsync(c, tx, _time.GetUtcNow(), account.Username, before is null ? AccountActions.Added : AccountActions.Replaced, by,
            before is null ? AccountRules.Describe(account.Role, account.OfficeCode, account.TraderId) : $"{before.Grant} -> {AccountRules.Describe(account.Role, account.OfficeCode, account.TraderId)}", ct);
        await tx.CommitAsync(ct);
        _verified.TryRemove(account.Username, out _);
    }

    /// <summary>Removes an account; false when there was none of that name. Recorded (the history stays).</summary>
    public async Task<bool> DeleteAsync(string username, string by = AccountEvents.System, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        await using DbTransaction tx = await c.BeginTransactionAsync(ct);
        int removed = await c.ExecuteAsync(new CommandDefinition("DELETE FROM users WHERE username = @username", new { username }, tx, cancellationToken: ct));
        if (removed > 0)
        {
            await AccountEvents.RecordAsync(c, tx, _time.GetUtcNow(), username, AccountActions.Removed, by, null, ct);
        }

        await tx.CommitAsync(ct);
        _verified.TryRemove(username, out _);
        return removed > 0;
    }

    /// <summary>The accounts that may sign in now (with a role, enabled), by username.</summary>
    public async Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken ct = default) =>
        [.. (await ListAccountsAsync(ct)).Where(a => a.CanSignIn).Select(a => a.Account!)];

    /// <summary>Every account with its state (disabled, revoked), by username; never a password.</summary>
    public async Task<IReadOnlyList<AccountSummary>> ListAccountsAsync(CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<AccountRow>(new CommandDefinition($"{SelectSummary} ORDER BY username", cancellationToken: ct));
        return [.. rows.Select(r => r.ToSummary())];
    }

    /// <summary>The account of that username with its role (disabled or not); null when there is none or it holds no role.</summary>
    public async Task<UserAccount?> FindAsync(string username, CancellationToken ct = default) => (await FindSummaryAsync(username, ct))?.Account;

    /// <summary>The account of that username with its state; null when there is none.</summary>
    public async Task<AccountSummary?> FindSummaryAsync(string username, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        return await FindSummaryAsync(c, null, username, ct);
    }

    /// <summary>
    /// The account as it may act now: null when it does not exist, is disabled or holds no role. A signed-in session is
    /// checked with it on every request, so disabling, granting and revoking take effect at the session's next request.
    /// </summary>
    public async Task<UserAccount?> SignInAccountAsync(string username, CancellationToken ct = default) =>
        await FindSummaryAsync(username, ct) is { CanSignIn: true } a ? a.Account : null;

    /// <summary>The account when the password is right and the account may sign in (enabled, with a role); null otherwise (unknown user, wrong password and a disabled account look alike).</summary>
    public async Task<UserAccount?> VerifyAsync(string username, string password, CancellationToken ct = default)
    {
        string quick = Convert.ToHexString(HMACSHA256.HashData(s_pepper, Encoding.UTF8.GetBytes(username + "\n" + password)));
        if (_verified.TryGetValue(username, out var hit) && hit.Until > _time.GetUtcNow()
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hit.Proof), Encoding.ASCII.GetBytes(quick)))
        {
            return hit.Account;
        }

        if (!await PasswordMatchesAsync(username, password, ct))
        {
            return null;
        }

        UserAccount? account = await SignInAccountAsync(username, ct);
        if (account is not null)
        {
            _verified[username] = (quick, account, _time.GetUtcNow() + VerifiedFor);
        }

        return account;
    }

    /// <summary>Whether the account exists and has this password, whatever its state (the development-account guard asks this).</summary>
    public async Task<bool> PasswordMatchesAsync(string username, string password, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        string? stored = await c.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT password_hash FROM users WHERE username = @username", new { username }, cancellationToken: ct));
        if (stored is null)
        {
            Hash(password); // Same work as a real check, so timing does not reveal which usernames exist.
            return false;
        }

        return Matches(stored, password);
    }

    /// <summary>Disables an account: it cannot sign in (password, Basic, an open session) until enabled. Not changed (and not recorded) when already disabled.</summary>
    public Task<Result<AccountChange>> DisableAsync(string username, string by, CancellationToken ct = default) =>
        ChangeAsync(username, by, (before, at) => before.DisabledAt is not null
            ? NoChange
            : new Change(AccountActions.Disabled, null, "UPDATE users SET disabled_at = @at WHERE username = @username", new { at = StoredTime.Iso(at), username },
                NeedsAnotherAdministrator: before.Role == Role.Administrator), ct);

    /// <summary>Enables a disabled account. Not changed (and not recorded) when enabled already.</summary>
    public Task<Result<AccountChange>> EnableAsync(string username, string by, CancellationToken ct = default) =>
        ChangeAsync(username, by, (before, _) => before.DisabledAt is null
            ? NoChange
            : new Change(AccountActions.Enabled, null, "UPDATE users SET disabled_at = NULL WHERE username = @username", new { username }), ct);

    /// <summary>Gives the account a new password (at least <see cref="AccountRules.MinimumPasswordLength"/> characters); its role and state are kept.</summary>
    public async Task<Result<AccountChange>> ResetPasswordAsync(string username, string password, string by, CancellationToken ct = default)
    {
        if (AccountRules.CheckPassword(password) is { } weak)
        {
            return weak;
        }

        string hash = Hash(password);
        return await ChangeAsync(username, by, (_, _) =>
            new Change(AccountActions.PasswordReset, null, "UPDATE users SET password_hash = @hash WHERE username = @username", new { hash, username }), ct);
    }

    /// <summary>
    /// Gives the account a role and its scope (an Officer's office, a Trader's identifier), in place of the one it held: an
    /// account holds one role at a time, as a session acts in one. Not changed when it holds exactly that already.
    /// </summary>
    public async Task<Result<AccountChange>> GrantAsync(string username, Role role, string? officeCode, string? traderId, string by, CancellationToken ct = default)
    {
        if (AccountRules.CheckGrant(role, officeCode, traderId) is { } invalid)
        {
            return invalid;
        }

        officeCode = role == Role.Officer ? officeCode!.Trim() : null;
        traderId = role == Role.Trader ? traderId!.Trim() : null;
        string after = AccountRules.Describe(role, officeCode, traderId);
        return await ChangeAsync(username, by, (before, _) => before.Grant == after
            ? NoChange
            : new Change(AccountActions.Granted, $"{before.Grant} -> {after}",
                "UPDATE users SET role = @role, office_code = @officeCode, trader_id = @traderId WHERE username = @username",
                new { role = role.ToString(), officeCode, traderId, username }, NeedsAnotherAdministrator: before.Role == Role.Administrator && role != Role.Administrator), ct);
    }

    /// <summary>
    /// Takes the role away: the account stays, with its name and history, but holds no role and cannot sign in until
    /// granted one. Refused when it does not hold <paramref name="role"/> (LS831).
    /// </summary>
    public Task<Result<AccountChange>> RevokeAsync(string username, Role role, string by, CancellationToken ct = default) =>
        ChangeAsync(username, by, (before, _) => before.Role != role
            ? new Failure(AccountErrorCodes.RoleNotHeld, $"account {username} holds {before.Grant}, not {role}; nothing revoked.")
            : new Change(AccountActions.Revoked, $"{before.Grant} -> none",
                "UPDATE users SET role = NULL, office_code = NULL, trader_id = NULL WHERE username = @username", new { username },
                NeedsAnotherAdministrator: role == Role.Administrator), ct);

    /// <summary>"Nothing to do": the account is so already.</summary>
    private static Result<Change?> NoChange => Result<Change?>.Ok(null);

    private sealed record Change(string Action, string? Detail, string Sql, object Parameters, bool NeedsAnotherAdministrator = false);

    /// <summary>One change to an existing account and its record, in one transaction; a null change is "nothing to do".</summary>
    private async Task<Result<AccountChange>> ChangeAsync(string username, string by, Func<AccountSummary, DateTimeOffset, Result<Change?>> decide, CancellationToken ct)
    {
        by = by.Trim();
        await using DbConnection c = await db.OpenAsync(ct);
        await using DbTransaction tx = await c.BeginTransactionAsync(ct);
        if (db.Provider == SqlDialect.Sqlite)
        {
            // Take the write lock first: the last-administrator check below reads what the update must not race.
            await c.ExecuteAsync(new CommandDefinition("UPDATE users SET username = username WHERE 0", transaction: tx, cancellationToken: ct));
        }
        else
        {
            await c.ExecuteAsync(new CommandDefinition("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE", transaction: tx, cancellationToken: ct));
        }

        AccountSummary? before = await FindSummaryAsync(c, tx, username, ct);
        if (before is null)
        {
            return new Failure(AccountErrorCodes.AccountUnknown, $"no account '{username}' on this node.");
        }

        DateTimeOffset at = _time.GetUtcNow();
        Result<Change?> decided = decide(before, at);
        if (!decided.IsValid)
        {
            return decided.Failure!;
        }

        if (decided.Value is not { } change)
        {
            return new AccountChange(false, before);
        }

        if (change.NeedsAnotherAdministrator && before.CanSignIn)
        {
            long others = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM users WHERE role = 'Administrator' AND disabled_at IS NULL AND username <> @username", new { username }, tx, cancellationToken: ct));
            if (others == 0)
            {
                return new Failure(AccountErrorCodes.LastAdministrator,
                    $"{username} is the node's last enabled Administrator; add or enable another administrator first.");
            }
        }

        await c.ExecuteAsync(new CommandDefinition(change.Sql, change.Parameters, tx, cancellationToken: ct));
        await AccountEvents.RecordAsync(c, tx, at, username, change.Action, by, change.Detail, ct);
        AccountSummary after = (await FindSummaryAsync(c, tx, username, ct))!;
        await tx.CommitAsync(ct);
        _verified.TryRemove(username, out _);
        return new AccountChange(true, after);
    }

    private const string SelectSummary = "SELECT username AS Username, role AS Role, office_code AS OfficeCode, trader_id AS TraderId, display_name AS DisplayName, disabled_at AS DisabledAt FROM users";

    private static async Task<AccountSummary?> FindSummaryAsync(DbConnection c, DbTransaction? tx, string username, CancellationToken ct)
    {
        AccountRow? row = await c.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition($"{SelectSummary} WHERE username = @username", new { username }, tx, cancellationToken: ct));
        return row?.ToSummary();
    }

    private sealed class AccountRow
    {
        public string Username { get; set; } = "";

        public string? Role { get; set; }

        public string? OfficeCode { get; set; }

        public string? TraderId { get; set; }

        public string DisplayName { get; set; } = "";

        public string? DisabledAt { get; set; }

        public AccountSummary ToSummary() => new(Username, Role is null ? null : Enum.Parse<Role>(Role), OfficeCode, TraderId, DisplayName,
            DisabledAt is null ? null : StoredTime.Parse(DisabledAt));
    }

    public static string Hash(string password)
    {
        byte[] salt = RandomNumberGenerator.GetBytes(16);
        byte[] key = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, 32);
        return string.Create(CultureInfo.InvariantCulture, $"pbkdf2-sha256${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(key)}");
    }

    public static bool Matches(string stored, string password)
    {
        string[] parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != "pbkdf2-sha256" || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out int iterations))
        {
            return false;
        }

        byte[] expected = Convert.FromBase64String(parts[3]);
        byte[] actual = Rfc2898DeriveBytes.Pbkdf2(password, Convert.FromBase64String(parts[2]), iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
