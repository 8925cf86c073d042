using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Landsea.Shared;
using Landsea.Risk.Explanation;
using Landsea.Risk.Modeling;

namespace Landsea.Risk.Node;

/// <summary>
/// The ML.NET model engine for a node: trains on the node's controlled declarations and loads registry models. Node
/// cases are already in the one scoring shape (<see cref="RiskCase"/>, built by <see cref="RiskCases.From"/>), so the
/// model scores them as it scores KCS rows.
/// </summary>
public sealed class NodeModelEngine : IRiskModelEngine
{
    /// <summary>Fewest controlled cases a retraining accepts.</summary>
    public const int MinimumCases = 20;

    /// <summary>Loads a registry model from its bytes, in memory.</summary>
    public Result<IRiskModel> Load(byte[] modelFile)
    {
        Result<RiskModel> model = RiskModel.Load(modelFile);
        return model.IsValid ? new NodeModel(model.Value) : model.Failure!;
    }

    public Result<TrainedModel> Train(IReadOnlyList<LabelledCase> cases, int seed, int threads, TimeProvider clock, IProgress<string>? progress = null)
    {
        int irregular = cases.Count(c => c.Found);
        if (cases.Count < MinimumCases)
        {
            return Result<TrainedModel>.Fail(RiskErrors.TrainTooFew, $"{cases.Count} controlled goods items with an outcome; retraining needs at least {MinimumCases}");
        }

        if (irregular == 0 || irregular == cases.Count)
        {
            return Result<TrainedModel>.Fail(RiskErrors.TrainOneClass, $"all {cases.Count} controlled goods items have the same outcome; retraining needs both found and not found");
        }

        LabelledCase[] ordered = [.. cases.OrderBy(c => c.Case.Day).ThenBy(c => c.Case.Id, StringComparer.Ordinal)];
        DateOnly[] days = [.. ordered.Select(c => c.Case.Day).Distinct()];
        // The last fifth of the days (at least one, when there are two or more) serves for early stopping and metrics.
        int validDays = days.Length < 2 ? 0 : Math.Max(1, days.Length / 5);
        DateOnly firstValid = validDays == 0 ? DateOnly.MaxValue : days[^validDays];
        List<LabelledCase> train = [.. ordered.Where(c => c.Case.Day < firstValid)];
        List<LabelledCase> valid = [.. ordered.Where(c => c.Case.Day >= firstValid)];
        var options = new LearnerOptions { Seed = seed, Threads = threads, EarlyStoppingRounds = valid.Count > 0 ? 50 : 0, Iterations = valid.Count > 0 ? 1000 : 200 };
        using RiskModel model = RiskTraining.Train(train, valid.Count > 0 ? valid : null, options, Fingerprint("node:train", train), valid.Count > 0 ? Fingerprint("node:valid", valid) : null, "HS6 Code", clock, progress);
        return new TrainedModel(model.Manifest.ModelId, JsonSerializer.Serialize(model.Manifest, RiskModel.JsonOptions), model.ToBytes(), cases.Count, irregular);
    }

    // SHA-256 over every row's fields and label in training order: the same data gives the same fingerprint.
    private static DataFingerprint Fingerprint(string name, List<LabelledCase> rows)
    {
        var text = new StringBuilder();
        foreach (LabelledCase r in rows)
        {
            text.Append(r.Case.ToString()).Append('|').Append(r.Found ? '1' : '0').Append('\n');
        }

        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
        return new DataFingerprint(name, hash, rows.Count, rows.Count(r => r.Found));
    }

    private sealed class NodeModel(RiskModel model) : IRiskModel
    {
        public string ModelId => model.Manifest.ModelId;

        public Result<double> Score(RiskCase c)
        {
            try
            {
                return model.Score(c);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                // ML.NET reports an unusable input row by throwing; for the node that is an item the model cannot score.
                return new Failure(RiskErrors.ModelCannotScore, e.Message);
            }
        }

        public IReadOnlyList<ModelReason> Explain(RiskCase c, int top) =>
            [.. model.Explain(c, top).Select(f => new ModelReason(FactorWording.Describe(f), f.Contribution))];

        public double? TypicalUnitValue(string hsCode, string originCountry) => model.TypicalUnitValue(hsCode, originCountry);

        public void Dispose() => model.Dispose();
    }
}
