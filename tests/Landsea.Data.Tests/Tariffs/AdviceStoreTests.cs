using Landsea.Data.Tariffs;
using Landsea.Shared;
using Landsea.Tariffs;

namespace Landsea.Data.Tests.Tariffs;

/// <summary>Issue 13 item 4: advice stored with a declaration round-trips exactly (decimals, nulls) on SQLite and PostgreSQL, and asking again replaces it.</summary>
public abstract class AdviceStoreSuite : MigratedStoreSuite
{

    private static ItemAdvice Advise(decimal value) => TariffAdvisor.Advise(
        new DutyQuestion(HsCode.Parse("0810.60").OrThrow(), CountryCode.Parse("TH").OrThrow(), CountryCode.Parse("CN").OrThrow(),
            new Money(value, CurrencyCode.Parse("CNY").OrThrow()), new DateOnly(2024, 3, 1)),
        null, TariffBook.Shipped, ExchangeRates.Shipped, ProductRuleBook.Shipped).OrThrow();

    [SkippableFact]
    public async Task Save_ThenGet_SameAdvice_AndAskingAgainReplaces()
    {
        Skip.If(Unavailable is not null, Unavailable);
        var store = new AdviceStore(Db);
        Assert.Null(await store.GetAsync("24CN0000000000001"));

        var at = new DateTimeOffset(2024, 3, 1, 8, 30, 0, TimeSpan.Zero);
        ItemAdvice first = Advise(1234.56m);
        await store.SaveAsync(new DeclarationAdvice("24CN0000000000001", "trader.cn", at, new DateOnly(2024, 3, 1), [first]));
        DeclarationAdvice stored = (await store.GetAsync("24CN0000000000001"))!;
        Assert.Equal(("trader.cn", at, new DateOnly(2024, 3, 1)), (stored.AskedBy, stored.AskedAt, stored.Date));
        ItemAdvice item = Assert.Single(stored.Items);
        Assert.Equal((first.Item, first.Hs, first.Origin, first.Importer, first.Date, first.Value, first.ValueCurrency, first.DutyCurrency, first.Recommended, first.Summary),
            (item.Item, item.Hs, item.Origin, item.Importer, item.Date, item.Value, item.ValueCurrency, item.DutyCurrency, item.Recommended, item.Summary));
        Assert.Equal(first.Options, item.Options);
        Assert.Equal(246.91m, item.SavedVersusMfn);

        await store.SaveAsync(new DeclarationAdvice("24CN0000000000001", "officer.cq", at.AddHours(1), new DateOnly(2024, 3, 1), [Advise(10m), Advise(20m)]));
        DeclarationAdvice replaced = (await store.GetAsync("24CN0000000000001"))!;
        Assert.Equal("officer.cq", replaced.AskedBy);
        Assert.Equal([10m, 20m], replaced.Items.Select(i => i.Value));
    }
}

public sealed class SqliteAdviceStoreTests : AdviceStoreSuite
{
    protected override Task<(NodeDatabase Db, Func<Task> Cleanup)> CreateDatabaseAsync() =>
        Task.FromResult((StoreTestDatabases.NewSqlite(nameof(SqliteAdviceStoreTests)), (Func<Task>)(() => Task.CompletedTask)));
}

public sealed class PostgresAdviceStoreTests : AdviceStoreSuite
{
    protected override string? Unavailable => StoreTestDatabases.PostgresUnavailable;

    protected override Task<(NodeDatabase Db, Func<Task> Cleanup)> CreateDatabaseAsync() => StoreTestDatabases.NewPostgresAsync("advice");
}
