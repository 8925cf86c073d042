using System.Globalization;

namespace Landsea.Risk;

/// <summary>
/// The daily inspection budget and thresholds of channel selection: the one settings type for the node's selection on
/// acceptance (configuration section <c>Landsea:Risk</c>), the offline day selection and the week-by-week replay.
/// Defaults: red for at most 5 % of an office's declarations per local day, yellow for at most 10 %, a random share of
/// 5 % of the red budget, red from score 0.5, yellow from score 0.2, three model factors kept as reasons. Shares are of
/// the day's declarations (red, yellow) or of the red budget (random); scores are combined scores in [0, 1].
/// </summary>
public sealed record RiskSettings
{
    /// <summary>At most this share of an office's declarations of a local day goes red by score or at random (fixed-channel rules come on top).</summary>
    public double RedShare { get; set; } = 0.05;

    /// <summary>At most this share of an office's declarations of a local day goes yellow by score.</summary>
    public double YellowShare { get; set; } = 0.10;

    /// <summary>Share of the red budget drawn at random among declarations not forced by a rule, so the model keeps learning.</summary>
    public double RandomShare { get; set; } = 0.05;

    /// <summary>Lowest combined score that asks for red (while the red budget lasts).</summary>
    public double RedScore { get; set; } = 0.5;

    /// <summary>Lowest combined score that asks for yellow (while the yellow budget lasts).</summary>
    public double YellowScore { get; set; } = 0.2;

    /// <summary>Model factors stored as reasons per decision.</summary>
    public int Factors { get; set; } = 3;

    /// <summary>Every reason these settings are unusable; empty when they are fine.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach ((string name, double v) in new[] { (nameof(RedShare), RedShare), (nameof(YellowShare), YellowShare), (nameof(RandomShare), RandomShare), (nameof(RedScore), RedScore), (nameof(YellowScore), YellowScore) })
        {
            if (v is < 0 or > 1 || double.IsNaN(v))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {v} is not in [0, 1]"));
            }
        }

        if (RedShare + YellowShare > 1)
        {
            problems.Add("RedShare + YellowShare exceeds 1");
        }

        if (YellowScore > RedScore)
        {
            problems.Add("YellowScore exceeds RedScore");
        }

        if (Factors is < 0 or > 20)
        {
            problems.Add($"Factors {Factors} is not in 0..20");
        }

        return problems;
    }
}
