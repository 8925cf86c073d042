using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Landsea.Data;
using Landsea.Data.Statistics;
using Landsea.Offices;
using Landsea.Shared;
using Landsea.Statistics;

namespace Landsea.Cli.Commands.Statistics;

/// <summary>"landsea stats trade --db DB --year Y [--by ...] [--node CODE] [--json]": the node's own figures (issue 14 item 5).</summary>
public static class StatsTrade
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static Command Create()
    {
        var db = DatabaseOption.Create();
        var year = new Option<int>("--year") { Description = "The calendar year (office local days); the year before is read for growth.", Required = true };
        var by = new Option<string>("--by") { Description = "Break down by month, quarter, year, partner, chapter, section, mode, line or region.", DefaultValueFactory = _ => "month" };
        var node = StatsRebuild.NodeOption();
        var json = new Option<bool>("--json") { Description = "Write the report as JSON on stdout." };
        var command = new Command("trade", """
            Imports and exports from the node's own accepted declarations (table trade_lines): by period, partner country,
            HS chapter or section, mode of transport, corridor line or region, in the node's currency and USD (FRED monthly
            averages, data/fx), with growth on the year before, share of the year's total and rank. Summed by the database.

            Examples:
              landsea stats trade --db landsea.db --year 2022
              landsea stats trade --db landsea.db --year 2022 --by partner --json
            """);
        command.Options.Add(db);
        command.Options.Add(year);
        command.Options.Add(by);
        command.Options.Add(node);
        command.Options.Add(json);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter output = r.InvocationConfiguration.Output;
            TextWriter error = r.InvocationConfiguration.Error;
            string target = r.GetValue(db)!;
            if (DatabaseOption.Missing(target) is { } missing)
            {
                await error.WriteLineAsync(missing);
                return ExitCodes.Usage;
            }

            Result<TradeBreakdown> breakdown = TradeReports.ParseBreakdown(r.GetValue(by));
            Result<int> y = TradeReports.CheckYear(r.GetValue(year));
            foreach (Failure f in new[] { breakdown.Failure, y.Failure }.OfType<Failure>())
            {
                await error.WriteLineAsync($"error: {f.Reason} [{f.Code}]");
            }

            if (!breakdown.IsValid || !y.IsValid)
            {
                return ExitCodes.Invalid;
            }

            if (Corridor.FindNode(r.GetValue(node)!) is not { } customsNode)
            {
                await error.WriteLineAsync($"error: --node '{r.GetValue(node)}' is not one of {string.Join(", ", Corridor.Nodes.Select(n => n.Code))}. [{StatisticsErrorCodes.NodeUnknown}]");
                return ExitCodes.Usage;
            }

            NodeDatabase database = NodeDatabase.FromArgument(target);
            TradeReport report;
            try
            {
                await database.MigrateAsync(ct);
                report = await new TradeQueries(database, customsNode).ReportAsync(y.Value, breakdown.Value, ct);
            }
            catch (DbException ex)
            {
                await error.WriteLineAsync($"error: cannot read {database.Display}: {ex.Message}");
                return ExitCodes.Usage;
            }

            if (r.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(report, Json));
                return ExitCodes.Ok;
            }

            await output.WriteLineAsync($"{customsNode.Name} {report.Year} foreign trade by {report.By.ToString().ToLowerInvariant()} ({report.Currency}, from {database.Display})");
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{"",-4} {"key",-44} {"exports",18} {"imports",18} {"total",18} {"yoy %",7} {"share %",7} {"USD total",16}"));
            foreach (TradeRow row in report.Rows.Append(report.Total))
            {
                string label = row.Label.Length > 44 ? row.Label[..43] + "…" : row.Label;
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{(row.Key == "total" ? "" : row.Rank.ToString(CultureInfo.InvariantCulture)),-4} {label,-44} {row.Exports,18:N2} {row.Imports,18:N2} {row.Total,18:N2} {Pct(row.TotalYoyPct),7} {Pct(row.SharePct),7} {row.TotalUsd,16:N2}"));
            }

            foreach (string note in report.Notes)
            {
                await output.WriteLineAsync($"note: {note}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Pct(decimal? d) => d?.ToString("0.0", CultureInfo.InvariantCulture) ?? "n/a";
}
