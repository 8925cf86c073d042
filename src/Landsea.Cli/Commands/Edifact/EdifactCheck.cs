using System.CommandLine;
using System.Text;
using System.Text.Json;
using Landsea.Edifact;
using Landsea.Edifact.Json;
using Landsea.Edifact.Validation;

namespace Landsea.Cli.Commands.Edifact;

/// <summary>
/// "landsea edifact check FILE... [--json]": validates interchanges or bare messages (or their JSON form) against
/// the shipped directories. With --json, stdout carries one JSON array of {"file","valid","errors","warnings"}.
/// </summary>
internal static class EdifactCheck
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Write the result as JSON on stdout." };
        var files = new Argument<FileInfo[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "EDIFACT files (or their JSON form) to check." };
        var command = new Command("check", "Validate EDIFACT files: envelopes, control counts, characters, segment tables, formats and code lists.");
        command.Options.Add(json);
        command.Arguments.Add(files);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter output = r.InvocationConfiguration.Output;
            TextWriter error = r.InvocationConfiguration.Error;
            bool asJson = r.GetValue(json);
            var results = new List<(string File, EdifactValidationReport Report)>();
            foreach (FileInfo file in r.GetValue(files) ?? [])
            {
                byte[]? data = await EdifactCommand.ReadFileAsync(file, error, ct);
                if (data is null)
                {
                    return EdifactCommand.Usage;
                }

                results.Add((file.ToString(), Check(data)));
            }

            if (asJson)
            {
                await output.WriteLineAsync(ToJson(results));
            }
            else
            {
                foreach (var (file, report) in results)
                {
                    await output.WriteLineAsync($"{file}: {(report.IsValid ? "valid" : "INVALID")} ({report.Messages.Count} message(s), {report.Errors.Count()} error(s), {report.Warnings.Count()} warning(s))");
                    foreach (var issue in report.Issues)
                    {
                        await output.WriteLineAsync($"  {issue}");
                    }
                }
            }

            return results.All(x => x.Report.IsValid) ? EdifactCommand.Ok : EdifactCommand.Invalid;
        });
        return command;
    }

    /// <summary>Checks EDIFACT bytes, or the JSON form after writing it back to EDIFACT.</summary>
    internal static EdifactValidationReport Check(byte[] data)
    {
        if (!EdifactCommand.LooksLikeJson(data))
        {
            return EdifactValidator.Validate(data);
        }

        var parsed = EdifactJson.Parse(Encoding.UTF8.GetString(data));
        if (parsed.Document is null)
        {
            var issue = new EdifactIssue(IssueSeverity.Error, EdifactErrorCodes.InvalidJson, 18, default, 0, $"not the EDIFACT JSON form: {parsed.Error}");
            return new EdifactValidationReport([issue], null, []);
        }

        try
        {
            return EdifactValidator.Validate(EdifactWriter.Write(parsed.Document));
        }
        catch (ArgumentException ex)
        {
            var issue = new EdifactIssue(IssueSeverity.Error, EdifactErrorCodes.InvalidJson, 18, default, 0, ex.Message);
            return new EdifactValidationReport([issue], null, []);
        }
    }

    internal static string ToJson(IReadOnlyList<(string File, EdifactValidationReport Report)> results)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartArray();
            foreach (var (file, report) in results)
            {
                w.WriteStartObject();
                w.WriteString("file", file);
                w.WriteBoolean("valid", report.IsValid);
                WriteIssues(w, "errors", report.Errors);
                WriteIssues(w, "warnings", report.Warnings);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteIssues(Utf8JsonWriter w, string name, IEnumerable<EdifactIssue> issues)
    {
        w.WriteStartArray(name);
        foreach (var issue in issues)
        {
            w.WriteStartObject();
            w.WriteString("pointer", issue.Pointer.ToString());
            w.WriteString("code", issue.Code);
            w.WriteString("reason", $"{issue.Pointer.Describe()} (byte {issue.Offset}): {issue.Reason}");
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
