using System.CommandLine;

namespace Landsea.Cli.Commands.Risk;

/// <summary><c>landsea risk</c>: train, evaluate and apply the inspection risk model (issue 4).</summary>
public static class RiskCommand
{
    public static Command Create()
    {
        var risk = new Command("risk", "Smart inspection: train, evaluate and apply the risk model; replay selection week by week; retrain, promote and roll back the node's model.");
        risk.Subcommands.Add(EvaluateCommand.Create());
        risk.Subcommands.Add(TrainCommand.Create());
        risk.Subcommands.Add(ScoreCommand.Create());
        risk.Subcommands.Add(SimulateCommand.Create());
        risk.Subcommands.Add(RegistryCommands.Retrain());
        risk.Subcommands.Add(RegistryCommands.Models());
        risk.Subcommands.Add(RegistryCommands.Promote());
        risk.Subcommands.Add(RegistryCommands.RollBack());
        return risk;
    }
}
