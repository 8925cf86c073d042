using System.CommandLine;
using System.Globalization;
using Landsea.Data;
using Landsea.Data.Risk;
using Landsea.Risk;
using Landsea.Risk.Node;
using Landsea.Shared;

namespace Landsea.Cli.Commands.Risk;

/// <summary>
/// The node's model registry from the command line: <c>landsea risk retrain|models|promote|rollback --db DB</c>.
/// They work on the node's database directly (SQLite file or PostgreSQL connection string); a running node picks up a
/// promotion or roll-back on its next declaration.
/// </summary>
internal static class RegistryCommands
{
    private static Option<string> Db() => DatabaseOption.Create();

    private static Option<string> Actor() => new("--actor") { Description = "Who does it, recorded in the registry.", DefaultValueFactory = _ => Environment.UserName };

    private static async Task<RiskStore> OpenAsync(string db, CancellationToken ct)
    {
        if (DatabaseOption.Folder(db) is { } missing)
        {
            throw new CliEnvironmentException(missing);
        }

        NodeDatabase database = NodeDatabase.FromArgument(db);
        await database.MigrateAsync(ct);
        return new RiskStore(database);
    }

    public static Command Retrain()
    {
        Option<string> db = Db();
        Option<string> actor = Actor();
        var seed = new Option<int>("--seed") { Description = "Random seed of the learner.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "Threads the learner may use.", DefaultValueFactory = _ => 2 };
        var promote = new Option<bool>("--promote") { Description = "Promote the new model at once." };
        var command = new Command("retrain", "Train a model from the node's controlled declarations and their outcomes (local and from partners) and add it to the registry.\n\nExample: landsea risk retrain --db landsea.db --promote");
        command.Options.Add(db);
        command.Options.Add(actor);
        command.Options.Add(seed);
        command.Options.Add(threads);
        command.Options.Add(promote);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter stdout = r.InvocationConfiguration.Output;
            TextWriter error = r.InvocationConfiguration.Error;
            RiskStore store = await OpenAsync(r.GetValue(db)!, ct);
            IReadOnlyList<LabelledCase> cases = await store.TrainingCasesAsync(ct);
            await error.WriteLineAsync($"retrain: {cases.Count} controlled goods items, {cases.Count(c => c.Found)} with an irregularity");
            IProgress<string> progress = RiskInput.Progress(error, "retrain");
            Result<TrainedModel> trained = await Task.Run(() => new NodeModelEngine().Train(cases, r.GetValue(seed), Math.Max(1, r.GetValue(threads)), TimeProvider.System, progress), ct);
            if (!trained.IsValid)
            {
                await error.WriteLineAsync($"error: {trained.Failure!.Reason} [{trained.Failure.Code}]");
                return ExitCodes.Invalid;
            }

            string who = r.GetValue(actor)!;
            await store.AddModelAsync(trained.Value, DateTimeOffset.UtcNow, who, ct);
            await stdout.WriteLineAsync($"model {trained.Value.ModelId} added to the registry ({trained.Value.Cases} cases)");
            if (r.GetValue(promote))
            {
                await store.PromoteAsync(trained.Value.ModelId, DateTimeOffset.UtcNow, who, ct);
                await stdout.WriteLineAsync($"model {trained.Value.ModelId} promoted");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Models()
    {
        Option<string> db = Db();
        var json = new Option<bool>("--json") { Description = "Write the models as JSON on stdout." };
        var command = new Command("models", "List the registry: each model's cases and creation, and which one is promoted.\n\nExample: landsea risk models --db landsea.db --json");
        command.Options.Add(db);
        command.Options.Add(json);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter stdout = r.InvocationConfiguration.Output;
            RiskStore store = await OpenAsync(r.GetValue(db)!, ct);
            IReadOnlyList<ModelEntry> models = await store.ModelsAsync(ct);
            if (r.GetValue(json))
            {
                await stdout.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(models, System.Text.Json.JsonSerializerOptions.Web));
                return ExitCodes.Ok;
            }

            if (models.Count == 0)
            {
                await stdout.WriteLineAsync("no models: the node scores with rules only");
            }

            foreach (ModelEntry m in models)
            {
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{(m.Promoted ? "*" : " ")} {m.ModelId}  {m.CreatedAt:yyyy-MM-dd HH:mm}Z  by {m.CreatedBy}  {m.Cases} cases, {m.Irregular} irregular"));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Promote()
    {
        Option<string> db = Db();
        Option<string> actor = Actor();
        var id = new Argument<string>("model") { Description = "Model id from the registry." };
        var command = new Command("promote", "Score new declarations with this model.\n\nExample: landsea risk promote --db landsea.db 4f9c2a7d1e0b8c35 (an id from 'landsea risk models')");
        command.Options.Add(db);
        command.Options.Add(actor);
        command.Arguments.Add(id);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            RiskStore store = await OpenAsync(r.GetValue(db)!, ct);
            string model = r.GetValue(id)!;
            if (!await store.PromoteAsync(model, DateTimeOffset.UtcNow, r.GetValue(actor)!, ct))
            {
                await r.InvocationConfiguration.Error.WriteLineAsync($"error: no model '{model}' in the registry");
                return ExitCodes.Invalid;
            }

            await r.InvocationConfiguration.Output.WriteLineAsync($"model {model} promoted");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command RollBack()
    {
        Option<string> db = Db();
        Option<string> actor = Actor();
        var command = new Command("rollback", "Return to the model promoted before the current one (or to rules only).\n\nExample: landsea risk rollback --db landsea.db");
        command.Options.Add(db);
        command.Options.Add(actor);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            RiskStore store = await OpenAsync(r.GetValue(db)!, ct);
            (bool rolledBack, string? current) = await store.RollBackAsync(DateTimeOffset.UtcNow, r.GetValue(actor)!, ct);
            if (!rolledBack)
            {
                await r.InvocationConfiguration.Error.WriteLineAsync("error: no model is promoted; the node already scores with rules only");
                return ExitCodes.Invalid;
            }

            await r.InvocationConfiguration.Output.WriteLineAsync(current is null ? "rolled back: rules only" : $"rolled back: model {current} promoted");
            return ExitCodes.Ok;
        });
        return command;
    }
}
