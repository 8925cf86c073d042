using System.CommandLine;

namespace Landsea.Cli;

/// <summary>The top-level commands, one per capability, in the order help lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return Commands.ServeCommand.Create();
        yield return Commands.Declarations.DeclarationCommand.Create();
        yield return Commands.Transit.TransitCommand.Create();
        yield return Commands.Node.NodeCommand.Create();
        yield return Commands.Partner.PartnerCommand.Create();
        yield return Commands.Partner.AgreementCommand.Create();
        yield return Commands.Partner.DeadLetterCommand.Create();
        yield return Commands.Inbox.InboxCommand.Create();
        yield return Commands.Audit.AuditCommand.Create();
        yield return Commands.Account.AccountCommand.Create();
        yield return Commands.Operations.BackupCommand.Create();
        yield return Commands.Operations.BackupCommand.CreateRestore();
        yield return Commands.Operations.MigrateCommand.Create();
        yield return Commands.Demo.DemoCommand.Create();
        yield return Commands.Edifact.EdifactCommand.Create();
        yield return Commands.Risk.RiskCommand.Create();
        yield return Commands.Tariffs.TariffCommand.Create();
        yield return Commands.Statistics.StatsCommand.Create();
        yield return Commands.Measures.MeasuresCommand.Create();
        yield return Commands.CorridorSupervision.EventsCommand.CreateCorridor();
        yield return Commands.CorridorSupervision.EventsCommand.Create();
        Command origin = Commands.Origin.OriginCommand.Create();
        origin.Subcommands.Add(Commands.Tariffs.OriginCheckCommand.Create()); // origin check: rules of origin (Tariffs), beside verify|obfuscate
        yield return origin;
        yield return Commands.Scans.ScanCommand.Create();
        yield return Commands.Bench.BenchCommand.Create();
    }
}
