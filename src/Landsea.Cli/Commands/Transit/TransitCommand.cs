using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Landsea.Transit;

namespace Landsea.Cli.Commands.Transit;

/// <summary><c>landsea transit check</c>: NCTS phase-5 messages validated offline, as a node would before lodging.</summary>
public static class TransitCommand
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var command = new Command("transit", "NCTS phase-5 transit messages.");
        command.Subcommands.Add(Check());
        command.Subcommands.Add(Lodge());
        return command;
    }

    private static Command Check()
    {
        var files = new Argument<FileInfo[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "NCTS P5 messages: XML (ncts:CCnnnC) or JSON in HMRC's shape ({\"n1:CC015C\": {...}})." };
        var json = new Option<bool>("--json") { Description = "Print a JSON array: one {file, valid, messageType, errors:[{pointer, code, reason}]} per file." };
        var node = new Option<string>("--node")
        {
            Description = "The administration that receives the messages: a corridor node (CNCQI, CNNNG, CNKMG, SGSIN, LAVTE) or GB for HMRC's CTC test messages.",
            DefaultValueFactory = _ => "CNCQI",
        };
        var command = new Command("check", "Validate NCTS messages against the 51.8.6 XSDs and the transit rules, without lodging. Exit 0 when all are valid, 1 otherwise.\n\nExample: landsea transit check --json cc015c.xml cc007c.json") { files, json, node };
        command.SetAction(async (r, ct) =>
        {
            TextWriter output = r.InvocationConfiguration.Output;
            TextWriter error = r.InvocationConfiguration.Error;
            if (TransitAdministration.For(r.GetValue(node)!) is not { } administration)
            {
                await error.WriteLineAsync($"error: --node '{r.GetValue(node)}' is not one of {string.Join(", ", TransitAdministration.Codes)}.");
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
                TransitCheck check = TransitValidation.Check(bytes, administration, TimeProvider.System.GetUtcNow());
                allValid &= check.IsValid;
                results.Add(new
                {
                    file = file.ToString(),
                    valid = check.IsValid,
                    messageType = check.MessageType,
                    errors = check.Errors.Select(e => new { pointer = e.Pointer, code = e.Code, reason = e.Reason }),
                });
                if (!r.GetValue(json))
                {
                    await output.WriteLineAsync($"{(check.IsValid ? "valid  " : "INVALID")} {check.MessageType ?? "?",-7} {file}");
                    foreach (TransitError e in check.Errors)
                    {
                        await output.WriteLineAsync($"  {e.Code} {e.Pointer}\n        {e.Reason}");
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
        var files = new Argument<FileInfo[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "NCTS P5 messages (XML or JSON), lodged in order." };
        var connection = new NodeConnection("trader.uk");
        var command = new Command("lodge", "Lodge NCTS messages with a node (POST /api/transit/messages) and print each NCTS answer. Exit 0 when all were accepted, 1 otherwise.\n\n"
            + "Example: landsea transit lodge --node http://127.0.0.1:5080 --user trader.a cc015c.xml") { files };
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
            bool allAccepted = true;
            try
            {
                foreach (FileInfo file in list)
                {
                    byte[] bytes = await File.ReadAllBytesAsync(file.FullName, ct);
                    using var content = new ByteArrayContent(bytes);
                    content.Headers.ContentType = new MediaTypeHeaderValue(NctsReader.Recognise(bytes) == NctsFormat.Json ? "application/json" : "application/xml");
                    using HttpResponseMessage response = await http.PostAsync("/api/transit/messages", content, ct);
                    if (response.StatusCode is System.Net.HttpStatusCode.Unauthorized)
                    {
                        await error.WriteLineAsync($"error: the node refused the credentials of '{r.GetValue(connection.User)}'.");
                        return ExitCodes.Usage;
                    }

                    allAccepted &= response.IsSuccessStatusCode;
                    string answers = response.Headers.TryGetValues("X-Ncts-Answers", out IEnumerable<string>? a) ? string.Join(",", a) : "";
                    await output.WriteLineAsync($"{(int)response.StatusCode} {answers,-12} {response.Headers.Location?.ToString() ?? ""} {file}");
                    await output.WriteLineAsync(await response.Content.ReadAsStringAsync(ct));
                }
            }
            catch (HttpRequestException ex)
            {
                await error.WriteLineAsync(NodeConnection.NotRunning(http.BaseAddress, ex));
                return ExitCodes.Usage;
            }
            catch (TaskCanceledException ex)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.Usage;
            }

            return allAccepted ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        return command;
    }
}
