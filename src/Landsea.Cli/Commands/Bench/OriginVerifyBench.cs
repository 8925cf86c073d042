using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Landsea.Origin;

namespace Landsea.Cli.Commands.Bench;

/// <summary>
/// <c>landsea bench origin-verify</c>: OpenAttestation documents verified per second on one thread (parse, field
/// hashes, target hash, merkle proof), against hashing the same bytes once with Keccak-256 in the same run,
/// rounds alternating.
/// </summary>
public static class OriginVerifyBench
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "Verifications per round.", DefaultValueFactory = _ => 5000 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds per variant (alternating).", DefaultValueFactory = _ => 3 };
        var sample = new Option<FileInfo>("--sample") { Description = "The wrapped OpenAttestation document to verify.", DefaultValueFactory = _ => new FileInfo("vectors/openattestation/v2/not-obfuscated-wrapped.json") };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        var command = new Command("origin-verify", "OpenAttestation certificates verified per second on one thread, against one Keccak-256 over the same bytes.\n\nExample: landsea bench origin-verify --count 5000 --json") { count, rounds, sample, json };
        command.SetAction(async (r, ct) =>
        {
            FileInfo file = r.GetValue(sample)!;
            if (!file.Exists)
            {
                await r.InvocationConfiguration.Error.WriteLineAsync($"error: {file.FullName}: no such file (run from the repository root or pass --sample).");
                return ExitCodes.Usage;
            }

            byte[] bytes = await File.ReadAllBytesAsync(file.FullName, ct);
            var check = OpenAttestationVerifier.Verify(bytes);
            if (!check.IsValid || check.Value.Integrity != CheckOutcome.Valid)
            {
                await r.InvocationConfiguration.Error.WriteLineAsync($"error: {file}: the sample does not verify.");
                return ExitCodes.Usage;
            }

            int n = Math.Max(1, r.GetValue(count));
            var variants = new (string Name, Action Run)[]
            {
                ("keccak", () => Keccak256.Hash(bytes)),
                ("verify", () => OpenAttestationVerifier.Verify(bytes)),
            };
            var totals = variants.ToDictionary(v => v.Name, _ => (Count: 0L, Seconds: 0.0));
            foreach ((_, Action run) in variants)
            {
                for (int i = 0; i < Math.Min(n, 500); i++)
                {
                    run();
                }
            }

            for (int round = 0; round < Math.Max(1, r.GetValue(rounds)); round++)
            {
                foreach ((string name, Action run) in round % 2 == 0 ? variants : variants.Reverse())
                {
                    var watch = Stopwatch.StartNew();
                    for (int i = 0; i < n; i++)
                    {
                        run();
                    }

                    totals[name] = (totals[name].Count + n, totals[name].Seconds + watch.Elapsed.TotalSeconds);
                }
            }

            double Rate(string name) => totals[name].Count / totals[name].Seconds;
            var figures = new
            {
                sample = file.ToString(),
                bytes = bytes.Length,
                keccakPerSecond = Math.Round(Rate("keccak")),
                verifiedPerSecond = Math.Round(Rate("verify")),
                timeRatio = Math.Round(Rate("keccak") / Rate("verify"), 2),
            };
            TextWriter output = r.InvocationConfiguration.Output;
            if (r.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(figures, s_indented));
            }
            else
            {
                await output.WriteLineAsync($"{file} ({bytes.Length} bytes), one thread, {r.GetValue(rounds)} alternating rounds of {n}:");
                await output.WriteLineAsync($"  Keccak-256 of the bytes  {figures.keccakPerSecond,10:N0} /s");
                await output.WriteLineAsync($"  OpenAttestation verify   {figures.verifiedPerSecond,10:N0} /s  ({figures.timeRatio:0.00}x the hash time)");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
