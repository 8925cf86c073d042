using System.CommandLine;

namespace Landsea.Cli;

/// <summary>Exit codes every command follows.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The input was checked and found invalid, or a run was not clean.</summary>
    public const int Invalid = 1;

    /// <summary>Usage or environment error.</summary>
    public const int Usage = 2;
}

/// <summary>What a command throws when the environment is not as it needs (its message is the whole sentence, starting "error:"); exit 2.</summary>
public sealed class CliEnvironmentException(string message) : Exception(message);

/// <summary>Parses and invokes a command tree, mapping parse errors and environment errors to exit code 2.</summary>
public static class CliRunner
{
    public static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        ParseResult parse = root.Parse(args);
        error ??= Console.Error;
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                await error.WriteLineAsync($"error: {e.Message}");
            }

            string path = CommandPath(parse.CommandResult);
            foreach (string token in parse.UnmatchedTokens)
            {
                if (Suggest(token, parse.CommandResult.Command) is { } near)
                {
                    await error.WriteLineAsync($"Did you mean '{path} {near}'?");
                }
            }

            await error.WriteLineAsync($"Run '{path} --help' for usage.");
            return ExitCodes.Usage;
        }

        // Ctrl-C cancels the command's token; the command then has half a minute to stop cleanly (the demo stops four nodes
        // and compares their stores) before the process ends with 130. The library's default, 2 s, cut that short under load.
        var config = new InvocationConfiguration
        {
            Output = output ?? Console.Out, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
        };
        try
        {
            return await parse.InvokeAsync(config);
        }
        catch (Exception ex) when (ex is CliEnvironmentException or System.Data.Common.DbException or IOException or UnauthorizedAccessException)
        {
            // The environment is not as the command needs it (no database, a folder for a file, a refused connection):
            // one sentence, exit 2, never a stack trace.
            await error.WriteLineAsync(ex is CliEnvironmentException ? ex.Message : $"error: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug, not the user's input (which commands check and answer with exit 1): one line naming the failure,
            // exit 2, never a stack trace (Landsea logs identifiers, not payloads; the trace is for a debugger).
            string first = ex.Message.Split('\n', 2)[0].Trim();
            await error.WriteLineAsync($"error: unexpected failure ({ex.GetType().Name}): {first}");
            return ExitCodes.Usage;
        }
    }

    /// <summary>The command line up to the command that was recognised, for example <c>landsea declaration</c>.</summary>
    private static string CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (System.CommandLine.Parsing.SymbolResult? r = result; r is not null; r = r.Parent)
        {
            if (r is System.CommandLine.Parsing.CommandResult c)
            {
                names.Insert(0, c.Command is RootCommand ? "landsea" : c.Command.Name);
            }
        }

        return string.Join(' ', names);
    }

    /// <summary>The subcommand or option of <paramref name="command"/> nearest to a mistyped token (at most two edits, or a unique prefix), or null.</summary>
    internal static string? Suggest(string token, Command command)
    {
        var names = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name)
            .Concat(command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)))
            .Distinct(StringComparer.Ordinal).ToList();
        var prefixed = names.Where(n => n.StartsWith(token, StringComparison.OrdinalIgnoreCase) && token.Length >= 3).ToList();
        if (prefixed.Count == 1)
        {
            return prefixed[0];
        }

        return names.Select(n => (Name: n, Distance: Distance(token.ToLowerInvariant(), n.ToLowerInvariant())))
            .Where(x => x.Distance <= Math.Min(2, Math.Max(1, token.Length / 3)))
            .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal)
            .Select(x => x.Name).FirstOrDefault();
    }

    /// <summary>Edits between two names (insert, delete, replace, or swap two neighbours: "lodeg" is one edit from "lodge").</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
