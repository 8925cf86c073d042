using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Globalization;
using Landsea.Declarations;
using Landsea.Edifact;
using Landsea.Edifact.Json;
using Landsea.Edifact.Model;
using Landsea.Declarations.Edifact;
using Landsea.Edifact.Validation;

namespace Landsea.Cli.Commands.Edifact;

/// <summary>
/// "landsea edifact check FILE... [--json]": validates interchanges or bare messages (or their JSON form) against
/// the shipped directories. With --json, stdout carries one JSON array of {"file","valid","errors","warnings"}.
/// With --declaration each file is read as a CUSDEC lodged at a node (<see cref="CusdecDeclarationReader"/>): EDIFACT
/// and business-rule errors with the node's stable codes (LS...), as "landsea declaration check" reports them.
/// With --contrl stdout carries one CONTRL report (<see cref="ContrlBuilder"/>) per file.
/// </summary>
internal static class EdifactCheck
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Write the result as JSON on stdout." };
        var files = new Argument<FileInfo[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "EDIFACT files (or their JSON form) to check." };
        var declaration = new Option<bool>("--declaration") { Description = "Read each file as a CUSDEC lodged at a node: EDIFACT checks plus the declaration business rules, with LS error codes." };
        var date = new Option<string?>("--date") { Description = "With --declaration: lodging day (yyyy-MM-dd) for the HS edition when the CUSDEC has no DTM 137; default today (UTC)." };
        var contrl = new Option<bool>("--contrl") { Description = "Write, for each file, the CONTRL syntax and service report (CONTRL:4:1:UN) an EDI gateway returns, instead of the listing." };
        var command = new Command("check", "Validate EDIFACT files: envelopes, control counts, characters, segment tables, formats and code lists.\n\nExample: landsea edifact check --json --contrl cusdec.edi");
        command.Options.Add(json);
        command.Options.Add(contrl);
        command.Options.Add(declaration);
        command.Options.Add(date);
        command.Arguments.Add(files);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter output = r.InvocationConfiguration.Output;
            TextWriter error = r.InvocationConfiguration.Error;
            bool asJson = r.GetValue(json);
            if (r.GetValue(declaration))
            {
                DateOnly lodgedOn = DateOnly.FromDateTime(DateTime.UtcNow);
                if (r.GetValue(date) is { } d && !DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out lodgedOn))
                {
                    await error.WriteLineAsync($"error: --date '{d}' is not yyyy-MM-dd.");
                    return EdifactCommand.Usage;
                }

                return await CheckDeclarations(r.GetValue(files) ?? [], lodgedOn, asJson, output, error, ct);
            }

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

            if (r.GetValue(contrl))
            {
                DateTimeOffset now = TimeProvider.System.GetUtcNow();
                for (int i = 0; i < results.Count; i++)
                {
                    EdifactDocument report = ContrlBuilder.Build(results[i].Report, "LANDSEA", now, (i + 1).ToString(CultureInfo.InvariantCulture));
                    await output.WriteLineAsync(EdifactWriter.WriteString(report, new EdifactWriteOptions { LineBreaks = true }));
                }
            }
            else if (asJson)
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

    private static async Task<int> CheckDeclarations(FileInfo[] files, DateOnly lodgedOn, bool asJson, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var results = new List<(string File, DeclarationCheck Check)>();
        foreach (FileInfo file in files)
        {
            byte[]? data = await EdifactCommand.ReadFileAsync(file, error, ct);
            if (data is null)
            {
                return EdifactCommand.Usage;
            }

            results.Add((file.ToString(), CusdecDeclarationReader.Read(data, lodgedOn)));
        }

        if (asJson)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartArray();
                foreach (var (file, check) in results)
                {
                    w.WriteStartObject();
                    w.WriteString("file", file);
                    w.WriteBoolean("valid", check.IsValid);
                    if (check.Declaration is { } dec)
                    {
                        w.WriteString("functionalReference", dec.FunctionalReference);
                        w.WriteString("typeCode", dec.TypeCode);
                        w.WriteNumber("items", dec.Items.Count);
                    }

                    WriteErrors(w, "errors", check.Errors);
                    WriteErrors(w, "warnings", check.Warnings);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            await output.WriteLineAsync(Encoding.UTF8.GetString(stream.ToArray()));
        }
        else
        {
            foreach (var (file, check) in results)
            {
                string what = check.Declaration is { } dec ? $" {dec.TypeCode} {dec.FunctionalReference}, {dec.Items.Count} item(s)" : "";
                await output.WriteLineAsync($"{(check.IsValid ? "valid  " : "INVALID")} {file}{what}");
                foreach (DeclarationError e in check.Errors)
                {
                    await output.WriteLineAsync($"  error   {e.Code} {e.Pointer}: {e.Reason}");
                }

                foreach (DeclarationError w in check.Warnings)
                {
                    await output.WriteLineAsync($"  warning {w.Code} {w.Pointer}: {w.Reason}");
                }
            }
        }

        return results.All(x => x.Check.IsValid) ? EdifactCommand.Ok : EdifactCommand.Invalid;

        static void WriteErrors(Utf8JsonWriter w, string name, IReadOnlyList<DeclarationError> errors)
        {
            w.WriteStartArray(name);
            foreach (DeclarationError e in errors)
            {
                w.WriteStartObject();
                w.WriteString("pointer", e.Pointer);
                w.WriteString("code", e.Code);
                w.WriteString("reason", e.Reason);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }
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
