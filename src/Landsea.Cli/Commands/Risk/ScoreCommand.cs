using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Landsea.Risk;
using Landsea.Risk.Declarations;
using Landsea.Risk.Modeling;
using Landsea.Shared;

namespace Landsea.Cli.Commands.Risk;

/// <summary>
/// <c>landsea risk score FILE --model MODEL [--explain] [--json] [--out F]</c>: scores a batch of declarations
/// (label columns, if present, are ignored). CSV output: <c>Declaration ID,Score[,Factors]</c>, in input order.
/// </summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Declarations to score (CSV, KCS layout; Fraud columns optional)." };
        var modelOption = new Option<FileInfo>("--model") { Description = "Model file written by 'risk train'.", Required = true };
        var explain = new Option<bool>("--explain") { Description = "Add the top three model factors of each declaration." };
        var json = new Option<bool>("--json") { Description = "Write a JSON array instead of CSV." };
        var outFile = new Option<FileInfo?>("--out") { Description = "Write the result to this file (atomically) instead of stdout." };

        var command = new Command("score", "Score a batch of declarations with a trained model.\n\nExample: landsea risk score data/customs-risk/fixtures/valid-small.csv --model model.zip --explain --json");
        command.Arguments.Add(file);
        command.Options.Add(modelOption);
        command.Options.Add(explain);
        command.Options.Add(json);
        command.Options.Add(outFile);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter error = r.InvocationConfiguration.Error;
            FileInfo input = r.GetValue(file)!;
            FileInfo modelFile = r.GetValue(modelOption)!;
            if (!input.Exists || !modelFile.Exists)
            {
                await error.WriteLineAsync($"error: {(input.Exists ? modelFile.FullName : input.FullName)}: file not found");
                return ExitCodes.Usage;
            }

            Result<RiskModel> loaded = RiskModel.Load(modelFile.FullName);
            if (!loaded.IsValid)
            {
                await error.WriteLineAsync($"error: {loaded.Failure!.Reason} [{loaded.Failure.Code}]");
                return ExitCodes.Usage;
            }

            using RiskModel model = loaded.Value;
            Result<DeclarationCsv.Table> table = DeclarationCsv.ReadTable(input.FullName);
            if (!table.IsValid)
            {
                await error.WriteLineAsync($"error: {table.Failure!.Reason} [{table.Failure.Code}]");
                return ExitCodes.Invalid;
            }

            // The score JSON is an array of scores (its shape is kept), so warnings go to standard error only.
            RiskInput.Warn(table.Value, error, null);
            if (table.Value.HsColumn != model.Manifest.HsColumn)
            {
                await error.WriteLineAsync($"error: {input.FullName}: line 1: the file has '{table.Value.HsColumn}', the model was trained on '{model.Manifest.HsColumn}'");
                return ExitCodes.Invalid;
            }

            IReadOnlyList<RiskCase> rows = table.Value.Rows;
            await error.WriteLineAsync($"score: {rows.Count} declarations with model {model.Manifest.ModelId}");
            double[] scores = model.ScoreBatch(rows);
            bool withFactors = r.GetValue(explain);
            string text = r.GetValue(json) ? Json(rows, scores, model, withFactors) : Csv(rows, scores, model, withFactors);

            FileInfo? target = r.GetValue(outFile);
            if (target is null)
            {
                await r.InvocationConfiguration.Output.WriteAsync(text);
                return ExitCodes.Ok;
            }

            AtomicFile.WriteAllText(target.FullName, text);
            await error.WriteLineAsync($"score: written to {target.FullName}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Csv(IReadOnlyList<RiskCase> rows, double[] scores, RiskModel model, bool withFactors)
    {
        var sb = new StringBuilder(rows.Count * 32);
        sb.Append("Declaration ID,Score").Append(withFactors ? ",Factors\n" : "\n");
        for (int i = 0; i < rows.Count; i++)
        {
            sb.Append(rows[i].Id).Append(',').Append(scores[i].ToString("F6", CultureInfo.InvariantCulture));
            if (withFactors)
            {
                string factors = string.Join("; ", model.Explain(rows[i]).Select(f => f.Feature));
                sb.Append(",\"").Append(factors.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static string Json(IReadOnlyList<RiskCase> rows, double[] scores, RiskModel model, bool withFactors)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            for (int i = 0; i < rows.Count; i++)
            {
                w.WriteStartObject();
                w.WriteString("id", rows[i].Id);
                w.WriteNumber("score", Math.Round(scores[i], 6));
                if (withFactors)
                {
                    w.WriteStartArray("factors");
                    foreach (ModelFactor f in model.Explain(rows[i]))
                    {
                        w.WriteStartObject();
                        w.WriteString("feature", f.Feature);
                        w.WriteNumber("value", f.Value);
                        w.WriteNumber("contribution", Math.Round(f.Contribution, 6));
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
