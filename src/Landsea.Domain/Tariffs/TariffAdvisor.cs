using Landsea.Declarations;
using Landsea.Shared;

namespace Landsea.Tariffs;

/// <summary>
/// One way to pay duty with what it takes: the duty and the saving against MFN (in the importer's currency), the rule of
/// origin to meet, whether the bill of materials meets it (<c>null</c> when no bill was given or no rule is known), and
/// the proof of origin the importer must hold.
/// </summary>
public sealed record PreferenceAdvice(
    string Agreement,
    string Schedule,
    string TariffLine,
    string Rate,
    decimal Duty,
    decimal SavedVersusMfn,
    string? Rule,
    string? RuleScope,
    bool RuleSample,
    bool? RuleMet,
    string RuleNote,
    string Proof,
    bool RateSample);

/// <summary>
/// Advice for one product (or goods item): every option, cheapest first, and the recommended one: the cheapest whose
/// rule of origin is met, or not known to fail when no bill of materials was given. MFN needs no rule, so there is
/// always a lawful recommendation. <paramref name="Problem"/> (with its code) says why an item has no options.
/// </summary>
public sealed record ItemAdvice(
    int Item,
    string Hs,
    string Origin,
    string Importer,
    DateOnly Date,
    decimal Value,
    string ValueCurrency,
    string DutyCurrency,
    IReadOnlyList<PreferenceAdvice> Options,
    string Recommended,
    decimal SavedVersusMfn,
    string Summary,
    string? Problem = null,
    string? ProblemCode = null);

/// <summary>The cheapest lawful preference (issue 13 item 4), pure: book, rates and rules are passed in.</summary>
public static class TariffAdvisor
{
    /// <summary>Advice for a product; a bill of materials, when given, decides whether each preference's rule is met.</summary>
    public static Result<ItemAdvice> Advise(DutyQuestion q, BomDocument? bom, TariffBook book, ExchangeRates rates, ProductRuleBook rules, int item = 1)
    {
        Result<DutyAnswer> answer = DutyCalculator.Options(q, book, rates);
        if (!answer.IsValid)
        {
            return answer.Failure!;
        }

        if (bom is not null && bom.Bom.Product.Subheading != q.Code.Subheading)
        {
            return Result<ItemAdvice>.Fail(TariffErrorCodes.BomFormat, $"The bill of materials is for {bom.Bom.Product}, the question for {q.Code}.");
        }

        var options = new List<PreferenceAdvice>();
        foreach (DutyOption o in answer.Value.Options)
        {
            if (o.Agreement == Agreements.Mfn)
            {
                options.Add(new PreferenceAdvice(o.Agreement, o.Schedule, o.TariffLine, o.Rate.ToString(), o.Duty.Amount, 0m, null, null, false, true,
                    "No rule of origin: the general rate.", "none", o.Sample));
                continue;
            }

            string proof = AgreementMembership.Proof(o.Agreement);
            Result<ProductRule> rule = rules.Find(o.Agreement, q.Code);
            if (!rule.IsValid)
            {
                options.Add(new PreferenceAdvice(o.Agreement, o.Schedule, o.TariffLine, o.Rate.ToString(), o.Duty.Amount, o.SavedVersusMfn.Amount, null, null, false, null,
                    $"{rule.Failure!.Reason} Establish origin under the agreement's text before claiming.", proof, o.Sample));
                continue;
            }

            ProductRule r = rule.Value;
            bool? met = null;
            string note = $"The goods must meet {r.Rule} ({r.Scope}) in {q.Origin}; give a bill of materials to check it.";
            if (bom is not null)
            {
                AgreementOrigin check = OriginCheck.Check(bom, [o.Agreement], q.Date, rules)[0];
                met = check.Status switch { OriginStatus.Qualifies => true, OriginStatus.DoesNotQualify or OriginStatus.NotApplicable => false, _ => null };
                note = check.Reason;
            }

            options.Add(new PreferenceAdvice(o.Agreement, o.Schedule, o.TariffLine, o.Rate.ToString(), o.Duty.Amount, o.SavedVersusMfn.Amount, r.Rule, r.Scope, r.Sample, met, note, proof, o.Sample));
        }

        // Options come cheapest first; MFN is always lawful, so this finds one.
        PreferenceAdvice best = options.First(o => o.RuleMet != false);
        string currency = answer.Value.DutyCurrency.Value;
        string summary = best.Agreement == Agreements.Mfn
            ? $"Pay MFN ({best.Rate}): duty {best.Duty} {currency}; no preference is cheaper{(options.Any(o => o.RuleMet == false) ? " among those whose rule of origin is met" : "")}."
            : $"Claim {best.Agreement} ({best.Rate}): duty {best.Duty} {currency}, {best.SavedVersusMfn} {currency} less than MFN; "
                + (best.RuleMet == true ? $"the bill of materials meets {best.Rule}" : $"provided the goods meet {best.Rule ?? "the agreement's rule of origin"}")
                + $"; proof: {best.Proof}.";
        return new ItemAdvice(item, q.Code.Digits, q.Origin.Value, q.Importer.Value, q.Date, q.Value.Amount, q.Value.Currency.Value, currency,
            options, best.Agreement, best.SavedVersusMfn, summary);
    }

    /// <summary>
    /// Advice for each goods item of a declaration: the importer is the destination country, the item's commodity code,
    /// origin and amount are the question, its net mass the quantity for specific rates. An item that cannot be advised
    /// carries its problem; LS742 when the declaration has no destination or no item can be advised.
    /// </summary>
    public static Result<IReadOnlyList<ItemAdvice>> ForDeclaration(Declaration d, DateOnly date, TariffBook book, ExchangeRates rates, ProductRuleBook rules)
    {
        if (d.DestinationCountry is not { } importer)
        {
            return Result<IReadOnlyList<ItemAdvice>>.Fail(TariffErrorCodes.AdviceInputInvalid, "The declaration names no destination country (the importing party).");
        }

        var items = new List<ItemAdvice>();
        foreach (GoodsItem i in d.Items)
        {
            if (i.CommodityCode is not { } code || i.OriginCountry is not { } origin || i.Value is not { } value)
            {
                items.Add(Problem(i, importer, date, TariffErrorCodes.AdviceInputInvalid, "The goods item needs a commodity code, an origin country and an amount with its currency."));
                continue;
            }

            Result<ItemAdvice> advice = Advise(new DutyQuestion(code, origin, importer, value, date, i.NetMassKg, "kg"), null, book, rates, rules, i.Sequence);
            if (advice.Failure is { Code: TariffErrorCodes.DutyInputInvalid } && i.NetMassKg is { } kg)
            {
                advice = Advise(new DutyQuestion(code, origin, importer, value, date, kg / 1000m, "t"), null, book, rates, rules, i.Sequence);
            }

            items.Add(advice.IsValid ? advice.Value : Problem(i, importer, date, advice.Failure!.Code, advice.Failure.Reason));
        }

        return items.Any(i => i.Problem is null)
            ? items
            : Result<IReadOnlyList<ItemAdvice>>.Fail(TariffErrorCodes.AdviceInputInvalid,
                "No goods item can be advised: " + string.Join(" ", items.Select(i => $"item {i.Item}: {i.Problem} ({i.ProblemCode})")));
    }

    private static ItemAdvice Problem(GoodsItem i, CountryCode importer, DateOnly date, string code, string reason) =>
        new(i.Sequence, i.CommodityCode?.Digits ?? "", i.OriginCountry?.Value ?? "", importer.Value, date, i.Amount ?? 0m, i.Currency?.Value ?? "", "",
            [], "", 0m, reason, reason, code);
}
