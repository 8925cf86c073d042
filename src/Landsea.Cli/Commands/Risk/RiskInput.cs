using Landsea.Risk;
using Landsea.Risk.Declarations;
using Landsea.Shared;

namespace Landsea.Cli.Commands.Risk;

/// <summary>Loads input files for the risk commands and maps failures to exit codes and one-line messages.</summary>
internal static class RiskInput
{
    /// <summary>Reads a labelled file; null after writing the reason to <paramref name="error"/> (exit code in <paramref name="exitCode"/>).</summary>
    public static IReadOnlyList<LabelledCase>? Labelled(FileInfo file, TextWriter error, out int exitCode, out string hsColumn)
    {
        hsColumn = "";
        if (!file.Exists)
        {
            error.WriteLine($"error: {file.FullName}: file not found");
            exitCode = ExitCodes.Usage;
            return null;
        }

        Result<DeclarationCsv.Table> table = DeclarationCsv.ReadTable(file.FullName, requireLabel: true);
        if (!table.IsValid)
        {
            error.WriteLine($"error: {table.Failure!.Reason} [{table.Failure.Code}]");
            exitCode = ExitCodes.Invalid;
            return null;
        }

        exitCode = ExitCodes.Ok;
        hsColumn = table.Value.HsColumn;
        DeclarationCsv.Table t = table.Value;
        return [.. t.Rows.Select((d, i) => new LabelledCase(d, t.Labels[i]!.Value))];
    }

    /// <summary>A progress sink that writes each step to stderr, prefixed by the command name.</summary>
    public static IProgress<string> Progress(TextWriter error, string command) =>
        new ImmediateProgress(message => error.WriteLine($"{command}: {message}"));

    // Progress<T> posts to the thread pool; progress lines must appear in order and before the result.
    private sealed class ImmediateProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
