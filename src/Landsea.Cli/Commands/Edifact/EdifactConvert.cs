using System.CommandLine;
using System.Text;
using System.Text.Json;
using Landsea.Edifact;
using Landsea.Edifact.Json;
using Landsea.Declarations.Edifact;
using Landsea.Edifact.Model;

namespace Landsea.Cli.Commands.Edifact;

/// <summary>
/// "landsea edifact convert FILE --to json|wco-xml|notification|manifest|edifact|cusres": EDIFACT to its lossless JSON
/// segment tree, JSON back to EDIFACT, CUSDEC to a WCO declaration (XML), CUSRES to status notifications and CUSCAR to
/// cargo manifests (JSON), and status notifications (that JSON) to a CUSRES interchange. Nothing is written when the
/// input is invalid (exit code 1).
/// </summary>
internal static class EdifactConvert
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var to = new Option<string>("--to") { Description = "Target: json, wco-xml (from CUSDEC), notification (from CUSRES), manifest (from CUSCAR), edifact (from the JSON form) or cusres (from notification JSON).", Required = true };
        to.AcceptOnlyFromAmong("json", "wco-xml", "notification", "manifest", "edifact", "cusres");
        var file = new Argument<FileInfo>("FILE") { Description = "EDIFACT file; the JSON form for --to edifact; notification JSON for --to cusres." };
        var command = new Command("convert", "Convert EDIFACT to JSON, WCO XML, notifications or manifests, or JSON back to EDIFACT or CUSRES.\n\nExample: landsea edifact convert cusdec.edi --to wco-xml > declaration.xml");
        command.Options.Add(to);
        command.Arguments.Add(file);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter output = r.InvocationConfiguration.Output;
            TextWriter error = r.InvocationConfiguration.Error;
            FileInfo input = r.GetValue(file)!;
            byte[]? data = await EdifactCommand.ReadFileAsync(input, error, ct);
            if (data is null)
            {
                return EdifactCommand.Usage;
            }

            if (r.GetValue(to) == "cusres")
            {
                return await WriteCusresAsync(data, input, output, error);
            }

            var (document, problem, warnings) = Load(data);
            if (document is null)
            {
                await error.WriteLineAsync($"error: {input}: {problem}");
                return EdifactCommand.Invalid;
            }

            foreach (string warning in warnings)
            {
                await error.WriteLineAsync($"warning: {input}: {warning}");
            }

            switch (r.GetValue(to))
            {
                case "json":
                    await output.WriteLineAsync(EdifactJson.Serialize(document));
                    return EdifactCommand.Ok;
                case "edifact":
                    try
                    {
                        await output.WriteAsync(EdifactWriter.WriteString(document, new EdifactWriteOptions { LineBreaks = true }));
                        return EdifactCommand.Ok;
                    }
                    catch (ArgumentException ex)
                    {
                        await error.WriteLineAsync($"error: {input}: {ex.Message}");
                        return EdifactCommand.Invalid;
                    }

                case "notification":
                    return await WriteJsonAsync(document, "CUSRES", CusresMapping.ToNotification, input, output, error);
                case "manifest":
                    return await WriteJsonAsync(document, "CUSCAR", CuscarMapping.ToManifest, input, output, error);
                default:
                    var cusdec = document.AllMessages().Where(m => m.MessageType == "CUSDEC").ToList();
                    if (cusdec.Count == 0)
                    {
                        await error.WriteLineAsync($"error: {input}: --to wco-xml needs a CUSDEC message; found {string.Join(", ", document.AllMessages().Select(m => m.MessageType).Distinct())}");
                        return EdifactCommand.Invalid;
                    }

                    foreach (var message in cusdec)
                    {
                        await output.WriteLineAsync(WcoXml.Write(CusdecMapping.ToDeclaration(message)));
                    }

                    return EdifactCommand.Ok;
            }
        });
        return command;
    }

    /// <summary>The messages of one type, mapped and written as one JSON array.</summary>
    private static async Task<int> WriteJsonAsync<T>(EdifactDocument document, string type, Func<EdifactMessage, T> map, FileInfo input, TextWriter output, TextWriter error)
    {
        var messages = document.AllMessages().Where(m => m.MessageType == type).ToList();
        if (messages.Count == 0)
        {
            await error.WriteLineAsync($"error: {input}: this conversion needs a {type} message; found {string.Join(", ", document.AllMessages().Select(m => m.MessageType).Distinct())}");
            return EdifactCommand.Invalid;
        }

        await output.WriteLineAsync(JsonSerializer.Serialize(messages.Select(map).ToList(), s_json));
        return EdifactCommand.Ok;
    }

    /// <summary>Status notifications (a JSON array, or one object, as <c>--to notification</c> writes them) as one CUSRES interchange.</summary>
    private static async Task<int> WriteCusresAsync(byte[] data, FileInfo input, TextWriter output, TextWriter error)
    {
        List<StatusNotification>? notifications;
        try
        {
            notifications = EdifactCommand.LooksLikeJson(data)
                ? [JsonSerializer.Deserialize<StatusNotification>(data, s_json)!]
                : JsonSerializer.Deserialize<List<StatusNotification>>(data, s_json);
        }
        catch (JsonException ex)
        {
            await error.WriteLineAsync($"error: {input}: not status notification JSON: {ex.Message}");
            return EdifactCommand.Invalid;
        }

        if (notifications is not { Count: > 0 })
        {
            await error.WriteLineAsync($"error: {input}: no status notification to write.");
            return EdifactCommand.Invalid;
        }

        await output.WriteAsync(Encoding.UTF8.GetString(CusresMapping.WriteCusres(notifications, TimeProvider.System.GetUtcNow())));
        return EdifactCommand.Ok;
    }

    /// <summary>
    /// Reads EDIFACT (all or nothing) or the JSON form. A wrong UNT segment count, common in real-world messages, does not
    /// stop a conversion: it comes back as a warning naming the count, and the tree keeps the UNT as sent
    /// (<c>landsea edifact check</c> still refuses it).
    /// </summary>
    internal static (EdifactDocument? Document, string? Problem, IReadOnlyList<string> Warnings) Load(byte[] data)
    {
        if (EdifactCommand.LooksLikeJson(data))
        {
            var parsed = EdifactJson.Parse(Encoding.UTF8.GetString(data));
            return (parsed.Document, parsed.Error is null ? null : "not the EDIFACT JSON form: " + parsed.Error, []);
        }

        var read = EdifactReader.Read(data, new Landsea.Edifact.Syntax.EdifactReadOptions { TolerateSegmentCount = true });
        return read.Document is not null
            ? (read.Document, null, read.Issues.Where(i => i.Severity == Landsea.Edifact.Validation.IssueSeverity.Warning && i.Code == Landsea.Edifact.Validation.EdifactErrorCodes.ControlCount)
                .Select(i => $"{i.Reason}; converted with the count as sent").ToList())
            : (null, "not converted: " + string.Join("; ", read.Issues.Where(i => i.Severity == Landsea.Edifact.Validation.IssueSeverity.Error).Take(5)), []);
    }
}
