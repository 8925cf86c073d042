using System.Data.Common;
using Landsea.Data.Origin;
using Landsea.Exchange.Storage;
using Landsea.Origin;
using Landsea.Shared;

namespace Landsea.Data.Tests.Origin;

/// <summary>Issue 13 item 5: the certificate register (migration 0012) on SQLite and PostgreSQL.</summary>
public abstract class CertificateStoreSuite : MigratedStoreSuite
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 8, 30, 0, TimeSpan.Zero);

    private static StoredCertificate Row(string hash, string number, string issuer = "CNCQI", string source = CertificateStore.Issued) =>
        new(hash, number, issuer, source, OriginForms.Rcep, new string('f', 64), At, "CN800001", "CN", "SG", "{\"doc\":1}", null, null);

    private async Task<T> InWorkAsync<T>(Func<UnitOfWork, Task<T>> action, bool commit = true)
    {
        await using DbConnection c = await Db.OpenAsync();
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, TimeProvider.System, default);
        T result = await action(work);
        if (commit)
        {
            await work.CommitAsync(default);
        }

        return result;
    }

    [SkippableFact]
    public async Task Add_FindRevoke_RoundTrips_AndRefusesRepeats()
    {
        Skip.If(Unavailable is not null, Unavailable);
        string a = new('a', 64);
        string b = new('b', 64);
        Assert.Equal(2, (await InWorkAsync(w => CertificateStore.AddAsync(w, [Row(a, "N1"), Row(b, "N1", "SGSIN", CertificateStore.Received)], default))).Value);

        Result<int> repeated = await InWorkAsync(w => CertificateStore.AddAsync(w, [Row(new string('c', 64), "N1")], default), commit: false);
        Assert.Equal(OriginErrorCodes.DuplicateNumber, repeated.Failure!.Code);

        await using DbConnection c = await Db.OpenAsync();
        IReadOnlyList<StoredCertificate> both = await CertificateStore.FindByNumberAsync(c, "N1", default);
        Assert.Equal([CertificateStore.Issued, CertificateStore.Received], both.Select(x => x.Source));
        Assert.Equal(Row(a, "N1"), both[0]);

        Result<StoredCertificate> revoked = await InWorkAsync(w => CertificateStore.RevokeAsync(w, "CNCQI", "N1", "wrong consignee", At.AddHours(1), default));
        Assert.Equal(At.AddHours(1), revoked.Value.RevokedAt);
        Assert.Equal(OriginErrorCodes.AlreadyRevoked, (await InWorkAsync(w => CertificateStore.RevokeAsync(w, "CNCQI", "N1", "again", At, default))).Failure!.Code);
        Assert.Equal(OriginErrorCodes.CertificateNotFound, (await InWorkAsync(w => CertificateStore.RevokeAsync(w, "CNCQI", "N9", "x", At, default))).Failure!.Code);
        Assert.Equal(OriginErrorCodes.CertificateNotFound,
            (await InWorkAsync(w => CertificateStore.RevokeAsync(w, "SGSIN", "N1", "x", At, default, targetHash: a))).Failure!.Code);

        Assert.Equal([a], (await CertificateStore.RevokedAsync(c, "CNCQI", default)).Select(x => x.TargetHash));
        Assert.Empty(await CertificateStore.RevokedAsync(c, "SGSIN", default));
        Assert.Contains("wrong consignee", (await CertificateStore.RevokedHashesAsync(c, default))[a], StringComparison.Ordinal);
        Assert.Equal("wrong consignee", (await CertificateStore.FindByTargetHashAsync(c, a.ToUpperInvariant(), default))!.RevokeReason);
    }
}

public sealed class SqliteCertificateStoreTests : CertificateStoreSuite
{
    protected override Task<(NodeDatabase Db, Func<Task> Cleanup)> CreateDatabaseAsync() =>
        Task.FromResult((StoreTestDatabases.NewSqlite(nameof(SqliteCertificateStoreTests)), (Func<Task>)(() => Task.CompletedTask)));
}

public sealed class PostgresCertificateStoreTests : CertificateStoreSuite
{
    protected override string? Unavailable => StoreTestDatabases.PostgresUnavailable;

    protected override Task<(NodeDatabase Db, Func<Task> Cleanup)> CreateDatabaseAsync() => StoreTestDatabases.NewPostgresAsync("origin");
}
