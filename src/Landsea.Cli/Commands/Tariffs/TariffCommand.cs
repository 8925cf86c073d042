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
        var hs = new Option<string>("--hs") { Description = "Commodity code: 6, 8 or 10 digits (dots allowed).", Required = true };
        var origin = new Option<string>("--origin") { Description = "Country of origin (ISO 3166-1 alpha-2).", Required = true };
        var importer = new Option<string>("--importer") { Description = "Importing party (ISO 3166-1 alpha-2).", Required = true };
        var value = new Option<string>("--value") { Description = "Customs value, a decimal number.", Required = true };
        var currency = new Option<string>("--currency") { Description = "Currency of --value (ISO 4217).", Required = true };
        var quantity = new Option<string?>("--quantity") { Description = "Quantity, for specific or compound rates." };
        var unit = new Option<string?>("--unit") { Description = "Unit of --quantity (as the schedule names it: kg, t, u, ...)." };
        var date = new Option<string?>("--date") { Description = "Date of the import (yyyy-MM-dd); default today (UTC)." };
        var db = new Option<string?>("--db") { Description = "Use the schedules loaded into this node database instead of the ones shipped in data/tariffs." };
        var json = new Option<bool>("--json") { Description = "Print JSON only." };
        var command = new Command("duty", "Duty under each applicable option (MFN and each agreement both countries are party to), for the date's rate (staging), in the importer's currency. Exit 0 with an answer, 1 when the input is invalid or no MFN rate is known, 2 when the database cannot be used.\n\n"
            + "Examples:\n  landsea tariff duty --hs 0810.60 --origin TH --importer CN --value 10000 --currency USD --date 2024-03-01\n  landsea tariff duty --hs 8501.52 --origin JP --importer CN --value 50000 --currency CNY --date 2023-06-01 --json")
        { hs, origin, importer, value, currency, quantity, unit, date, db, json };
        command.SetAction(async (r, ct) =>
        {
            TextWriter output = r.InvocationConfiguration.Output;
            TextWriter error = r.InvocationConfiguration.Error;
            var problems = new List<string>();
            Result<HsCode> code = HsCode.Parse(r.GetValue(hs));
            Result<CountryCode> o = CountryCode.Parse(r.GetValue(origin)), i = CountryCode.Parse(r.GetValue(importer));
            Result<CurrencyCode> cur = CurrencyCode.Parse(r.GetValue(currency));
            bool valueOk = decimal.TryParse(r.GetValue(value), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal amount);
            decimal? q = null;
            if (r.GetValue(quantity) is { } qt)
            {
                if (decimal.TryParse(qt, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal qv))
                {
                    q = qv;
                }
                else
                {
                    problems.Add($"--quantity '{qt}' is not a non-negative number.");
                }
            }

            DateOnly on = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
            if (r.GetValue(date) is { } ds && !DateOnly.TryParseExact(ds, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out on))
            {
                problems.Add($"--date '{ds}' is not a date (yyyy-MM-dd).");
            }

            if (!code.IsValid) { problems.Add($"--hs: {code.Failure!.Reason}"); }
            if (!o.IsValid) { problems.Add($"--origin: {o.Failure!.Reason}"); }
            if (!i.IsValid) { problems.Add($"--importer: {i.Failure!.Reason}"); }
            if (!cur.IsValid) { problems.Add($"--currency: {cur.Failure!.Reason}"); }
            if (!valueOk) { problems.Add($"--value '{r.GetValue(value)}' is not a non-negative number."); }
            if (problems.Count > 0)
            {
                return await Fail(TariffErrorCodes.DutyInputInvalid, problems);
            }

            TariffBook book = TariffBook.Shipped;
            if (r.GetValue(db) is { } dbText)
            {
                if (DatabaseOption.Missing(dbText) is { } missing)
                {
                    await error.WriteLineAsync(missing);
                    return ExitCodes.Usage;
                }

                NodeDatabase database = NodeDatabase.FromArgument(dbText);
                await database.MigrateAsync(ct);
                book = await new TariffStore(database, TimeProvider.System).BookAsync(ct);
            }

            Result<DutyAnswer> answer = DutyCalculator.Options(
                new DutyQuestion(code.Value, o.Value, i.Value, new Money(amount, cur.Value), on, q, r.GetValue(unit)), book, ExchangeRates.Shipped);
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
