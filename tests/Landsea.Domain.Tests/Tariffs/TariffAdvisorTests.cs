using Landsea.Declarations;
using Landsea.Shared;
using Landsea.Tariffs;

namespace Landsea.Domain.Tests.Tariffs;

public class TariffAdvisorTests
{
    private static readonly DateOnly s_date = new(2024, 3, 1);

    private static DutyQuestion Motor(string origin, decimal usd) => new(HsCode.Parse("8501.52").OrThrow(), CountryCode.Parse(origin).OrThrow(),
        CountryCode.Parse("CN").OrThrow(), new Money(usd, CurrencyCode.Parse("USD").OrThrow()), s_date);

    private static BomDocument Sample(string name)
    {
        string json = File.ReadAllText(Landsea.Tests.Repository.Path("data", "tariffs", "samples", name));
        return BillOfMaterialsReader.Read(json, s_date).Document!;
    }

    [Fact]
    public void Advise_NoBom_RecommendsCheapestPreference_WithRuleToMeet_AndProof()
    {
        // Shipped sample lines: CN MFN 12 %, RCEP 5.5 % from 2023 on 8501.52 (sample), no ACFTA line.
        ItemAdvice a = TariffAdvisor.Advise(Motor("TH", 1000m), null, TariffBook.Shipped, ExchangeRates.Shipped, ProductRuleBook.Shipped).OrThrow();

        Assert.Equal("RCEP", a.Recommended);
        PreferenceAdvice rcep = a.Options[0];
        Assert.Null(rcep.RuleMet);
        Assert.Equal("CTH or RVC40", rcep.Rule);
        Assert.Contains("Art 3.16", rcep.Proof, StringComparison.Ordinal);
        PreferenceAdvice mfn = a.Options.Single(o => o.Agreement == "MFN");
        Assert.Equal(mfn.Duty - rcep.Duty, rcep.SavedVersusMfn);
        Assert.Equal(rcep.SavedVersusMfn, a.SavedVersusMfn);
        Assert.True(a.SavedVersusMfn > 0);
    }

    [Fact]
    public void Advise_BomFailsTheRule_RecommendsMfn_AndSaysWhy()
    {
        ItemAdvice a = TariffAdvisor.Advise(Motor("TH", 1000m), Sample("motor-th-fails.json"), TariffBook.Shipped, ExchangeRates.Shipped, ProductRuleBook.Shipped).OrThrow();

        Assert.Equal("MFN", a.Recommended);
        Assert.Equal(0m, a.SavedVersusMfn);
        PreferenceAdvice rcep = a.Options.Single(o => o.Agreement == "RCEP");
        Assert.False(rcep.RuleMet);
        Assert.Contains("not met", rcep.RuleNote, StringComparison.Ordinal);
    }

    [Fact]
    public void Advise_BomMeetsTheRule_RecommendsRcep_RuleMet()
    {
        ItemAdvice a = TariffAdvisor.Advise(Motor("TH", 1000m), Sample("motor-th-qualifies.json"), TariffBook.Shipped, ExchangeRates.Shipped, ProductRuleBook.Shipped).OrThrow();
        Assert.Equal("RCEP", a.Recommended);
        Assert.True(a.Options[0].RuleMet);
        Assert.Contains("meets CTH or RVC40", a.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Advise_OriginNotAParty_OnlyMfn()
    {
        ItemAdvice a = TariffAdvisor.Advise(Motor("US", 1000m), null, TariffBook.Shipped, ExchangeRates.Shipped, ProductRuleBook.Shipped).OrThrow();
        Assert.Equal("MFN", Assert.Single(a.Options).Agreement);
        Assert.Equal("MFN", a.Recommended);
    }

    [Fact]
    public void ForDeclaration_ImporterIsDestination_ItemWithoutOriginCarriesLS742()
    {
        var d = new Declaration
        {
            FunctionalReference = "REF1", TypeCode = "IMA", FunctionCode = "9", DestinationCountry = CountryCode.Parse("CN").OrThrow(),
            Items =
            [
                new GoodsItem(1, HsCode.Parse("0810.60").OrThrow(), "durian", CountryCode.Parse("TH").OrThrow(), 1000m, CurrencyCode.Parse("CNY").OrThrow(), 110m, 100m),
                new GoodsItem(2, HsCode.Parse("0810.60").OrThrow(), "durian", null, 1000m, CurrencyCode.Parse("CNY").OrThrow(), null, null),
            ],
        };
        IReadOnlyList<ItemAdvice> items = TariffAdvisor.ForDeclaration(d, s_date, TariffBook.Shipped, ExchangeRates.Shipped, ProductRuleBook.Shipped).OrThrow();

        Assert.Equal(("ACFTA", 200m, "CN"), (items[0].Recommended, items[0].SavedVersusMfn, items[0].Importer));
        Assert.Equal(TariffErrorCodes.AdviceInputInvalid, items[1].ProblemCode);
        Assert.Equal(TariffErrorCodes.AdviceInputInvalid, TariffAdvisor.ForDeclaration(d with { DestinationCountry = null }, s_date, TariffBook.Shipped, ExchangeRates.Shipped, ProductRuleBook.Shipped).Failure!.Code);
    }
}
