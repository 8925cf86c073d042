using System.Globalization;
using Landsea.Risk.Declarations;
using Landsea.Risk.Evaluation;
using Landsea.Risk.Modeling;

namespace Landsea.Risk.Selection;

/// <summary>Why a declaration got its channel: a rule hit, a model factor, the random share or the budget.</summary>
public sealed record SelectionReason(string Kind, string Text);

/// <summary>The stored decision for one declaration.</summary>
public sealed record ChannelDecision(string DeclarationId, Channel Channel, double Score, double ModelScore, bool Random, IReadOnlyList<SelectionReason> Reasons);

/// <summary>A declaration to place, with the model's score and (optionally) its top factors.</summary>
public sealed record ScoredDeclaration(RiskCase Case, double ModelScore, IReadOnlyList<ModelFactor> Factors);

/// <summary>
/// Assigns channels for one day. Score = 1 − (1 − model) × Π(1 − weight of each hitting rule). Rules with a fixed
/// channel decide first (red beats yellow beats green). Then floor(N × red share) declarations go red: a random share
/// of them drawn uniformly from those not forced, the rest by descending score (ties by declaration id); the next
/// floor(N × yellow share) by score go yellow; the rest green. Deterministic for a given <see cref="Random"/>.
/// </summary>
public static class ChannelSelection
{
    public static IReadOnlyList<ChannelDecision> SelectDay(
        IReadOnlyList<ScoredDeclaration> day,
        IReadOnlyList<RiskRule> rules,
        DateOnly on,
        RiskSettings options,
        Random random,
        TypicalUnitValue? typical = null)
    {
        IReadOnlyList<string> problems = options.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        RiskRule[] active = [.. rules.Where(r => r.IsActiveOn(on))];
        int n = day.Count;
        var score = new double[n];
        var forced = new Channel?[n];
        var reasons = new List<SelectionReason>[n];
        for (int i = 0; i < n; i++)
        {
            reasons[i] = [];
            CaseScore combined = RiskAssessment.Combine(day[i].Case, day[i].ModelScore, active, typical);
            forced[i] = combined.Forced;
            reasons[i].AddRange(combined.Hits.Select(rule => new SelectionReason("rule", rule.Describe())));
            score[i] = combined.Score;
            foreach (ModelFactor f in day[i].Factors.Take(options.Factors))
            {
                reasons[i].Add(new SelectionReason("model", string.Create(CultureInfo.InvariantCulture, $"{f.Feature} = {f.Value:0.###} (typical {f.Typical:0.###}), +{f.Contribution:0.###}")));
            }
        }

        var channel = new Channel[n];
        var isRandom = new bool[n];
        var placed = new bool[n];
        for (int i = 0; i < n; i++)
        {
            if (forced[i] is { } f)
            {
                channel[i] = f;
                placed[i] = true;
            }
        }

        int redBudget = Budget(n, options.RedShare);
        int yellowBudget = Budget(n, options.YellowShare);
        int randomPicks = (int)Math.Round(redBudget * options.RandomShare);
        int[] open = [.. Enumerable.Range(0, n).Where(i => !placed[i])];
        random.Shuffle(open);
        for (int j = 0; j < Math.Min(randomPicks, open.Length); j++)
        {
            int i = open[j];
            channel[i] = Channel.Red;
            placed[i] = isRandom[i] = true;
            reasons[i].Insert(0, new SelectionReason("random", "drawn at random (random share of the inspection budget)"));
        }

        int[] ranked = RankingMetrics.Rank(score, [.. day.Select(d => d.Case.Id)]);
        int red = Math.Min(randomPicks, open.Length), yellow = 0;
        foreach (int i in ranked)
        {
            if (placed[i])
            {
                continue;
            }

            if (red < redBudget)
            {
                channel[i] = Channel.Red;
                red++;
            }
            else if (yellow < yellowBudget)
            {
                channel[i] = Channel.Yellow;
                yellow++;
            }
            else
            {
                channel[i] = Channel.Green;
            }

            placed[i] = true;
        }

        var decisions = new ChannelDecision[n];
        for (int i = 0; i < n; i++)
        {
            decisions[i] = new ChannelDecision(day[i].Case.Id, channel[i], score[i], day[i].ModelScore, isRandom[i], reasons[i]);
        }

        return decisions;
    }

    // The node's budget function (Landsea.Domain), so the offline day and the node's day ration alike.
    private static int Budget(int n, double share) => OnlineSelection.Budget(n, share);
}
