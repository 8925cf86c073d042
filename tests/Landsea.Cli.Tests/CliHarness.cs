using System.CommandLine;
using Landsea.Cli;

namespace Landsea.Cli.Tests;

/// <summary>Runs the real command tree in process, capturing standard output and error.</summary>
internal static class CliHarness
{
    public static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var root = new RootCommand("test");
        foreach (Command c in CommandCatalog.All())
        {
            root.Subcommands.Add(c);
        }

        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await CliRunner.RunAsync(root, args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
