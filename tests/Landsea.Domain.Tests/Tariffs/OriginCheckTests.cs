using Landsea.Tariffs;

namespace Landsea.Domain.Tests.Tariffs;

public class OriginCheckTests
{
    private static readonly DateOnly s_date = new(2024, 3, 1);

    private static string Bom(string product, string exporter, decimal fob, string inputs, string extra = "") =>
        $$"""{"formatVersion":1,"product":"{{product}}","exporter":"{{exporter}}","currency":"USD","fob":{{fob}},"inputs":[{{inputs}}]{{extra}}}""";

    private static BomDocument Read(string json)
    {
        (BomDocument? doc, IReadOnlyList<BomError> errors) = BillOfMaterialsReader.Read(json, s_date);
        Assert.Empty(errors);
        return doc!;
    }

    [Fact]
    public void ShippedRules_AllParse_AndAcftaHasAGeneralRule()
    {
        ProductRuleBook book = ProductRuleBook.Shipped;
        Assert.NotEmpty(book.All);
        ProductRule general = book.Find(Agreements.Acfta, Landsea.Shared.HsCode.Parse("0101.21").OrThrow()).OrThrow();
        Assert.Equal("", general.Prefix);
        Assert.Equal("RVC40", general.Rule);
        Assert.False(general.Sample);
    }

    [Fact]
    public void Find_LongestPrefixWins_ThenNoRuleIsLS741()
    {
        var book = new ProductRuleBook([
            new ProductRule("RCEP", "HS2022", "85", "CTH", false, "x"),
            new ProductRule("RCEP", "HS2022", "8501", "RVC40", false, "x"),
        ]);
        Assert.Equal("RVC40", book.Find("RCEP", Landsea.Shared.HsCode.Parse("8501.52").OrThrow()).OrThrow().Rule);
        Assert.Equal("CTH", book.Find("RCEP", Landsea.Shared.HsCode.Parse("8504.40").OrThrow()).OrThrow().Rule);
        Assert.Equal(TariffErrorCodes.NoOriginRule, book.Find("RCEP", Landsea.Shared.HsCode.Parse("0810.60").OrThrow()).Failure!.Code);
    }

    [Fact]
    public void ReadRules_BadLines_EveryErrorWithLineAndField_NoRules()
    {
        string csv = string.Join(",", ProductRuleReader.Columns) + "\n"
            + "1,RCEP,HS2022,8501,CTH or RVC40,false,src\n"
            + "1,RCEP,HS2022,8501,CTH,false,src\n"
            + "1,EFTA,HS2022,85,CTH,false,src\n"
            + "1,RCEP,HS2022,8599,CTH,false,src\n"
            + "1,RCEP,HS2022,84,CTX,false,src\n";
        (IReadOnlyList<ProductRule> rules, IReadOnlyList<ScheduleError> errors) = ProductRuleReader.Read(new StringReader(csv));
        Assert.Empty(rules);
        Assert.Collection(errors,
            e => Assert.Equal((3, "prefix", TariffErrorCodes.PsrInvalid), (e.Line, e.Field, e.Code)),
            e => Assert.Equal((4, "agreement", TariffErrorCodes.PsrInvalid), (e.Line, e.Field, e.Code)),
            e => Assert.Equal((5, "prefix", TariffErrorCodes.PsrInvalid), (e.Line, e.Field, e.Code)),
            e => Assert.Equal((6, "rule", TariffErrorCodes.RuleInvalid), (e.Line, e.Field, e.Code)));
    }

    [Fact]
    public void ReadBom_BadValues_NamesEachField_WithItsCode()
    {
        string json = Bom("8501.52", "TH", 100m, """{"hs":"8501.10","origin":"US","value":-5},{"hs":"8599.99","origin":"CN","value":1},{"hs":"7326.90","origin":"XX","value":1}""");
        (BomDocument? doc, IReadOnlyList<BomError> errors) = BillOfMaterialsReader.Read(json, s_date);
        Assert.Null(doc);
        Assert.Collection(errors,
            e => Assert.Equal(("/inputs/0/value", TariffErrorCodes.BomValueInvalid), (e.Field, e.Code)),
            e => Assert.Equal(("/inputs/1/hs", TariffErrorCodes.BomHsUnknown), (e.Field, e.Code)),
            e => Assert.Equal(("/inputs/2/origin", TariffErrorCodes.BomOriginUnknown), (e.Field, e.Code)));
    }

    [Theory]
    [InlineData("not json", "", "LS736")]
    [InlineData("""{"formatVersion":1,"product":"8501.52","exporter":"TH","currency":"USD","fob":0,"inputs":[]}""", "/fob", "LS737")]
    [InlineData("""{"formatVersion":1,"product":"8501.52","exporter":"TH","currency":"USD","fob":"ten","inputs":[]}""", "/fob", "LS736")]
    [InlineData("""{"formatVersion":1,"product":"8501.52","exporter":"unknown","currency":"USD","fob":1,"inputs":[]}""", "/exporter", "LS738")]
    [InlineData("""{"formatVersion":2,"product":"8501.52","exporter":"TH","currency":"USD","fob":1,"inputs":[]}""", "/formatVersion", "LS736")]
    [InlineData("""{"formatVersion":1,"product":"8501.52","exporter":"TH","currency":"XYZ","fob":1,"inputs":[]}""", "/currency", "LS737")]
    public void ReadBom_Invalid_FirstErrorNamesField(string json, string field, string code)
    {
        (BomDocument? doc, IReadOnlyList<BomError> errors) = BillOfMaterialsReader.Read(json, s_date);
        Assert.Null(doc);
        Assert.Equal((field, code), (errors[0].Field, errors[0].Code));
    }

    [Fact]
    public void Check_UnknownOrigin_IsNonOriginating_AndRvcUsesIt()
    {
        // 8501.52 under RVC40 only (a test book): 70 of 100 of unknown origin leaves RVC 30 %; from CN (a party) 100 %.
        var book = new ProductRuleBook([new ProductRule("RCEP", "HS2022", "8501", "RVC40", false, "x")]);
        AgreementOrigin unknown = OriginCheck.Check(Read(Bom("8501.52", "TH", 100m, """{"hs":"8501.10","origin":"unknown","value":70}""")), ["RCEP"], s_date, book)[0];
        Assert.Equal(OriginStatus.DoesNotQualify, unknown.Status);
        Assert.Equal(70m, unknown.Vnm);
        Assert.Equal(30m, unknown.Outcome!.RvcBuildDown);

        AgreementOrigin fromCn = OriginCheck.Check(Read(Bom("8501.52", "TH", 100m, """{"hs":"8501.10","origin":"CN","value":70}""")), ["RCEP"], s_date, book)[0];
        Assert.Equal(OriginStatus.Qualifies, fromCn.Status);
        Assert.Equal(100m, fromCn.Outcome!.RvcBuildDown);
    }

    [Fact]
    public void Check_CthFails_ListsTheInputsWithoutShift_AndDeMinimisShare()
    {
        var book = new ProductRuleBook([new ProductRule("RCEP", "HS2022", "8501", "CTH", false, "x")]);
        AgreementOrigin a = OriginCheck.Check(Read(Bom("8501.52", "TH", 100m, """{"hs":"8501.10","origin":"US","value":30},{"hs":"7326.90","origin":"US","value":30}""")), ["RCEP"], s_date, book)[0];
        Assert.Equal(OriginStatus.DoesNotQualify, a.Status);
        Assert.Equal(["850110"], a.FailedTariffShift);
        Assert.Equal(30m, a.Outcome!.DeMinimisPercent);
    }

    [Fact]
    public void Check_ExporterNotAParty_NotApplicable_AndMissingRule_NoRule()
    {
        var book = new ProductRuleBook([new ProductRule("RCEP", "HS2022", "8501", "CTH", false, "x")]);
        BomDocument us = Read(Bom("8501.52", "US", 100m, ""));
        Assert.Equal(OriginStatus.NotApplicable, OriginCheck.Check(us, ["RCEP"], s_date, book)[0].Status);
        // TH is an ACFTA party, but this book has no ACFTA rule.
        BomDocument th = Read(Bom("8501.52", "TH", 100m, ""));
        Assert.Equal(OriginStatus.NoRule, OriginCheck.Check(th, ["ACFTA"], s_date, book)[0].Status);
    }

    [Fact]
    public void Check_BeforeRcepInForce_NotApplicable()
    {
        BomDocument th = Read(Bom("8501.52", "TH", 100m, ""));
        Assert.Equal(OriginStatus.NotApplicable, OriginCheck.Check(th, ["RCEP"], new DateOnly(2021, 12, 31), ProductRuleBook.Shipped)[0].Status);
    }
}
