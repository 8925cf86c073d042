using System.Globalization;
using Landsea.Shared;

namespace Landsea.Tariffs;

/// <summary>One input of a bill of materials: its HS code, origin and value (CIF at import, per RCEP Art 3.5(3)).</summary>
public sealed record BomInput(HsCode Code, CountryCode Origin, decimal Value);

/// <summary>A product's bill of materials: FOB value, inputs and the direct costs the build-up formula adds.</summary>
public sealed record BillOfMaterials(HsCode Product, decimal Fob, IReadOnlyList<BomInput> Inputs, decimal Labour = 0m, decimal Overhead = 0m, decimal Profit = 0m, decimal Other = 0m);

/// <summary>How one input fared against the change-in-tariff-classification test.</summary>
public sealed record CtcCheck(string InputCode, bool Originating, bool Changed);

/// <summary>The outcome of a rule: qualifies or not, the term that decided, and the figures computed.</summary>
public sealed record OriginOutcome(
    string Agreement,
    string Rule,
    bool Qualifies,
    string DecidedBy,
    decimal RvcBuildDown,
    decimal RvcBuildUp,
    decimal DeMinimisPercent,
    IReadOnlyList<CtcCheck> Ctc);

/// <summary>
/// A small rule language for product-specific rules (docs/tariffs.md): terms <c>WO</c>, <c>CC</c>, <c>CTH</c>, <c>CTSH</c>
/// (optionally <c>except HHHH,HHHHHH</c>: non-originating materials from those headings/subheadings never satisfy the
/// change), <c>RVCnn</c>; combined with <c>or</c> and <c>and</c> (and binds tighter). Materials originating in any party of the
/// agreement count as originating (accumulation). A failed CTC is saved by de minimis when the non-originating materials
/// that did not change are at most 10 % of FOB (RCEP Art 3.7).
/// </summary>
public static class OriginRules
{
    public const decimal DeMinimisPercent = 10m;

    /// <summary>Checks the rule's syntax; the failure names the term it does not understand.</summary>
    public static Result<string> Parse(string rule)
    {
        foreach (string term in Terms(rule).SelectMany(a => a))
        {
            if (!IsTerm(term))
            {
                return Result<string>.Fail(TariffErrorCodes.RuleInvalid, $"Rule '{rule}': '{term}' is not WO, CC, CTH, CTSH (with optional 'except ...') or RVCnn.");
            }
        }

        return rule.Trim();
    }

    /// <summary>Evaluates a rule for a bill of materials under an agreement whose parties are given (accumulation).</summary>
    public static Result<OriginOutcome> Evaluate(string agreement, string rule, BillOfMaterials bom, Func<CountryCode, bool> isParty)
    {
        Result<string> parsed = Parse(rule);
        if (!parsed.IsValid)
        {
            return parsed.Failure!;
        }

        if (bom.Fob <= 0)
        {
            return Result<OriginOutcome>.Fail(TariffErrorCodes.BomInvalid, "fob must be greater than zero.");
        }

        decimal vnm = bom.Inputs.Where(i => !isParty(i.Origin)).Sum(i => i.Value);
        decimal vom = bom.Inputs.Where(i => isParty(i.Origin)).Sum(i => i.Value);
        decimal down = decimal.Round((bom.Fob - vnm) / bom.Fob * 100m, 2);
        decimal up = decimal.Round((vom + bom.Labour + bom.Overhead + bom.Profit + bom.Other) / bom.Fob * 100m, 2);
        decimal deMinimis = 0m;
        IReadOnlyList<CtcCheck> ctc = [];

        foreach (string[] alternative in Terms(rule))
        {
            string? failed = null;
            foreach (string term in alternative)
            {
                bool met = Met(term);
                if (!met)
                {
                    failed = term;
                    break;
                }
            }

            if (failed is null)
            {
                return new OriginOutcome(agreement, parsed.Value, true, string.Join(" and ", alternative), down, up, deMinimis, ctc);
            }
        }

        return new OriginOutcome(agreement, parsed.Value, false, $"no alternative of '{parsed.Value}' is met", down, up, deMinimis, ctc);

        bool Met(string term)
        {
            string head = term.Split(' ', 2)[0];
            if (head == "WO")
            {
                return bom.Inputs.All(i => isParty(i.Origin));
            }

            if (head.StartsWith("RVC", StringComparison.Ordinal))
            {
                decimal threshold = decimal.Parse(head[3..], CultureInfo.InvariantCulture);
                return down >= threshold || up >= threshold;
            }

            int digits = head switch { "CC" => 2, "CTH" => 4, _ => 6 };
            string[] except = term.Contains(" except ", StringComparison.Ordinal)
                ? term.Split(" except ", 2)[1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(e => e.Replace(".", "", StringComparison.Ordinal)).ToArray()
                : [];
            var checks = bom.Inputs.Select(i => new CtcCheck(i.Code.Digits, isParty(i.Origin),
                isParty(i.Origin) || (i.Code.Digits[..digits] != bom.Product.Digits[..digits] && !except.Any(e => i.Code.Digits.StartsWith(e, StringComparison.Ordinal))))).ToList();
            ctc = checks;
            decimal unchanged = bom.Inputs.Where((i, n) => !checks[n].Changed).Sum(i => i.Value);
            deMinimis = decimal.Round(unchanged / bom.Fob * 100m, 2);
            return unchanged == 0m || deMinimis <= DeMinimisPercent;
        }
    }

    private static IEnumerable<string[]> Terms(string rule) =>
        rule.Split(" or ", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(a => a.Split(" and ", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    private static bool IsTerm(string term)
    {
        string head = term.Split(' ', 2)[0];
        if (head.StartsWith("RVC", StringComparison.Ordinal))
        {
            return term == head && int.TryParse(head[3..], NumberStyles.None, CultureInfo.InvariantCulture, out int t) && t is > 0 and <= 100;
        }

        return head is "WO" ? term == head
            : head is "CC" or "CTH" or "CTSH" && (term == head || term.StartsWith(head + " except ", StringComparison.Ordinal));
    }
}
