using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Landsea.Data;
using Landsea.Data.Statistics;
using Landsea.Offices;
using Landsea.Statistics;

namespace Landsea.Cli.Commands.Bench;

/// <summary>
/// <c>landsea bench stats</c> (issue 14 item 8): a year's figures (by month, partner and chapter) over N generated
/// declarations in trade_lines, against one <c>count(*)</c> over the same table in the same run. Not a timed test.
/// </summary>
public static class StatsBench
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var count = new Option<long>("--declarations") { Description = "How many declarations (one goods item each) to generate over the year and the year before.", DefaultValueFactory = _ => 1_000_000 };
        var db = new Option<string?>("--db") { Description = "A dedicated database (SQLite path or PostgreSQL connection string); default a fresh SQLite file in a temp folder. Refused if trade_lines holds rows the bench did not generate." };
        var rounds = new Option<int>("--rounds") { Description = "Timed runs of each query after one warm-up; the median is reported.", DefaultValueFactory = _ => 3 };
        var reuse = new Option<bool>("--reuse") { Description = "Keep the bench rows already there when their count is --declarations (skip generating)." };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        var command = new Command("stats", """
            A year's trade report over N stored declarations (rows written straight into trade_lines by COPY or a prepared
            INSERT), against one count(*) over the same table in the same run.

            Examples:
              landsea bench stats --declarations 100000 --json
              landsea bench stats --declarations 10000000 --db "Host=127.0.0.1;Username=landsea;Password=landsea;Database=bench" --json
            """) { count, db, rounds, reuse, json };
        command.SetAction(async (r, ct) =>
        {
            TextWriter err = r.InvocationConfiguration.Error;
            long n = Math.Max(1, r.GetValue(count));
            const int year = 2022;
            string database = r.GetValue(db) ?? Path.Combine(Path.GetTempPath(), $"landsea-bench-stats-{Guid.NewGuid():N}.db");
            NodeDatabase node = NodeDatabase.FromArgument(database);
            await node.MigrateAsync(ct);
            (long all, long foreign) = await TradeLineBench.CountRowsAsync(node, ct);
            if (foreign > 0)
            {
                await err.WriteLineAsync($"error: trade_lines in {node.Display} holds {foreign} rows that are not the bench's: give a dedicated database.");
                return ExitCodes.Usage;
            }

            var generate = Stopwatch.StartNew();
            bool generated = !(r.GetValue(reuse) && all == n);
            if (generated)
            {
                await err.WriteLineAsync($"generating {n} declarations in {node.Display}...");
                await TradeLineBench.GenerateAsync(node, n, year, TimeProvider.System, m => err.WriteLine(m), ct);
            }

            generate.Stop();
            var queries = new TradeQueries(node, Corridor.FindNode("CNCQI")!);
            var figures = new Dictionary<string, object>
            {
                ["machine"] = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}",
                ["database"] = node.Provider.ToString(),
                ["declarations"] = n,
                ["generated"] = "one goods item per declaration, half in 2021 and half in 2022, written straight into trade_lines (1 in 19 not counted: invalidated), then the roll-up trade_months from them",
                ["generateSeconds"] = generated ? Math.Round(generate.Elapsed.TotalSeconds, 1) : 0,
            };

            long rows = 0;
            figures["countStarMedianSeconds"] = await MedianAsync(r.GetValue(rounds), async () => rows = (await TradeLineBench.TimedCountAsync(node, ct)).Rows);
            figures["rows"] = rows;
            foreach (TradeBreakdown by in new[] { TradeBreakdown.Month, TradeBreakdown.Partner, TradeBreakdown.Chapter })
            {
                TradeReport report = null!;
                double seconds = await MedianAsync(r.GetValue(rounds), async () => report = await queries.ReportAsync(year, by, ct));
                figures[$"report{by}MedianSeconds"] = seconds;
                figures[$"report{by}Lines"] = report.Total.Lines;
                figures[$"report{by}Rows"] = report.Rows.Count;
            }

            figures["reportMonthVersusCountStar"] = Math.Round((double)figures["reportMonthMedianSeconds"] / Math.Max(1e-6, (double)figures["countStarMedianSeconds"]), 2);
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

    private static async Task<double> MedianAsync(int rounds, Func<Task> run)
    {
        await run(); // warm-up: caches and plans
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
