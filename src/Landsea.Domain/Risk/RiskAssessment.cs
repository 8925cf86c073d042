using System.Globalization;
using Landsea.Shared;

namespace Landsea.Risk;

/// <summary>Why a declaration got its channel. <see cref="Kind"/>: rule, model, random, budget or note.</summary>
public sealed record DecisionReason(string Kind, string Text);

/// <summary>The channel decision of one declaration, made once, at acceptance.</summary>
/// <param name="Day">The deciding office's local day (the day of the budget).</param>
/// <param name="Score">Combined score 1 − (1 − model) × Π(1 − rule weight), the highest over the goods items.</param>
/// <param name="ModelScore">The model's score of that item; null when no model was promoted (rules only).</param>
public sealed record RiskDecision(
    string Mrn,
    string OfficeCode,
    DateOnly Day,
    DateTimeOffset DecidedAt,
    Channel Channel,
    SelectionBasis Basis,
    double Score,
    double? ModelScore,
    string? ModelId,
    IReadOnlyList<DecisionReason> Reasons);

/// <summary>
/// The risk decision of one accepted declaration, as a pure function of its cases (one per goods item), the officer
/// rules, the promoted model (if any), what the office has decided so far that day, the settings and one uniform draw.
/// Each item's score is 1 − (1 − model) × Π(1 − weight of each hitting weighted rule); the declaration's score is its
/// highest item's; a fixed-channel rule hitting any item forces the channel (red over yellow over green). The channel
/// is then chosen by <see cref="OnlineSelection.Choose"/> under the day's budget.
/// </summary>
public static class RiskAssessment
{
    /// <param name="rules">Every current rule; those not active on <paramref name="day"/> are ignored.</param>
    /// <param name="modelProblem">Why a promoted model is not used (kept as a note), or null.</param>
    /// <param name="draw">A uniform number in [0, 1) for the random share.</param>
    public static RiskDecision Decide(
        string mrn,
        string officeCode,
        DateOnly day,
        DateTimeOffset at,
        IReadOnlyList<RiskCase> cases,
        IReadOnlyList<RiskRule> rules,
        IRiskModel? model,
        string? modelProblem,
        DayCounts today,
        RiskSettings settings,
        double draw)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(settings);
        RiskRule[] active = [.. rules.Where(r => r.IsActiveOn(day))];
        var reasons = new List<DecisionReason>();
        if (modelProblem is not null)
        {
            reasons.Add(new("note", modelProblem));
        }

        double best = 0;
        double? bestModel = null;
        RiskCase? bestCase = null;
        Channel? forced = null;
        var seenRules = new HashSet<(string, int)>();
        foreach (RiskCase rc in cases)
        {
            double m = 0;
            if (model is not null)
            {
                Result<double> scored = model.Score(rc);
                if (scored.IsValid)
                {
                    m = scored.Value;
                }
                else
                {
                    reasons.Add(new("note", $"model {model.ModelId} could not score item {rc.Id}: {scored.Failure!.Reason}"));
                }
            }

            CaseScore combined = Combine(rc, m, active, model is null ? null : model.TypicalUnitValue);
            forced = Stronger(forced, combined.Forced);
            foreach (RiskRule rule in combined.Hits.Where(r => seenRules.Add((r.Id, r.Version))))
            {
                string item = rc.Id.StartsWith(mrn + "/", StringComparison.Ordinal) ? rc.Id[(mrn.Length + 1)..] : rc.Id;
                reasons.Add(new("rule", $"{rule.Describe()} (item {item})"));
            }

            double score = combined.Score;
            if (bestCase is null || score > best)
            {
                (best, bestCase) = (score, rc);
                bestModel = model is null ? null : m;
            }
        }

        if (model is not null && bestCase is not null && settings.Factors > 0)
        {
            foreach (ModelReason r in model.Explain(bestCase, settings.Factors))
            {
                reasons.Add(new("model", string.Create(CultureInfo.InvariantCulture, $"{r.Text} (+{r.Contribution:0.###})")));
            }
        }

        if (cases.Count == 0)
        {
            reasons.Add(new("note", "no goods items: nothing to score"));
        }

        (Channel channel, SelectionBasis basis, string why) = OnlineSelection.Choose(best, forced, today, settings, draw);
        reasons.Insert(0, new(basis switch { SelectionBasis.Random => "random", SelectionBasis.Rule => "rule", _ => "budget" }, why));
        return new RiskDecision(mrn, officeCode, day, at, channel, basis, best, bestModel, model?.ModelId, reasons);
    }

    /// <summary>
    /// One case's combined score 1 − (1 − <paramref name="modelScore"/>) × Π(1 − weight of each hitting weighted
    /// rule), the strongest fixed channel of the hitting rules (red over yellow over green; null when none), and the
    /// rules that hit, in the order given. Used by the node's decision and by the offline day selection alike.
    /// </summary>
    /// <param name="activeRules">The rules in force on the case's day (validity is not checked here).</param>
    public static CaseScore Combine(RiskCase c, double modelScore, IEnumerable<RiskRule> activeRules, TypicalUnitValue? typical)
    {
        ArgumentNullException.ThrowIfNull(c);
        return Combine(c.ToRuleSubject(), modelScore, activeRules, typical);
    }

    /// <summary>The same for a rule subject read from any declaration (a transit declaration's goods item, for one).</summary>
    public static CaseScore Combine(RuleSubject subject, double modelScore, IEnumerable<RiskRule> activeRules, TypicalUnitValue? typical)
    {
        ArgumentNullException.ThrowIfNull(activeRules);
        double keep = 1 - modelScore;
        Channel? forced = null;
        var hits = new List<RiskRule>();
        foreach (RiskRule rule in activeRules)
        {
            if (!rule.Matches(subject, typical))
            {
                continue;
            }

            hits.Add(rule);
            if (rule.FixedChannel is { } fixedChannel)
            {
                forced = Stronger(forced, fixedChannel);
            }
            else
            {
                keep *= 1 - rule.Weight!.Value;
            }
        }

        return new CaseScore(1 - keep, forced, hits);
    }

    private static Channel? Stronger(Channel? a, Channel? b) => a is { } x && (b is null || x > b) ? x : b;
}

/// <summary>A case's combined score, the channel forced by a rule (null when none) and the rules that hit it.</summary>
public sealed record CaseScore(double Score, Channel? Forced, IReadOnlyList<RiskRule> Hits);
