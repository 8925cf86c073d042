using Landsea.Shared;

namespace Landsea.Risk;

/// <summary>
/// One goods item of a declaration as the rules and the model see it, known at acceptance: the one scoring shape. The
/// KCS reader (Landsea.Risk) produces it from a CSV row; the node builds it from a lodged declaration with
/// <see cref="RiskCases.From"/>. The fields follow the KCS import-declaration layout. <see cref="Day"/> is the accepting
/// office's local day (the KCS date). <see cref="NetMassKg"/> is in kilograms, 0 when not declared;
/// <see cref="ItemPrice"/> is the item's invoice amount in its currency (not converted; KRW in the KCS data), 0 when not
/// declared. Text a declaration does not carry is "-" (or empty for <see cref="SellerId"/> and <see cref="CourierId"/>).
/// </summary>
/// <param name="Id">KCS declaration id, or "MRN/item" for a node case.</param>
/// <param name="ProcessType">KCS process type; the declaration type code (IMA, EXA, ...) for a node case.</param>
/// <param name="ImportType">KCS import type; the direction (Import, Export, Transit) for a node case.</param>
/// <param name="ImporterId">The trader: the importer (else, for exports, the exporter; else the declarant).</param>
public sealed record RiskCase(
    string Id,
    DateOnly Day,
    string OfficeCode,
    string ProcessType,
    string ImportType,
    string ImportUse,
    string PaymentType,
    string TransportMode,
    string DeclarantId,
    string ImporterId,
    string SellerId,
    string CourierId,
    string HsCode,
    string DepartureCountry,
    string OriginCountry,
    double TaxRate,
    string TaxType,
    string OriginIndicator,
    double NetMassKg,
    double ItemPrice)
{
    /// <summary>HS chapter: the first two digits of <see cref="HsCode"/>.</summary>
    public string HsChapter => HsCode.Length >= 2 ? HsCode[..2] : HsCode;

    /// <summary>HS heading: the first four digits of <see cref="HsCode"/>.</summary>
    public string HsHeading => HsCode.Length >= 4 ? HsCode[..4] : HsCode;

    /// <summary>HS subheading: the first six digits of <see cref="HsCode"/> (the whole code in HS6 data).</summary>
    public string HsSubheading => HsCode.Length >= 6 ? HsCode[..6] : HsCode;

    /// <summary>Declared value per kilogram; NaN when the net mass is unknown or zero.</summary>
    public double UnitValue => NetMassKg > 0 ? ItemPrice / NetMassKg : double.NaN;

    /// <summary>The fields a rule reads; the trader is the importer.</summary>
    public RuleSubject ToRuleSubject() => new(HsCode, OriginCountry, DepartureCountry, ImporterId, DeclarantId, OfficeCode, TransportMode, UnitValue);
}

/// <summary>A case with the outcome of its control: <see cref="Found"/> is true when an irregularity was found (<c>Fraud</c> in the KCS data).</summary>
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
