using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Landsea.Data;
using Landsea.Data.Tariffs;
using Landsea.Shared;
using Landsea.Tariffs;

namespace Landsea.Cli.Commands.Tariffs;

/// <summary><c>landsea tariff load|duty|advise</c>: tariff schedules (docs/tariffs.md) and the duty of each applicable option.</summary>
public static class TariffCommand
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var command = new Command("tariff", "Tariff schedules, duty per option (MFN, RCEP, ACFTA). See docs/tariffs.md.");
        command.Subcommands.Add(Load());
        command.Subcommands.Add(Duty());
        command.Subcommands.Add(TariffAdviseCommand.Create());
        return command;
    }

    private static Command Load()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A tariff schedule CSV (formatVersion 1, docs/tariffs.md)." };
        var db = DatabaseOption.Create();
        var json = new Option<bool>("--json") { Description = "Print JSON only: {valid, file, lines, loadId} or {valid:false, errors:[{line, field, code, reason}]}." };
        var command = new Command("load", "Check every line of a tariff schedule file, then store all of it in one transaction (nothing when any line is wrong). Exit 0 when loaded, 1 when the file is invalid, 2 when it or the database cannot be used.\n\n"
            + "Examples:\n  landsea tariff load data/tariffs/cn-schedule.csv --db landsea.db\n  landsea tariff load schedule.csv --db landsea.db --json") { file, db, json };
        command.SetAction(async (r, ct) =>
        {
            TextWriter output = r.InvocationConfiguration.Output;
            TextWriter error = r.InvocationConfiguration.Error;
            FileInfo f = r.GetValue(file)!;
            if (!f.Exists)
            {
                await error.WriteLineAsync($"error: {f.FullName}: no such file.");
                return ExitCodes.Usage;
            }

            if (DatabaseOption.Folder(r.GetValue(db)!) is { } folder)
            {
                await error.WriteLineAsync(folder);
                return ExitCodes.Usage;
            }

            byte[] bytes = await File.ReadAllBytesAsync(f.FullName, ct);
            (IReadOnlyList<TariffLine> lines, IReadOnlyList<ScheduleError> errors) = TariffScheduleReader.Read(new StringReader(System.Text.Encoding.UTF8.GetString(bytes)));
            if (errors.Count > 0)
            {
                if (r.GetValue(json))
                {
                    await output.WriteLineAsync(JsonSerializer.Serialize(new { valid = false, file = f.ToString(), errors = errors.Select(e => new { line = e.Line, field = e.Field, code = e.Code, reason = e.Reason }) }, s_json));
                }
                else
                {
                    foreach (ScheduleError e in errors)
                    {
                        await error.WriteLineAsync($"{f}: {e}");
                    }

                    await error.WriteLineAsync($"{errors.Count} error(s); nothing was loaded.");
                }

                return ExitCodes.Invalid;
            }

            NodeDatabase database = NodeDatabase.FromArgument(r.GetValue(db)!);
            await database.MigrateAsync(ct);
            TariffLoad load = await new TariffStore(database, TimeProvider.System).LoadAsync(f.Name, Convert.ToHexStringLower(SHA256.HashData(bytes)), lines, ct);
            if (r.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new { valid = true, file = f.ToString(), lines = load.LineCount, samples = lines.Count(l => l.Sample), loadId = load.LoadId }, s_json));
            }
            else
            {
                await output.WriteLineAsync($"loaded {load.LineCount} line(s) ({lines.Count(l => l.Sample)} marked sample) from {f} into {database.Display} (load {load.LoadId}).");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Duty()
    {
        var question = new DutyQuestionOptions();
        var json = new Option<bool>("--json") { Description = "Print JSON only." };
        var command = new Command("duty", "Duty under each applicable option (MFN and each agreement both countries are party to), for the date's rate (staging), in the importer's currency. Exit 0 with an answer, 1 when the input is invalid or no MFN rate is known, 2 when the database cannot be used.\n\n"
            + "Examples:\n  landsea tariff duty --hs 0810.60 --origin TH --importer CN --value 10000 --currency USD --date 2024-03-01\n  landsea tariff duty --hs 8501.52 --origin JP --importer CN --value 50000 --currency CNY --date 2023-06-01 --json");
        question.AddTo(command);
        command.Options.Add(json);
        command.SetAction(async (r, ct) =>
        {
            TextWriter output = r.InvocationConfiguration.Output;
            TextWriter error = r.InvocationConfiguration.Error;
            (DutyQuestion? asked, _, List<string> problems) = question.Read(r);
            if (asked is null)
            {
                return await Fail(TariffErrorCodes.DutyInputInvalid, problems);
            }

            if (await question.BookAsync(r, error, ct) is not { } book)
            {
                return ExitCodes.Usage;
            }

            Result<DutyAnswer> answer = DutyCalculator.Options(asked, book, ExchangeRates.Shipped);
            if (!answer.IsValid)
            {
                return await Fail(answer.Failure!.Code, [answer.Failure.Reason]);
            }

            DutyAnswer a = answer.Value;
            if (r.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    hs = a.Question.Code.Digits, origin = a.Question.Origin.Value, importer = a.Question.Importer.Value, date = a.Question.Date,
                    value = new { amount = a.Question.Value.Amount, currency = a.Question.Value.Currency.Value },
                    exchangeRate = new { from = a.ValueRate.From, to = a.ValueRate.To, rate = a.ValueRate.Rate, rateDate = a.ValueRate.RateDate, source = a.ValueRate.Source },
                    options = a.Options.Select(x => new
                    {
                        agreement = x.Agreement, schedule = x.Schedule, tariffLine = x.TariffLine, rate = x.Rate.ToString(), rateEffectiveFrom = x.RateEffectiveFrom,
                        duty = new { amount = x.Duty.Amount, currency = x.Duty.Currency.Value },
                        savedVersusMfn = new { amount = x.SavedVersusMfn.Amount, currency = x.SavedVersusMfn.Currency.Value },
                        conditions = x.Conditions, sample = x.Sample, source = x.Source,
                    }),
                }, s_json));
            }
            else
            {
                await output.WriteLineAsync($"{a.Question.Code.Digits} from {a.Question.Origin} into {a.Question.Importer} on {a.Question.Date:yyyy-MM-dd}, value {a.Question.Value}");
                await output.WriteLineAsync($"exchange rate: 1 {a.ValueRate.From} = {a.ValueRate.Rate.ToString(CultureInfo.InvariantCulture)} {a.ValueRate.To} (rate of {a.ValueRate.RateDate:yyyy-MM-dd}; {a.ValueRate.Source})");
                foreach (DutyOption x in a.Options)
                {
                    await output.WriteLineAsync($"  {x.Agreement,-6} {x.Schedule,-7} line {x.TariffLine} from {x.RateEffectiveFrom:yyyy-MM-dd}: {x.Rate,-22} duty {x.Duty}  saves {x.SavedVersusMfn}{(x.Sample ? "  [SAMPLE rate, illustrative]" : "")}");
                    await output.WriteLineAsync($"         conditions: {x.Conditions}");
                }
            }

            return ExitCodes.Ok;

            async Task<int> Fail(string failCode, IEnumerable<string> reasons)
            {
                if (r.GetValue(json))
                {
                    await output.WriteLineAsync(JsonSerializer.Serialize(new { valid = false, errors = reasons.Select(x => new { code = failCode, reason = x }) }, s_json));
                }
                else
                {
                    foreach (string x in reasons)
                    {
                        await error.WriteLineAsync($"error: {x} ({failCode})");
                    }
                }

                return ExitCodes.Invalid;
            }
        });
        return command;
    }
}
