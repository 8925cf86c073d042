using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Landsea.Scans;

namespace Landsea.Cli.Commands.Scans;

/// <summary>"landsea scan": non-intrusive inspection scans, simulated and checked (docs/scans.md).</summary>
public static class ScanCommand
{
    public static Command Create()
    {
        var command = new Command("scan", "Container scans: simulate dual-energy scans, evaluate the automated checks, lodge a scan.");
        command.Subcommands.Add(ScanSimulate.Create());
        command.Subcommands.Add(ScanEvaluate.Create());
        command.Subcommands.Add(ScanLodge.Create());
        return command;
    }

    internal static Option<int> Count(int defaultValue) => new("--count") { Description = "Number of scans.", DefaultValueFactory = _ => defaultValue };

    internal static Option<long> Seed() => new("--seed") { Description = "Seed of the simulator (any 64-bit integer); the same seed gives the same scans.", DefaultValueFactory = _ => 1 };

    internal static Option<int> Width(int defaultValue) => new("--width") { Description = $"Scan width in pixels ({ScanSimulator.MinSide}-{ScanSimulator.MaxSide}), along the container.", DefaultValueFactory = _ => defaultValue };

    internal static Option<int> Height(int defaultValue) => new("--height") { Description = $"Scan height in pixels ({ScanSimulator.MinSide}-{ScanSimulator.MaxSide}).", DefaultValueFactory = _ => defaultValue };

    /// <summary>Checks the common options; null when they are fine, else the error line (LS940).</summary>
    internal static string? CheckOptions(int count, int width, int height, int maxCount)
    {
        if (count < 1 || count > maxCount)
        {
            return string.Create(CultureInfo.InvariantCulture, $"error: --count must be 1 to {maxCount}, not {count}. [{ScanErrorCodes.OptionInvalid}]");
        }

        if (width is < ScanSimulator.MinSide or > ScanSimulator.MaxSide || height is < ScanSimulator.MinSide or > ScanSimulator.MaxSide)
        {
            return string.Create(CultureInfo.InvariantCulture, $"error: --width and --height must be {ScanSimulator.MinSide} to {ScanSimulator.MaxSide} pixels, not {width} × {height}. [{ScanErrorCodes.OptionInvalid}]");
        }

        return null;
    }

    internal static string Json(object value) => JsonSerializer.Serialize(value, ScanMetadata.Json);
}
