using System.CommandLine;
using System.Text;
using Landsea.Edifact;
using Landsea.Edifact.Json;
using Landsea.Declarations.Edifact;
using Landsea.Edifact.Model;

namespace Landsea.Cli.Commands.Edifact;

/// <summary>
/// "landsea edifact convert FILE --to json|wco-xml|edifact": EDIFACT to its lossless JSON segment tree, JSON back to
/// EDIFACT, and CUSDEC to a WCO declaration (XML). Nothing is written when the input is invalid (exit code 1).
/// </summary>
internal static class EdifactConvert
{
    public static Command Create()
    {
        var to = new Option<string>("--to") { Description = "Target: json, wco-xml or edifact.", Required = true };
        to.AcceptOnlyFromAmong("json", "wco-xml", "edifact");
        var file = new Argument<FileInfo>("FILE") { Description = "EDIFACT file, or the JSON form for --to edifact." };
        var command = new Command("convert", "Convert EDIFACT to JSON or WCO XML, or the JSON form back to EDIFACT.");
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
