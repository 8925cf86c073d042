using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Landsea.Risk;
using Landsea.Risk.Declarations;
using Landsea.Risk.Simulation;
using Landsea.Shared;

namespace Landsea.Cli.Commands.Risk;

/// <summary>
/// <c>landsea risk simulate --data F [--data F ...] [--inspect 10] [--random-share 5] [--json]</c>: replays the
/// declarations week by week twice, with and without the random share, and prints precision and recall per week.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var data = new Option<FileInfo[]>("--data") { Description = "Labelled declarations to replay (repeat for several files; replayed in date order).", Required = true, AllowMultipleArgumentsPerToken = true };
        var inspect = new Option<double>("--inspect") { Description = "Inspection budget, percent of each week's declarations.", DefaultValueFactory = _ => 10 };
        var randomShare = new Option<double>("--random-share") { Description = "Percent of the inspections drawn at random.", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Write one JSON object to stdout." };

        var command = new Command("simulate", "Replay online selection week by week, learning only from inspected declarations.\n\nExample: landsea risk simulate --data data/customs-risk/fixtures/train-small.csv --inspect 5 --json");
        command.Options.Add(data);
        command.Options.Add(inspect);
        command.Options.Add(randomShare);
        command.Options.Add(seed);
        command.Options.Add(json);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter error = r.InvocationConfiguration.Error;
            double budget = r.GetValue(inspect);
            double share = r.GetValue(randomShare);
            if (budget is <= 0 or > 100 || share is < 0 or > 100)
            {
                await error.WriteLineAsync("error: --inspect must be in (0, 100] and --random-share in [0, 100]");
                return ExitCodes.Usage;
            }

            var rows = new List<LabelledCase>();
            var warnings = new List<Failure>();
            string? hs = null;
            foreach (FileInfo file in r.GetValue(data) ?? [])
            {
                IReadOnlyList<LabelledCase>? part = RiskInput.Labelled(file, error, out int code, out string fileHs, warnings);
                if (part is null)
                {
                    return code;
                }

                if (hs is not null && hs != fileHs)
                {
                    await error.WriteLineAsync($"error: {file.FullName}: line 1: '{fileHs}' differs from the first file's '{hs}'");
                    return ExitCodes.Invalid;
                }

                hs = fileHs;
                rows.AddRange(part);
            }

            if (rows.Select(x => x.Case.Id).Distinct(StringComparer.Ordinal).Count() != rows.Count)
            {
                await error.WriteLineAsync("error: the files share declaration ids");
                return ExitCodes.Invalid;
            }

            IProgress<string> progress = RiskInput.Progress(error, "simulate");
            var options = new ReplayOptions { Budget = new RiskSettings { RedShare = budget / 100, YellowShare = 0, RandomShare = share / 100 }, Seed = r.GetValue(seed) };
            progress.Report($"replay with a {share} % random share");
            IReadOnlyList<ReplayWeek> with = await Task.Run(() => SelectionReplay.Run(rows, options, null, ct), ct);
            progress.Report("replay without a random share");
            IReadOnlyList<ReplayWeek> without = await Task.Run(() => SelectionReplay.Run(rows, options with { Budget = options.Budget with { RandomShare = 0 } }, null, ct), ct);
            await r.InvocationConfiguration.Output.WriteAsync(r.GetValue(json) ? Json(with, without, options, warnings) : Table(with, without, share));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Table(IReadOnlyList<ReplayWeek> with, IReadOnlyList<ReplayWeek> without, double share)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(inv, $"{"week",-10} {"decl",6} {"irreg",6} | {"insp",5} {$"P ({share}% random)",17} {"R",6} | {"P (no random)",14} {"R",6}");
        for (int i = 0; i < with.Count; i++)
        {
            ReplayWeek a = with[i];
            ReplayWeek b = without[i];
            sb.AppendLine(inv, $"{a.Start:yyyy-MM-dd} {a.Declarations,6} {a.Irregular,6} | {a.Inspected,5} {a.Precision,17:F3} {a.Recall,6:F3} | {b.Precision,14:F3} {b.Recall,6:F3}");
        }

        sb.AppendLine(inv, $"{"total",-10} {with.Sum(w => w.Declarations),6} {with.Sum(w => w.Irregular),6} | {with.Sum(w => w.Inspected),5} {Precision(with),17:F3} {Recall(with),6:F3} | {Precision(without),14:F3} {Recall(without),6:F3}");
        return sb.ToString();
    }

    private static double Precision(IReadOnlyList<ReplayWeek> weeks) => (double)weeks.Sum(w => w.Found) / Math.Max(1, weeks.Sum(w => w.Inspected));

    private static double Recall(IReadOnlyList<ReplayWeek> weeks) => (double)weeks.Sum(w => w.Found) / Math.Max(1, weeks.Sum(w => w.Irregular));

    private static string Json(IReadOnlyList<ReplayWeek> with, IReadOnlyList<ReplayWeek> without, ReplayOptions options, IReadOnlyCollection<Failure> warnings)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("inspectionRate", options.Budget.RedShare);
            w.WriteNumber("randomShare", options.Budget.RandomShare);
            foreach ((string name, IReadOnlyList<ReplayWeek> weeks) in new[] { ("withRandom", with), ("withoutRandom", without) })
            {
                w.WriteStartObject(name);
                w.WriteNumber("precision", Math.Round(Precision(weeks), 6));
                w.WriteNumber("recall", Math.Round(Recall(weeks), 6));
                w.WriteStartArray("weeks");
                foreach (ReplayWeek week in weeks)
                {
                    w.WriteStartObject();
                    w.WriteString("start", week.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    w.WriteNumber("declarations", week.Declarations);
                    w.WriteNumber("irregular", week.Irregular);
                    w.WriteNumber("inspected", week.Inspected);
                    w.WriteNumber("randomInspected", week.RandomInspected);
                    w.WriteNumber("found", week.Found);
                    w.WriteNumber("precision", Math.Round(week.Precision, 6));
                    w.WriteNumber("recall", Math.Round(week.Recall, 6));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            RiskInput.WriteWarnings(w, warnings);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
