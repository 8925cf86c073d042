using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using Landsea.Data.Origin;
using Landsea.Exchange.Storage;
using Landsea.Origin;
using Landsea.Shared;

namespace Landsea.Cli.Commands.Origin;

/// <summary>
/// "landsea origin issue --input FILE... --db DB --out DIR [--json]": validates every request, then issues them as one
/// signed batch (one merkle root), stores them and queues each for the importing party's node, in one transaction; writes
/// DIR/NUMBER.json. A bad request: exit 1 with file, path and code, nothing stored.
/// </summary>
internal static class OriginIssue
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    public static Command Create()
    {
        var input = new Option<FileInfo[]>("--input") { Description = "Certificate request files (JSON: one request or a list of requests); repeatable.", Required = true, AllowMultipleArgumentsPerToken = true };
        var db = DatabaseOption.Create();
        var dir = OriginNode.DirOption();
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder the wrapped documents are written to (NUMBER.json).", Required = true };
        var office = new Option<string?>("--office") { Description = "The issuing office code stored with the certificates, e.g. CN500100." };
        var json = new Option<bool>("--json") { Description = "Write the result as one JSON object on stdout." };
        var command = new Command("issue", "Issue certificates of origin (Form RCEP or ACFTA Form E) as OpenAttestation v2 documents signed by the node (ES256 over the batch's merkle root), store them and share each with the importing party's node when an agreement covers origin-certificate.\n\nExample: landsea origin issue --input vectors/openattestation/landsea/rcep-request.json --db landsea.db --out issued/ --json")
        {
            input, db, dir, output, office, json,
        };
        command.SetAction((ParseResult r, CancellationToken ct) => OriginNode.RunAsync(r, async (stdout, error) =>
        {
            var requests = new List<(string File, JsonElement Request)>();
            foreach (FileInfo f in r.GetValue(input)!)
            {
                byte[] bytes = await File.ReadAllBytesAsync(f.FullName, ct);
                JsonElement root;
                try
                {
                    using JsonDocument doc = JsonDocument.Parse(bytes);
                    root = doc.RootElement.Clone();
                }
                catch (JsonException ex)
                {
                    await error.WriteLineAsync($"error: {f}: {OriginErrorCodes.RequestInvalid} not JSON (line {ex.LineNumber + 1}): {ex.Message}");
                    return ExitCodes.Invalid;
                }

                if (root.ValueKind == JsonValueKind.Array)
                {
                    int i = 0;
                    foreach (JsonElement item in root.EnumerateArray())
                    {
                        requests.Add(($"{f}[{i++}]", item));
                    }
                }
                else
                {
                    requests.Add((f.ToString(), root));
                }
            }

            await using OriginNode node = await OriginNode.OpenAsync(r.GetValue(db)!, r.GetValue(dir), identityRequired: true, ct);
            var certificates = new List<CertificateOfOrigin>();
            foreach ((string file, JsonElement request) in requests)
            {
                Result<CertificateOfOrigin> read = CertificateOfOrigin.Read(request, node.Identity!.Name, node.Identity.Code);
                if (!read.IsValid)
                {
                    await error.WriteLineAsync($"error: {file}: {read.Failure!.Code} {read.Failure.Reason}; nothing was issued");
                    return ExitCodes.Invalid;
                }

                certificates.Add(read.Value);
            }

            IssueOutcome outcome;
            await using (UnitOfWork work = await UnitOfWork.BeginAsync(node.Connection, TimeProvider.System, ct))
            {
                Result<IssueOutcome> issued = await node.Issuing().IssueAsync(work, certificates, node.Issuer(r.GetValue(office)), RandomNumberGenerator.Fill, ct);
                if (!issued.IsValid)
                {
                    await work.RollbackAsync(ct);
                    await error.WriteLineAsync($"error: {issued.Failure!.Code} {issued.Failure.Reason}");
                    return ExitCodes.Invalid;
                }

                await work.CommitAsync(ct);
                outcome = issued.Value;
            }

            DirectoryInfo outDir = r.GetValue(output)!;
            outDir.Create();
            var written = new List<Dictionary<string, object?>>();
            foreach (IssuedCertificate c in outcome.Issued)
            {
                string path = Path.Combine(outDir.FullName, FileName(c.Certificate.Number));
                await File.WriteAllTextAsync(path, c.Document, ct);
                written.Add(new Dictionary<string, object?>
                {
                    ["number"] = c.Certificate.Number,
                    ["form"] = c.Certificate.Form,
                    ["importingCountry"] = c.Certificate.ImportingCountry,
                    ["targetHash"] = c.TargetHash,
                    ["file"] = path,
                    ["sharedWith"] = outcome.Shared.Where(s => s.Number == c.Certificate.Number).Select(s => s.Partner).ToArray(),
                });
            }

            if (r.GetValue(json))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["issuer"] = node.Identity!.Code,
                    ["merkleRoot"] = outcome.Issued[0].MerkleRoot,
                    ["certificates"] = written,
                }, s_json));
            }
            else
            {
                await stdout.WriteLineAsync($"issued {outcome.Issued.Count} certificate(s), merkle root {outcome.Issued[0].MerkleRoot}");
                foreach (Dictionary<string, object?> w in written)
                {
                    string[] shared = (string[])w["sharedWith"]!;
                    await stdout.WriteLineAsync($"  {w["number"]} {w["targetHash"]} -> {w["file"]}{(shared.Length > 0 ? " (shared with " + string.Join(", ", shared) + ")" : "")}");
                }
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The file name for a certificate number ('/' is not allowed in a file name).</summary>
    internal static string FileName(string number) => number.Replace('/', '_') + ".json";
}
