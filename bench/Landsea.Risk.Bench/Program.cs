using System.Diagnostics;
using System.Globalization;
using Landsea.Risk;
using Landsea.Risk.Declarations;
using Landsea.Risk.Modeling;
using Landsea.Shared;

// Scoring speed of the risk model (issue 4): batch throughput on 2 threads and single-declaration latency.
// Usage: dotnet run -c Release --project bench/Landsea.Risk.Bench [-- --model FILE] [--rows 200000] [--single 20000]
// Without --model, a model is trained first on data/customs-risk (train, early stopping on valid).
string root = FindRoot();
string data = Path.Combine(root, "data", "customs-risk", "kcs-synthetic-import-declarations", "hs6-2023");
string? modelPath = Arg("--model");
int batchRows = int.Parse(Arg("--rows") ?? "200000", CultureInfo.InvariantCulture);
int singles = int.Parse(Arg("--single") ?? "20000", CultureInfo.InvariantCulture);

IReadOnlyList<LabelledCase> valid = DeclarationCsv.ReadLabelled(Path.Combine(data, "df_syn_valid_eng.csv")).Value;
RiskModel model;
if (modelPath is null)
{
    string trainPath = Path.Combine(data, "df_syn_train_eng.csv");
    IReadOnlyList<LabelledCase> train = DeclarationCsv.ReadLabelled(trainPath).Value;
    Console.Error.WriteLine("training a model on the train split (valid for early stopping)...");
    model = RiskTraining.Train(
        train, valid, new LearnerOptions(),
        DataFingerprint.Of(trainPath, train.Count, train.Count(t => t.Found)), null, "HS6 Code", TimeProvider.System);
}
else
{
    Result<RiskModel> loaded = RiskModel.Load(modelPath);
    if (!loaded.IsValid)
    {
        Console.Error.WriteLine(loaded.Failure);
        return 2;
    }

    model = loaded.Value;
}

using (model)
{
    // The valid split repeated up to the batch size (ids made unique; the scorer ignores them).
    var batch = new RiskCase[batchRows];
    for (int i = 0; i < batchRows; i++)
    {
        batch[i] = valid[i % valid.Count].Case with { Id = i.ToString(CultureInfo.InvariantCulture) };
    }

    model.ScoreBatch(batch[..Math.Min(batchRows, 20_000)]); // warm-up: JIT and tiered compilation
    var runs = new List<double>();
    for (int run = 0; run < 5; run++)
    {
        long start = Stopwatch.GetTimestamp();
        model.ScoreBatch(batch, threads: 2);
        runs.Add(batchRows / Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    runs.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"batch: {batchRows} declarations, 2 threads, 5 runs: median {runs[2]:N0}/s (min {runs[0]:N0}/s, max {runs[4]:N0}/s)"));

    for (int i = 0; i < 2000; i++)
    {
        model.Score(batch[i]);
    }

    var latencies = new double[singles];
    for (int i = 0; i < singles; i++)
    {
        long start = Stopwatch.GetTimestamp();
        model.Score(batch[i % batch.Length]);
        latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }

    Array.Sort(latencies);
    double P(double q) => latencies[Math.Min(singles - 1, (int)(q * singles))];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"single: {singles} declarations, one at a time: p50 {P(0.50):F1} µs, p99 {P(0.99):F1} µs, p99.9 {P(0.999):F1} µs, max {latencies[^1]:F1} µs"));
    Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
}

return 0;

string? Arg(string name)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}

static string FindRoot()
{
    for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Landsea.slnx")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("Landsea.slnx not found.");
}
