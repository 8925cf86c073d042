using System.Globalization;
using System.Text;
using System.Text.Json;
using Landsea.Risk;

namespace Landsea.Cli.Tests.Risk;

public sealed class RiskCsvCommandTests : IDisposable
{
    private const string Header =
        "Declaration ID,Date,Office ID,Process Type,Import Type,Import Use,Payment Type,Mode of Transport,Declarant ID,Importer ID,Seller ID,Courier ID,HS10 Code,Country of Departure,Country of Origin,Tax Rate,Tax Type,Country of Origin Indicator,Net Mass,Item Price,Fraud,Critical Fraud";

    private readonly string _dir = Directory.CreateTempSubdirectory("landsea-cli-risk-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // 120 declarations over 12 days; every third HS10 code is in chapter 01-09 and written without its leading zero
    // (9 digits), as a spreadsheet saves it. Importer "RISKY" is irregular more often, so the learner has a signal.
    private string WriteKcsFile(string name, int firstId, out int padded)
    {
        var text = new StringBuilder(Header).Append('\n');
        padded = 0;
        for (int i = 0; i < 120; i++)
        {
            bool risky = i % 4 == 0;
            bool fraud = risky ? i % 8 == 0 : i % 10 == 1;
            bool lostZero = i % 3 == 0;
            padded += lostZero ? 1 : 0;
            string hs = lostZero ? "90190000" + (i % 10).ToString(CultureInfo.InvariantCulture) : "44089010" + (i % 10).ToString("00", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{firstId + i},2021-01-{1 + (i / 10):00},30,B,11,21,11,10,DECL{i % 5},{(risky ? "RISKY" : $"IMP{i % 7}")},SELL{i % 3},,{hs},CN,CN,8.0,A,G,{100 + i},{1000 + (37 * i)},{(fraud ? 1 : 0)},0\n");
        }

        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    [Fact]
    public async Task Issue_9_Hs10CodesWithoutLeadingZero_TrainScoreEvaluateAcceptWithWarning()
    {
        // Symptom: risk evaluate/train/score refused a KCS file whose HS10 codes lost a leading zero in a spreadsheet
        // (9 digits), exiting 1 with "error: ...: '901900000' is not a 10-digit HS code".
        string train = WriteKcsFile("train.csv", 1, out int padded);
        string valid = WriteKcsFile("valid.csv", 1001, out _);
        string model = Path.Combine(_dir, "model.lsrm");
        string expected = $"{padded} row(s) with a 9-digit HS10 code";

        (int trained, _, string trainErr) = await CliHarness.Run("risk", "train", "--train", train, "--valid", valid, "--out", model, "--threads", "1");
        (int scored, string scores, string scoreErr) = await CliHarness.Run("risk", "score", valid, "--model", model);
        (int evaluated, string json, string evaluateErr) = await CliHarness.Run("risk", "evaluate", "--train", train, "--valid", valid, "--test", valid, "--seeds", "1", "--threads", "1", "--json");

        Assert.True(trained == 0, trainErr);
        Assert.Contains($"warning: {train}: {expected}", trainErr, StringComparison.Ordinal);
        Assert.Contains($"[{RiskErrors.CsvHsPadded}]", trainErr, StringComparison.Ordinal);
        Assert.True(scored == 0, scoreErr);
        Assert.Contains($"warning: {valid}: {expected}", scoreErr, StringComparison.Ordinal);
        Assert.Equal(121, scores.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // header and 120 scores
        Assert.True(evaluated == 0, evaluateErr);
        using JsonDocument report = JsonDocument.Parse(json);
        JsonElement[] warnings = [.. report.RootElement.GetProperty("warnings").EnumerateArray()];
        Assert.Equal(3, warnings.Length); // train, valid and test each padded
        Assert.All(warnings, w => Assert.Equal(RiskErrors.CsvHsPadded, w.GetProperty("code").GetString()));
        Assert.All(warnings, w => Assert.Contains(expected, w.GetProperty("reason").GetString(), StringComparison.Ordinal));
    }
}
