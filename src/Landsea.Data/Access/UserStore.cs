using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace Landsea.Data.Access;

/// <summary>A local account of the node.</summary>
public sealed record UserAccount(string Username, Role Role, string? OfficeCode, string? TraderId, string DisplayName)
{
    public AccessScope Scope => new(Username, Role, OfficeCode, TraderId);
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

    /// <summary>Creates or replaces an account.</summary>
    public async Task UpsertAsync(UserAccount account, string password, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        await c.ExecuteAsync(
            """
            INSERT INTO users (username, password_hash, role, office_code, trader_id, display_name) VALUES (@Username, @hash, @role, @OfficeCode, @TraderId, @DisplayName)
            ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role, office_code = excluded.office_code,
                trader_id = excluded.trader_id, display_name = excluded.display_name
            """,
            new { account.Username, hash = Hash(password), role = account.Role.ToString(), account.OfficeCode, account.TraderId, account.DisplayName });
        _verified.TryRemove(account.Username, out _);
    }

    /// <summary>Removes an account; false when there was none of that name.</summary>
    public async Task<bool> DeleteAsync(string username, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        int removed = await c.ExecuteAsync(new CommandDefinition("DELETE FROM users WHERE username = @username", new { username }, cancellationToken: ct));
        _verified.TryRemove(username, out _);
        return removed > 0;
    }

    /// <summary>Every account, by username.</summary>
    public async Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<(string username, string role, string? office_code, string? trader_id, string display_name)>(
            "SELECT username, role, office_code, trader_id, display_name FROM users ORDER BY username");
        return [.. rows.Select(r => new UserAccount(r.username, Enum.Parse<Role>(r.role), r.office_code, r.trader_id, r.display_name))];
    }

    public async Task<UserAccount?> FindAsync(string username, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<(string username, string role, string? office_code, string? trader_id, string display_name)>(
            "SELECT username, role, office_code, trader_id, display_name FROM users WHERE username = @username", new { username });
        return row.username is null ? null : new UserAccount(row.username, Enum.Parse<Role>(row.role), row.office_code, row.trader_id, row.display_name);
    }

    /// <summary>The account when the password is right; null otherwise (unknown user and wrong password look alike).</summary>
    public async Task<UserAccount?> VerifyAsync(string username, string password, CancellationToken ct = default)
    {
        string quick = Convert.ToHexString(HMACSHA256.HashData(s_pepper, Encoding.UTF8.GetBytes(username + "\n" + password)));
        if (_verified.TryGetValue(username, out var hit) && hit.Until > _time.GetUtcNow()
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hit.Proof), Encoding.ASCII.GetBytes(quick)))
        {
            return hit.Account;
        }

        await using DbConnection c = await db.OpenAsync(ct);
        string? stored = await c.ExecuteScalarAsync<string?>("SELECT password_hash FROM users WHERE username = @username", new { username });
        if (stored is null)
        {
            Hash(password); // Same work as a real check, so timing does not reveal which usernames exist.
            return null;
        }

        if (!Matches(stored, password))
        {
            return null;
        }

        UserAccount? account = await FindAsync(username, ct);
        if (account is not null)
        {
            _verified[username] = (quick, account, _time.GetUtcNow() + VerifiedFor);
        }

        return account;
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
