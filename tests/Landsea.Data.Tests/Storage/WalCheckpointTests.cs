using System.Data.Common;
using Dapper;
using Landsea.Data;
using Xunit.Abstractions;

namespace Landsea.Data.Tests.Storage;

/// <summary>
/// Issue 17 item 7: after a long reader the SQLite WAL stays as large as it grew (SQLite's own checkpoints reuse the file and
/// never shrink it); <see cref="NodeDatabase.CheckpointWalAsync"/> truncates it once the reader is done. Measured here.
/// </summary>
public sealed class WalCheckpointTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "landsea-tests", $"wal-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Issue_17_CheckpointWal_AfterLongReader_BusyWhileItReadsThenTruncatedToZero()
    {
        NodeDatabase db = NodeDatabase.FromArgument(_path);
        await using (DbConnection setup = await db.OpenAsync())
        {
            await setup.ExecuteAsync("CREATE TABLE wal_test (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
        }

        // A reader holds its snapshot while 4,000 rows of 1 KiB are written in 40 transactions: no checkpoint can reset the WAL.
        await using DbConnection reader = await db.OpenAsync();
        // Deferred: a read transaction (Microsoft.Data.Sqlite begins IMMEDIATE, a write lock, by default); the SELECT takes the snapshot.
        await using DbTransaction snapshot = ((Microsoft.Data.Sqlite.SqliteConnection)reader).BeginTransaction(deferred: true);
        Assert.Equal(0L, await reader.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM wal_test", transaction: snapshot));
        await using (DbConnection writer = await db.OpenAsync())
        {
            for (int t = 0; t < 40; t++)
            {
                await using DbTransaction tx = await writer.BeginTransactionAsync();
                await writer.ExecuteAsync("INSERT INTO wal_test (body) VALUES (@body)", Enumerable.Range(0, 100).Select(_ => new { body = new string('x', 1024) }), tx);
                await tx.CommitAsync();
            }
        }

        WalCheckpoint whileReading = (await db.CheckpointWalAsync())!;
        await snapshot.CommitAsync();
        long grown = new FileInfo(_path + "-wal").Length;
        WalCheckpoint after = (await db.CheckpointWalAsync())!;
        output.WriteLine($"WAL while the reader held its snapshot: {whileReading.WalBytesBefore:N0} bytes (busy: {whileReading.Busy}); after it finished: {grown:N0} bytes; after TRUNCATE: {after.WalBytesAfter:N0} bytes");

        Assert.True(whileReading.Busy);
        Assert.True(whileReading.WalBytesAfter > 4_000_000, $"WAL only {whileReading.WalBytesAfter} bytes");
        Assert.Equal(grown, after.WalBytesBefore);
        Assert.False(after.Busy);
        Assert.Equal(0L, after.WalBytesAfter);
        await using DbConnection check = await db.OpenAsync();
        Assert.Equal(4000L, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM wal_test"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (string f in (string[])[_path, _path + "-wal", _path + "-shm"])
        {
            File.Delete(f);
        }
    }
}
