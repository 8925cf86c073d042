using System.Security.Cryptography;

namespace Landsea.Risk.Modeling;

/// <summary>Identifies the data a model was fitted on: SHA-256 of the file's bytes, row and irregular counts.</summary>
public sealed record DataFingerprint(string Name, string Sha256, int Rows, int Irregular)
{
    public static DataFingerprint Of(string path, int rows, int irregular)
    {
        using FileStream stream = File.OpenRead(path);
        string hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        return new DataFingerprint(Path.GetFileName(path), hash, rows, irregular);
    }
}

/// <summary>Mean and sample standard deviation (n − 1; 0 for a single value) of one metric over seeds.</summary>
public sealed record MeanSd(double Mean, double Sd)
{
    public static MeanSd Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return new MeanSd(double.NaN, double.NaN);
        }

        double mean = values.Average();
        double sd = values.Count < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return new MeanSd(mean, sd);
    }
}

/// <summary>
/// What a model file says about itself. <see cref="ModelId"/> is the first 16 hex digits of SHA-256 over the
/// training fingerprint, the parameters and the feature layout, so the same data and settings give the same id.
/// </summary>
public sealed record ModelManifest
{
    /// <summary>The file format; a reader refuses formats it does not know.</summary>
    public const string CurrentFormat = "landsea-risk-model/1";

    public string Format { get; init; } = CurrentFormat;

    public required string ModelId { get; init; }

    public required DateTimeOffset TrainedAt { get; init; }

    public required DataFingerprint Train { get; init; }

    public DataFingerprint? Valid { get; init; }

    /// <summary>The HS column of the training file (<c>HS6 Code</c> or <c>HS10 Code</c>); scored files must match.</summary>
    public required string HsColumn { get; init; }

    public required LearnerOptions Options { get; init; }

    public required IReadOnlyList<string> Features { get; init; }

    /// <summary>Per-feature median over the training rows: the "typical" value explanations compare with.</summary>
    public required IReadOnlyList<float> TypicalFeatures { get; init; }

    /// <summary>Metrics on the valid file (keys as in <c>risk evaluate --json</c>), empty without a valid file.</summary>
    public IReadOnlyDictionary<string, double> ValidMetrics { get; init; } = new Dictionary<string, double>();
}
