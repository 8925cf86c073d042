using Landsea.Data.Statistics;
using Landsea.Statistics;

namespace Landsea.Data.Tests.Statistics;

/// <summary>Issue 14 item 6: the aggregates round-trip exactly (decimal text) on SQLite and PostgreSQL, and a reload replaces.</summary>
public abstract class OfficialTradeStoreSuite : MigratedStoreSuite
{

    [SkippableFact]
    public async Task Load_ThenAll_ReturnsTheSameRows_AndReloadReplaces()
    {
        Skip.If(Unavailable is not null, Unavailable);
        var store = new OfficialTradeStore(Db, TimeProvider.System);
        IReadOnlyList<OfficialTradeRow> shipped = ShippedStatistics.Rows();

        await store.LoadAsync(shipped, "shipped");
        await store.LoadAsync(shipped, "shipped again");
        IReadOnlyList<OfficialTradeRow> stored = await store.AllAsync();

        Assert.Equal(shipped.Count, stored.Count);
        Assert.Equal(shipped.OrderBy(r => (r.Year, r.Region, r.Period)).ToList(), stored.OrderBy(r => (r.Year, r.Region, r.Period)).ToList());
        RegionReport report = RegionReports.Build(stored, "Chongqing", 2022, 6.7290m, "test").Value;
        Assert.Equal((815.84m, 2, 21.1m), (report.TotalBn, report.Rank, report.SharePct));
    }
}

public sealed class SqliteOfficialTradeStoreTests : OfficialTradeStoreSuite
{
    protected override Task<(NodeDatabase Db, Func<Task> Cleanup)> CreateDatabaseAsync() =>
        Task.FromResult((StoreTestDatabases.NewSqlite(nameof(SqliteOfficialTradeStoreTests)), (Func<Task>)(() => Task.CompletedTask)));
}

public sealed class PostgresOfficialTradeStoreTests : OfficialTradeStoreSuite
{
    protected override string? Unavailable => StoreTestDatabases.PostgresUnavailable;

    protected override Task<(NodeDatabase Db, Func<Task> Cleanup)> CreateDatabaseAsync() => StoreTestDatabases.NewPostgresAsync("stats");
}
