using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Landsea.Tariffs;

namespace Landsea.Cli.Commands.Tariffs;

/// <summary>
/// <c>landsea origin check --bom FILE</c>: does a bill of materials make the product originate under RCEP and ACFTA
/// (docs/tariffs.md)? Exit 0 when it qualifies under at least one agreement checked, 1 when under none or when the
/// file is invalid (JSON <c>valid:false</c>), 2 when the file cannot be read.
/// </summary>
public static class OriginCheckCommand
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var bomFile = new Option<FileInfo>("--bom") { Description = "The bill of materials (JSON, formatVersion 1, docs/tariffs.md).", Required = true };
        var agreement = new Option<string?>("--agreement") { Description = "Check only this agreement: RCEP or ACFTA (default both)." };
        agreement.AcceptOnlyFromAmong(Agreements.Rcep, Agreements.Acfta);
        var date = new Option<string?>("--date") { Description = "Date of export (yyyy-MM-dd): parties in force and the HS edition; default today (UTC)." };
        var json = new Option<bool>("--json") { Description = "Print JSON only: {valid, product, exporter, date, qualifiesUnder, agreements:[...]} or {valid:false, errors:[{field, code, reason}]}." };
        var command = new Command("check", "Check a bill of materials against the rules of origin of RCEP and ACFTA: per agreement, qualifies or not, the product-specific rule that decided, and the figures (RVC build-down and build-up, VNM, inputs without a tariff shift, de minimis share). Exit 0 when the product qualifies under at least one agreement checked, 1 when under none or the file is invalid, 2 when the file cannot be read.\n\n"
            + "Examples:\n  landsea origin check --bom data/tariffs/samples/motor-th-qualifies.json --date 2024-03-01\n  landsea origin check --bom bom.json --agreement RCEP --json")
        { bomFile, agreement, date, json };
        command.SetAction(async (r, ct) =>
        {
            TextWriter output = r.InvocationConfiguration.Output;
            TextWriter error = r.InvocationConfiguration.Error;
            bool asJson = r.GetValue(json);
            FileInfo f = r.GetValue(bomFile)!;
            if (!f.Exists)
            {
                await error.WriteLineAsync($"error: {f.FullName}: no such file.");
                return ExitCodes.Usage;
            }

            DateOnly on = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
            if (r.GetValue(date) is { } ds && !DateOnly.TryParseExact(ds, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out on))
            {
                return await Invalid([new BomError("--date", TariffErrorCodes.BomFormat, $"'{ds}' is not a date (yyyy-MM-dd).")]);
            }

            (BomDocument? bom, IReadOnlyList<BomError> errors) = BillOfMaterialsReader.Read(await File.ReadAllTextAsync(f.FullName, ct), on);
            if (bom is null)
            {
                return await Invalid(errors);
            }

            string[] agreements = r.GetValue(agreement) is { } one ? [one] : [.. OriginCheck.Preferential];
            IReadOnlyList<AgreementOrigin> answers = OriginCheck.Check(bom, agreements, on, ProductRuleBook.Shipped);
            if (asJson)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(View(f.ToString(), bom, on, answers), s_json));
            }
            else
            {
                await output.WriteLineAsync($"{f}: product {bom.Bom.Product} from {bom.Exporter}, FOB {bom.Bom.Fob.ToString(CultureInfo.InvariantCulture)} {bom.Currency}, {bom.Bom.Inputs.Count} input(s), on {on:yyyy-MM-dd}");
                foreach (AgreementOrigin a in answers)
                {
                    string verdict = a.Status switch
                    {
                        OriginStatus.Qualifies => "QUALIFIES",
                        OriginStatus.DoesNotQualify => "does not qualify",
                        OriginStatus.NotApplicable => "not applicable",
                        _ => "no rule known",
                    };
                    await output.WriteLineAsync($"  {a.Agreement,-6} {verdict}: {a.Reason}");
                    if (a.Rule is { } rule)
                    {
                        await output.WriteLineAsync($"         rule {rule.Rule} for {rule.Scope} ({rule.HsEdition}; source {rule.Source}){(rule.Sample ? "  [SAMPLE rule, illustrative: not checked against the treaty text]" : "")}");
                    }

                    if (a.Outcome is { } o)
                    {
                        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                            $"         VNM {a.Vnm} {bom.Currency}, VOM {a.Vom} {bom.Currency}; RVC build-down (FOB - VNM)/FOB = {o.RvcBuildDown} %, build-up (VOM + labour + overhead + profit + other)/FOB = {o.RvcBuildUp} %; de minimis share {o.DeMinimisPercent} %"));
                    }
                }
            }

            return answers.Any(a => a.Qualifies) ? ExitCodes.Ok : ExitCodes.Invalid;

            async Task<int> Invalid(IReadOnlyList<BomError> problems)
            {
                if (asJson)
                {
                    await output.WriteLineAsync(JsonSerializer.Serialize(new { valid = false, file = f.ToString(), errors = problems.Select(e => new { field = e.Field, code = e.Code, reason = e.Reason }) }, s_json));
                }
                else
                {
                    foreach (BomError e in problems)
                    {
                        await error.WriteLineAsync($"{f}: {e}");
                    }

                    await error.WriteLineAsync($"{problems.Count} error(s); nothing was checked.");
                }

                return ExitCodes.Invalid;
            }
        });
        return command;
    }

    /// <summary>The JSON shape of an origin check (also served by the web page's API).</summary>
    internal static object View(string file, BomDocument bom, DateOnly on, IReadOnlyList<AgreementOrigin> answers) => new
    {
        valid = true,
        file,
        product = bom.Bom.Product.Digits,
        exporter = bom.Exporter.Value,
        date = on,
        fob = new { amount = bom.Bom.Fob, currency = bom.Currency.Value },
        qualifiesUnder = answers.Where(a => a.Qualifies).Select(a => a.Agreement),
        agreements = answers.Select(a => new
        {
            agreement = a.Agreement,
            status = a.Status switch { OriginStatus.Qualifies => "qualifies", OriginStatus.DoesNotQualify => "does-not-qualify", OriginStatus.NotApplicable => "not-applicable", _ => "no-rule" },
            qualifies = a.Qualifies,
            reason = a.Reason,
            rule = a.Rule is { } rule ? new { text = rule.Rule, scope = rule.Scope, prefix = rule.Prefix, hsEdition = rule.HsEdition, sample = rule.Sample, source = rule.Source } : null,
            decidedBy = a.Outcome?.DecidedBy,
            vnm = a.Vnm,
            vom = a.Vom,
            rvcBuildDownPercent = a.Outcome?.RvcBuildDown,
            rvcBuildUpPercent = a.Outcome?.RvcBuildUp,
            deMinimisPercent = a.Outcome?.DeMinimisPercent,
            failedTariffShift = a.FailedTariffShift,
        }),
    };
}
