using System.Data.Common;
using System.Text;
using Dapper;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Data.Statistics;
using Landsea.Declarations;
using Landsea.Offices;
using Microsoft.Extensions.Time.Testing;

namespace Landsea.Data.Tests.Statistics;

/// <summary>Issue 14 item 5: trade_lines follows the declarations it is written with, on SQLite and PostgreSQL.</summary>
public abstract class TradeLineStoreSuite : MigratedStoreSuite
{
    internal const string Office = "CN800001";
    internal const string TraderA = "91350100M000100Y43";

    // 2022-03-31 17:30 UTC is 2022-04-01 01:30 in Chongqing: the line belongs to April.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2022, 3, 31, 17, 30, 0, TimeSpan.Zero));

    internal static AccessScope Officer => new("officer.li", Role.Officer, Office);

    internal static AccessScope Trader => new("trader-9135", Role.Trader, TraderId: TraderA);

    /// <summary>A declaration in the API's JSON form with the given items (commodity, origin, amount).</summary>
    internal static string Json(string reference, string type, string destination, string mode, string currency, params (string Hs, string Origin, decimal Amount)[] items)
    {
        string goods = string.Join(", ", items.Select((it, i) => $$"""
            {"sequence": {{i + 1}}, "commodityCode": "{{it.Hs}}", "description": "Goods", "originCountry": "{{it.Origin}}",
             "amount": {"amount": {{it.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "currency": "{{currency}}"}, "grossMassKg": 10, "netMassKg": 9}
            """));
        decimal total = items.Sum(i => i.Amount);
        return $$"""
            {"functionalReference": "{{reference}}", "typeCode": "{{type}}", "functionCode": "9",
             "declarant": {"id": "{{TraderA}}", "name": "Chongqing Trading Co."},
             "exporter": {"id": "{{TraderA}}", "country": "CN"},
             "officeCode": "{{Office}}", "exportCountry": "{{(type.StartsWith("IM", StringComparison.Ordinal) ? items[0].Origin : "CN")}}", "destinationCountry": "{{destination}}", "transportMode": "{{mode}}",
             "invoice": {"amount": {{total.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "currency": "{{currency}}"},
             "items": [{{goods}}]}
            """;
    }

    internal static async Task<LodgeAnswer> LodgeAsync(DeclarationWriter writer, string json, DateOnly on)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        (SubmissionFormat format, DeclarationCheck check) = SubmissionReader.Read(bytes, on);
        LodgeAnswer answer = await writer.LodgeAsync(new Submission(bytes, format, check, Trader, Office));
        Assert.True(answer.Outcome == LodgeAnswer.Accepted, string.Join("; ", answer.Errors.Select(e => $"{e.Code} {e.Pointer} {e.Reason}")));
        return answer;
    }

    private async Task<List<LineRow>> LinesAsync()
    {
        await using DbConnection c = await Db.OpenAsync();
        return [.. await c.QueryAsync<LineRow>("SELECT mrn, item_sequence, flow, hs_code, hs_chapter, hs_section, partner_country, trader_id, office_code, region, local_day, local_month, mode, corridor_line, value_minor, value_usd_minor, currency, value_status, counted FROM trade_lines ORDER BY mrn, item_sequence")];
    }

    [SkippableFact]
    public async Task Accepted_WritesOneLinePerItem_WithFlowPartnerLocalDayAndExactValue()
    {
        Skip.If(Unavailable is not null, Unavailable);
        await using var writer = new DeclarationWriter(Db, _time, Corridor.FindNode("CNCQI")!);
        LodgeAnswer export = await LodgeAsync(writer, Json("EX-1", "EXA", "SG", "2", "CNY", ("847130", "CN", 1200.50m), ("8517130000", "CN", 99.99m)), new DateOnly(2022, 4, 1));
        LodgeAnswer import = await LodgeAsync(writer, Json("IM-1", "IMA", "CN", "1", "USD", ("090111", "VN", 1000m)), new DateOnly(2022, 4, 1));

        List<LineRow> lines = await LinesAsync();

        Assert.Equal(3, lines.Count);
        LineRow first = lines.Single(l => l.mrn == export.Mrn && l.item_sequence == 1);
        Assert.Equal(("export", "847130", "84", "XVI", "SG", TraderA, "Chongqing", "2022-04-01", "2022-04", "2", 120050L, "CNY", 1L),
            (first.flow, first.hs_code, first.hs_chapter, first.hs_section, first.partner_country, first.trader_id, first.region, first.local_day, first.local_month, first.mode, first.value_minor, first.currency, first.counted));
        Assert.Equal("8517130000", lines.Single(l => l.mrn == export.Mrn && l.item_sequence == 2).hs_code);
        LineRow coffee = lines.Single(l => l.mrn == import.Mrn);
        Assert.Equal(("import", "VN", "II", 100000L), (coffee.flow, coffee.partner_country, coffee.hs_section, coffee.value_usd_minor));
        // USD 1000 at FRED's April 2022 average, 6.4310 CNY per USD (data/fx/fred-monthly.csv).
        Assert.Equal(643100L, coffee.value_minor);
        Assert.Equal("rail-sea via Beibu Gulf", coffee.corridor_line);
    }

    [SkippableFact]
    public async Task Amended_RewritesTheLinesFromTheDeclarationAsAmended()
    {
        Skip.If(Unavailable is not null, Unavailable);
        await using var writer = new DeclarationWriter(Db, _time, Corridor.FindNode("CNCQI")!);
        LodgeAnswer lodged = await LodgeAsync(writer, Json("EX-AM", "EXA", "SG", "2", "CNY", ("847130", "CN", 100m)), new DateOnly(2022, 4, 1));
        // The correction gives item 1 another value and adds item 2.
        string correction = Json("EX-AM-COR", "COR", "SG", "2", "CNY", ("847130", "CN", 250m), ("851713", "CN", 40m))
            .Replace("\"functionCode\": \"9\",", $"\"functionCode\": \"13\", \"referencedMrn\": \"{lodged.Mrn}\",", StringComparison.Ordinal);

        await LodgeAsync(writer, correction, new DateOnly(2022, 4, 1));

        List<LineRow> lines = await LinesAsync();
        Assert.Equal([(lodged.Mrn!, 1L, "847130", 25000L), (lodged.Mrn!, 2L, "851713", 4000L)],
            lines.Select(l => (l.mrn, l.item_sequence, l.hs_code, l.value_minor)));
    }

    [SkippableFact]
    public async Task Invalidated_StopsCounting_AndRebuildWritesTheSameLines()
    {
        Skip.If(Unavailable is not null, Unavailable);
        await using var writer = new DeclarationWriter(Db, _time, Corridor.FindNode("CNCQI")!);
        LodgeAnswer kept = await LodgeAsync(writer, Json("EX-2", "EXA", "LA", "2", "CNY", ("847130", "CN", 10m)), new DateOnly(2022, 4, 1));
        LodgeAnswer cancelled = await LodgeAsync(writer, Json("EX-3", "EXA", "TH", "3", "CNY", ("847130", "CN", 20m)), new DateOnly(2022, 4, 1));
        Assert.True((await writer.ChangeStatusAsync(Officer, kept.Mrn!, DeclarationEvent.Released, "ok")).IsValid);
        Assert.True((await writer.ChangeStatusAsync(Officer, cancelled.Mrn!, DeclarationEvent.Invalidated, "withdrawn")).IsValid);

        List<LineRow> before = await LinesAsync();
        Assert.Equal([(kept.Mrn!, 1L), (cancelled.Mrn!, 0L)], before.Select(l => (l.mrn, l.counted)));
        Assert.Equal(["China–Laos–Thailand rail", "cross-border road (Laos, Thailand)"], before.Select(l => l.corridor_line));

        await using (DbConnection c = await Db.OpenAsync())
        {
            await c.ExecuteAsync("DELETE FROM trade_lines");
        }

        (long declarations, long lines) = await TradeLineStore.RebuildAsync(Db, Corridor.FindNode("CNCQI")!, _time);

        Assert.Equal((2L, 2L), (declarations, lines));
        Assert.Equal(before, await LinesAsync());
    }

#pragma warning disable IDE1006, CA1812 // Row type mirrors column names; Dapper instantiates it.
    private sealed record LineRow
    {
        public string mrn { get; init; } = "";
        public long item_sequence { get; init; }
        public string flow { get; init; } = "";
        public string hs_code { get; init; } = "";
        public string hs_chapter { get; init; } = "";
        public string hs_section { get; init; } = "";
        public string? partner_country { get; init; }
        public string trader_id { get; init; } = "";
        public string office_code { get; init; } = "";
        public string region { get; init; } = "";
        public string local_day { get; init; } = "";
        public string local_month { get; init; } = "";
        public string? mode { get; init; }
        public string corridor_line { get; init; } = "";
        public long value_minor { get; init; }
        public long value_usd_minor { get; init; }
        public string currency { get; init; } = "";
        public string value_status { get; init; } = "";
        public long counted { get; init; }
    }
#pragma warning restore IDE1006, CA1812
}

public sealed class SqliteTradeLineStoreTests : TradeLineStoreSuite
{
    protected override Task<(NodeDatabase Db, Func<Task> Cleanup)> CreateDatabaseAsync() =>
        Task.FromResult((StoreTestDatabases.NewSqlite(nameof(SqliteTradeLineStoreTests)), (Func<Task>)(() => Task.CompletedTask)));
}

public sealed class PostgresTradeLineStoreTests : TradeLineStoreSuite
{
    protected override string? Unavailable => StoreTestDatabases.PostgresUnavailable;

    protected override Task<(NodeDatabase Db, Func<Task> Cleanup)> CreateDatabaseAsync() => StoreTestDatabases.NewPostgresAsync("tlines");
}
