using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Landsea.Data;
using Landsea.Data.Measures;
using Landsea.Measures;
using Landsea.Shared;

namespace Landsea.Cli.Commands.Measures;

/// <summary>"landsea measures": the register of WTO TBT/SPS notifications (issue 14 part A, docs/measures.md).</summary>
public static class MeasuresCommand
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var command = new Command("measures", "TBT/SPS measures: load WTO notifications into the register, match a product and market.");
        command.Subcommands.Add(CreateLoad());
        command.Subcommands.Add(CreateMatch());
        return command;
    }

    /// <summary>"landsea measures load FILE --db DB [--json]": all notifications or none; exit 1 listing every bad field with its line.</summary>
    private static Command CreateLoad()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A notifications file: JSON {\"formatVersion\": 1, \"notifications\": [...]} or CSV with the header of docs/measures.md." };
        var db = DatabaseOption.Create();
        var json = new Option<bool>("--json") { Description = "Write the result as JSON on stdout." };
        var command = new Command("load", """
            Load WTO TBT/SPS notifications into the node's register (table measure_notifications). A symbol already stored is
            replaced when a field differs (a change: subscribed traders are alerted) and left alone otherwise. A file with any
            bad field is refused as a whole (exit 1, every error listed with its line or JSON Pointer and field).

            Examples:
              landsea measures load data/measures/asean-sample.json --db landsea.db
              landsea measures load notifications.csv --db landsea.db --json
            """);
        command.Arguments.Add(file);
        command.Options.Add(db);
        command.Options.Add(json);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter output = r.InvocationConfiguration.Output;
            TextWriter error = r.InvocationConfiguration.Error;
            FileInfo input = r.GetValue(file)!;
            string target = r.GetValue(db)!;
            bool asJson = r.GetValue(json);
            if (!input.Exists)
            {
                await error.WriteLineAsync($"error: no file at {input.FullName}.");
                return ExitCodes.Usage;
            }

            if (DatabaseOption.Folder(target) is { } folder)
            {
                await error.WriteLineAsync(folder);
                return ExitCodes.Usage;
            }

            NotificationFileRead read = NotificationFile.Parse(await File.ReadAllTextAsync(input.FullName, ct));
            if (!read.IsValid)
            {
                foreach (FileError e in read.Errors)
                {
                    await error.WriteLineAsync($"error: {input.Name}: {e}");
                }

                await error.WriteLineAsync($"error: {read.Errors.Count} error(s); nothing loaded.");
                if (asJson)
                {
                    await output.WriteLineAsync(JsonSerializer.Serialize(new { loaded = 0, file = input.Name, errors = read.Errors.Select(View) }, Json));
                }

                return ExitCodes.Invalid;
            }

            NodeDatabase node = NodeDatabase.FromArgument(target);
            try
            {
                await node.MigrateAsync(ct);
                // CSV lines or JSON positions, for the warnings.
                var batch = read.Notifications.Select((n, i) => (Where: $"notification {i + 1} ({n.Symbol.Text})", Notification: n)).ToList();
                (LoadSummary s, IReadOnlyList<FileError> warnings) = await new MeasureStore(node, TimeProvider.System).StoreAsync(batch, $"cli:{input.Name}", ct);
                foreach (FileError w in warnings)
                {
                    await error.WriteLineAsync($"warning: {w.Reason} [{w.Code}]");
                }

                if (asJson)
                {
                    await output.WriteLineAsync(JsonSerializer.Serialize(new
                    {
                        loaded = read.Notifications.Count, added = s.Added, changed = s.Changed, unchanged = s.Unchanged, alerts = s.Alerts,
                        sample = read.Notifications.All(n => n.Sample), file = input.Name, database = node.Display, warnings = warnings.Select(View),
                    }, Json));
                }
                else
                {
                    await output.WriteLineAsync($"loaded {read.Notifications.Count} notifications from {input.Name} into {node.Display}: {s.Added} new, {s.Changed} changed, {s.Unchanged} unchanged; {s.Alerts} alert(s) raised{(read.Notifications.All(n => n.Sample) ? " (a SAMPLE file)" : "")}");
                }

                return ExitCodes.Ok;
            }
            catch (DbException ex)
            {
                await error.WriteLineAsync($"error: cannot write to {node.Display}: {ex.Message} (nothing loaded)");
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    /// <summary>"landsea measures match --hs CODE --country CC [--db DB] [--on DATE] [--json]".</summary>
    private static Command CreateMatch()
    {
        var hs = new Option<string>("--hs") { Description = "The product: an HS chapter (08), heading (0810), subheading (0810.60) or national code (0810.60.00).", Required = true };
        var country = new Option<string>("--country") { Description = "The market: the notifying member, ISO 3166-1 alpha-2 (TH, VN, SG...).", Required = true };
        var db = new Option<string>("--db") { Description = "Read the register of this node database (SQLite file or PostgreSQL connection string); without it, the shipped sample (data/measures)." };
        var on = new Option<string>("--on") { Description = "The day the status and days to the comment deadline are computed for (YYYY-MM-DD); default today (UTC)." };
        var json = new Option<bool>("--json") { Description = "Write the measures as JSON on stdout." };
        var command = new Command("match", """
            The notified measures in force or proposed for a product and market: every notification of that member whose HS
            codes cover the product or lie under it (a measure on 0810 concerns 0810.60; one on 0810.60 concerns a question
            on 0810), with addenda and revisions linked to the notification they change, the status (in force once the stated
            date of entry into force is reached, else proposed) and the days left to comment.

            Examples:
              landsea measures match --hs 0810.60 --country TH
              landsea measures match --hs 1209 --country TH --db landsea.db --json
            """);
        command.Options.Add(hs);
        command.Options.Add(country);
        command.Options.Add(db);
        command.Options.Add(on);
        command.Options.Add(json);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter output = r.InvocationConfiguration.Output;
            TextWriter error = r.InvocationConfiguration.Error;
            Result<(HsPrefix Hs, CountryCode Country)> question = MatchQuestion.Parse(r.GetValue(hs), r.GetValue(country));
            if (!question.IsValid)
            {
                await error.WriteLineAsync($"error: {question.Failure!.Reason} [{question.Failure.Code}]");
                return ExitCodes.Invalid;
            }

            DateOnly today = DateOnly.FromDateTime(DateTime.UtcNow);
            if (r.GetValue(on) is { } onText && !DateOnly.TryParseExact(onText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out today))
            {
                await error.WriteLineAsync($"error: --on '{onText}' is not a date YYYY-MM-DD. [{MeasureErrorCodes.DateInvalid}]");
                return ExitCodes.Invalid;
            }

            (MeasureRegister? read, string origin, int? exit) = await DatabaseOption.ReadNodeOrShippedAsync(r.GetValue(db),
                node => new MeasureStore(node, TimeProvider.System).RegisterAsync(ct), () => new MeasureRegister(ShippedMeasures.Sample),
                "the shipped SAMPLE (data/measures/asean-sample.json)", error, ct);
            if (exit is { } failed)
            {
                return failed;
            }

            MeasureRegister register = read!;

            (HsPrefix product, CountryCode market) = question.Value;
            IReadOnlyList<RegisteredMeasure> found = register.Match(product, market);
            if (r.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    hs = product.Digits, country = market.Value, on = today, from = origin, count = found.Count,
                    measures = found.Select(m => MeasureView.Of(m, today)),
                }, Json));
                return ExitCodes.Ok;
            }

            await output.WriteLineAsync($"{found.Count} measure(s) of {market.Value} for HS {product} on {today:yyyy-MM-dd} (from {origin})");
            foreach (RegisteredMeasure m in found)
            {
                Notification n = m.Notification;
                int? days = n.DaysToComment(today);
                string comment = days is null ? "no comment deadline" : days >= 0 ? $"{days} day(s) left to comment (until {n.CommentDeadline:yyyy-MM-dd})" : $"comment period closed {n.CommentDeadline:yyyy-MM-dd}";
                await output.WriteLineAsync($"  {n.Symbol.Text} [{n.Area.ToString().ToUpperInvariant()} {n.Type.ToString().ToLowerInvariant()}, {n.Status(today)}] {n.Title}");
                await output.WriteLineAsync($"      HS {string.Join(", ", m.EffectiveHs)}; distributed {(n.Distributed is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "(not stated)")}; {comment}; entry into force {(n.EntryIntoForce is { } e ? e.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : n.EntryIntoForceNote ?? "(not stated)")}");
                if (n.Changes is { } c)
                {
                    await output.WriteLineAsync($"      changes {c}{(register.Contains(c) ? "" : " (not in the register)")}");
                }

                if (m.ChangedBy.Count > 0)
                {
                    await output.WriteLineAsync($"      changed by {string.Join(", ", m.ChangedBy)}");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static object View(FileError e) => new { where = e.Where, field = e.Field, code = e.Code, reason = e.Reason };
}
