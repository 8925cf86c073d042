using System.Data.Common;
using System.Text;
using System.Text.Json;
using Dapper;
using Landsea.Data;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Declarations;
using Landsea.Offices;

namespace Landsea.Cli.Tests.Statistics;

/// <summary>Issue 14 item 5: landsea stats trade and stats rebuild over a node database.</summary>
public class StatsTradeTests
{
    private const string Trader = "91350100M000100Y43";

    private static string Declaration(string reference, string type, string destination, string currency, decimal amount) => $$"""
        {"functionalReference": "{{reference}}", "typeCode": "{{type}}", "functionCode": "9",
         "declarant": {"id": "{{Trader}}", "name": "Chongqing Trading Co."}, "exporter": {"id": "{{Trader}}", "country": "CN"},
         "officeCode": "CN800001", "exportCountry": "{{(type == "IMA" ? "TH" : "CN")}}", "destinationCountry": "{{destination}}", "transportMode": "2",
         "invoice": {"amount": {{amount}}, "currency": "{{currency}}"},
         "items": [{"sequence": 1, "commodityCode": "847130", "description": "Laptops", "originCountry": "{{(type == "IMA" ? "TH" : "CN")}}",
                    "amount": {"amount": {{amount}}, "currency": "{{currency}}"}, "grossMassKg": 10, "netMassKg": 9}]}
        """;

    /// <summary>A node database with 2 exports to SG (CNY 1000.00, 2021 and 2022), 1 export to LA (CNY 500.25, 2022) and 1 import from TH (USD 100, 2022).</summary>
    private static async Task<string> NodeWithDeclarationsAsync()
    {
        string file = Path.Combine(Path.GetTempPath(), $"landsea-trade-{Guid.NewGuid():N}.db");
        NodeDatabase db = NodeDatabase.FromArgument(file);
        await db.MigrateAsync();
        var time = new SetClock(new DateTimeOffset(2021, 6, 10, 2, 0, 0, TimeSpan.Zero));
        await using var writer = new DeclarationWriter(db, time, Corridor.FindNode("CNCQI")!);
        async Task Lodge(string json)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(json);
            (SubmissionFormat format, DeclarationCheck check) = SubmissionReader.Read(bytes, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
            LodgeAnswer a = await writer.LodgeAsync(new Submission(bytes, format, check, new AccessScope("t", Role.Trader, TraderId: Trader), "CN800001"));
            Assert.Equal(LodgeAnswer.Accepted, a.Outcome);
        }

        await Lodge(Declaration("A", "EXA", "SG", "CNY", 1000m));
        time.SetUtcNow(new DateTimeOffset(2022, 6, 10, 2, 0, 0, TimeSpan.Zero));
        await Lodge(Declaration("B", "EXA", "SG", "CNY", 1000m));
        await Lodge(Declaration("C", "EXA", "LA", "CNY", 500.25m));
        await Lodge(Declaration("D", "IMA", "CN", "USD", 100m));
        return file;
    }

    [Fact]
    public async Task Trade_ByPartner_Json_RanksSharesAndGrowth()
    {
        string db = await NodeWithDeclarationsAsync();

        (int exit, string output, string err) = await CliHarness.Run("stats", "trade", "--db", db, "--year", "2022", "--by", "partner", "--json");

        Assert.True(exit == 0, err);
        JsonElement r = JsonDocument.Parse(output).RootElement;
        Assert.Equal(("CNY", "partner"), (r.GetProperty("currency").GetString(), r.GetProperty("by").GetString()));
        JsonElement[] rows = [.. r.GetProperty("rows").EnumerateArray()];
        Assert.Equal(["SG", "TH", "LA"], rows.Select(x => x.GetProperty("key").GetString()));
        Assert.Equal(1000.00m, rows[0].GetProperty("exports").GetDecimal());
        Assert.Equal(0.0m, rows[0].GetProperty("totalYoyPct").GetDecimal()); // 1000.00 in 2021 too
        Assert.Equal(1, rows[0].GetProperty("rank").GetInt32());
        // USD 100 at June 2022's FRED average, 6.6952 CNY per USD (data/fx/fred-monthly.csv).
        Assert.Equal(669.52m, rows[1].GetProperty("imports").GetDecimal());
        Assert.Equal(2169.77m, r.GetProperty("total").GetProperty("total").GetDecimal());
        Assert.Equal(46.1m, rows[0].GetProperty("sharePct").GetDecimal());
    }

    [Fact]
    public async Task Trade_UnknownBreakdown_Exit1WithCode()
    {
        string db = await NodeWithDeclarationsAsync();

        (int exit, _, string err) = await CliHarness.Run("stats", "trade", "--db", db, "--year", "2022", "--by", "colour");

        Assert.Equal(1, exit);
        Assert.Contains("LS780", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rebuild_AfterLinesAreLost_SameFigures()
    {
        string db = await NodeWithDeclarationsAsync();
        (_, string before, _) = await CliHarness.Run("stats", "trade", "--db", db, "--year", "2022", "--by", "month", "--json");
        await using (DbConnection c = await NodeDatabase.FromArgument(db).OpenAsync())
        {
            await c.ExecuteAsync("DELETE FROM trade_lines");
        }

        (int exit, string rebuilt, _) = await CliHarness.Run("stats", "rebuild", "--db", db, "--json");
        (_, string after, _) = await CliHarness.Run("stats", "trade", "--db", db, "--year", "2022", "--by", "month", "--json");

        Assert.Equal(0, exit);
        Assert.Equal(4, JsonDocument.Parse(rebuilt).RootElement.GetProperty("lines").GetInt32());
        Assert.Equal(before, after);
    }
}

/// <summary>A clock the test sets (the CLI tests do not reference the testing package).</summary>
internal sealed class SetClock(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    public void SetUtcNow(DateTimeOffset value) => _now = value;

    public override DateTimeOffset GetUtcNow() => _now;
}
