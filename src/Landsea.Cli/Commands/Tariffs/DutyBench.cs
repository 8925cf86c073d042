using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Landsea.Shared;
using Landsea.Tariffs;

namespace Landsea.Cli.Commands.Tariffs;

/// <summary>
/// <c>landsea bench duty</c>: duty options computed per second on one thread (<see cref="DutyCalculator.Options"/>: MFN
/// and each shared agreement, conversion, rounding) for a mixed set of lines (ad valorem, specific, compound; importers
/// CN, TH, SG; origins in and out of the agreements), against a baseline in the same run: the MFN
/// <see cref="TariffBook.Find"/> alone for the same questions. Rounds alternate so neither side gets the warmer machine.
/// </summary>
public static class DutyBench
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "Questions per round (cycled over the mixed set).", DefaultValueFactory = _ => 200_000 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds per variant (alternating).", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        var command = new Command("duty", "Duty options computed per second on one thread for a mixed set of lines, against a TariffBook lookup alone in the same run.\n\nExample: landsea bench duty --count 100000 --json") { count, rounds, json };
        command.SetAction(async (r, ct) =>
        {
            int n = r.GetValue(count), k = r.GetValue(rounds);
            if (n <= 0 || k <= 0)
            {
                await r.InvocationConfiguration.Error.WriteLineAsync("error: --count and --rounds must be positive.");
                return ExitCodes.Usage;
            }

            TariffBook book = Book();
            DutyQuestion[] set = Questions();
            ExchangeRates rates = ExchangeRates.Shipped;
            foreach (DutyQuestion q in set)
            {
                // Every question of the set must have an answer, or the bench measures failures.
                if (DutyCalculator.Options(q, book, rates).Failure is { } f)
                {
                    throw new InvalidOperationException($"bench question {q.Code} {q.Origin}->{q.Importer}: {f.Reason}");
                }
            }

            int options = set.Sum(q => DutyCalculator.Options(q, book, rates).Value.Options.Count);
            long sink = 0;
            var lookup = new List<double>();
            var duty = new List<double>();
            for (int round = 0; round < k; round++)
            {
                ct.ThrowIfCancellationRequested();
                lookup.Add(Rate(n, () =>
                {
                    for (int i = 0; i < n; i++)
                    {
                        DutyQuestion q = set[i % set.Length];
                        sink += book.Find(q.Importer, Agreements.Mfn, q.Code, q.Date) is null ? 0 : 1;
                    }
                }));
                duty.Add(Rate(n, () =>
                {
                    for (int i = 0; i < n; i++)
                    {
                        sink += DutyCalculator.Options(set[i % set.Length], book, rates).Value.Options.Count;
                    }
                }));
            }

            var figures = new Dictionary<string, object>
            {
                ["machine"] = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}",
                ["questionsPerRound"] = n,
                ["rounds"] = k,
                ["mixedSet"] = $"{set.Length} questions (ad valorem, specific, compound; importers CN, TH, SG), {options} options in all",
                ["tariffLines"] = book.Count,
                ["dutyOptionsQuestionsPerSecond"] = Math.Round(duty.Max()),
                ["baselineMfnLookupPerSecond"] = Math.Round(lookup.Max()),
                ["lookupToDutyRatio"] = Math.Round(lookup.Max() / duty.Max(), 2),
                ["checksum"] = sink,
            };
            await r.InvocationConfiguration.Output.WriteLineAsync(r.GetValue(json)
                ? JsonSerializer.Serialize(figures, s_indented)
                : string.Join(Environment.NewLine, figures.Select(f => $"{f.Key}: {f.Value}")));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static double Rate(int n, Action run)
    {
        var watch = Stopwatch.StartNew();
        run();
        return n / watch.Elapsed.TotalSeconds;
    }

    private static CountryCode C(string code) => CountryCode.Parse(code).OrThrow();

    private static HsCode H(string code) => HsCode.Parse(code).OrThrow();

    private static CurrencyCode Cur(string code) => CurrencyCode.Parse(code).OrThrow();

    // The shipped China lines plus bench-only lines for Thailand and Singapore (not data: rates invented to mix the kinds).
    private static TariffBook Book()
    {
        var d = new DateOnly(2022, 1, 1);
        TariffRate Av(decimal p) => new(RateKind.AdValorem, p, null, null, null);
        TariffRate Sp(decimal a, string cur, string unit) => new(RateKind.Specific, null, a, Cur(cur), unit);
        TariffRate Co(decimal p, decimal a, string cur, string unit) => new(RateKind.Compound, p, a, Cur(cur), unit);
        TariffLine L(string importer, string agreement, string schedule, string hs, TariffRate rate) => new(C(importer), agreement, schedule, 2022, H(hs), rate, d, true, "bench");
        return new TariffBook(TariffBook.Shipped.AllLines.Concat(
        [
            L("TH", "MFN", "", "0810600000", Av(40m)), L("TH", "ACFTA", "", "0810600000", Av(0m)),
            L("TH", "MFN", "", "2203000000", Sp(60m, "THB", "l")), L("TH", "ACFTA", "", "2203000000", Sp(30m, "THB", "l")),
            L("TH", "MFN", "", "8501520000", Av(10m)), L("TH", "RCEP", "common", "8501520000", Av(5m)), L("TH", "RCEP", "JP", "8501520000", Av(2m)),
            L("SG", "MFN", "", "2203000000", Sp(1.5m, "SGD", "l")), L("SG", "MFN", "", "4001220000", Co(5m, 20m, "SGD", "t")),
            L("SG", "MFN", "", "8501520000", Av(0m)), L("SG", "RCEP", "common", "8501520000", Av(0m)),
        ]));
    }

    private static DutyQuestion[] Questions()
    {
        var on = new DateOnly(2024, 3, 1);
        Money Usd(decimal a) => new(a, Cur("USD"));
        return
        [
            new(H("0810.60"), C("TH"), C("CN"), Usd(12_000m), on),
            new(H("3004.49"), C("VN"), C("CN"), new Money(80_000m, Cur("CNY")), on),
            new(H("8501.52"), C("JP"), C("CN"), Usd(50_000m), on),
            new(H("8501.52"), C("US"), C("CN"), Usd(50_000m), on),
            new(H("4001.22"), C("TH"), C("CN"), Usd(30_000m), on, 20m, "t"),
            new(H("8703.24.29"), C("DE"), C("CN"), new Money(300_000m, Cur("EUR")), on),
            new(H("0709.59.40"), C("MY"), C("CN"), Usd(5_000m), on),
            new(H("0810.60"), C("VN"), C("TH"), new Money(200_000m, Cur("THB")), on),
            new(H("2203.00"), C("SG"), C("TH"), Usd(9_000m), on, 4_000m, "l"),
            new(H("8501.52"), C("JP"), C("TH"), Usd(20_000m), on),
            new(H("2203.00"), C("CN"), C("SG"), new Money(15_000m, Cur("SGD")), on, 6_000m, "l"),
            new(H("4001.22"), C("TH"), C("SG"), Usd(40_000m), on, 25m, "t"),
            new(H("8501.52"), C("CN"), C("SG"), Usd(10_000m), on),
        ];
    }
}
