using Landsea.Declarations;
using Landsea.Shared;

namespace Landsea.Risk.Tests.Assessment;

/// <summary>The node's decision as a pure function (Landsea.Domain/Risk): no store, no clock, a fake model.</summary>
public class RiskAssessmentTests
{
    private static readonly DateOnly s_day = new(2026, 3, 2);
    private static readonly DateTimeOffset s_at = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
    private static readonly RiskSettings s_redForAll = new() { RedShare = 1, YellowShare = 0, RandomShare = 0 };

    private static RiskCase Item(int n, string hs, string importer = "IMP") =>
        Fixtures.Case(id: $"M1/{n}", date: s_day, hs: hs, importer: importer);

    private static RiskRule Rule(string id, RuleConditions conditions, double? weight = null, Channel? channel = null) => new()
    {
        Id = id, Title = id, Author = "officer", ValidFrom = s_day, Conditions = conditions, Weight = weight, FixedChannel = channel,
    };

    private static RiskDecision Decide(IReadOnlyList<RiskCase> cases, IReadOnlyList<RiskRule> rules, IRiskModel? model, RiskSettings settings, DayCounts? today = null) =>
        RiskAssessment.Decide("M1", "CN800001", s_day, s_at, cases, rules, model, null, today ?? new DayCounts(0, 0, 0), settings, draw: 0.99);

    [Fact]
    public void Decide_WeightedRuleOnOneItem_ScoreIsTheRiskiestItemsCombinedScore()
    {
        var model = new FakeModel(c => c.Id == "M1/1" ? 0.5 : 0.2);

        RiskDecision d = Decide([Item(1, "847130"), Item(2, "610910")], [Rule("KNIT", new RuleConditions { HsPrefixes = ["61"] }, weight: 0.9)], model, s_redForAll);

        Assert.Equal(1 - (0.8 * 0.1), d.Score, 12);
        Assert.Equal(0.2, d.ModelScore);
        Assert.Equal("fake", d.ModelId);
        Assert.Equal((Channel.Red, SelectionBasis.Score), (d.Channel, d.Basis));
        Assert.Equal("budget", d.Reasons[0].Kind);
        Assert.Single(d.Reasons, r => r.Kind == "rule" && r.Text == "KNIT v1 'KNIT' by officer: weight 0.9 (item 2)");
        Assert.Contains(d.Reasons, r => r.Kind == "model" && r.Text.StartsWith("explained M1/2", StringComparison.Ordinal));
    }

    [Fact]
    public void Decide_FixedChannelRule_ForcesTheChannelOutsideTheBudget()
    {
        var noBudget = new RiskSettings { RedShare = 0, YellowShare = 0, RandomShare = 0 };

        RiskDecision d = Decide([Item(1, "847130", importer: "WATCHED")], [Rule("WATCH", new RuleConditions { Traders = ["WATCHED"] }, channel: Channel.Red)], null, noBudget);

        Assert.Equal((Channel.Red, SelectionBasis.Rule), (d.Channel, d.Basis));
        Assert.Null(d.ModelScore);
        Assert.Equal(0, d.Score);
    }

    [Fact]
    public void Decide_RuleNotActiveOnTheDay_Ignored()
    {
        RiskRule expired = Rule("OLD", new RuleConditions { HsPrefixes = ["84"] }, weight: 0.9) with { ValidFrom = s_day.AddDays(-10), ValidTo = s_day.AddDays(-1) };

        RiskDecision d = Decide([Item(1, "847130")], [expired], null, s_redForAll);

        Assert.Equal(0, d.Score);
        Assert.DoesNotContain(d.Reasons, r => r.Kind == "rule");
    }

    [Fact]
    public void Decide_ModelCannotScoreAnItem_NoteAndThatItemScoredByRulesAlone()
    {
        var model = new FakeModel(_ => new Failure(RiskErrors.ModelCannotScore, "feature vector has NaN where none is allowed"));

        RiskDecision d = Decide([Item(1, "847130")], [], model, s_redForAll);

        Assert.Equal(0, d.Score);
        Assert.Contains(d.Reasons, r => r.Kind == "note" && r.Text == "model fake could not score item M1/1: feature vector has NaN where none is allowed");
    }

    [Fact]
    public void Decide_NoGoodsItems_GreenWithANote()
    {
        RiskDecision d = Decide([], [], null, new RiskSettings());

        Assert.Equal(Channel.Green, d.Channel);
        Assert.Contains(d.Reasons, r => r.Text == "no goods items: nothing to score");
    }

    [Fact]
    public void RiskCasesFrom_LodgedDeclaration_OneCasePerItemInTheScoringShape()
    {
        var declaration = new Declaration
        {
            FunctionalReference = "LRN-1",
            TypeCode = "IMA",
            FunctionCode = "9",
            DeclarantId = TraderId.Parse("DECL1").OrThrow(),
            ExportCountry = CountryCode.Parse("VN").OrThrow(),
            TransportMode = "3",
            Parties = [new Party("Importer", TraderId.Parse("IMP1").OrThrow(), "Importer", CountryCode.Parse("CN").OrThrow()), new Party("Exporter", TraderId.Parse("VN0101").OrThrow(), "Seller", CountryCode.Parse("VN").OrThrow())],
            Items = [new GoodsItem(1, HsCode.Parse("6109.10.00").OrThrow(), "shirts", null, 1000, CurrencyCode.Parse("CNY").OrThrow(), 105, 100), new GoodsItem(2, null, "parts", CountryCode.Parse("TH").OrThrow(), null, null, 12, null)],
        };

        IReadOnlyList<RiskCase> cases = RiskCases.From("M1", declaration, "CN800001", s_day);

        Assert.Equal(["M1/1", "M1/2"], cases.Select(c => c.Id));
        RiskCase first = cases[0];
        Assert.Equal(("CN800001", "IMA", "IMP1", "VN0101", "610910", "VN", "VN"), (first.OfficeCode, first.ProcessType, first.ImporterId, first.SellerId, first.HsCode, first.DepartureCountry, first.OriginCountry));
        Assert.Equal(10, first.UnitValue);
        Assert.Equal(("000000", "TH", 12.0, 0.0), (cases[1].HsCode, cases[1].OriginCountry, cases[1].NetMassKg, cases[1].ItemPrice)); // gross mass when no net mass
        Assert.Equal(s_day, cases[1].Day);
    }

    private sealed class FakeModel(Func<RiskCase, Result<double>> score) : IRiskModel
    {
        public string ModelId => "fake";

        public Result<double> Score(RiskCase c) => score(c);

        public IReadOnlyList<ModelReason> Explain(RiskCase c, int top) => [new ModelReason($"explained {c.Id}", 0.1)];

        public double? TypicalUnitValue(string hsCode, string originCountry) => null;

        public void Dispose()
        {
        }
    }
}
