using System.CommandLine;

namespace Landsea.Cli.Commands.Origin;

/// <summary>"landsea origin": certificates of origin as OpenAttestation documents anyone can verify.</summary>
public static class OriginCommand
{
    public static Command Create()
    {
        var command = new Command("origin", "Certificates of origin as OpenAttestation (v2/v3) verifiable documents.");
        command.Subcommands.Add(OriginVerify.Create());
        command.Subcommands.Add(OriginObfuscate.Create());
        command.Subcommands.Add(OriginIssue.Create());
        command.Subcommands.Add(OriginRevoke.Create());
        command.Subcommands.Add(OriginRevocations.Create());
        return command;
    }
}
