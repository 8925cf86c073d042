using System.CommandLine;
using System.Text.Json;
using Landsea.Origin;

namespace Landsea.Cli.Commands.Origin;

/// <summary>
/// "landsea origin verify FILE [--json]": checks an OpenAttestation v2 or v3 wrapped document offline. Exit 0 valid,
/// 1 not valid (integrity broken or a check failed), 2 unreadable file, not JSON, or not an OpenAttestation document.
/// </summary>
internal static class OriginVerify
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Write the result as one JSON object on stdout." };
        var file = new Argument<FileInfo>("FILE") { Description = "The wrapped OpenAttestation document (JSON)." };
        var command = new Command("verify", "Verify an OpenAttestation v2/v3 document offline: field hashes, target hash, merkle proof; Ethereum and DNS checks are reported as skipped.\n\nExamples:\n  landsea origin verify certificate.json\n  landsea origin verify --json vectors/openattestation/v3/did-wrapped.json")
        {
            json,
            file,
        };
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter output = r.InvocationConfiguration.Output;
            TextWriter error = r.InvocationConfiguration.Error;
            FileInfo f = r.GetValue(file)!;
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(f.FullName, ct);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"error: cannot read {f.FullName}: {ex.Message}");
                return ExitCodes.Usage;
            }

            var result = OpenAttestationVerifier.Verify(bytes);
            if (!result.IsValid)
            {
                await error.WriteLineAsync($"error: {f}: {result.Failure!.Code} {result.Failure.Reason}");
                return ExitCodes.Usage;
            }

            OriginVerification v = result.Value;
            if (r.GetValue(json))
            {
                await output.WriteLineAsync(ToJson(f.ToString(), v));
            }
            else
            {
                await output.WriteLineAsync($"{f}: {(v.Valid ? "valid" : "NOT VALID")} (OpenAttestation {v.Version}; integrity {Name(v.Integrity)}, signature {Name(v.Signature)}, issuer {v.Issuer ?? "(none)"})");
                foreach (string reason in v.Reasons)
                {
                    await output.WriteLineAsync("  " + reason);
                }
            }

            return v.Valid ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        return command;
    }

    /// <summary>The verify JSON: file, integrity, targetHash, merkleRoot, signature, issuer, revoked, valid, reasons.</summary>
    internal static string ToJson(string file, OriginVerification v) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["file"] = file,
        ["integrity"] = Name(v.Integrity),
        ["targetHash"] = v.TargetHash,
        ["merkleRoot"] = v.MerkleRoot,
        ["signature"] = Name(v.Signature),
        ["issuer"] = v.Issuer,
        ["revoked"] = v.Revoked,
        ["valid"] = v.Valid,
        ["reasons"] = v.Reasons,
    }, s_json);

    internal static string Name(CheckOutcome o) => o switch
    {
        CheckOutcome.Valid => "valid",
        CheckOutcome.Invalid => "invalid",
        _ => "skipped",
    };
}
