using System.CommandLine;
using System.Data.Common;
using System.Text.Json;
using Landsea.Data;
using Landsea.Data.Statistics;
using Landsea.Offices;

namespace Landsea.Cli.Commands.Statistics;

/// <summary>"landsea stats rebuild --db DB [--node CODE] [--json]": rewrites trade_lines from every stored declaration (ADR 0402).</summary>
public static class StatsRebuild
{
    /// <summary>The "--node" option of the statistics commands: whose currency the figures are kept in.</summary>
    internal static Option<string> NodeOption() => new("--node")
    {
        Description = "The node whose database this is (its country's currency is the statistics currency): CNCQI, CNNNG, CNKMG, SGSIN, LAVTE.",
        DefaultValueFactory = _ => "CNCQI",
    };

    public static Command Create()
    {
        var db = DatabaseOption.Create();
        var node = NodeOption();
        var json = new Option<bool>("--json") { Description = "Write the result as JSON on stdout." };
        var command = new Command("rebuild", """
            Rewrite the statistical lines (table trade_lines) of every declaration stored in the database: for declarations
            stored before migration 0016, or after a change of the mapping. Each page of 1000 declarations is one transaction;
            running it again gives the same lines.

            Examples:
              landsea stats rebuild --db landsea.db
              landsea stats rebuild --db "Host=127.0.0.1;Username=landsea;Password=landsea;Database=landsea" --json
            """);
        command.Options.Add(db);
        command.Options.Add(node);
        command.Options.Add(json);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter output = r.InvocationConfiguration.Output;
            TextWriter error = r.InvocationConfiguration.Error;
            string target = r.GetValue(db)!;
            if (DatabaseOption.Missing(target) is { } missing)
            {
                await error.WriteLineAsync(missing);
                return ExitCodes.Usage;
            }

            if (Corridor.FindNode(r.GetValue(node)!) is not { } customsNode)
            {
                await error.WriteLineAsync($"error: --node '{r.GetValue(node)}' is not one of {string.Join(", ", Corridor.Nodes.Select(n => n.Code))}.");
                return ExitCodes.Usage;
            }

            NodeDatabase database = NodeDatabase.FromArgument(target);
            try
            {
                await database.MigrateAsync(ct);
                (long declarations, long lines) = await TradeLineStore.RebuildAsync(database, customsNode, TimeProvider.System, ct);
                await (r.GetValue(json)
                    ? output.WriteLineAsync(JsonSerializer.Serialize(new { declarations, lines, database = database.Display }))
                    : output.WriteLineAsync($"rebuilt {lines} trade lines from {declarations} declarations in {database.Display}"));
                return ExitCodes.Ok;
            }
            catch (DbException ex)
            {
                await error.WriteLineAsync($"error: cannot rebuild in {database.Display}: {ex.Message}");
                return ExitCodes.Usage;
            }
        });
        return command;
    }
}
