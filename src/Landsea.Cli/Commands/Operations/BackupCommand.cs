using System.CommandLine;
using System.Text.Json;
using Landsea.Data;
using Landsea.Data.Access;
using Landsea.Data.Operations;
using Landsea.Shared;

namespace Landsea.Cli.Commands.Operations;

/// <summary>"landsea backup --db DB --to FILE [--json]" and "landsea restore --from FILE --db DB [--force] [--json]" (issue 16 item 7).</summary>
public static class BackupCommand
{
    public static Command Create()
    {
        var db = DatabaseOption.Create();
        var to = new Option<string>("--to") { Description = "The backup file to write; it must not exist.", Required = true };
        var json = new Option<bool>("--json") { Description = "Write the report (file, bytes, schema versions) as JSON on stdout." };
        var command = new Command("backup", "Back up a SQLite node database to one file with SQLite's online backup: a consistent snapshot, safe while the node runs. Back up the node's identity folder (DIR/node: its private key) separately. A PostgreSQL database is backed up with pg_dump (the command says how, exit 2).\n\nExample: landsea backup --db /var/lib/landsea/landsea.db --to /var/backups/landsea-2026-12-02.db") { db, to, json };
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            NodeDatabase database = NodeDatabase.FromArgument(r.GetValue(db)!);
            Result<BackupReport> done = await NodeBackup.BackupAsync(database, r.GetValue(to)!, ct);
            return await Report(r, json, done, "backed up");
        });
        return command;
    }

    public static Command CreateRestore()
    {
        var db = DatabaseOption.Create();
        var from = new Option<string>("--from") { Description = "The backup file (written by landsea backup).", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace an existing database (stop the node first)." };
        var json = new Option<bool>("--json") { Description = "Write the report (file, bytes, schema versions) as JSON on stdout." };
        var command = new Command("restore", "Restore a SQLite node database from a backup: checks the file is a Landsea database with a schema this landsea knows, refuses to replace an existing database without --force. Stop the node first; pending migrations run at its next start (or landsea migrate). PostgreSQL: pg_restore (the command says how, exit 2).\n\nExample: landsea restore --from /var/backups/landsea-2026-12-02.db --db /var/lib/landsea/landsea.db --force") { db, from, force, json };
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            if (DatabaseOption.Folder(r.GetValue(db)!) is { } folder)
            {
                await r.InvocationConfiguration.Error.WriteLineAsync(folder);
                return ExitCodes.Usage;
            }

            Result<BackupReport> done = await NodeBackup.RestoreAsync(r.GetValue(from)!, NodeDatabase.FromArgument(r.GetValue(db)!), r.GetValue(force), ct);
            return await Report(r, json, done, "restored");
        });
        return command;
    }

    private static async Task<int> Report(ParseResult r, Option<bool> json, Result<BackupReport> done, string verb)
    {
        TextWriter error = r.InvocationConfiguration.Error;
        if (!done.IsValid)
        {
            await error.WriteLineAsync($"error: {done.Failure!.Reason} [{done.Failure.Code}] (nothing changed)");
            // A file that is not a backup, or a schema this binary cannot read, is bad input; the rest is the environment.
            return done.Failure.Code is AccountErrorCodes.NotALandseaDatabase ? ExitCodes.Invalid : ExitCodes.Usage;
        }

        BackupReport b = done.Value;
        if (r.GetValue(json))
        {
            await r.InvocationConfiguration.Output.WriteLineAsync(JsonSerializer.Serialize(new { file = b.File, bytes = b.Bytes, schema = new { data = b.Schema.Data, exchange = b.Schema.Exchange } }));
        }

        await error.WriteLineAsync($"{verb}: {b.File} ({b.Bytes} bytes, schema data {b.Schema.Data}, exchange {b.Schema.Exchange}).");
        return ExitCodes.Ok;
    }
}
