using Landsea.Risk.Declarations;
using Landsea.Shared;

namespace Landsea.Risk.Tests.Rules;

public class RiskRuleTests
{
    private static RiskRule Undervalued() => new()
    {
        Id = "R-0007",
        Version = 3,
        Title = "Undervalued knitwear from CN",
        Author = "officer.kim",
        ValidFrom = new DateOnly(2021, 1, 1),
        ValidTo = new DateOnly(2021, 12, 31),
        Conditions = new RuleConditions { HsPrefixes = ["61"], OriginCountries = ["CN"], MaxUnitValueRatio = 0.5 },
        Weight = 0.4,
    };

    private static RiskRule Watchlist() => new()
    {
        Id = "R-0008",
        Title = "Trader under investigation",
        Author = "officer.lee",
        ValidFrom = new DateOnly(2021, 1, 1),
        Conditions = new RuleConditions { Traders = ["IMP1"], TransportModes = ["40"], Offices = ["30"] },
        FixedChannel = Channel.Red,
    };

    [Fact]
    public void Json_RoundTrip_KeepsEveryField()
    {
        RiskRule[] rules = [Undervalued(), Watchlist()];
        string json = RuleSetJson.Serialize(rules);

        Result<IReadOnlyList<RiskRule>> parsed = RuleSetJson.Parse(json);

        Assert.True(parsed.IsValid, parsed.Failure?.ToString());
        Assert.Equal(json, RuleSetJson.Serialize(parsed.Value));
        Assert.Equal(rules[0] with { Conditions = parsed.Value[0].Conditions }, parsed.Value[0]);
        Assert.Equal(["61"], parsed.Value[0].Conditions.HsPrefixes);
        Assert.Equal(Channel.Red, parsed.Value[1].FixedChannel);
        Assert.Contains("\"fixedChannel\": \"Red\"", json, StringComparison.Ordinal);
        Assert.Contains("\"validFrom\": \"2021-01-01\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidRule_RefusedWithReasons()
    {
        string json = RuleSetJson.Serialize([Undervalued() with { Weight = 1.5, FixedChannel = Channel.Yellow, ValidTo = new DateOnly(2020, 1, 1) }]);

        Failure e = RuleSetJson.Parse(json).Failure!;

        Assert.Equal(RiskErrors.RuleInvalid, e.Code);
        Assert.Contains("exactly one of weight and fixedChannel", e.Reason, StringComparison.Ordinal);
        Assert.Contains("weight 1.5 is not in (0, 1]", e.Reason, StringComparison.Ordinal);
        Assert.Contains("validTo 2020-01-01 is before validFrom 2021-01-01", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NoConditionAndBadCodes_Refused()
    {
        RiskRule empty = Watchlist() with { Conditions = new RuleConditions() };
        RiskRule badCodes = Watchlist() with { Id = "R-9", Conditions = new RuleConditions { HsPrefixes = ["6"], OriginCountries = ["china"] } };

        Failure e = RuleSetJson.Parse(RuleSetJson.Serialize([empty, badCodes])).Failure!;

        Assert.Contains("no condition", e.Reason, StringComparison.Ordinal);
        Assert.Contains("HS prefix '6' is not 2 to 10 digits", e.Reason, StringComparison.Ordinal);
        Assert.Contains("origin country 'china'", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownFieldOrBrokenJson_Refused()
    {
        Assert.Equal(RiskErrors.RuleJson, RuleSetJson.Parse("[{\"id\": \"R\", \"colour\": 1}]").Failure!.Code);
        Assert.Equal(RiskErrors.RuleJson, RuleSetJson.Parse("[{").Failure!.Code);
    }

    [Fact]
    public void Matches_UnitValueBelowHalfTypical_Hits()
    {
        RiskRule rule = Undervalued();
        RiskCase cheap = Fixtures.Case(hs: "610910", mass: 100, price: 400); // 4 per kg
        RiskCase fair = cheap with { ItemPrice = 1000 }; // 10 per kg
        static double? Typical(string hs, string origin) => hs == "610910" && origin == "CN" ? 10 : null;

        Assert.True(rule.Matches(cheap, Typical));
        Assert.False(rule.Matches(fair, Typical));
        Assert.False(rule.Matches(cheap with { HsCode = "620910" }, Typical));
        Assert.False(rule.Matches(cheap, (_, _) => null)); // no typical value: the value condition cannot hit
    }

    [Fact]
    public void IsActiveOn_ValidityDates_Inclusive()
    {
        RiskRule rule = Undervalued();
        Assert.True(rule.IsActiveOn(new DateOnly(2021, 12, 31)));
        Assert.True(rule.IsActiveOn(new DateOnly(2021, 1, 1)));
        Assert.False(rule.IsActiveOn(new DateOnly(2022, 1, 1)));
    }

    [Fact]
    public void Problems_InvalidRule_NameTheirFields()
    {
        RiskRule bad = Undervalued() with { Weight = 2, Conditions = new RuleConditions { HsPrefixes = ["61", "x"], OriginCountries = ["cn"] } };

        IReadOnlyList<RuleProblem> problems = bad.Problems();

        Assert.Contains(problems, p => p.Field == "weight");
        Assert.Contains(problems, p => p.Field == "conditions.hsPrefixes[1]");
        Assert.Contains(problems, p => p.Field == "conditions.originCountries[0]");
    }

    [Fact]
    public void ParseOne_UnknownField_NamesIt()
    {
        (RiskRule? rule, IReadOnlyList<RuleProblem> problems) = RuleSetJson.ParseOne("""{"id":"R1","title":"t","author":"a","validFrom":"2026-01-01","weight":0.5,"conditions":{"hsPrefixes":["61"]},"colour":"red"}""");

        Assert.Null(rule);
        Assert.Equal("colour", Assert.Single(problems).Field);
    }
}
