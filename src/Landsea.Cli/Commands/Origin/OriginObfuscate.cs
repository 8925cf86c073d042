using System.CommandLine;
using Landsea.Origin;

namespace Landsea.Cli.Commands.Origin;

/// <summary>"landsea origin obfuscate FILE --field PATH [--out FILE]": selective disclosure of an OA v2 document; the target hash stays valid.</summary>
internal static class OriginObfuscate
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The wrapped OpenAttestation v2 document." };
        var field = new Option<string[]>("--field") { Description = "Flattened path in data to hide (e.g. recipient.name); repeatable.", Required = true, AllowMultipleArgumentsPerToken = false };
        var output = new Option<FileInfo?>("--out") { Description = "Write the document here instead of stdout." };
        var command = new Command("obfuscate", "Hide fields of an OpenAttestation v2 document; their hashes move to privacy.obfuscatedData and the document still verifies.\n\nExample: landsea origin obfuscate certificate.json --field recipient.name --out shared.json") { file, field, output };
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter error = r.InvocationConfiguration.Error;
            FileInfo f = r.GetValue(file)!;
            string text;
            try
            {
                text = await File.ReadAllTextAsync(f.FullName, ct);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"error: cannot read {f.FullName}: {ex.Message}");
                return ExitCodes.Usage;
            }

            foreach (string path in r.GetValue(field) ?? [])
            {
                var result = OpenAttestationObfuscation.ObfuscateV2(text, path);
                if (!result.IsValid)
                {
                    await error.WriteLineAsync($"error: {f}: {result.Failure!.Code} {result.Failure.Reason}");
                    return result.Failure.Code == OriginErrorCodes.FieldNotFound ? ExitCodes.Invalid : ExitCodes.Usage;
                }

                text = result.Value;
            }

            if (r.GetValue(output) is { } o)
            {
                await File.WriteAllTextAsync(o.FullName, text, ct);
            }
            else
            {
                await r.InvocationConfiguration.Output.WriteLineAsync(text);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
