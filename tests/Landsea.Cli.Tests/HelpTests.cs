using System.CommandLine;
using Landsea.Cli;

namespace Landsea.Cli.Tests;

/// <summary>Issue 15, item 12: every command a user runs shows an example in its --help, as git and gh do.</summary>
public class HelpTests
{
    private static IEnumerable<(string Path, Command Command)> Leaves(Command command, string path)
    {
        if (command.Subcommands.Count == 0)
        {
            yield return (path, command);
        }

        foreach (Command sub in command.Subcommands)
        {
            foreach ((string, Command) leaf in Leaves(sub, path + " " + sub.Name))
            {
                yield return leaf;
            }
        }
    }

    [Fact]
    public void EveryCommand_HelpHasAnExampleOfItself()
    {
        var missing = new List<string>();
        foreach (Command top in CommandCatalog.All())
        {
            foreach ((string path, Command command) in Leaves(top, "landsea " + top.Name))
            {
                bool shown = command.Description is { } d && (d.Contains("Example: " + path, StringComparison.Ordinal)
                    || (d.Contains("Examples:", StringComparison.Ordinal) && d.Contains("  " + path + " ", StringComparison.Ordinal)));
                if (!shown)
                {
                    missing.Add(path);
                }
            }
        }

        Assert.True(missing.Count == 0, "no 'Example: <the command>' (or an Examples: list naming it) in the help of: " + string.Join(", ", missing));
    }

    /// <summary>Issue 15, item 12: every command that lists or shows what a node holds can write it as JSON for scripts.</summary>
    [Fact]
    public void EveryListOrShowCommand_TakesJson()
    {
        string[] reads = ["list", "show", "status", "history", "models", "routes", "report", "trade", "match", "balance", "outcomes", "rules"];
        var missing = new List<string>();
        foreach (Command top in CommandCatalog.All())
        {
            foreach ((string path, Command command) in Leaves(top, "landsea " + top.Name))
            {
                if (reads.Contains(command.Name) && !command.Options.Any(o => o.Name == "--json"))
                {
                    missing.Add(path);
                }
            }
        }

        Assert.True(missing.Count == 0, "no --json on: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task ListCommands_WithJson_WriteOnlyJson()
    {
        string dir = Path.Combine(Path.GetTempPath(), "landsea-tests", $"json-{Guid.NewGuid():N}");
        using (var identity = Landsea.Exchange.Signing.NodeIdentity.Create("CNCQI", "Chongqing Customs", TimeProvider.System))
        {
            identity.Save(Path.Combine(dir, "node"));
        }

        string db = Path.Combine(dir, "landsea.db");
        try
        {
            foreach (string[] args in new[] { new[] { "partner", "list" }, ["dead-letter", "list"], ["risk", "models"], ["agreement", "show", "--partner", "SGSIN"] })
            {
                (int exit, string output, string error) = await CliHarness.Run([.. args, "--db", db, "--json"]);
                Assert.True(exit == 0, $"{string.Join(' ', args)}: exit {exit}, {error}");
                Assert.Equal(System.Text.Json.JsonValueKind.Array, System.Text.Json.JsonDocument.Parse(output).RootElement.ValueKind);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Help_PrintsTheExample()
    {
        (int exit, string output, _) = await CliHarness.Run("partner", "list", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("Example: landsea partner list --db landsea.db", output, StringComparison.Ordinal);
    }
}
