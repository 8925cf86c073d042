using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Landsea.Scans;

namespace Landsea.Cli.Commands.Scans;

/// <summary>
/// <c>landsea bench scans</c> (issue 12 item 8): dual-energy scans analysed per second (decode both 16-bit PNG channels,
/// measure, run the four checks) on every core, against decoding the same channels alone in the same run, rounds alternating.
/// </summary>
public static class ScanBench
{
    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "Scans per round.", DefaultValueFactory = _ => 16 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds per variant (alternating).", DefaultValueFactory = _ => 3 };
        var width = ScanCommand.Width(2000);
        var height = ScanCommand.Height(1000);
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        var command = new Command("scans", "Dual-energy scans analysed per second on all cores (decode + checks), against decoding the PNG channels alone.\n\nExample: landsea bench scans --count 16 --json") { count, rounds, width, height, json };
        command.SetAction(async (r, ct) =>
        {
            TextWriter error = r.InvocationConfiguration.Error;
            int w = r.GetValue(width), h = r.GetValue(height), n = Math.Max(1, r.GetValue(count));
            if (ScanCommand.CheckOptions(n, w, h, 100000) is { } bad)
            {
                await error.WriteLineAsync(bad);
                return ExitCodes.Usage;
            }

            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"simulating a {w} × {h} scan and its heading's reference scans ..."));
            const string Hs = "610910";
            SimulatedScan scan = ScanSimulator.Simulate(1, 3, ScanScenario.UndeclaredDense, w, h, Hs);
            byte[] low = ScanPng.Encode(scan.Image.Low, w, h), high = ScanPng.Encode(scan.Image.High, w, h);
            ReferenceLibrary library = ReferenceLibrary.Build(w, h, perHeading: 2, only: [Hs]);
            ScanMetadata meta = ScanMetadata.ForSimulated(scan, 3, "bench");
            int cores = Environment.ProcessorCount;
            var variants = new (string Name, Action Run)[]
            {
                ("decode", () => ScanLodging.Check(meta, low, high, []).OrThrow()),
                ("analyse", () =>
                {
                    ScanImage image = ScanLodging.Check(meta, low, high, []).OrThrow();
                    ScanChecks.Run(ScanAnalysis.Of(image), scan.Declaration, library);
                }),
            };
            var totals = variants.ToDictionary(v => v.Name, _ => (Count: 0L, Seconds: 0.0));
            foreach ((_, Action run) in variants)
            {
                run();
            }

            for (int round = 0; round < Math.Max(1, r.GetValue(rounds)); round++)
            {
                foreach ((string name, Action run) in round % 2 == 0 ? variants : variants.Reverse())
                {
                    var watch = Stopwatch.StartNew();
                    Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = cores, CancellationToken = ct }, _ => run());
                    totals[name] = (totals[name].Count + n, totals[name].Seconds + watch.Elapsed.TotalSeconds);
                }
            }

            double Rate(string name) => totals[name].Count / totals[name].Seconds;
            var figures = new
            {
                simulated = true,
                width = w,
                height = h,
                cores,
                pngBytes = low.Length + high.Length,
                decodedPerSecond = Math.Round(Rate("decode"), 2),
                analysedPerSecond = Math.Round(Rate("analyse"), 2),
                timeRatio = Math.Round(Rate("decode") / Rate("analyse"), 2),
            };
            TextWriter output = r.InvocationConfiguration.Output;
            if (r.GetValue(json))
            {
                await output.WriteLineAsync(ScanCommand.Json(figures));
            }
            else
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{w} × {h} dual-energy scan ({figures.pngBytes / 1e6:0.0} MB of PNG), {cores} cores: decode alone {figures.decodedPerSecond} scans/s; decode + measure + four checks {figures.analysedPerSecond} scans/s ({figures.timeRatio}× the decode's time)"));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
