using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Landsea.Data;
using Landsea.Data.Statistics;
using Landsea.Shared;
using Landsea.Statistics;

namespace Landsea.Cli.Commands.Statistics;

/// <summary>"landsea stats": published foreign-trade aggregates beside the node's own figures (docs/statistics.md).</summary>
public static class StatsCommand
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var command = new Command("stats", "Foreign-trade statistics: load published aggregates, report a region's year.");
        command.Subcommands.Add(CreateLoad());
        command.Subcommands.Add(CreateReport());
        command.Subcommands.Add(StatsRebuild.Create());
        command.Subcommands.Add(StatsTrade.Create());
        return command;
    }

    /// <summary>"landsea stats load FILE --db DB [--region R] [--json]": all rows or none; exit 1 naming the line and field of the first bad value.</summary>
    private static Command CreateLoad()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A published-aggregates CSV: the regions shape (province_en,year,period,...) or a region's cumulative shape (period_end,months,...)." };
        var db = DatabaseOption.Create();
        var region = new Option<string>("--region") { Description = "The region of a cumulative file (it does not name it); default: the file name's first word (chongqing-... => Chongqing)." };
        var json = new Option<bool>("--json") { Description = "Write the result as JSON on stdout." };
        var command = new Command("load", """
            Load published trade aggregates into the node's database (table official_trade), replacing rows with the same
            region, year and period. A file with a missing column or a non-numeric value is refused as a whole (exit 1).

            Examples:
              landsea stats load data/provincial-trade/western-regions-foreign-trade-2021-2022.csv --db landsea.db
              landsea stats load data/provincial-trade/chongqing-2022-cumulative.csv --db landsea.db --json
            """);
        command.Arguments.Add(file);
        command.Options.Add(db);
        command.Options.Add(region);
        command.Options.Add(json);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter output = r.InvocationConfiguration.Output;
            TextWriter error = r.InvocationConfiguration.Error;
            FileInfo input = r.GetValue(file)!;
            string target = r.GetValue(db)!;
            if (!input.Exists)
            {
                await error.WriteLineAsync($"error: no file at {input.FullName}.");
                return ExitCodes.Usage;
            }

            if (DatabaseOption.Folder(target) is { } folder)
            {
                await error.WriteLineAsync(folder);
                return ExitCodes.Usage;
            }

            string regionName = r.GetValue(region) ?? RegionFromFileName(input.Name);
            Result<IReadOnlyList<OfficialTradeRow>> parsed = OfficialTradeFile.Parse(await File.ReadAllTextAsync(input.FullName, ct), regionName);
            if (!parsed.IsValid)
            {
                await error.WriteLineAsync($"error: {input.Name}: {parsed.Failure!.Reason} [{parsed.Failure.Code}] (nothing loaded)");
                if (r.GetValue(json))
                {
                    await output.WriteLineAsync(JsonSerializer.Serialize(new { loaded = 0, file = input.Name, code = parsed.Failure.Code, error = parsed.Failure.Reason }, s_json));
                }

                return ExitCodes.Invalid;
            }

            NodeDatabase node = NodeDatabase.FromArgument(target);
            try
            {
                await node.MigrateAsync(ct);
                int loaded = await new OfficialTradeStore(node, TimeProvider.System).LoadAsync(parsed.Value, input.Name, ct);
                if (r.GetValue(json))
                {
                    await output.WriteLineAsync(JsonSerializer.Serialize(new { loaded, file = input.Name, database = node.Display }, s_json));
                }
                else
                {
                    await output.WriteLineAsync($"loaded {loaded} rows from {input.Name} into {node.Display}");
                }

                return ExitCodes.Ok;
            }
            catch (DbException ex)
            {
                await error.WriteLineAsync($"error: cannot write to {node.Display}: {ex.Message} (nothing loaded)");
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    /// <summary>"landsea stats report --region R --year Y [--db DB] [--json]": from the database's aggregates, or the shipped files without --db.</summary>
    private static Command CreateReport()
    {
        var region = new Option<string>("--region") { Description = "The region, as the aggregates name it (e.g. Chongqing, Sichuan).", Required = true };
        var year = new Option<int>("--year") { Description = "The calendar year.", Required = true };
        var db = new Option<string>("--db") { Description = "Read the aggregates loaded into this node database (SQLite file or PostgreSQL connection string); without it, the files shipped in data/provincial-trade." };
        var json = new Option<bool>("--json") { Description = "Write the report as JSON on stdout." };
        var command = new Command("report", """
            A region's foreign trade for a year from the published aggregates: total, exports and imports in billions of yuan
            with growth on the year before, rank among the 12 western provincial regions, share of their total, and USD at the
            year's rate (FRED annual average, data/fx). Figures the source marks derived or partial are listed under "derived"
            and explained in "notes".

            Examples:
              landsea stats report --region Chongqing --year 2022
              landsea stats report --region Chongqing --year 2022 --json
              landsea stats report --region Sichuan --year 2022 --db landsea.db --json
            """);
        command.Options.Add(region);
        command.Options.Add(year);
        command.Options.Add(db);
        command.Options.Add(json);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter output = r.InvocationConfiguration.Output;
            TextWriter error = r.InvocationConfiguration.Error;
            (IReadOnlyList<OfficialTradeRow>? read, string origin, int? exit) = await DatabaseOption.ReadNodeOrShippedAsync(r.GetValue(db),
                node => new OfficialTradeStore(node, TimeProvider.System).AllAsync(ct), ShippedStatistics.Rows, "shipped data/provincial-trade", error, ct);
            if (exit is { } failed)
            {
                return failed;
            }

            IReadOnlyList<OfficialTradeRow> rows = read!;

            int y = r.GetValue(year);
            Result<decimal> rate = ShippedStatistics.CnyPerUsd(y);
            if (!rate.IsValid)
            {
                await error.WriteLineAsync($"error: {rate.Failure!.Reason} [{rate.Failure.Code}]");
                return ExitCodes.Invalid;
            }

            Result<RegionReport> built = RegionReports.Build(rows, r.GetValue(region)!, y, rate.Value, ShippedStatistics.RateSource);
            if (!built.IsValid)
            {
                await error.WriteLineAsync($"error: {built.Failure!.Reason} [{built.Failure.Code}]");
                return ExitCodes.Invalid;
            }

            RegionReport p = built.Value;
            if (r.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    region = p.Region,
                    year = p.Year,
                    currency = p.Currency,
                    totalBn = p.TotalBn,
                    totalYoyPct = p.TotalYoyPct,
                    exportsBn = p.ExportsBn,
                    exportsYoyPct = p.ExportsYoyPct,
                    importsBn = p.ImportsBn,
                    importsYoyPct = p.ImportsYoyPct,
                    rank = p.Rank,
                    of = p.Of,
                    sharePct = p.SharePct,
                    usd = new { totalBn = p.Usd.TotalBn, exportsBn = p.Usd.ExportsBn, importsBn = p.Usd.ImportsBn, cnyPerUsd = p.Usd.CnyPerUsd, rateSource = p.Usd.RateSource },
                    derived = p.Derived,
                    notes = p.Notes,
                    from = origin,
                }, s_json));
                return ExitCodes.Ok;
            }

            string Mark(string figure) => p.Derived.Contains(figure) ? " (derived)" : "";
            await output.WriteLineAsync($"{p.Region} {p.Year} foreign trade (billion {p.Currency}, from {origin})");
            await output.WriteLineAsync($"  total    {F(p.TotalBn)} ({Pct(p.TotalYoyPct)}{Mark("totalYoyPct")})  USD {F(p.Usd.TotalBn)} bn");
            await output.WriteLineAsync($"  exports  {F(p.ExportsBn)} ({Pct(p.ExportsYoyPct)}{Mark("exportsYoyPct")})  USD {F(p.Usd.ExportsBn)} bn");
            await output.WriteLineAsync($"  imports  {F(p.ImportsBn)} ({Pct(p.ImportsYoyPct)}{Mark("importsYoyPct")})  USD {F(p.Usd.ImportsBn)} bn");
            await output.WriteLineAsync($"  rank     {p.Rank} of {p.Of} western provincial regions{Mark("rank")}");
            await output.WriteLineAsync($"  share    {(p.SharePct is { } s ? F(s) + " %" : "n/a")} of the western regions' total{Mark("sharePct")}");
            foreach (string note in p.Notes)
            {
                await output.WriteLineAsync($"  note: {note}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static string F(decimal? d) => d?.ToString(CultureInfo.InvariantCulture) ?? "n/a";

    private static string Pct(decimal? d) => d is { } v ? (v >= 0 ? "+" : "") + v.ToString(CultureInfo.InvariantCulture) + " %" : "growth n/a";

    /// <summary>"chongqing-2022-cumulative.csv" => "Chongqing".</summary>
    internal static string RegionFromFileName(string name)
    {
        string word = name.Split('-', '_', '.')[0];
        return word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..].ToLowerInvariant();
    }
}
