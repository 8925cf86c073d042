using System.CommandLine;
using System.Data.Common;
using System.Text.Json;
using Landsea.Data;
using Landsea.Data.Scans;
using Landsea.Scans;

namespace Landsea.Cli.Commands.Scans;

/// <summary>"landsea scan lodge FILE.json --db DB [--by USER] [--json]": lodges a scan (metadata + its two PNG channels).</summary>
public static class ScanLodge
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The scan's metadata JSON (formatVersion 1); its lowChannel and highChannel PNG files are read from the same folder." };
        var db = DatabaseOption.Create();
        var by = new Option<string>("--by") { Description = "Who lodges it (recorded with the scan).", DefaultValueFactory = _ => "cli" };
        var json = new Option<bool>("--json") { Description = "Write the answer as JSON on stdout." };
        var command = new Command("lodge", """
            Lodge a scan at this node: the metadata must name a declaration the node holds (MRN) and, when the declaration
            lists containers, one of them; both channels must be 16-bit greyscale PNGs of the metadata's size. A refused scan
            is stored as received with its reason and enters no queue (exit 1). Every byte string is stored once by SHA-256;
            the same scan lodged again is one scan.

            Examples:
              landsea scan lodge scans/scan-000001.json --db landsea.db
              landsea scan lodge scans/scan-000001.json --db landsea.db --by officer.qin --json
            """);
        command.Arguments.Add(file);
        command.Options.Add(db);
        command.Options.Add(by);
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

            if (DatabaseOption.Missing(target) is { } missing)
            {
                await error.WriteLineAsync(missing);
                return ExitCodes.Usage;
            }

            byte[] metadata = await File.ReadAllBytesAsync(input.FullName, ct);
            string folder = input.DirectoryName ?? ".";
            string baseName = Path.GetFileNameWithoutExtension(input.Name);
            string lowName = baseName + ".low.png", highName = baseName + ".high.png";
            try
            {
                using JsonDocument doc = JsonDocument.Parse(metadata);
                lowName = doc.RootElement.TryGetProperty("lowChannel", out JsonElement l) && l.ValueKind == JsonValueKind.String ? l.GetString()! : lowName;
                highName = doc.RootElement.TryGetProperty("highChannel", out JsonElement h) && h.ValueKind == JsonValueKind.String ? h.GetString()! : highName;
            }
            catch (JsonException)
            {
                // Lodged anyway, so the refusal (LS944) is recorded with the bytes as received.
            }

            if (Path.GetFileName(lowName) != lowName || Path.GetFileName(highName) != highName)
            {
                await error.WriteLineAsync($"error: lowChannel and highChannel must be file names in {folder}, not paths. [{ScanErrorCodes.MetadataInvalid}]");
                return ExitCodes.Invalid;
            }

            string lowPath = Path.Combine(folder, lowName), highPath = Path.Combine(folder, highName);
            byte[] low = File.Exists(lowPath) ? await File.ReadAllBytesAsync(lowPath, ct) : [];
            byte[] high = File.Exists(highPath) ? await File.ReadAllBytesAsync(highPath, ct) : [];
            NodeDatabase node = NodeDatabase.FromArgument(target);
            ScanLodgeAnswer answer;
            try
            {
                await node.MigrateAsync(ct);
                answer = await new ScanStore(node, TimeProvider.System).LodgeAsync(r.GetValue(by)!, metadata, low, high, ct);
            }
            catch (DbException ex)
            {
                await error.WriteLineAsync($"error: cannot write to {node.Display}: {ex.Message}");
                return ExitCodes.Usage;
            }

            if (r.GetValue(json))
            {
                await output.WriteLineAsync(ScanCommand.Json(new
                {
                    scanId = answer.ScanId,
                    status = answer.Status,
                    duplicate = answer.Duplicate,
                    code = answer.Failure?.Code,
                    error = answer.Failure?.Reason,
                    mrn = answer.Metadata?.Mrn,
                    container = answer.Metadata?.ContainerNumber,
                }));
            }
            else if (answer.Failure is { } f)
            {
                await error.WriteLineAsync($"error: {input.Name}: {f.Reason} [{f.Code}] (kept as received, scan {answer.ScanId[..12]}, not queued)");
            }
            else
            {
                await output.WriteLineAsync($"{(answer.Duplicate ? "already lodged" : "lodged")}: scan {answer.ScanId} of container {answer.Metadata!.ContainerNumber} for {answer.Metadata.Mrn} at {answer.Metadata.Office}");
            }

            return answer.Failure is null ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        return command;
    }
}
