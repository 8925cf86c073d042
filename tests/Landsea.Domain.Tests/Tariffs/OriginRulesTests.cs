using Landsea.Shared;
using Landsea.Tariffs;

namespace Landsea.Domain.Tests.Tariffs;

public class OriginRulesTests
{
    private static readonly HashSet<string> s_rcep = ["CN", "TH", "JP", "VN", "LA", "SG", "KH", "BN", "AU", "NZ"];

    private static bool Rcep(CountryCode c) => s_rcep.Contains(c.Value);

    private static BomInput In(string hs, string origin, decimal value) => new(HsCode.Parse(hs).OrThrow(), CountryCode.Parse(origin).OrThrow(), value);

    private static BillOfMaterials Bom(string product, decimal fob, params BomInput[] inputs) => new(HsCode.Parse(product).OrThrow(), fob, inputs);

    [Fact]
    public void CthOrRvc40_CthFails_Rvc40BuildDownDecides()
    {
        // A motor (8501.52) from US parts of heading 8501 (no change of heading) worth 50 of FOB 100: RVC = 50 %.
        BillOfMaterials bom = Bom("8501.52", 100m, In("8501.10", "US", 50m), In("7326.90", "TH", 20m));
        OriginOutcome o = OriginRules.Evaluate("RCEP", "CTH or RVC40", bom, Rcep).OrThrow();

        Assert.True(o.Qualifies);
        Assert.Equal("RVC40", o.DecidedBy);
        Assert.Equal(50m, o.RvcBuildDown);
        Assert.Equal(50m, o.DeMinimisPercent);
    }

    [Fact]
    public void Accumulation_MaterialsFromAnyParty_CountAsOriginating()
    {
        BillOfMaterials bom = Bom("8501.52", 100m, In("8501.10", "JP", 70m));
        Assert.True(OriginRules.Evaluate("RCEP", "CTH", bom, Rcep).OrThrow().Qualifies);
        Assert.False(OriginRules.Evaluate("RCEP", "CTH", bom, c => c.Value == "CN").OrThrow().Qualifies);
    }

    [Fact]
    public void DeMinimis_TenPercentSaves_ElevenDoesNot()
    {
        Assert.True(OriginRules.Evaluate("RCEP", "CTH", Bom("8501.52", 100m, In("8501.10", "US", 10m), In("7326.90", "US", 60m)), Rcep).OrThrow().Qualifies);
        OriginOutcome over = OriginRules.Evaluate("RCEP", "CTH", Bom("8501.52", 100m, In("8501.10", "US", 11m)), Rcep).OrThrow();
        Assert.False(over.Qualifies);
        Assert.Equal(11m, over.DeMinimisPercent);
    }

    [Fact]
    public void Exceptions_WhollyObtained_BuildUp_AndSyntax()
    {
        // CTSH except from 8501.10: the input changes subheading but comes from the excepted one.
        Assert.False(OriginRules.Evaluate("RCEP", "CTSH except 8501.10", Bom("8501.52", 100m, In("8501.10", "US", 50m)), Rcep).OrThrow().Qualifies);
        Assert.True(OriginRules.Evaluate("RCEP", "CTSH", Bom("8501.52", 100m, In("8501.10", "US", 50m)), Rcep).OrThrow().Qualifies);
        Assert.False(OriginRules.Evaluate("ACFTA", "WO", Bom("0810.60", 100m, In("3105.20", "US", 5m)), Rcep).OrThrow().Qualifies);

        var bom = new BillOfMaterials(HsCode.Parse("8501.52").OrThrow(), 100m, [In("8501.10", "US", 70m), In("7326.90", "TH", 10m)], Labour: 20m, Overhead: 10m);
        OriginOutcome up = OriginRules.Evaluate("RCEP", "RVC40", bom, Rcep).OrThrow();
        Assert.Equal(30m, up.RvcBuildDown);
        Assert.Equal(40m, up.RvcBuildUp);
        Assert.True(up.Qualifies);

        Assert.Equal(TariffErrorCodes.RuleInvalid, OriginRules.Parse("CTH or RVC 40").Failure!.Code);
        Assert.Equal(TariffErrorCodes.BomInvalid, OriginRules.Evaluate("RCEP", "CTH", Bom("8501.52", 0m), Rcep).Failure!.Code);
    }
}
