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

/// <summary>Parses and invokes a command tree, mapping parse errors to exit code 2.</summary>
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

            await error.WriteLineAsync("Run 'landsea --help' (or the command with --help) for usage.");
            return ExitCodes.Usage;
        }

        var config = new InvocationConfiguration { Output = output ?? Console.Out, Error = error };
        return await parse.InvokeAsync(config);
    }
}
