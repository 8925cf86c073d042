using Landsea.Data;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Data.Risk;
using Landsea.Declarations;
using Landsea.Exchange.Storage;
using Landsea.Offices;
using Landsea.Risk;
using Landsea.Risk.Node;
using Landsea.Shared;
using Microsoft.Extensions.Time.Testing;

namespace Landsea.Risk.Tests.Node;

/// <summary>
/// Risk inside a node: the observer decides on acceptance under the office's daily budget, outcomes reach every sink,
/// retraining uses only controlled declarations, promotion and roll-back switch the model. One SQLite file per test.
/// </summary>
#pragma warning disable CA1001 // xunit disposes through IAsyncLifetime.DisposeAsync.
public sealed class NodeRiskTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private static readonly CustomsNode s_node = Corridor.FindNode("CNCQI")!;
    private static readonly AccessScope s_officer = new("officer.cq", Role.Officer, "CN800001");

    // 2026-03-02 09:00 in Chongqing (UTC+8).
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
    private readonly string _file = Path.Combine(Path.GetTempPath(), "landsea-tests", $"risk-{Guid.NewGuid():N}.db");
    private NodeDatabase _db = null!;
    private RiskStore _risk = null!;
    private ModelCache _models = null!;
    private DeclarationWriter _store = null!;
    private int _lrn;

    public async Task InitializeAsync()
    {
        _db = NodeDatabase.FromArgument(_file);
        await _db.MigrateAsync();
        _risk = new RiskStore(_db);
        _models = new ModelCache(new NodeModelEngine());
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        _models.Dispose();
    }

    private void Start(RiskSettings settings, int seed = 7) =>
        _store = new DeclarationWriter(_db, _time, s_node, [new RiskObserver(_models, settings, new RiskRandom(seed), s_node)]);

    private async Task<string> LodgeAsync(string hs = "847130", string importer = "91350100M000100Y43", decimal net = 100, decimal amount = 1000)
    {
        string lrn = $"LRN-{++_lrn}";
        var d = new Declaration
        {
            FunctionalReference = lrn,
            TypeCode = "IMA",
            FunctionCode = "9",
            DeclarantId = TraderId.Parse("91350100M000100Y43").OrThrow(),
            OfficeCode = "CN800001",
            ExportCountry = CountryCode.Parse("VN").OrThrow(),
            TransportMode = "3",
            Parties = [new Party("Importer", TraderId.Parse(importer).OrThrow(), "Importer", CountryCode.Parse("CN").OrThrow()), new Party("Exporter", TraderId.Parse("VN0101").OrThrow(), "Seller", CountryCode.Parse("VN").OrThrow())],
            Items = [new GoodsItem(1, HsCode.Parse(hs).OrThrow(), "goods", CountryCode.Parse("VN").OrThrow(), amount, CurrencyCode.Parse("CNY").OrThrow(), net + 5, net)],
        };
        LodgeAnswer answer = await _store.LodgeAsync(new Submission(System.Text.Encoding.UTF8.GetBytes(lrn), SubmissionFormat.Json, new DeclarationCheck(d, []), s_officer, "CN800001"));
        Assert.Equal(LodgeAnswer.Accepted, answer.Outcome);
        return answer.Mrn!;
    }

    private async Task<RiskDecision> DecisionAsync(string mrn) => (await _risk.DecisionAsync(mrn))!;

    private static RiskRule Rule(string id, RuleConditions conditions, double? weight = null, Channel? channel = null) => new()
    {
        Id = id, Title = id, Author = "officer.cq", ValidFrom = new DateOnly(2026, 1, 1), Conditions = conditions, Weight = weight, FixedChannel = channel,
    };

    [Fact]
    public async Task Observer_OneDay_RedWithinBudgetRandomShareKeptFixedRulesOnTop()
    {
        Start(new RiskSettings { RedShare = 0.05, YellowShare = 0.10, RandomShare = 0.5 }, seed: 3);
        await _risk.SaveRuleAsync(Rule("KNIT", new RuleConditions { HsPrefixes = ["61"] }, weight: 0.9), _time.GetUtcNow());
        await _risk.SaveRuleAsync(Rule("WATCH", new RuleConditions { Traders = ["WATCHED01"] }, channel: Channel.Red), _time.GetUtcNow());
        var mrns = new List<string>();
        for (int i = 0; i < 200; i++)
        {
            mrns.Add(await LodgeAsync(hs: i % 2 == 0 ? "610910" : "847130", importer: i % 50 == 0 ? "WATCHED01" : "91350100M000100Y43"));
            _time.Advance(TimeSpan.FromSeconds(30));
        }

        RiskDecision[] decisions = [.. await Task.WhenAll(mrns.Select(DecisionAsync))];
        Assert.All(decisions, d => Assert.Equal(new DateOnly(2026, 3, 2), d.Day));
        Assert.All(decisions, d => Assert.Null(d.ModelId)); // no model promoted: rules only
        RiskDecision[] rationedRed = [.. decisions.Where(d => d.Channel == Channel.Red && d.Basis != SelectionBasis.Rule)];
        Assert.InRange(rationedRed.Length, 6, 10); // floor(200 × 5 %) at most
        Assert.InRange(rationedRed.Count(d => d.Basis == SelectionBasis.Random), 1, 5); // the reserve: floor(200 × 5 % × 50 %)
        Assert.Contains(rationedRed, d => d.Basis == SelectionBasis.Random);
        Assert.All(rationedRed.Where(d => d.Basis == SelectionBasis.Random), d => Assert.Equal("random", d.Reasons[0].Kind));
        Assert.InRange(decisions.Count(d => d.Channel == Channel.Yellow && d.Basis != SelectionBasis.Rule), 1, 20);
        RiskDecision[] forced = [.. decisions.Where(d => d.Basis == SelectionBasis.Rule)];
        Assert.Equal(4, forced.Length);
        Assert.All(forced, d => Assert.Equal(Channel.Red, d.Channel));
        Assert.All(forced, d => Assert.Contains(d.Reasons, r => r.Kind == "rule" && r.Text.StartsWith("WATCH v1", StringComparison.Ordinal)));
        RiskDecision knit = decisions.First(d => d.Basis == SelectionBasis.Score && d.Score > 0.5);
        Assert.Equal(0.9, knit.Score, 9);
        Assert.Contains(knit.Reasons, r => r.Text.Contains("KNIT v1 'KNIT' by officer.cq: weight 0.9", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Observer_OfficeLocalMidnight_StartsANewBudgetDay()
    {
        Start(new RiskSettings { RandomShare = 0 });
        _time.SetUtcNow(new DateTimeOffset(2026, 3, 2, 15, 59, 0, TimeSpan.Zero)); // 23:59 in Chongqing
        string before = await LodgeAsync();
        _time.Advance(TimeSpan.FromMinutes(2)); // 00:01 on 3 March in Chongqing, still 2 March UTC
        string after = await LodgeAsync();

        Assert.Equal(new DateOnly(2026, 3, 2), (await DecisionAsync(before)).Day);
        Assert.Equal(new DateOnly(2026, 3, 3), (await DecisionAsync(after)).Day);
    }

    [Fact]
    public async Task Recording_Outcome_ReachesEverySinkInOneTransaction()
    {
        Start(new RiskSettings());
        string mrn = await LodgeAsync();
        var other = new CapturingSink();
        var recording = new InspectionRecording(_db, _time, [new RiskOutcomeSink(), other]);

        await recording.RecordAsync(new InspectionOutcome(mrn, true, "undeclared goods", "CN800001", false, _time.GetUtcNow(), "officer.cq"));
        await recording.RecordAsync(new InspectionOutcome(mrn, false, null, "SGSIN", true, _time.GetUtcNow(), "partner.sg"));

        Assert.Equal(2, other.Received.Count);
        IReadOnlyList<InspectionOutcome> stored = await _risk.OutcomesAsync(mrn);
        Assert.Equal([true, false], stored.Select(o => o.Found));
        Assert.True(stored[1].FromPartner);
        Assert.Equal("undeclared goods", stored[0].What);
    }

    [Fact]
    public async Task Retrain_ControlledDeclarations_PromoteScoresWithModelRollBackReturnsToRules()
    {
        Start(new RiskSettings { RandomShare = 0 });
        var recording = new InspectionRecording(_db, _time, [new RiskOutcomeSink()]);
        var rng = new Random(5);
        for (int day = 0; day < 8; day++)
        {
            for (int i = 0; i < 12; i++)
            {
                bool suspicious = rng.NextDouble() < 0.4;
                string mrn = await LodgeAsync(hs: suspicious ? "610910" : "847130", amount: suspicious ? 50 : 1000);
                if (i < 10) // two a day are never controlled: they must not teach the model
                {
                    await recording.RecordAsync(new InspectionOutcome(mrn, suspicious, suspicious ? "undervalued" : null, "CN800001", false, _time.GetUtcNow(), "officer.cq"));
                }
            }

            _time.Advance(TimeSpan.FromDays(1));
        }

        IReadOnlyList<LabelledCase> cases = await _risk.TrainingCasesAsync();
        Assert.Equal(80, cases.Count);
        Result<TrainedModel> trained = new NodeModelEngine().Train(cases, seed: 1, threads: 2, _time);
        Assert.True(trained.IsValid, trained.Failure?.Reason);
        await _risk.AddModelAsync(trained.Value, _time.GetUtcNow(), "officer.cq");
        Assert.Contains("\"Sha256\"", (await _risk.ModelsAsync())[0].Manifest.GetRawText(), StringComparison.Ordinal);
        Assert.True(await _risk.PromoteAsync(trained.Value.ModelId, _time.GetUtcNow(), "officer.cq"));

        RiskDecision cheap = await DecisionAsync(await LodgeAsync(hs: "610910", amount: 50));
        RiskDecision fair = await DecisionAsync(await LodgeAsync(hs: "847130", amount: 1000));
        Assert.Equal(trained.Value.ModelId, cheap.ModelId);
        Assert.True(cheap.ModelScore > fair.ModelScore, $"{cheap.ModelScore} vs {fair.ModelScore}");
        Assert.Contains(cheap.Reasons, r => r.Kind == "model");

        (bool rolledBack, string? current) = await _risk.RollBackAsync(_time.GetUtcNow(), "officer.cq");
        Assert.True(rolledBack);
        Assert.Null(current);
        Assert.Null((await DecisionAsync(await LodgeAsync())).ModelId);
    }

    [Fact]
    public void Train_TooFewOrOneClass_RefusedWithCode()
    {
        var one = new LabelledCase(new RiskCase("M/1", new DateOnly(2026, 1, 1), "CN800001", "IMA", "Import", "-", "-", "3", "D", "T", "S", "", "847130", "VN", "VN", 0, "-", "-", 1, 1), false);

        Assert.Equal(RiskErrors.TrainTooFew, new NodeModelEngine().Train([one], 1, 1, _time).Failure!.Code);
        Assert.Equal(RiskErrors.TrainOneClass, new NodeModelEngine().Train([.. Enumerable.Repeat(one, 30)], 1, 1, _time).Failure!.Code);
    }

    private sealed class CapturingSink : IInspectionOutcomeSink
    {
        public List<InspectionOutcome> Received { get; } = [];

        public Task RecordAsync(UnitOfWork work, InspectionOutcome outcome, CancellationToken ct)
        {
            Received.Add(outcome);
            return Task.CompletedTask;
        }
    }
}
