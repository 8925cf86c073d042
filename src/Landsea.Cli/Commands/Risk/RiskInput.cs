using Landsea.Risk;
using Landsea.Risk.Declarations;
using Landsea.Shared;

namespace Landsea.Cli.Commands.Risk;

/// <summary>Loads input files for the risk commands and maps failures to exit codes and one-line messages.</summary>
internal static class RiskInput
{
    /// <summary>
    /// Reads a labelled file; null after writing the reason to <paramref name="error"/> (exit code in
    /// <paramref name="exitCode"/>). Warnings (such as <see cref="RiskErrors.CsvHsPadded"/>) go to
    /// <paramref name="error"/> and, when given, into <paramref name="warnings"/> for the command's JSON output.
    /// </summary>
    public static IReadOnlyList<LabelledCase>? Labelled(FileInfo file, TextWriter error, out int exitCode, out string hsColumn, ICollection<Failure>? warnings = null)
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
        Warn(table.Value, error, warnings);
        hsColumn = table.Value.HsColumn;
        DeclarationCsv.Table t = table.Value;
        return [.. t.Rows.Select((d, i) => new LabelledCase(d, t.Labels[i]!.Value))];
    }

    /// <summary>Writes a file's warnings to standard error as <c>warning: REASON [CODE]</c> and adds them to <paramref name="warnings"/>.</summary>
    public static void Warn(DeclarationCsv.Table table, TextWriter error, ICollection<Failure>? warnings)
    {
        foreach (Failure w in table.Warnings)
        {
            error.WriteLine($"warning: {w.Reason} [{w.Code}]");
            warnings?.Add(w);
        }
    }

    /// <summary>Writes warnings as the JSON property <c>"warnings": [{"code", "reason"}, ...]</c> (left out when there are none).</summary>
    public static void WriteWarnings(System.Text.Json.Utf8JsonWriter w, IReadOnlyCollection<Failure> warnings)
    {
        if (warnings.Count == 0)
        {
            return;
        }

        w.WriteStartArray("warnings");
        foreach (Failure f in warnings)
        {
            w.WriteStartObject();
            w.WriteString("code", f.Code);
            w.WriteString("reason", f.Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
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
