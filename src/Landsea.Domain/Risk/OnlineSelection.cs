using System.Globalization;

namespace Landsea.Risk;

/// <summary>What an office has decided so far on one local day (decisions forced by a rule count only in <paramref name="Decided"/>).</summary>
/// <param name="Decided">Every decision of the day, forced ones included.</param>
/// <param name="Red">Declarations sent red by score.</param>
/// <param name="Yellow">Declarations sent yellow by score.</param>
/// <param name="Random">Declarations sent red at random.</param>
public sealed record DayCounts(int Decided, int Red, int Yellow, int Random = 0);

/// <summary>How a channel was chosen.</summary>
public enum SelectionBasis
{
    /// <summary>A rule with a fixed channel: mandatory, outside the budget.</summary>
    Rule,

    /// <summary>Drawn at random (the random share of the red budget).</summary>
    Random,

    /// <summary>By score within the day's budget.</summary>
    Score,
}

/// <summary>
/// Chooses the channel of one declaration at acceptance, as declarations arrive one by one. With n the day's
/// declarations at the office including this one, red budget R(n) = floor(n × RedShare), of which the random
/// reserve is Q(n) = floor(n × RedShare × RandomShare), and yellow budget Y(n) = floor(n × YellowShare).
/// Invariant, at any moment of the day and so at its end: red by score ≤ R(n) − Q(n), red at random ≤ Q(n),
/// yellow ≤ Y(n). Order: a fixed-channel rule decides (red over yellow over green), even over budget; else, with
/// probability RedShare × RandomShare, red at random while the reserve has room; else red when the score reaches
/// RedScore and the red budget has room; else yellow when the score reaches YellowScore (or RedScore with the red
/// budget spent) and the yellow budget has room; else green. An unused random reserve is not given to scores.
/// </summary>
public static class OnlineSelection
{
    /// <param name="draw">A uniform number in [0, 1) (seeded in tests).</param>
    public static (Channel Channel, SelectionBasis Basis, string Why) Choose(double score, Channel? forced, DayCounts today, RiskSettings settings, double draw)
    {
        if (forced is { } f)
        {
            return (f, SelectionBasis.Rule, $"fixed channel {f} by rule (mandatory, outside the daily budget)");
        }

        int n = today.Decided + 1;
        int reserve = Budget(n, settings.RedShare * settings.RandomShare);
        int redBudget = Budget(n, settings.RedShare) - reserve;
        int yellowBudget = Budget(n, settings.YellowShare);
        bool redRoom = today.Red < redBudget;
        bool yellowRoom = today.Yellow < yellowBudget;
        if (today.Random < reserve && draw < settings.RedShare * settings.RandomShare)
        {
            return (Channel.Red, SelectionBasis.Random, "drawn at random (random share of the inspection budget)");
        }

        if (score >= settings.RedScore && redRoom)
        {
            return (Channel.Red, SelectionBasis.Score, string.Create(CultureInfo.InvariantCulture, $"score at or above {settings.RedScore:0.##}, within the day's red budget ({today.Red + 1} of {redBudget})"));
        }

        if (score >= settings.YellowScore && yellowRoom)
        {
            string why = score >= settings.RedScore ? "red budget of the day spent; documents checked instead" : string.Create(CultureInfo.InvariantCulture, $"score at or above {settings.YellowScore:0.##}");
            return (Channel.Yellow, SelectionBasis.Score, why);
        }

        return (Channel.Green, SelectionBasis.Score, score >= settings.YellowScore ? "budget of the day spent" : "score below the control thresholds");
    }

    /// <summary>floor(n × share): the budget of a day of n declarations (the node's online selection and the offline one in
    /// Landsea.Risk share it); the small epsilon keeps 0.07 × 100 at 7 despite binary rounding.</summary>
    public static int Budget(int n, double share) => (int)Math.Floor((n * share) + 1e-9);
}
