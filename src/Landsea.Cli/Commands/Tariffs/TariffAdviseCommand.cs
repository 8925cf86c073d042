using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Landsea.Data;
using Landsea.Data.Tariffs;
using Landsea.Shared;
using Landsea.Tariffs;

namespace Landsea.Cli.Commands.Tariffs;

/// <summary><c>landsea tariff advise</c>: the cheapest lawful preference for a product (<see cref="TariffAdvisor"/>).</summary>
public static class TariffAdviseCommand
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var hs = new Option<string>("--hs") { Description = "Commodity code: 6, 8 or 10 digits (dots allowed).", Required = true };
        var origin = new Option<string>("--origin") { Description = "Country of origin claimed (ISO 3166-1 alpha-2).", Required = true };
        var importer = new Option<string>("--importer") { Description = "Importing party (ISO 3166-1 alpha-2).", Required = true };
        var value = new Option<string>("--value") { Description = "Customs value, a decimal number.", Required = true };
        var currency = new Option<string>("--currency") { Description = "Currency of --value (ISO 4217).", Required = true };
        var quantity = new Option<string?>("--quantity") { Description = "Quantity, for specific or compound rates." };
        var unit = new Option<string?>("--unit") { Description = "Unit of --quantity (kg, t, u, ...)." };
        var date = new Option<string?>("--date") { Description = "Date of the import (yyyy-MM-dd); default today (UTC)." };
        var bom = new Option<FileInfo?>("--bom") { Description = "A bill of materials (JSON, docs/tariffs.md): then each preference says whether its rule of origin is met." };
        var db = new Option<string?>("--db") { Description = "Use the schedules loaded into this node database instead of the ones shipped in data/tariffs." };
        var json = new Option<bool>("--json") { Description = "Print JSON only: the ItemAdvice (options, recommended, savedVersusMfn, summary)." };
        var command = new Command("advise", "The cheapest lawful preference: every option (MFN, RCEP, ACFTA) with its duty, the saving against MFN, the rule of origin to meet (met or not when --bom is given) and the proof of origin needed; the recommendation is the cheapest option whose rule is not known to fail. Exit 0 with advice, 1 when the input is invalid or no MFN rate is known, 2 when a file or the database cannot be used.\n\n"
            + "Examples:\n  landsea tariff advise --hs 8501.52 --origin TH --importer CN --value 50000 --currency CNY --date 2024-03-01\n  landsea tariff advise --hs 8501.52 --origin TH --importer CN --value 1000 --currency USD --date 2024-03-01 --bom data/tariffs/samples/motor-th-fails.json --json")
        { hs, origin, importer, value, currency, quantity, unit, date, bom, db, json };
        command.SetAction(async (r, ct) =>
        {
            TextWriter output = r.InvocationConfiguration.Output;
            TextWriter error = r.InvocationConfiguration.Error;
            bool asJson = r.GetValue(json);
            var problems = new List<(string Code, string Reason)>();
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
                    problems.Add((TariffErrorCodes.DutyInputInvalid, $"--quantity '{qt}' is not a non-negative number."));
                }
            }

            DateOnly on = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
            if (r.GetValue(date) is { } ds && !DateOnly.TryParseExact(ds, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out on))
            {
                problems.Add((TariffErrorCodes.DutyInputInvalid, $"--date '{ds}' is not a date (yyyy-MM-dd)."));
            }

            if (!code.IsValid) { problems.Add((TariffErrorCodes.DutyInputInvalid, $"--hs: {code.Failure!.Reason}")); }
            if (!o.IsValid) { problems.Add((TariffErrorCodes.DutyInputInvalid, $"--origin: {o.Failure!.Reason}")); }
            if (!i.IsValid) { problems.Add((TariffErrorCodes.DutyInputInvalid, $"--importer: {i.Failure!.Reason}")); }
            if (!cur.IsValid) { problems.Add((TariffErrorCodes.DutyInputInvalid, $"--currency: {cur.Failure!.Reason}")); }
            if (!valueOk) { problems.Add((TariffErrorCodes.DutyInputInvalid, $"--value '{r.GetValue(value)}' is not a non-negative number.")); }

            BomDocument? document = null;
            if (r.GetValue(bom) is { } file)
            {
                if (!file.Exists)
                {
                    await error.WriteLineAsync($"error: {file.FullName}: no such file.");
                    return ExitCodes.Usage;
                }

                (document, IReadOnlyList<BomError> bomErrors) = BillOfMaterialsReader.Read(await File.ReadAllTextAsync(file.FullName, ct), on);
                problems.AddRange(bomErrors.Select(e => (e.Code, $"--bom {e.Field}: {e.Reason}")));
            }

            if (problems.Count > 0)
            {
                return await Fail(problems);
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

            Result<ItemAdvice> advice = TariffAdvisor.Advise(new DutyQuestion(code.Value, o.Value, i.Value, new Money(amount, cur.Value), on, q, r.GetValue(unit)),
                document, book, ExchangeRates.Shipped, ProductRuleBook.Shipped);
            if (!advice.IsValid)
            {
                return await Fail([(advice.Failure!.Code, advice.Failure.Reason)]);
            }

            ItemAdvice a = advice.Value;
            if (asJson)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(a, s_json));
                return ExitCodes.Ok;
            }

            await output.WriteLineAsync($"{a.Hs} from {a.Origin} into {a.Importer} on {a.Date:yyyy-MM-dd}, value {a.Value.ToString(CultureInfo.InvariantCulture)} {a.ValueCurrency}");
            await output.WriteLineAsync($"advice: {a.Summary}");
            foreach (PreferenceAdvice x in a.Options)
            {
                string met = x.RuleMet switch { true => "rule met", false => "rule NOT met", _ => "rule to meet" };
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {x.Agreement,-6} {x.Rate,-22} duty {x.Duty} {a.DutyCurrency}, saves {x.SavedVersusMfn}; {met}{(x.Rule is null ? "" : $" {x.Rule} ({x.RuleScope}){(x.RuleSample ? " [SAMPLE rule]" : "")}")}; proof: {x.Proof}{(x.RateSample ? "  [SAMPLE rate]" : "")}"));
                await output.WriteLineAsync($"         {x.RuleNote}");
            }

            return ExitCodes.Ok;

            async Task<int> Fail(IEnumerable<(string Code, string Reason)> reasons)
            {
                if (asJson)
                {
                    await output.WriteLineAsync(JsonSerializer.Serialize(new { valid = false, errors = reasons.Select(x => new { code = x.Code, reason = x.Reason }) }, s_json));
                }
                else
                {
                    foreach ((string c, string x) in reasons)
                    {
                        await error.WriteLineAsync($"error: {x} ({c})");
                    }
                }

                return ExitCodes.Invalid;
            }
        });
        return command;
    }
}
