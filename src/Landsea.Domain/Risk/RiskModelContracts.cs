using Landsea.Shared;

namespace Landsea.Risk;

/// <summary>
/// One goods item of a node declaration as the risk model and the rules see it, known at acceptance.
/// <see cref="Day"/> is the accepting office's local day. <see cref="Amount"/> is the item's invoice amount in its
/// currency (not converted); <see cref="NetMassKg"/> is NaN when not declared.
/// </summary>
public sealed record RiskCase(
    string Id,
    DateOnly Day,
    string OfficeCode,
    string TypeCode,
    string Direction,
    string TransportMode,
    string DeclarantId,
    string TraderId,
    string SellerId,
    string HsCode,
    string DepartureCountry,
    string OriginCountry,
    double NetMassKg,
    double Amount)
{
    /// <summary>Value per kilogram; NaN when the net mass is unknown or zero.</summary>
    public double UnitValue => NetMassKg > 0 ? Amount / NetMassKg : double.NaN;

    public RuleSubject ToRuleSubject() => new(HsCode, OriginCountry, DepartureCountry, TraderId, DeclarantId, OfficeCode, TransportMode, UnitValue);
}

/// <summary>A case with the outcome of its control: <see cref="Found"/> is true when an irregularity was found.</summary>
public sealed record LabelledCase(RiskCase Case, bool Found);

/// <summary>One reason the model gives for a score, in words an officer reads, and how much it adds to the score (0..1).</summary>
public sealed record ModelReason(string Text, double Contribution);

/// <summary>
/// A loaded model: scores and explains cases. Thread-safe. The node's decisions (<see cref="RiskAssessment"/>) call it;
/// the ML.NET implementation lives in Landsea.Risk.
/// </summary>
public interface IRiskModel : IDisposable
{
    string ModelId { get; }

    /// <summary>Probability of irregularity, 0..1; a failure (<see cref="RiskErrors.ModelCannotScore"/>) when the model cannot score this case.</summary>
    Result<double> Score(RiskCase c);

    IReadOnlyList<ModelReason> Explain(RiskCase c, int top);

    /// <summary>Typical value per kg of an HS code and origin in the training data; null when unknown.</summary>
    double? TypicalUnitValue(string hsCode, string originCountry);
}

/// <summary>A trained model ready for the registry: the model file's bytes and its manifest (fingerprint, parameters, metrics) as JSON.</summary>
public sealed record TrainedModel(string ModelId, string ManifestJson, byte[] Bytes, int Cases, int Irregular);

/// <summary>
/// The model-engine contract: trains and loads models. Implemented by Landsea.Risk (ML.NET); the node runs rules-only
/// when no engine is available (see ADR 0204).
/// </summary>
public interface IRiskModelEngine
{
    /// <summary>Loads a model from the model file's bytes (as stored in the registry), in memory.</summary>
    Result<IRiskModel> Load(byte[] modelFile);

    /// <summary>Fits a model on <paramref name="cases"/> (the last fifth of the days serves for early stopping and metrics).</summary>
    Result<TrainedModel> Train(IReadOnlyList<LabelledCase> cases, int seed, int threads, TimeProvider clock, IProgress<string>? progress = null);
}
