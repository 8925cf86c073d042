using System.CommandLine;

namespace Landsea.Cli.Commands.Edifact;

/// <summary>"landsea edifact": check and convert UN/EDIFACT customs messages (CUSDEC, CUSCAR, CUSRES, CUSREP, CONTRL).</summary>
public static class EdifactCommand
{
    /// <summary>Exit codes (the same as every Landsea command): 0 ok, 1 input invalid, 2 usage or environment error.</summary>
    internal const int Ok = 0;
    internal const int Invalid = 1;
    internal const int Usage = 2;

    public static Command Create()
    {
        var command = new Command("edifact", "Check and convert UN/EDIFACT customs messages (directories D96B, D01B, D21A).");
        command.Subcommands.Add(EdifactCheck.Create());
        command.Subcommands.Add(EdifactConvert.Create());
        return command;
    }

    /// <summary>Reads a file, or returns null and writes why (exit code 2).</summary>
    internal static async Task<byte[]?> ReadFileAsync(FileInfo file, TextWriter error, CancellationToken ct)
    {
        try
        {
            return await File.ReadAllBytesAsync(file.FullName, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"error: cannot read {file.FullName}: {ex.Message}");
            return null;
        }
    }

    /// <summary>True when the bytes look like the JSON form (first non-blank character '{').</summary>
    internal static bool LooksLikeJson(ReadOnlySpan<byte> data)
    {
        ReadOnlySpan<byte> trimmed = data;
        if (trimmed.StartsWith("\uFEFF"u8))
        {
            trimmed = trimmed[3..];
        }

        trimmed = trimmed.TrimStart(" \t\r\n"u8);
        return !trimmed.IsEmpty && trimmed[0] == (byte)'{';
    }
}
