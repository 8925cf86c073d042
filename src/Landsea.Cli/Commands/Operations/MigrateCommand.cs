using System.CommandLine;
using System.Text.Json;
using Landsea.Data;
using Landsea.Data.Operations;
using Landsea.Shared;

namespace Landsea.Cli.Commands.Operations;

/// <summary>"landsea migrate --db DB [--dry-run] [--json]": the pending schema migrations of both owners, shown and applied (issue 16 item 8).</summary>
public static class MigrateCommand
{
    public static Command Create()
    {
        var db = DatabaseOption.Create();
        var dryRun = new Option<bool>("--dry-run") { Description = "Only show the pending migrations; change nothing." };
        var json = new Option<bool>("--json") { Description = "Write the pending (and applied) migrations as JSON on stdout." };
        var command = new Command("migrate", "Show the schema migrations a node database has not run (the node's data, schema_version; the exchange, exchange_schema_version) and apply them in one transaction, as the node does at start. Run it before starting an upgraded node to see what changes.\n\nExample: landsea migrate --db landsea.db --dry-run") { db, dryRun, json };
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter output = r.InvocationConfiguration.Output;
            TextWriter error = r.InvocationConfiguration.Error;
            if (DatabaseOption.Missing(r.GetValue(db)!) is { } missing)
            {
                await error.WriteLineAsync(missing);
                return ExitCodes.Usage;
            }

            NodeDatabase database = NodeDatabase.FromArgument(r.GetValue(db)!);
            Result<IReadOnlyList<PendingMigration>> pending = await NodeMigrations.PendingAsync(database, ct);
            if (!pending.IsValid)
            {
                await error.WriteLineAsync($"error: {pending.Failure!.Reason} [{pending.Failure.Code}] (nothing changed)");
                return ExitCodes.Usage;
            }

            IReadOnlyList<string> applied = r.GetValue(dryRun) || pending.Value.Count == 0 ? [] : await NodeMigrations.ApplyAsync(database, ct: ct);
            if (r.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    database = database.Display,
                    dryRun = r.GetValue(dryRun),
                    pending = pending.Value.Select(p => new { owner = p.Owner, version = p.Version, name = p.Name, adopted = p.Adopted }),
                    applied,
                }));
            }
            else
            {
                foreach (PendingMigration p in pending.Value)
                {
                    await output.WriteLineAsync($"{p.Owner}/{p.Name}{(p.Adopted ? " (already in place: recorded, not run)" : "")}");
                }
            }

            await error.WriteLineAsync(pending.Value.Count == 0
                ? $"{database.Display}: up to date, nothing to migrate."
                : r.GetValue(dryRun)
                    ? $"{database.Display}: {pending.Value.Count} pending migration(s); nothing changed (--dry-run)."
                    : $"{database.Display}: {pending.Value.Count} migration(s) applied.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
