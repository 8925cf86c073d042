using System.IO.Compression;
using System.Text.Json;
using Landsea.Shared;
using Landsea.Risk.Declarations;
using Landsea.Risk.Features;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Landsea.Risk.Modeling;

/// <summary>One feature's share in a declaration's score: how much the score drops when it is set to its typical value.</summary>
public sealed record ModelFactor(string Feature, float Value, float Typical, double Contribution);

/// <summary>The calibrated probability column ML.NET writes.</summary>
public sealed class ProbabilityRow
{
    public float Probability { get; set; }
}

/// <summary>
/// A fitted risk model: the frozen feature history, the learner and its manifest. Scoring is a pure function of
/// model and declaration and is thread-safe. Scores are calibrated probabilities of irregularity (0..1).
/// </summary>
public sealed class RiskModel : IDisposable
{
    private const string ManifestEntry = "manifest.json";
    private const string HistoryEntry = "history.bin";
    private const string LearnerEntry = "learner.mlnet";

    private readonly MLContext _ml;
    private readonly ITransformer _learner;
    private readonly ThreadLocal<PredictionEngine<FeatureRow, ProbabilityRow>> _engines;

    internal RiskModel(MLContext ml, ITransformer learner, FeatureHistory history, ModelManifest manifest)
    {
        _ml = ml;
        _learner = learner;
        History = history;
        Manifest = manifest;
        SchemaDefinition schema = RiskLearner.Schema(FeatureLayout.Count);
        _engines = new ThreadLocal<PredictionEngine<FeatureRow, ProbabilityRow>>(
            () => _ml.Model.CreatePredictionEngine<FeatureRow, ProbabilityRow>(_learner, inputSchemaDefinition: schema),
            trackAllValues: true);
    }

    public ModelManifest Manifest { get; }

    internal FeatureHistory History { get; }

    internal static JsonSerializerOptions JsonOptions { get; } = new() { WriteIndented = true };

    /// <summary>Probability that <paramref name="declaration"/> is irregular.</summary>
    public double Score(RiskCase declaration)
    {
        var features = new float[FeatureLayout.Count];
        FeatureLayout.Write(declaration, History, features);
        return ScoreFeatures(features);
    }

    internal double ScoreFeatures(float[] features)
    {
        PredictionEngine<FeatureRow, ProbabilityRow> engine = _engines.Value!;
        return engine.Predict(new FeatureRow { Features = features }).Probability;
    }

    /// <summary>Typical value per kg for an HS code and origin in the training data (the median), or null if never seen.</summary>
    public double? TypicalUnitValue(string hsCode, string originCountry)
    {
        GroupHistory? g = History.Find(HistoryKey.HsOrigin, HistoryKeys.HsOrigin(hsCode, originCountry));
        return g is null || double.IsNaN(g.MedianLogUnitValue) ? null : Math.Exp(g.MedianLogUnitValue);
    }

    /// <summary>Scores a batch on up to <paramref name="threads"/> threads; results are in input order.</summary>
    public double[] ScoreBatch(IReadOnlyList<RiskCase> declarations, int threads = 2)
    {
        var scores = new double[declarations.Count];
        int chunks = Math.Max(1, Math.Min(threads, declarations.Count / 1024));
        int size = (declarations.Count + chunks - 1) / chunks;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, c =>
        {
            int start = c * size;
            int end = Math.Min(declarations.Count, start + size);
            var rows = new FeatureRow[end - start];
            for (int i = start; i < end; i++)
            {
                var f = new float[FeatureLayout.Count];
                FeatureLayout.Write(declarations[i], History, f);
                rows[i - start] = new FeatureRow { Features = f };
            }

            IDataView view = _ml.Data.LoadFromEnumerable(rows, RiskLearner.Schema(FeatureLayout.Count));
            int j = start;
            foreach (float p in _learner.Transform(view).GetColumn<float>("Probability"))
            {
                scores[j++] = p;
            }
        });
        return scores;
    }

    /// <summary>
    /// The <paramref name="top"/> features that raise this declaration's score most: each is replaced by its
    /// typical (training median) value and the drop in score is its contribution.
    /// </summary>
    public IReadOnlyList<ModelFactor> Explain(RiskCase declaration, int top = 3)
    {
        var features = new float[FeatureLayout.Count];
        FeatureLayout.Write(declaration, History, features);
        double score = ScoreFeatures(features);
        var factors = new List<ModelFactor>(features.Length);
        for (int i = 0; i < features.Length; i++)
        {
            float original = features[i];
            float typical = Manifest.TypicalFeatures[i];
            if (original.Equals(typical))
            {
                continue;
            }

            features[i] = typical;
            double without = ScoreFeatures(features);
            features[i] = original;
            factors.Add(new ModelFactor(FeatureLayout.Names[i], original, typical, score - without));
        }

        return [.. factors.Where(f => f.Contribution > 0).OrderByDescending(f => f.Contribution).Take(top)];
    }

    /// <summary>Writes the model file atomically: a temporary file beside the target, then a rename.</summary>
    public void Save(string path) => AtomicFile.Write(path, Save);

    /// <summary>Writes the model file (a zip archive: manifest, frozen feature history, learner) to <paramref name="stream"/>.</summary>
    public void Save(Stream stream)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        using (Stream s = zip.CreateEntry(ManifestEntry).Open())
        {
            JsonSerializer.Serialize(s, Manifest, JsonOptions);
        }

        using (Stream s = zip.CreateEntry(HistoryEntry).Open())
        {
            FeatureHistoryFile.Write(History, s);
        }

        using (Stream s = zip.CreateEntry(LearnerEntry).Open())
        {
            _ml.Model.Save(_learner, null, s);
        }
    }

    /// <summary>The model file's bytes, as the node's registry stores them.</summary>
    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        Save(buffer);
        return buffer.ToArray();
    }

    public static Result<RiskModel> Load(string path)
    {
        if (!File.Exists(path))
        {
            return new Failure(RiskErrors.ModelFileMissing, $"{path}: model file not found");
        }

        using FileStream file = File.OpenRead(path);
        return Load(file, path);
    }

    /// <summary>Loads a model from the model file's bytes, in memory (no temporary file).</summary>
    public static Result<RiskModel> Load(byte[] bytes, string source = "model")
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return Load(stream, source);
    }

    /// <summary>Loads a model from a readable, seekable stream holding a model file; <paramref name="source"/> names it in failures.</summary>
    public static Result<RiskModel> Load(Stream stream, string source)
    {
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            ZipArchiveEntry? manifestEntry = zip.GetEntry(ManifestEntry);
            ZipArchiveEntry? historyEntry = zip.GetEntry(HistoryEntry);
            ZipArchiveEntry? learnerEntry = zip.GetEntry(LearnerEntry);
            if (manifestEntry is null || historyEntry is null || learnerEntry is null)
            {
                return new Failure(RiskErrors.ModelFileInvalid, $"{source}: not a Landsea risk model (missing entries)");
            }

            ModelManifest? manifest;
            using (Stream s = manifestEntry.Open())
            {
                manifest = JsonSerializer.Deserialize<ModelManifest>(s, JsonOptions);
            }

            if (manifest is null || manifest.Format != ModelManifest.CurrentFormat)
            {
                return new Failure(RiskErrors.ModelFormat, $"{source}: model format '{manifest?.Format}' is not supported (expected {ModelManifest.CurrentFormat})");
            }

            if (!manifest.Features.SequenceEqual(FeatureLayout.Names))
            {
                return new Failure(RiskErrors.ModelFeatures, $"{source}: the model was trained with a different feature layout; retrain it");
            }

            Result<FeatureHistory> history;
            using (Stream s = historyEntry.Open())
            {
                history = FeatureHistoryFile.Read(s);
            }

            if (!history.IsValid)
            {
                return new Failure(history.Failure!.Code, $"{source}: {history.Failure.Reason}");
            }

            var ml = new MLContext(manifest.Options.Seed);
            using var buffer = new MemoryStream();
            using (Stream s = learnerEntry.Open())
            {
                s.CopyTo(buffer);
            }

            buffer.Position = 0;
            ITransformer learner = ml.Model.Load(buffer, out _);
            return new RiskModel(ml, learner, history.Value, manifest);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or IOException or FormatException or InvalidOperationException)
        {
            return new Failure(RiskErrors.ModelFileInvalid, $"{source}: cannot read the model ({e.Message})");
        }
    }

    public void Dispose()
    {
        foreach (PredictionEngine<FeatureRow, ProbabilityRow> engine in _engines.Values)
        {
            engine.Dispose();
        }

        _engines.Dispose();
    }
}
