using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Landsea.Data;
using Landsea.Data.Measures;
using Landsea.Data.Statistics;
using Landsea.Measures;
using Landsea.Offices;
using Landsea.Shared;

namespace Landsea.Cli.Commands.Measures;

/// <summary>
/// <c>landsea bench measures</c> (issue 14 A item 2): the matched traffic of a register of generated notifications over N
/// generated trade lines (the statistics bench's generator), against one <c>count(*)</c> over the same table in the same run.
/// Not a timed test.
/// </summary>
public static class MeasuresBench
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    // The generator's partners and HS codes (TradeLineBench), so that notifications meet traffic.
    private static readonly string[] s_members = ["SG", "TH", "LA", "VN", "MY", "MM", "IN", "ID", "KH", "PH", "DE", "US"];
    private static readonly string[] s_codes = ["847130", "851713", "870323", "090111", "080450", "400122", "610910", "300490", "940360", "854231", "271019", "100630"];

    public static Command Create()
    {
        var count = new Option<long>("--declarations") { Description = "How many declarations (one goods item each) to generate.", DefaultValueFactory = _ => 1_000_000 };
        var notifications = new Option<int>("--notifications") { Description = "How many notifications to generate (chapters, headings and subheadings of the generated codes, per member).", DefaultValueFactory = _ => 500 };
        var db = new Option<string?>("--db") { Description = "A dedicated database (SQLite path or PostgreSQL connection string); default a fresh SQLite file in a temp folder." };
        var rounds = new Option<int>("--rounds") { Description = "Timed runs after one warm-up; the median is reported.", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        var command = new Command("measures", """
            The traffic of every notification of a generated register (items, declarations, value, top traders over a year)
            over N generated trade lines, one SQL range join on the lines' index, against one count(*) over the same table.

            Examples:
              landsea bench measures --declarations 100000 --json
            """) { count, notifications, db, rounds, json };
        command.SetAction(async (r, ct) =>
        {
            TextWriter err = r.InvocationConfiguration.Error;
            long n = Math.Max(1, r.GetValue(count));
            const int year = 2022;
            NodeDatabase node = NodeDatabase.FromArgument(r.GetValue(db) ?? Path.Combine(Path.GetTempPath(), $"landsea-bench-measures-{Guid.NewGuid():N}.db"));
            await node.MigrateAsync(ct);
            (_, long foreign) = await TradeLineBench.CountRowsAsync(node, ct);
            if (foreign > 0)
            {
                await err.WriteLineAsync($"error: trade_lines in {node.Display} holds {foreign} rows that are not the bench's: give a dedicated database.");
                return ExitCodes.Usage;
            }

            await err.WriteLineAsync($"generating {n} declarations in {node.Display}...");
            await TradeLineBench.GenerateAsync(node, n, year, TimeProvider.System, m => err.WriteLine(m), ct);
            List<(string, Notification)> register = Generate(Math.Max(1, r.GetValue(notifications)));
            await new MeasureStore(node, TimeProvider.System).StoreAsync(register, "bench", ct);

            var traffic = new MeasureTraffic(node, Corridor.FindNode("CNCQI")!);
            var figures = new Dictionary<string, object>
            {
                ["machine"] = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}",
                ["database"] = node.Provider.ToString(),
                ["declarations"] = n,
                ["notifications"] = register.Count,
            };
            figures["countStarMedianSeconds"] = await MedianAsync(r.GetValue(rounds), () => TradeLineBench.TimedCountAsync(node, ct));
            IReadOnlyDictionary<string, MeasureTrafficRow> rows = null!;
            figures["trafficMedianSeconds"] = await MedianAsync(r.GetValue(rounds), async () => rows = await traffic.ForPeriodAsync(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), null, ct));
            figures["notificationsWithTraffic"] = rows.Count;
            figures["matchedLines"] = rows.Values.Sum(x => x.Lines);
            figures["trafficVersusCountStar"] = Math.Round((double)figures["trafficMedianSeconds"] / Math.Max(1e-6, (double)figures["countStarMedianSeconds"]), 2);
            if (r.GetValue(json))
            {
                await r.InvocationConfiguration.Output.WriteLineAsync(JsonSerializer.Serialize(figures, s_indented));
            }
            else
            {
                foreach ((string k, object v) in figures)
                {
                    await r.InvocationConfiguration.Output.WriteLineAsync($"{k}: {v}");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Notifications on the generated codes' chapters, headings and subheadings, member by member, until <paramref name="count"/>.</summary>
    private static List<(string, Notification)> Generate(int count)
    {
        var list = new List<(string, Notification)>(count);
        for (int i = 0; list.Count < count; i++)
        {
            string member = s_members[i % s_members.Length];
            string code = s_codes[(i / s_members.Length) % s_codes.Length];
            string prefix = code[..((i / (s_members.Length * s_codes.Length) % 3 + 1) * 2)];
            string alpha3 = CountryCode.Parse(member).Value.Country!.Alpha3;
            var fields = new NotificationFile.Fields($"G/TBT/N/{alpha3}/{90000 + i}", "TBT", "regular", member, "2022-01-10", null, null, null,
                string.Create(CultureInfo.InvariantCulture, $"Generated measure {i}"), "", [prefix], [], [], [], null, null, true);
            (Notification? notification, _) = NotificationFile.Check(fields, "bench");
            list.Add(($"bench {i}", notification!));
        }

        return list;
    }

    private static async Task<double> MedianAsync<T>(int rounds, Func<Task<T>> run)
    {
        await run();
        var times = new List<double>();
        for (int i = 0; i < Math.Max(1, rounds); i++)
        {
            var watch = Stopwatch.StartNew();
            await run();
            times.Add(watch.Elapsed.TotalSeconds);
        }

        times.Sort();
        return Math.Round(times[times.Count / 2], 4);
    }
}
