using System.CommandLine;
using System.Globalization;
using Landsea.Scans;

namespace Landsea.Cli.Commands.Scans;

/// <summary>"landsea scan simulate --count N --seed S --dir DIR": writes scans with their labels.</summary>
public static class ScanSimulate
{
    public static Command Create()
    {
        var count = ScanCommand.Count(16);
        var seed = ScanCommand.Seed();
        var dir = new Option<DirectoryInfo>("--dir") { Description = "Folder to write the scans into (created if missing).", Required = true };
        var width = ScanCommand.Width(400);
        var height = ScanCommand.Height(200);
        var json = new Option<bool>("--json") { Description = "Write a summary as JSON on stdout." };
        var command = new Command("simulate", """
            Write simulated dual-energy container scans: per scan, scan-NNNNNN.low.png and .high.png (16-bit greyscale,
            4 and 6 MeV), scan-NNNNNN.json (the scan format's metadata) and scan-NNNNNN.label.json (the declaration the scan
            was made for, the scenario and what was really loaded). Scenarios, of every 8 scans: 1 empty, 3 as declared,
            1 load-declared-empty, 1 undeclared-dense, 1 mass-underdeclared, 1 material-mismatch. Simulated, not real images.

            Examples:
              landsea scan simulate --count 16 --seed 7 --dir scans
              landsea scan simulate --count 1 --seed 7 --dir big --width 2000 --height 1000
            """);
        command.Options.Add(count);
        command.Options.Add(seed);
        command.Options.Add(dir);
        command.Options.Add(width);
        command.Options.Add(height);
        command.Options.Add(json);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter output = r.InvocationConfiguration.Output;
            TextWriter error = r.InvocationConfiguration.Error;
            int n = r.GetValue(count), w = r.GetValue(width), h = r.GetValue(height);
            long s = r.GetValue(seed);
            if (ScanCommand.CheckOptions(n, w, h, 100000) is { } bad)
            {
                await error.WriteLineAsync(bad);
                return ExitCodes.Usage;
            }

            DirectoryInfo folder = r.GetValue(dir)!;
            try
            {
                folder.Create();
                var scenarios = new Dictionary<string, int>(StringComparer.Ordinal);
                for (long i = 0; i < n; i++)
                {
                    SimulatedScan scan = ScanSimulator.Simulate(s, i, w, h);
                    string name = ScanMetadata.FileName(i);
                    ScanMetadata meta = ScanMetadata.ForSimulated(scan, i, name);
                    await File.WriteAllBytesAsync(Path.Combine(folder.FullName, meta.LowChannel), ScanPng.Encode(scan.Image.Low, w, h), ct);
                    await File.WriteAllBytesAsync(Path.Combine(folder.FullName, meta.HighChannel), ScanPng.Encode(scan.Image.High, w, h), ct);
                    await File.WriteAllTextAsync(Path.Combine(folder.FullName, name + ".json"), ScanCommand.Json(meta), ct);
                    string scenario = ScanScenarios.Name(scan.Truth.Scenario);
                    await File.WriteAllTextAsync(Path.Combine(folder.FullName, name + ".label.json"), ScanCommand.Json(new ScanLabel(scenario, scan.Declaration, scan.Truth)), ct);
                    scenarios[scenario] = scenarios.GetValueOrDefault(scenario) + 1;
                }

                if (r.GetValue(json))
                {
                    await output.WriteLineAsync(ScanCommand.Json(new { simulated = true, seed = s, count = n, width = w, height = h, dir = folder.FullName, scenarios }));
                }
                else
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"wrote {n} simulated scans ({w} × {h}, seed {s}) to {folder.FullName}: {string.Join(", ", scenarios.Select(p => $"{p.Value} {p.Key}"))}"));
                }

                return ExitCodes.Ok;
            }
            catch (IOException ex)
            {
                await error.WriteLineAsync($"error: cannot write to {folder.FullName}: {ex.Message}");
                return ExitCodes.Usage;
            }
            catch (UnauthorizedAccessException ex)
            {
                await error.WriteLineAsync($"error: cannot write to {folder.FullName}: {ex.Message}");
                return ExitCodes.Usage;
            }
        });
        return command;
    }
}
