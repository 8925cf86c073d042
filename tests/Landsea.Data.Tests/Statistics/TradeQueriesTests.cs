using System.Data.Common;
using System.Text.Json;
using Dapper;
using Landsea.Data.Declarations;
using Landsea.Data.Statistics;
using Landsea.Declarations;
using Landsea.Exchange.Storage;
using Landsea.Offices;
using Landsea.Statistics;
using Microsoft.Extensions.Time.Testing;

namespace Landsea.Data.Tests.Statistics;

/// <summary>
/// Issue 14 item 5: the figures the database sums equal, to the last minor unit, a sum over the stored declarations
/// computed in memory; and SQLite and PostgreSQL give the same reports.
/// </summary>
public static class TradeSample
{
    private static readonly string[] s_codes = ["847130", "090111", "870323", "610910", "300490", "080450", "400122"];
    private static readonly string[] s_partners = ["SG", "TH", "LA", "VN", "MY", "MM", "IN"];
    private static readonly string[] s_currencies = ["CNY", "USD", "THB", "SGD"];
    private static readonly string[] s_modes = ["1", "2", "3", "8"];

    /// <summary>Lodges <paramref name="count"/> declarations over 2021-2022 (seeded: the same on every database) and invalidates every seventh.</summary>
    public static async Task LodgeAsync(NodeDatabase db, int count)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var writer = new DeclarationWriter(db, time, Corridor.FindNode("CNCQI")!);
        var random = new Random(14);
        // Spread over two years, at any hour: some fall on the next local day in Chongqing (UTC+8). The clock only moves on.
        int[] minutes = [.. Enumerable.Range(0, count).Select(_ => random.Next(0, 2 * 365 * 24 * 60)).Order()];
        for (int i = 0; i < count; i++)
        {
            time.SetUtcNow(new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(minutes[i]));
            bool import = random.Next(3) == 0;
            int items = random.Next(1, 4);
            var goods = Enumerable.Range(0, items).Select(_ => (s_codes[random.Next(s_codes.Length)], s_partners[random.Next(s_partners.Length)],
                Math.Round((decimal)random.NextDouble() * 50000m, 2))).ToArray();
            string json = TradeLineStoreSuite.Json($"S-{i}", import ? "IMA" : "EXA", import ? "CN" : s_partners[random.Next(s_partners.Length)],
                s_modes[random.Next(s_modes.Length)], s_currencies[random.Next(s_currencies.Length)], goods);
            LodgeAnswer answer = await TradeLineStoreSuite.LodgeAsync(writer, json, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
            if (i % 7 == 3)
            {
                Assert.True((await writer.ChangeStatusAsync(TradeLineStoreSuite.Officer, answer.Mrn!, DeclarationEvent.Invalidated, "withdrawn")).IsValid);
            }
        }
    }

    /// <summary>The report computed in memory from every stored declaration's model (not from trade_lines).</summary>
    public static async Task<TradeReport> FromDeclarationsAsync(NodeDatabase db, int year, TradeBreakdown by)
    {
        await using DbConnection c = await db.OpenAsync();
        var rows = await c.QueryAsync<(string declarant_id, string office_code, string lodged_at, string status, string model_json)>(
            "SELECT declarant_id, office_code, lodged_at, status, model_json FROM declarations");
        var currency = TradeLines.CurrencyOf(Corridor.FindNode("CNCQI")!);
        var cells = new List<TradeCell>();
        foreach (var r in rows)
        {
            if (!TradeLines.Counts(Enum.Parse<DeclarationStatus>(r.status)))
            {
                continue;
            }

            Declaration d = JsonSerializer.Deserialize<Declaration>(r.model_json, StoreJson.Options)!;
            foreach (TradeLine l in TradeLines.Of(d, r.declarant_id, r.office_code, StoredTime.Parse(r.lodged_at), currency))
            {
                string key = by switch
                {
                    TradeBreakdown.Month or TradeBreakdown.Quarter => l.LocalMonthText,
                    TradeBreakdown.Partner => l.PartnerCountry ?? "",
                    TradeBreakdown.Chapter => l.HsChapter,
                    TradeBreakdown.Section => l.HsSection,
                    TradeBreakdown.Mode => l.Mode ?? "",
                    TradeBreakdown.Line => l.CorridorLine,
                    TradeBreakdown.Region => l.Region,
                    _ => "",
                };
                cells.Add(new TradeCell(l.LocalDay.Year, key, l.Flow, l.ValueMinor, l.ValueUsdMinor, 1, l.ValueStatus == TradeLines.Ok ? 0 : 1));
            }
        }

        return TradeReports.Build(year, by, currency, cells);
    }
}

public abstract class TradeQueriesSuite : MigratedStoreSuite
{
    [SkippableFact]
    public async Task Report_EveryBreakdown_EqualsTheSumOverStoredDeclarations_ToTheLastUnit()
    {
        Skip.If(Unavailable is not null, Unavailable);
        await TradeSample.LodgeAsync(Db, 120);
        var queries = new TradeQueries(Db, Corridor.FindNode("CNCQI")!);

        foreach (TradeBreakdown by in Enum.GetValues<TradeBreakdown>())
        {
            TradeReport expected = await TradeSample.FromDeclarationsAsync(Db, 2022, by);
            TradeReport actual = await queries.ReportAsync(2022, by);

            Assert.Equal(expected.Total, actual.Total);
            Assert.Equal(expected.Rows, actual.Rows);
            Assert.NotEmpty(actual.Rows);
        }

        TradeReport months = await queries.ReportAsync(2022, TradeBreakdown.Month);
        Assert.Equal(months.Total.Total, months.Rows.Sum(r => r.Total));
        Assert.True(months.Total.PreviousTotal > 0); // 2021 is there to compare with
        Assert.NotNull(months.Total.TotalYoyPct);
    }
}

public sealed class SqliteTradeQueriesTests : TradeQueriesSuite
{
    protected override Task<(NodeDatabase Db, Func<Task> Cleanup)> CreateDatabaseAsync() =>
        Task.FromResult((StoreTestDatabases.NewSqlite(nameof(SqliteTradeQueriesTests)), (Func<Task>)(() => Task.CompletedTask)));
}

public sealed class PostgresTradeQueriesTests : TradeQueriesSuite
{
    protected override string? Unavailable => StoreTestDatabases.PostgresUnavailable;

    protected override Task<(NodeDatabase Db, Func<Task> Cleanup)> CreateDatabaseAsync() => StoreTestDatabases.NewPostgresAsync("tquery");

    [SkippableFact]
    public async Task Report_SameDeclarations_SameFiguresAsSqlite()
    {
        Skip.If(Unavailable is not null, Unavailable);
        NodeDatabase sqlite = StoreTestDatabases.NewSqlite(nameof(Report_SameDeclarations_SameFiguresAsSqlite));
        await sqlite.MigrateAsync();
        await TradeSample.LodgeAsync(sqlite, 60);
        await TradeSample.LodgeAsync(Db, 60);
        CustomsNode node = Corridor.FindNode("CNCQI")!;

        foreach (TradeBreakdown by in Enum.GetValues<TradeBreakdown>())
        {
            TradeReport onSqlite = await new TradeQueries(sqlite, node).ReportAsync(2022, by);
            TradeReport onPostgres = await new TradeQueries(Db, node).ReportAsync(2022, by);
            Assert.Equal(onSqlite.Total, onPostgres.Total);
            Assert.Equal(onSqlite.Rows, onPostgres.Rows);
        }
    }
}
