using System.CommandLine;
using Landsea.Risk;
using Landsea.Risk.Declarations;
using Landsea.Risk.Evaluation;
using Landsea.Risk.Modeling;
using Landsea.Shared;

namespace Landsea.Cli.Commands.Risk;

/// <summary>
/// <c>landsea risk evaluate --train F --valid F --test F [--seeds 5] [--json]</c>: fits on train (valid for early
/// stopping only), ranks test, and reports the model and the baselines from the same run as mean ± sd over seeds.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var train = new Option<FileInfo>("--train") { Description = "Labelled declarations the model is fitted on (CSV, KCS layout).", Required = true };
        var valid = new Option<FileInfo>("--valid") { Description = "Labelled declarations used only for early stopping.", Required = true };
        var test = new Option<FileInfo>("--test") { Description = "Labelled declarations the metrics are measured on.", Required = true };
        var seeds = new Option<int>("--seeds") { Description = "Number of seeds (1, 2, ... n); metrics are mean ± sd over them.", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Write one JSON object to stdout (progress stays on stderr)." };
        var threads = new Option<int>("--threads") { Description = "Threads the learners may use.", DefaultValueFactory = _ => 2 };

        var command = new Command("evaluate", "Measure Precision/Recall at 1, 2, 5, 10 % and ROC AUC of the model and the baselines.\n\nExample: landsea risk evaluate --train data/customs-risk/fixtures/train-small.csv --valid data/customs-risk/fixtures/valid-small.csv --test data/customs-risk/fixtures/valid-small.csv --json");
        command.Options.Add(train);
        command.Options.Add(valid);
        command.Options.Add(test);
        command.Options.Add(seeds);
        command.Options.Add(json);
        command.Options.Add(threads);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter output = r.InvocationConfiguration.Output;
            TextWriter error = r.InvocationConfiguration.Error;
            int seedCount = r.GetValue(seeds);
            int threadCount = r.GetValue(threads);
            if (seedCount < 1 || threadCount < 1)
            {
                await error.WriteLineAsync("error: --seeds and --threads must be at least 1");
                return ExitCodes.Usage;
            }

            var warnings = new List<Failure>();
            IReadOnlyList<LabelledCase>? trainRows = RiskInput.Labelled(r.GetValue(train)!, error, out int code, out string trainHs, warnings);
            if (trainRows is null)
            {
                return code;
            }

            IReadOnlyList<LabelledCase>? validRows = RiskInput.Labelled(r.GetValue(valid)!, error, out code, out string validHs, warnings);
            if (validRows is null)
            {
                return code;
            }

            IReadOnlyList<LabelledCase>? testRows = RiskInput.Labelled(r.GetValue(test)!, error, out code, out string testHs, warnings);
            if (testRows is null)
            {
                return code;
            }

            if (trainHs != validHs || trainHs != testHs)
            {
                await error.WriteLineAsync($"error: the files use different HS columns (train '{trainHs}', valid '{validHs}', test '{testHs}')");
                return ExitCodes.Invalid;
            }

            IProgress<string> progress = RiskInput.Progress(error, "evaluate");
            EvaluationReport report = await Task.Run(
                () => RiskEvaluation.Run(trainRows, validRows, testRows, seedCount, new LearnerOptions { Threads = threadCount }, progress, ct),
                ct);
            await output.WriteLineAsync(r.GetValue(json) ? report.ToJson(w => RiskInput.WriteWarnings(w, warnings)) : report.ToTable());
            return ExitCodes.Ok;
        });
        return command;
    }
}
