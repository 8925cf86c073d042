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
        var question = new DutyQuestionOptions();
        var bom = new Option<FileInfo?>("--bom") { Description = "A bill of materials (JSON, docs/tariffs.md): then each preference says whether its rule of origin is met." };
        var json = new Option<bool>("--json") { Description = "Print JSON only: the ItemAdvice (options, recommended, savedVersusMfn, summary)." };
        var command = new Command("advise", "The cheapest lawful preference: every option (MFN, RCEP, ACFTA) with its duty, the saving against MFN, the rule of origin to meet (met or not when --bom is given) and the proof of origin needed; the recommendation is the cheapest option whose rule is not known to fail. Exit 0 with advice, 1 when the input is invalid or no MFN rate is known, 2 when a file or the database cannot be used.\n\n"
            + "Examples:\n  landsea tariff advise --hs 8501.52 --origin TH --importer CN --value 50000 --currency CNY --date 2024-03-01\n  landsea tariff advise --hs 8501.52 --origin TH --importer CN --value 1000 --currency USD --date 2024-03-01 --bom data/tariffs/samples/motor-th-fails.json --json");
        question.AddTo(command);
        command.Options.Add(bom);
        command.Options.Add(json);
        command.SetAction(async (r, ct) =>
        {
            TextWriter output = r.InvocationConfiguration.Output;
            TextWriter error = r.InvocationConfiguration.Error;
            bool asJson = r.GetValue(json);
            (DutyQuestion? asked, DateOnly on, List<string> invalid) = question.Read(r);
            var problems = invalid.Select(x => (Code: TariffErrorCodes.DutyInputInvalid, Reason: x)).ToList();

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

            if (await question.BookAsync(r, error, ct) is not { } book)
            {
                return ExitCodes.Usage;
            }

            Result<ItemAdvice> advice = TariffAdvisor.Advise(asked!, document, book, ExchangeRates.Shipped, ProductRuleBook.Shipped);
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
