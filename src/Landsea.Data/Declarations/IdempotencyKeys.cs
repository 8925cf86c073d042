using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using Dapper;
using Landsea.Declarations;
using Landsea.Data.Access;
using Landsea.Exchange.Storage;

namespace Landsea.Data.Declarations;

/// <summary>What an earlier request with the same key was answered: its body's hash, the submission and the status code.</summary>
public sealed record IdempotentRequest(string RequestSha256, long SubmissionId, int StatusCode);

/// <summary>
/// Idempotency keys on lodging (<c>Idempotency-Key</c>, draft-ietf-httpapi-idempotency-key-header), per account: the first
/// request with a key is remembered for <see cref="Lifetime"/>; a retry with the same body gets the first answer again, the
/// same key with another body is refused. Requests with one key are serialised in the node (<see cref="LockAsync"/>), so a
/// retry racing the first attempt waits for its answer. Owner of <c>idempotency_keys</c>.
/// </summary>
public sealed class IdempotencyKeys(NodeDatabase db, TimeProvider time)
{
    /// <summary>How long a key is remembered.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>The longest key accepted.</summary>
    public const int MaxLength = 255;

    private readonly ConcurrentDictionary<(string, string), SemaphoreSlim> _locks = new();

    /// <summary>A key is 1 to 255 visible ASCII characters (RFC 9110 token or quoted string content).</summary>
    public static bool IsWellFormed(string key) => key.Length is > 0 and <= MaxLength && key.All(c => c is > ' ' and < '\u007f');

    /// <summary>Holds the key for the account until disposed: one request with it at a time.</summary>
    public async Task<IDisposable> LockAsync(AccessScope scope, string key, CancellationToken ct)
    {
        SemaphoreSlim gate = _locks.GetOrAdd((scope.User, key), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Release(() =>
        {
            gate.Release();
        });
    }

    /// <summary>The earlier request with this key, if one was answered within <see cref="Lifetime"/>.</summary>
    public async Task<IdempotentRequest?> FindAsync(AccessScope scope, string key, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<(string Sha, long Id, long Status)?>(
            "SELECT request_sha256, submission_id, CAST(status_code AS BIGINT) FROM idempotency_keys WHERE account = @account AND idempotency_key = @key AND created_at >= @since",
            new { account = scope.User, key, since = StoredTime.Iso(time.GetUtcNow() - Lifetime) });
        return row is { } r ? new IdempotentRequest(r.Sha, r.Id, (int)r.Status) : null;
    }

    /// <summary>The answer first given to a remembered request, with the declaration's status as it is now.</summary>
    public async Task<LodgeAnswer?> AnswerAsync(IdempotentRequest request, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        string? json = await c.ExecuteScalarAsync<string?>("SELECT answer_json FROM submissions WHERE id = @id", new { id = request.SubmissionId });
        if (json is null || JsonSerializer.Deserialize<LodgeAnswer>(json, StoreJson.Options) is not { } first)
        {
            return null;
        }

        string? current = first.Mrn is { } mrn ? await c.ExecuteScalarAsync<string?>("SELECT status FROM declarations WHERE mrn = @mrn", new { mrn }) : null;
        return current is null ? first : first with { Status = Enum.Parse<DeclarationStatus>(current) };
    }

    /// <summary>Remembers the answer to the first request with this key (replacing an expired one), and forgets expired keys.</summary>
    public async Task RememberAsync(AccessScope scope, string key, IdempotentRequest request, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, time, ct);
        string now = StoredTime.Iso(time.GetUtcNow());
        string expired = StoredTime.Iso(time.GetUtcNow() - Lifetime);
        await c.ExecuteAsync("DELETE FROM idempotency_keys WHERE created_at < @expired", new { expired }, work.Transaction);
        await c.ExecuteAsync(
            """
            INSERT INTO idempotency_keys (account, idempotency_key, request_sha256, submission_id, status_code, created_at)
            VALUES (@account, @key, @sha, @id, @status, @now)
            ON CONFLICT (account, idempotency_key) DO NOTHING
            """, new { account = scope.User, key, sha = request.RequestSha256, id = request.SubmissionId, status = request.StatusCode, now }, work.Transaction);
        await work.CommitAsync(ct);
    }

    private sealed class Release(Action release) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                release();
            }
        }
    }
}
