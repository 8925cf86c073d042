using System.CommandLine;
using Landsea.Cli;

// The one command-line entry. Each capability contributes one top-level command (Commands/<Capability>/).
var root = new RootCommand("Landsea: customs node for the New International Land-Sea Trade Corridor.");
foreach (Command command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

return await CliRunner.RunAsync(root, args);
