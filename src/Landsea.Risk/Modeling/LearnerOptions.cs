using System.Text.Json.Serialization;

namespace Landsea.Risk.Modeling;

/// <summary>Which learner fits the scores.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LearnerKind>))]
public enum LearnerKind
{
    /// <summary>Gradient-boosted trees (ML.NET LightGBM): the production learner.</summary>
    LightGbm,

    /// <summary>Gradient-boosted trees (ML.NET FastTree).</summary>
    FastTree,

    /// <summary>L-BFGS logistic regression on mean/variance-normalised features (missing values replaced by the mean): a baseline.</summary>
    LogisticRegression,
}

/// <summary>
/// Learner settings. Defaults are the tuned production settings (tuned on the valid split only, see docs/risk.md);
/// <see cref="LibraryDefaults"/> leaves everything to the library, for the "default settings" baseline.
/// </summary>
public sealed record LearnerOptions
{
    public LearnerKind Kind { get; init; } = LearnerKind.LightGbm;

    /// <summary>Random seed for bagging and feature sampling.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Threads the learner may use (the machine has 2 cores, shared).</summary>
    public int Threads { get; init; } = 2;

    /// <summary>True: ignore every setting below and use the library's defaults.</summary>
    public bool UseLibraryDefaults { get; init; }

    public int Leaves { get; init; } = 31;

    public int MinExamplesPerLeaf { get; init; } = 20;

    public double LearningRate { get; init; } = 0.1;

    /// <summary>Boosting rounds; early stopping on the valid set may stop sooner.</summary>
    public int Iterations { get; init; } = 1000;

    /// <summary>Rounds without improvement of the valid-set metric before stopping (0 = never stop early).</summary>
    public int EarlyStoppingRounds { get; init; } = 50;

    /// <summary>Share of features each tree may use.</summary>
    public double FeatureFraction { get; init; } = 0.7;

    /// <summary>Share of rows each tree is fitted on (bagging every round).</summary>
    public double Subsample { get; init; } = 0.8;

    public double L2 { get; init; } = 1.0;

    public static LearnerOptions LibraryDefaults(LearnerKind kind, int seed) =>
        new() { Kind = kind, Seed = seed, UseLibraryDefaults = true };
}
