using System.CommandLine;
using Landsea.Risk;
using Landsea.Risk.Declarations;
using Landsea.Risk.Modeling;

namespace Landsea.Cli.Commands.Risk;

/// <summary><c>landsea risk train --train F --valid F --out MODEL</c>: fits and writes a versioned model file atomically.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var train = new Option<FileInfo>("--train") { Description = "Labelled declarations the model is fitted on (CSV, KCS layout).", Required = true };
        var valid = new Option<FileInfo>("--valid") { Description = "Labelled declarations for early stopping and the recorded metrics.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Model file to write (replaced atomically).", Required = true };
        var seed = new Option<int>("--seed") { Description = "Random seed of the learner.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "Threads the learner may use.", DefaultValueFactory = _ => 2 };

        var command = new Command("train", "Train the risk model and write a model file with its data fingerprint, parameters and metrics.\n\nExample: landsea risk train --train data/customs-risk/fixtures/train-small.csv --valid data/customs-risk/fixtures/valid-small.csv --out model.zip");
        command.Options.Add(train);
        command.Options.Add(valid);
        command.Options.Add(output);
        command.Options.Add(seed);
        command.Options.Add(threads);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter stdout = r.InvocationConfiguration.Output;
            TextWriter error = r.InvocationConfiguration.Error;
            FileInfo trainFile = r.GetValue(train)!;
            FileInfo validFile = r.GetValue(valid)!;
            FileInfo outFile = r.GetValue(output)!;
            if (outFile.Directory is { Exists: false })
            {
                await error.WriteLineAsync($"error: {outFile.DirectoryName}: directory not found");
                return ExitCodes.Usage;
            }

            IReadOnlyList<LabelledCase>? trainRows = RiskInput.Labelled(trainFile, error, out int code, out string hs);
            if (trainRows is null)
            {
                return code;
            }

            IReadOnlyList<LabelledCase>? validRows = RiskInput.Labelled(validFile, error, out code, out string validHs);
            if (validRows is null)
            {
                return code;
            }

            if (hs != validHs)
            {
                await error.WriteLineAsync($"error: train uses '{hs}', valid uses '{validHs}'");
                return ExitCodes.Invalid;
            }

            IProgress<string> progress = RiskInput.Progress(error, "train");
            var options = new LearnerOptions { Seed = r.GetValue(seed), Threads = Math.Max(1, r.GetValue(threads)) };
            using RiskModel model = await Task.Run(
                () => RiskTraining.Train(
                    trainRows, validRows, options,
                    DataFingerprint.Of(trainFile.FullName, trainRows.Count, trainRows.Count(t => t.Found)),
                    DataFingerprint.Of(validFile.FullName, validRows.Count, validRows.Count(t => t.Found)),
                    hs, TimeProvider.System, progress),
                ct);
            model.Save(outFile.FullName);
            await stdout.WriteLineAsync($"model {model.Manifest.ModelId} written to {outFile.FullName}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
