using System.Text;
using Landsea.Risk;
using Landsea.Transit;

namespace Landsea.Domain.Tests.Transit;

/// <summary>The officers' risk rules read an IE015's goods items (smart inspection for transit).</summary>
public sealed class TransitRiskTests
{
    private static readonly DateOnly Day = new(2026, 12, 2);

    /// <summary>The corridor declaration with one goods item: HS 850760 (lithium-ion batteries), dispatched from Vietnam.</summary>
    internal static NctsMessage Batteries(string dispatch = "VN")
    {
        string xml = TransitRulesTests.Declaration()
            .Replace("<declarationGoodsItemNumber>25</declarationGoodsItemNumber>",
                $"<declarationGoodsItemNumber>25</declarationGoodsItemNumber><countryOfDispatch>{dispatch}</countryOfDispatch>", StringComparison.Ordinal)
            .Replace("</descriptionOfGoods>", "</descriptionOfGoods><CommodityCode><harmonizedSystemSubHeadingCode>850760</harmonizedSystemSubHeadingCode></CommodityCode>", StringComparison.Ordinal);
        TransitCheck check = TransitValidation.Check(Encoding.UTF8.GetBytes(xml), TransitAdministration.For("CNCQI")!, new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        Assert.True(check.IsValid, string.Join("; ", check.Errors.Select(e => $"{e.Code} {e.Pointer} {e.Reason}")));
        return check.Message!;
    }

    private static RiskRule Rule(string id, RuleConditions conditions, double? weight = null, Channel? channel = null, DateOnly? validTo = null) => new()
    {
        Id = id, Title = id, Author = "officer.cq", ValidFrom = new DateOnly(2026, 1, 1), ValidTo = validTo,
        Conditions = conditions, Weight = weight, FixedChannel = channel,
    };

    [Fact]
    public void Subjects_OnePerGoodsItem_WithHsDispatchHolderOfficeAndNoValue()
    {
        RuleSubject s = Assert.Single(TransitRisk.Subjects(Batteries(), "CN9135010000000001", "CN800001"));

        Assert.Equal("850760", s.HsCode);
        Assert.Equal("VN", s.OriginCountry);
        Assert.Equal("VN", s.DepartureCountry);
        Assert.Equal("CN9135010000000001", s.TraderId);
        Assert.Equal("CN9135010000000001", s.DeclarantId);
        Assert.Equal("CN800001", s.OfficeCode);
        Assert.True(double.IsNaN(s.UnitValue));
    }

    [Fact]
    public void Subjects_WithoutACountryOfDispatch_TakeTheOfficeOfDeparturesCountry()
    {
        NctsMessage plain = LifecycleTests.Declaration();

        Assert.All(TransitRisk.Subjects(plain, "H", "CN800001"), s => Assert.Equal("CN", s.OriginCountry));
    }

    [Fact]
    public void Decide_ARedRuleOnTheHeading_ControlsAndSaysWhichRuleAndItem()
    {
        IReadOnlyList<RuleSubject> subjects = TransitRisk.Subjects(Batteries(), "H", "CN800001");
        RiskRule red = Rule("R-BATT", new RuleConditions { HsPrefixes = ["8507"], OriginCountries = ["VN"] }, channel: Channel.Red);

        TransitRiskDecision d = TransitRisk.Decide(subjects, [red], Day, controlScore: 0.2);

        Assert.True(d.Control);
        Assert.Equal(Channel.Red, d.Forced);
        Assert.Contains("R-BATT v1", d.Reason, StringComparison.Ordinal);
        Assert.Contains("(item 1)", d.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_RulesThatDoNotHitOrHaveEnded_Release()
    {
        IReadOnlyList<RuleSubject> subjects = TransitRisk.Subjects(Batteries(), "H", "CN800001");
        RiskRule otherOrigin = Rule("R-TH", new RuleConditions { HsPrefixes = ["8507"], OriginCountries = ["TH"] }, channel: Channel.Red);
        RiskRule ended = Rule("R-OLD", new RuleConditions { HsPrefixes = ["85"] }, channel: Channel.Red, validTo: new DateOnly(2026, 11, 30));
        RiskRule byValue = Rule("R-VALUE", new RuleConditions { HsPrefixes = ["85"], MaxUnitValueRatio = 0.5 }, channel: Channel.Red);

        TransitRiskDecision d = TransitRisk.Decide(subjects, [otherOrigin, ended, byValue], Day, controlScore: 0.2);

        Assert.False(d.Control);
        Assert.Equal("selected for control before release", d.Reason);
    }

    [Theory]
    [InlineData(0.15, false)]
    [InlineData(0.2, true)]
    public void Decide_WeightedRules_ControlFromTheControlScore(double weight, bool controlled)
    {
        IReadOnlyList<RuleSubject> subjects = TransitRisk.Subjects(Batteries(), "H", "CN800001");

        TransitRiskDecision d = TransitRisk.Decide(subjects, [Rule("W", new RuleConditions { HsPrefixes = ["85"] }, weight: weight)], Day, controlScore: 0.2);

        Assert.Equal(controlled, d.Control);
        Assert.Equal(weight, d.Score, 6);
    }

    [Fact]
    public void Decide_AGreenRule_ReleasesEvenWhenWeightedRulesScoreHigh()
    {
        IReadOnlyList<RuleSubject> subjects = TransitRisk.Subjects(Batteries(), "H", "CN800001");
        RiskRule heavy = Rule("W", new RuleConditions { HsPrefixes = ["85"] }, weight: 0.9);
        RiskRule trusted = Rule("G", new RuleConditions { Traders = ["H"] }, channel: Channel.Green);

        Assert.False(TransitRisk.Decide(subjects, [heavy, trusted], Day, controlScore: 0.2).Control);
    }
}
