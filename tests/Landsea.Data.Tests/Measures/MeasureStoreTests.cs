using System.Data.Common;
using Dapper;
using Landsea.Data.Declarations;
using Landsea.Data.Measures;
using Landsea.Data.Tests.Statistics;
using Landsea.Measures;
using Landsea.Offices;
using Microsoft.Extensions.Time.Testing;

namespace Landsea.Data.Tests.Measures;

/// <summary>Issue 14 A items 1-3: the register stores a batch whole, counts a reload with other fields as a change, raises alerts, and matches the node's exports in SQL; on SQLite and PostgreSQL.</summary>
public abstract class MeasureStoreSuite : MigratedStoreSuite
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 2, 0, 0, TimeSpan.Zero));

    private static IReadOnlyList<(string, Notification)> Batch(string json) =>
        [.. NotificationFile.Parse(json).Notifications.Select((n, i) => ($"n{i}", n))];

    private const string Durian = """
        {"formatVersion": 1, "notifications": [
          {"symbol": "G/TBT/N/THA/900", "area": "TBT", "type": "regular", "member": "TH", "distributed": "2026-11-01", "commentDeadline": "2026-12-31", "title": "Durian", "hs": ["0810.60"]},
          {"symbol": "G/SPS/N/THA/901", "area": "SPS", "type": "regular", "member": "TH", "distributed": "2026-10-01", "commentDeadline": "2026-12-10", "title": "All fruit", "hs": ["08"]}
        ]}
        """;

    [SkippableFact]
    public async Task Store_ThenReloadWithOtherField_CountsAChangeAndAlertsTheSubscriber()
    {
        Skip.If(Unavailable is not null, Unavailable);
        var store = new MeasureStore(Db, _time);
        Subscription sub = Subscription.Create("sub-1", "T-1", "0810", "TH").Value;

        (LoadSummary first, _) = await store.StoreAsync(Batch(Durian), "test");
        int onSubscribe = await store.SubscribeAsync(sub, "trader.a", new DateOnly(2026, 12, 3));
        (LoadSummary again, _) = await store.StoreAsync(Batch(Durian), "test");
        _time.Advance(TimeSpan.FromHours(1));
        (LoadSummary changed, _) = await store.StoreAsync(Batch(Durian.Replace("\"Durian\"", "\"Durian, revised scope\"", StringComparison.Ordinal)), "test");

        Assert.Equal(new LoadSummary(2, 0, 0, 0), first);
        Assert.Equal(2, onSubscribe); // both open for comment, both cover 0810 in TH
        Assert.Equal(new LoadSummary(0, 0, 2, 0), again);
        Assert.Equal(new LoadSummary(0, 1, 1, 1), changed);
        IReadOnlyList<MeasureAlert> alerts = await store.AlertsAsync("T-1");
        Assert.Equal(3, alerts.Count);
        MeasureAlert newest = alerts[0];
        Assert.Equal(("G/TBT/N/THA/900", AlertChange.Changed, 2, "Durian, revised scope"), (newest.Symbol, newest.Change, newest.Version, newest.Measure.Notification.Title));
        Assert.Empty(await store.AlertsAsync("T-other"));
    }

    [SkippableFact]
    public async Task Store_AddendumWithoutHs_CoversItsNotificationsProducts_AndAlerts()
    {
        Skip.If(Unavailable is not null, Unavailable);
        var store = new MeasureStore(Db, _time);
        await store.StoreAsync(Batch(Durian), "test");
        await store.SubscribeAsync(Subscription.Create("sub-2", "T-2", "0810.60", "").Value, "trader.b", new DateOnly(2027, 6, 1)); // nothing open then

        (LoadSummary s, IReadOnlyList<Landsea.Measures.FileError> warnings) = await store.StoreAsync(Batch("""
            {"formatVersion": 1, "notifications": [
              {"symbol": "G/TBT/N/THA/900/Add.1", "area": "TBT", "type": "addendum", "member": "TH", "distributed": "2026-12-02", "title": "Deadline extended"},
              {"symbol": "G/TBT/N/THA/5/Rev.1", "area": "TBT", "type": "revision", "member": "TH", "distributed": "2026-12-02", "title": "Other", "hs": ["8471"]}
            ]}
            """), "test");

        Assert.Equal((2, 1), (s.Added, s.Alerts));
        Assert.Equal(MeasureErrorCodes.ChangedUnknown, Assert.Single(warnings).Code); // THA/5 is not in the register
        MeasureRegister register = await store.RegisterAsync();
        Assert.Equal(["081060"], register.Find("G/TBT/N/THA/900/Add.1")!.EffectiveHs.Select(h => h.Digits));
        Assert.Equal(["G/TBT/N/THA/900/Add.1"], (await store.AlertsAsync("T-2")).Select(a => a.Symbol));
    }

    [SkippableFact]
    public async Task Unsubscribe_OtherTrader_ChangesNothing()
    {
        Skip.If(Unavailable is not null, Unavailable);
        var store = new MeasureStore(Db, _time);
        await store.SubscribeAsync(Subscription.Create("sub-3", "T-3", "08", "TH").Value, "trader", new DateOnly(2026, 12, 3));

        Assert.False(await store.UnsubscribeAsync("T-4", "sub-3"));
        Assert.Single(await store.SubscriptionsAsync("T-3"));
        Assert.True(await store.UnsubscribeAsync("T-3", "sub-3"));
        Assert.Empty(await store.SubscriptionsAsync("T-3"));
    }

    [SkippableFact]
    public async Task Traffic_CountsExportsToTheMemberUnderItsCodes_InThePeriod_WithTopTraders()
    {
        Skip.If(Unavailable is not null, Unavailable);
        await new MeasureStore(Db, _time).StoreAsync(Batch(Durian), "test");
        // Two real export declarations to TH through the writer (accepted 2026-11-20): durian 0810.60 and a laptop.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
        await using (var writer = new DeclarationWriter(Db, time, Corridor.FindNode("CNCQI")!))
        {
            await TradeLineStoreSuite.LodgeAsync(writer, TradeLineStoreSuite.Json("M-1", "EXA", "TH", "2", "CNY", ("08106000", "CN", 1000m), ("847130", "CN", 50m)), new DateOnly(2026, 11, 20));
            await TradeLineStoreSuite.LodgeAsync(writer, TradeLineStoreSuite.Json("M-2", "EXA", "VN", "2", "CNY", ("081060", "CN", 700m)), new DateOnly(2026, 11, 20));
        }

        // Lines written directly: another trader's durian to TH; an import, an uncounted line, one outside the twelve months.
        await using (DbConnection c = await Db.OpenAsync())
        {
            foreach ((long id, string flow, string hs, string trader, string day, long value, int counted) in new[]
            {
                (900L, "export", "081060", "T-BIG", "2026-06-01", 500000L, 1),
                (901L, "import", "081060", "T-IMP", "2026-06-01", 900000L, 1),
                (902L, "export", "081060", "T-OFF", "2026-06-01", 900000L, 0),
                (903L, "export", "081060", "T-OLD", "2025-12-03", 900000L, 1),
                (904L, "export", "081190", "T-FROZEN", "2026-07-01", 1000L, 1),
            })
            {
                await c.ExecuteAsync("""
                    INSERT INTO trade_lines (declaration_id, item_sequence, mrn, flow, hs_code, hs_chapter, hs_section, partner_country, trader_id, office_code,
                        region, local_day, local_month, local_year, mode, corridor_line, value_minor, currency, value_usd_minor, value_status, counted)
                    VALUES (@id, 1, @mrn, @flow, @hs, '08', 'II', 'TH', @trader, 'CN800001', 'Chongqing', @day, @month, @year, '2', 'other', @value, 'CNY', @value, 'ok', @counted)
                    """, new { id, mrn = $"MRN{id}", flow, hs, trader, day, month = day[..7], year = int.Parse(day[..4], System.Globalization.CultureInfo.InvariantCulture), value, counted });
            }
        }

        var traffic = new MeasureTraffic(Db, Corridor.FindNode("CNCQI")!);
        (DateOnly from, DateOnly to) = MeasureTraffic.LastTwelveMonths(new DateOnly(2026, 12, 3));
        IReadOnlyDictionary<string, MeasureTrafficRow> rows = await traffic.ForPeriodAsync(from, to);

        MeasureTrafficRow durian = rows["G/TBT/N/THA/900"];
        Assert.Equal((2L, 2L, 500000L + 100000L), (durian.Lines, durian.Declarations, durian.ValueMinor));
        Assert.Equal(["T-BIG", TradeLineStoreSuite.TraderA], durian.TopTraders.Select(t => t.TraderId));
        MeasureTrafficRow fruit = rows["G/SPS/N/THA/901"]; // chapter 08: also the frozen durian 0811.90
        Assert.Equal((3L, 500000L + 100000L + 1000L), (fruit.Lines, fruit.ValueMinor));
        Assert.Empty(await traffic.ForPeriodAsync(from, to, officeCode: "CN720001"));
        Assert.Equal(2L, (await traffic.ForPeriodAsync(from, to, officeCode: "CN800001"))["G/TBT/N/THA/900"].Declarations);
    }
}

public sealed class SqliteMeasureStoreTests : MeasureStoreSuite
{
    protected override Task<(NodeDatabase Db, Func<Task> Cleanup)> CreateDatabaseAsync() =>
        Task.FromResult((StoreTestDatabases.NewSqlite(nameof(SqliteMeasureStoreTests)), (Func<Task>)(() => Task.CompletedTask)));
}

public sealed class PostgresMeasureStoreTests : MeasureStoreSuite
{
    protected override string? Unavailable => StoreTestDatabases.PostgresUnavailable;

    protected override Task<(NodeDatabase Db, Func<Task> Cleanup)> CreateDatabaseAsync() => StoreTestDatabases.NewPostgresAsync("measures");
}
