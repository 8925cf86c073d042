using Landsea.Shared;

namespace Landsea.Tariffs;

/// <summary>How a product fares under one agreement.</summary>
public enum OriginStatus
{
    /// <summary>The product-specific rule is met: the goods originate under the agreement.</summary>
    Qualifies,

    /// <summary>The rule is not met.</summary>
    DoesNotQualify,

    /// <summary>The exporter is not a party in force on the date: the agreement cannot confer origin.</summary>
    NotApplicable,

    /// <summary>No rule of the agreement covers the product's HS code (LS741): the check cannot be made.</summary>
    NoRule,
}

/// <summary>
/// The answer for one agreement: status, the rule found for the product (with its scope and source), the figures
/// (RVC both ways, VNM, de minimis share, the inputs that failed the tariff shift) and a one-line reason.
/// </summary>
public sealed record AgreementOrigin(
    string Agreement,
    OriginStatus Status,
    string Reason,
    ProductRule? Rule,
    OriginOutcome? Outcome,
    decimal Vnm,
    decimal Vom,
    IReadOnlyList<string> FailedTariffShift)
{
    public bool Qualifies => Status == OriginStatus.Qualifies;
}

/// <summary>Checks a bill of materials against the rules of origin of RCEP and ACFTA (pure; rules and date passed in).</summary>
public static class OriginCheck
{
    /// <summary>The agreements checked when none is named, in this order.</summary>
    public static readonly IReadOnlyList<string> Preferential = [Agreements.Rcep, Agreements.Acfta];

    /// <summary>
    /// Per agreement: the exporter must be a party in force on the date; the rule is the longest-prefix product-specific
    /// rule for the product (else the agreement's general rule); materials originating in any party in force count as
    /// originating (accumulation), unknown origins as non-originating.
    /// </summary>
    public static IReadOnlyList<AgreementOrigin> Check(BomDocument bom, IEnumerable<string> agreements, DateOnly date, ProductRuleBook rules)
    {
        var answers = new List<AgreementOrigin>();
        foreach (string agreement in agreements)
        {
            bool IsParty(CountryCode c) => c.Value is not null && AgreementMembership.InForce(agreement, c, date);
            decimal vnm = bom.Bom.Inputs.Where(i => !IsParty(i.Origin)).Sum(i => i.Value);
            decimal vom = bom.Bom.Inputs.Where(i => IsParty(i.Origin)).Sum(i => i.Value);
            if (!IsParty(bom.Exporter))
            {
                answers.Add(new AgreementOrigin(agreement, OriginStatus.NotApplicable,
                    $"{bom.Exporter} is not a party to {agreement} in force on {date:yyyy-MM-dd}.", null, null, vnm, vom, []));
                continue;
            }

            Result<ProductRule> rule = rules.Find(agreement, bom.Bom.Product);
            if (!rule.IsValid)
            {
                answers.Add(new AgreementOrigin(agreement, OriginStatus.NoRule, rule.Failure!.Reason + $" ({rule.Failure.Code})", null, null, vnm, vom, []));
                continue;
            }

            Result<OriginOutcome> outcome = OriginRules.Evaluate(agreement, rule.Value.Rule, bom.Bom, IsParty);
            if (!outcome.IsValid)
            {
                // The reader refuses a non-positive FOB and the rule book a bad rule: this is a broken invariant.
                throw new InvalidOperationException(outcome.Failure!.Reason);
            }

            OriginOutcome o = outcome.Value;
            string[] failed = [.. o.Ctc.Where(c => !c.Changed).Select(c => c.InputCode).Distinct(StringComparer.Ordinal)];
            string reason = o.Qualifies
                ? $"{rule.Value.Rule} ({rule.Value.Scope}) is met by {o.DecidedBy}."
                : $"{rule.Value.Rule} ({rule.Value.Scope}) is not met: RVC {o.RvcBuildDown} % build-down, {o.RvcBuildUp} % build-up"
                    + (failed.Length > 0 ? $"; no tariff shift for {string.Join(", ", failed)} (de minimis share {o.DeMinimisPercent} %, limit {OriginRules.DeMinimisPercent} %)" : "") + ".";
            answers.Add(new AgreementOrigin(agreement, o.Qualifies ? OriginStatus.Qualifies : OriginStatus.DoesNotQualify, reason, rule.Value, o, vnm, vom, failed));
        }

        return answers;
    }
}
