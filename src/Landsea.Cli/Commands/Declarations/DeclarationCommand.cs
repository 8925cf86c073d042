using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Landsea.Declarations;

namespace Landsea.Cli.Commands.Declarations;

/// <summary><c>landsea declaration check|lodge|list|show|status</c>.</summary>
public static class DeclarationCommand
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var command = new Command("declaration", "Check declarations offline, lodge them with a node, and follow them (list, show, status).");
        command.Subcommands.Add(Check());
        command.Subcommands.Add(Lodge());
        command.Subcommands.Add(DeclarationReads.List());
        command.Subcommands.Add(DeclarationReads.Show());
        command.Subcommands.Add(DeclarationReads.Status());
        return command;
    }

    private static Command Check()
    {
        var files = new Argument<FileInfo[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "WCO DM 3.6 DEC XML, UN/EDIFACT CUSDEC or Landsea JSON declarations." };
        var json = new Option<bool>("--json") { Description = "Print a JSON array: one {file, valid, errors:[{pointer, code, reason}]} per file." };
        var date = new Option<string?>("--date") { Description = "Lodging day (yyyy-MM-dd) for the HS edition when a declaration has no date; default today (UTC)." };
        var command = new Command("check", "Validate declarations offline against the WCO DM schema and business rules. Exit 0 when all are valid, 1 otherwise.\n\nExample: landsea declaration check --json vectors/wco-dm-uk-cds/examples/annotated_XML_samples/TT_IM101a/TT_IM101a.xml") { files, json, date };
        command.SetAction(async (r, ct) =>
        {
            TextWriter output = r.InvocationConfiguration.Output;
            TextWriter error = r.InvocationConfiguration.Error;
            DateOnly lodgedOn = DateOnly.FromDateTime(DateTime.UtcNow);
            if (r.GetValue(date) is { } d && !DateOnly.TryParseExact(d, "yyyy-MM-dd", out lodgedOn))
            {
                await error.WriteLineAsync($"error: --date '{d}' is not yyyy-MM-dd.");
                return ExitCodes.Usage;
            }

            var results = new List<object>();
            bool allValid = true;
            foreach (FileInfo file in r.GetValue(files)!)
            {
                if (!file.Exists)
                {
                    await error.WriteLineAsync($"error: {file.FullName}: no such file.");
                    return ExitCodes.Usage;
                }

                byte[] bytes = await File.ReadAllBytesAsync(file.FullName, ct);
                (_, DeclarationCheck check) = SubmissionReader.Read(bytes, lodgedOn);
                allValid &= check.IsValid;
                results.Add(new { file = file.ToString(), valid = check.IsValid, errors = check.Errors.Select(e => new { pointer = e.Pointer, code = e.Code, reason = e.Reason }) });
                if (!r.GetValue(json))
                {
                    await output.WriteLineAsync($"{(check.IsValid ? "valid  " : "INVALID")} {file}");
                    foreach (DeclarationError e in check.Errors)
                    {
                        await output.WriteLineAsync($"  {e.Code} {e.Pointer}\n        {e.Reason}");
                    }

                    foreach (DeclarationError w in check.Warnings)
                    {
                        await output.WriteLineAsync($"  warning {w.Code} {w.Pointer}: {w.Reason}");
                    }
                }
            }

            if (r.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(results, s_json));
            }

            return allValid ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        return command;
    }

    private static Command Lodge()
    {
        var files = new Argument<FileInfo[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "Declarations to lodge (WCO DM 3.6 DEC XML, UN/EDIFACT CUSDEC or Landsea JSON)." };
        var connection = new NodeConnection("trader.uk");
        var json = new Option<bool>("--json") { Description = "Print the node's answers as a JSON array." };
        var parallel = new Option<int>("--parallel") { Description = "Submissions in flight at once.", DefaultValueFactory = _ => 8 };
        var command = new Command("lodge", "Lodge declarations with a node over its API, showing progress. Exit 0 when all were accepted, 1 when any was rejected.\n\n"
            + "Example: landsea declaration lodge --node http://127.0.0.1:5080 --user trader.a --password-file ~/.landsea-password dec.xml") { files, json, parallel };
        connection.AddTo(command);
        command.SetAction(async (r, ct) =>
        {
            TextWriter output = r.InvocationConfiguration.Output;
            TextWriter error = r.InvocationConfiguration.Error;
            FileInfo[] list = r.GetValue(files)!;
            if (list.FirstOrDefault(f => !f.Exists) is { } missing)
            {
                await error.WriteLineAsync($"error: {missing.FullName}: no such file.");
                return ExitCodes.Usage;
            }

            (HttpClient? client, string? unusable) = connection.Open(r, TimeSpan.FromSeconds(60));
            if (client is null)
            {
                await error.WriteLineAsync(unusable);
                return ExitCodes.Usage;
            }

            using HttpClient http = client;
            var answers = new JsonElement[list.Length];
            int done = 0, rejected = 0;
            var progress = new Progress(error, list.Length);
            try
            {
                await Parallel.ForEachAsync(Enumerable.Range(0, list.Length), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, r.GetValue(parallel)), CancellationToken = ct }, async (i, token) =>
                {
                    byte[] bytes = await File.ReadAllBytesAsync(list[i].FullName, token);
                    using var content = new ByteArrayContent(bytes);
                    content.Headers.ContentType = new MediaTypeHeaderValue(SubmissionReader.Recognise(bytes).MediaType());
                    using HttpResponseMessage response = await http.PostAsync("/api/declarations", content, token);
                    if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                    {
                        throw new InvalidOperationException($"the node refused the credentials of '{r.GetValue(connection.User)}' ({(int)response.StatusCode}).");
                    }

                    string body = await response.Content.ReadAsStringAsync(token);
                    JsonElement answer = JsonDocument.Parse(body.Length == 0 ? "{}" : body).RootElement.Clone();
                    answers[i] = answer;
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref rejected);
                    }

                    progress.Report(Interlocked.Increment(ref done), list[i].Name, answer);
                });
            }
            catch (HttpRequestException ex)
            {
                await error.WriteLineAsync("\n" + NodeConnection.NotRunning(http.BaseAddress, ex));
                return ExitCodes.Usage;
            }
            catch (Exception ex) when (ex is InvalidOperationException or TaskCanceledException)
            {
                await error.WriteLineAsync($"\nerror: {ex.Message}");
                return ExitCodes.Usage;
            }

            progress.Finish();
            if (r.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(list.Select((f, i) => new { file = f.ToString(), answer = answers[i] }), s_json));
            }
            else
            {
                for (int i = 0; i < list.Length; i++)
                {
                    JsonElement a = answers[i];
                    string outcome = a.TryGetProperty("outcome", out JsonElement o) ? o.GetString() ?? "?" : "?";
                    string mrn = a.TryGetProperty("mrn", out JsonElement m) ? m.GetString() ?? "" : "";
                    await output.WriteLineAsync($"{outcome,-9} {mrn,-18} {list[i]}");
                    if (a.TryGetProperty("errors", out JsonElement errs))
                    {
                        foreach (JsonElement e in errs.EnumerateArray())
                        {
                            await output.WriteLineAsync($"  {e.GetProperty("code").GetString()} {e.GetProperty("pointer").GetString()}: {e.GetProperty("reason").GetString()}");
                        }
                    }
                }
            }

            await error.WriteLineAsync($"{list.Length - rejected} accepted, {rejected} not accepted.");
            return rejected == 0 ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        return command;
    }

    /// <summary>A one-line progress bar on standard error.</summary>
    private sealed class Progress(TextWriter error, int total)
    {
        private readonly Lock _gate = new();

        public void Report(int done, string file, JsonElement answer)
        {
            if (total < 2)
            {
                return;
            }

            lock (_gate)
            {
                int width = 30;
                int filled = width * done / total;
                error.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {done}/{total} {file,-40}");
            }
        }

        public void Finish()
        {
            if (total >= 2)
            {
                error.WriteLine();
            }
        }
    }
}
