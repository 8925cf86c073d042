using Landsea.Offices;
using Landsea.Shared;

namespace Landsea.Domain.Tests.Shared;

public class ValueTypeTests
{
    [Theory]
    [InlineData("CSQU3054383")] // ISO 6346 standard example
    [InlineData("MSKU9070323")]
    public void ContainerNumber_ValidCheckDigit_Parses(string text) => Assert.True(ContainerNumber.Parse(text).IsValid);

    [Theory]
    [InlineData("CSQU3054384", ValueErrorCodes.ContainerCheckDigit)]
    [InlineData("CSQB3054383", ValueErrorCodes.ContainerCategory)]
    [InlineData("CSQU305438", ValueErrorCodes.ContainerLength)]
    [InlineData("C5QU3054383", ValueErrorCodes.ContainerOwner)]
    public void ContainerNumber_Invalid_SaysWhy(string text, string code) => Assert.Equal(code, ContainerNumber.Parse(text).Failure?.Code);

    [Fact]
    public void Iso6346_LetterValues_SkipMultiplesOfEleven()
    {
        Assert.Equal(10, Iso6346.CharacterValue('A'));
        Assert.Equal(12, Iso6346.CharacterValue('B'));
        Assert.Equal(21, Iso6346.CharacterValue('K'));
        Assert.Equal(23, Iso6346.CharacterValue('L'));
        Assert.Equal(32, Iso6346.CharacterValue('U'));
        Assert.Equal(34, Iso6346.CharacterValue('V'));
        Assert.Equal(38, Iso6346.CharacterValue('Z'));
    }

    [Fact]
    public void Mrn_Create_ComputesCheckDigitThatParses()
    {
        Mrn mrn = Mrn.Create(2026, "CN", "CQ0000000001", 'A').OrThrow();

        Assert.Equal(18, mrn.Value.Length);
        Assert.Equal("26CNCQ0000000001A", mrn.Value[..17]);
        Assert.Equal(Iso6346.CheckDigit(mrn.Value.AsSpan(0, 17)), mrn.Value[17] - '0');
        Assert.True(Mrn.Parse(mrn.Value).IsValid);
    }

    [Theory]
    [InlineData("26CNCQ0000000001A0", ValueErrorCodes.MrnCheckDigit)]
    [InlineData("26QQCQ0000000001A5", ValueErrorCodes.MrnCountry)]
    [InlineData("26CNCQ0000000001Q5", ValueErrorCodes.MrnProcedure)]
    [InlineData("26CN1", ValueErrorCodes.MrnLength)]
    public void Mrn_Invalid_SaysWhy(string text, string code)
    {
        Result<Mrn> result = Mrn.Parse(text);
        if (code == ValueErrorCodes.MrnCheckDigit && Iso6346.CheckDigit(text.AsSpan(0, 17)) == 0)
        {
            text = text[..17] + "1";
            result = Mrn.Parse(text);
        }

        Assert.Equal(code, result.Failure?.Code);
    }

    [Theory]
    [InlineData("91350100M000100Y43")] // GB 32100 published example
    [InlineData("91110000600037341L")]
    public void TraderId_UnifiedSocialCreditCode_Valid(string text)
    {
        Result<TraderId> id = TraderId.Parse(text);
        Assert.True(id.IsValid, id.Failure?.Reason);
        Assert.Equal(TraderIdScheme.UnifiedSocialCreditCode, id.Value.Scheme);
    }

    [Fact]
    public void TraderId_UsccWrongCheckCharacter_SaysExpected()
    {
        Failure? failure = TraderId.Parse("91350100M000100Y44").Failure;
        Assert.Equal(ValueErrorCodes.UsccCheck, failure?.Code);
        Assert.Contains("'3'", failure!.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00192200M")]
    [InlineData("197401143C")]
    [InlineData("S16FC0121D")]
    [InlineData("T01FC6132D")]
    public void TraderId_SingaporeUen_Valid(string text)
    {
        Result<TraderId> id = TraderId.Parse(text);
        Assert.True(id.IsValid, id.Failure?.Reason);
        Assert.Equal(TraderIdScheme.SingaporeUen, id.Value.Scheme);
    }

    [Theory]
    [InlineData("00192200X", ValueErrorCodes.UenCheck)]
    [InlineData("197401143D", ValueErrorCodes.UenCheck)]
    [InlineData("T01FC6132E", ValueErrorCodes.UenCheck)]
    public void TraderId_SingaporeUenWrongCheck_Refused(string text, string code) => Assert.Equal(code, TraderId.Parse(text).Failure?.Code);

    [Theory]
    [InlineData("GB553202734852", true)]
    [InlineData("XI553202734852", true)]
    [InlineData("QQ1234", false)] // QQ is no EORI country: read as another administration's identifier (Other)
    [InlineData("GB55320273485212345", false)]
    public void TraderId_Eori_FormatChecked(string text, bool valid) =>
        Assert.Equal(valid, TraderId.Parse(text) is { IsValid: true } id && id.Value.Scheme == TraderIdScheme.Eori);

    [Theory]
    [InlineData("QQ1234", "QQ1234")]
    [InlineData("1234567", "1234567")]
    [InlineData(" ab-12/3.x ", "ab-12/3.x")] // kept as written, only trimmed
    public void TraderId_OtherAdministration_KeptAsWritten(string text, string value)
    {
        TraderId id = TraderId.Parse(text).OrThrow();
        Assert.Equal(TraderIdScheme.Other, id.Scheme);
        Assert.Equal(value, id.Value);
    }

    [Theory]
    [InlineData("AB_12", ValueErrorCodes.TraderFormat)]
    [InlineData("1234567890123456789012345678901234567", ValueErrorCodes.TraderFormat)]
    [InlineData("91350100M000100Y44", ValueErrorCodes.UsccCheck)] // claims USCC by its shape
    [InlineData("00192200X", ValueErrorCodes.UenCheck)] // claims UEN by its shape
    [InlineData("GBX5320273485212345", ValueErrorCodes.EoriFormat)] // two capitals and 17 more: an EORI too long
    public void TraderId_ClaimsSchemeOrMalformed_Refused(string text, string code) => Assert.Equal(code, TraderId.Parse(text).Failure?.Code);

    [Fact]
    public void TraderId_Scheme_UpperCasesCheckedSchemes()
    {
        Assert.Equal("91350100M000100Y43", TraderId.Parse(" 91350100m000100y43").OrThrow().Value);
        Assert.Equal(TraderIdScheme.Eori, TraderId.Parse("gb553202734852").OrThrow().Scheme);
    }

    [Theory]
    [InlineData("9702.00", "970200", "97")]
    [InlineData("8471.30.00", "84713000", "84")]
    [InlineData("0101210000", "0101210000", "01")]
    public void HsCode_Parse_KeepsDigits(string text, string digits, string chapter)
    {
        HsCode code = HsCode.Parse(text).OrThrow();
        Assert.Equal(digits, code.Digits);
        Assert.Equal(chapter, code.Chapter);
    }

    [Theory]
    [InlineData("97020", ValueErrorCodes.HsLength)]
    [InlineData("7701000", ValueErrorCodes.HsLength)]
    [InlineData("770100", ValueErrorCodes.HsChapter)]
    [InlineData("98ab00", ValueErrorCodes.HsSyntax)]
    [InlineData("", ValueErrorCodes.HsEmpty)]
    public void HsCode_Invalid_SaysWhy(string text, string code) => Assert.Equal(code, HsCode.Parse(text).Failure?.Code);

    [Fact]
    public void HsNomenclature_9702_RetiredIn2022ButPresentIn2017()
    {
        HsCode code = HsCode.Parse("9702.00").OrThrow();
        Assert.True(HsNomenclature.Hs2017.Contains(code));
        Assert.False(HsNomenclature.Hs2022.Contains(code));
        Assert.Same(HsNomenclature.Hs2017, HsNomenclature.InForceOn(new DateOnly(2021, 12, 31)));
        Assert.Same(HsNomenclature.Hs2022, HsNomenclature.InForceOn(new DateOnly(2022, 1, 1)));
        // 5,613 level-6 rows less the UN Comtrade pseudo-code 999999.
        Assert.Equal(5612, HsNomenclature.Hs2022.SubheadingCount);
    }

    [Theory]
    [InlineData("CN", true)]
    [InlineData("SG", true)]
    [InlineData("LA", true)]
    [InlineData("NA", true)]
    [InlineData("XX", true)] // user-assigned: a national code (it was refused here while the rules accepted it, issue 9)
    [InlineData("XI", true)]
    [InlineData("EU", true)]
    [InlineData("OA", false)]
    [InlineData("cn", false)]
    public void CountryCode_Parse(string text, bool valid) => Assert.Equal(valid, CountryCode.Parse(text).IsValid);

    [Theory]
    [InlineData("CN", true)]
    [InlineData("ZA", true)]
    [InlineData("XI", false)]
    [InlineData("ZU", false)]
    [InlineData("QM", false)]
    [InlineData("AA", false)]
    [InlineData("UK", false)]
    public void CountryCode_IsIso_OnlyForCountriesInTheList(string text, bool iso)
    {
        CountryCode code = CountryCode.Parse(text).OrThrow();
        Assert.Equal(iso, code.IsIso);
        Assert.Equal(!iso, code.IsNational);
        Assert.Equal(iso, code.Country is not null);
        Assert.Equal(iso, CountryCode.IsIsoCountry(text));
    }

    [Theory]
    [InlineData("26XICQ0000000001A", ValueErrorCodes.MrnCountry)]
    public void Mrn_NationalCountry_Refused(string first17, string code) =>
        Assert.Equal(code, Mrn.Parse(first17 + Iso6346.CheckDigit(first17.AsSpan()).ToString(System.Globalization.CultureInfo.InvariantCulture)).Failure?.Code);

    [Fact]
    public void UnLocodeAndEori_NationalCountry_Refused()
    {
        Assert.Equal(ValueErrorCodes.LocodeCountry, UnLocode.Parse("XZABC").Failure?.Code);
        Assert.Equal(ValueErrorCodes.EoriCountry, TraderId.ParseEori("EU123456").Failure?.Code);
        Assert.True(TraderId.ParseEori("XI553202734852").IsValid);
    }

    [Fact]
    public void CurrencyCode_CurrentOnly_WithMinorUnits()
    {
        Assert.Equal(2, CurrencyCode.Parse("CNY").OrThrow().MinorUnit);
        Assert.Equal(0, CurrencyCode.Parse("JPY").OrThrow().MinorUnit);
        Assert.Equal(ValueErrorCodes.CurrencyUnknown, CurrencyCode.Parse("DEM").Failure?.Code);
        Assert.Equal(ValueErrorCodes.CurrencySyntax, CurrencyCode.Parse("usd").Failure?.Code);
    }

    [Fact]
    public void Money_DifferentCurrencies_NotAddedSilently()
    {
        var cny = new Money(10.5m, CurrencyCode.Parse("CNY").OrThrow());
        var usd = new Money(1m, CurrencyCode.Parse("USD").OrThrow());

        Assert.Equal(21m, (cny + cny).Amount);
        Assert.Equal(ValueErrorCodes.CurrencyMismatch, cny.Plus(usd).Failure?.Code);
        Assert.Throws<FormatException>(() => cny + usd);
        Assert.Equal(1.01m, new Money(1.005m, cny.Currency).Rounded().Amount);
    }

    [Theory]
    [InlineData("CNCQI", true)]
    [InlineData("SGSIN", true)]
    [InlineData("LAVTE", true)]
    [InlineData("CNQZH", true)]
    [InlineData("CNZZ1", false)]
    [InlineData("QQABC", false)]
    public void UnLocode_Parse(string text, bool valid) => Assert.Equal(valid, UnLocode.Parse(text).IsValid);

    [Fact]
    public void UnLocode_ShipsCorridorCountries()
    {
        foreach (string code in new[] { "CNCQI", "SGSIN", "VNHAN", "LAVTE", "THBKK", "MMRGN", "INCCU", "MYPKG" })
        {
            Assert.True(UnLocode.Parse(code).IsValid, code);
        }

        Assert.True(UnLocode.Count > 100_000);
    }

    [Fact]
    public void CustomsOffice_LocalDay_FollowsOfficeTimeZone()
    {
        // 2026-03-01 16:30 UTC is 00:30 on 2 March in Chongqing (UTC+8) but 23:30 on 1 March in Vientiane (UTC+7).
        var instant = new DateTimeOffset(2026, 3, 1, 16, 30, 0, TimeSpan.Zero);
        Assert.Equal(new DateOnly(2026, 3, 2), Corridor.FindOffice("CN800001")!.LocalDay(instant));
        Assert.Equal(new DateOnly(2026, 3, 1), Corridor.FindOffice("LA000001")!.LocalDay(instant));
    }

    [Fact]
    public void Corridor_EveryOffice_HasKnownNodeLocodeAndZone()
    {
        foreach (CustomsOffice office in Corridor.Offices)
        {
            Assert.NotNull(Corridor.FindNode(office.NodeCode));
            Assert.True(UnLocode.Parse(office.UnLocode).IsValid, office.UnLocode);
            Assert.True(CustomsOffice.ParseCode(office.Code).IsValid, office.Code);
            Assert.NotNull(office.TimeZone);
        }
    }

    /// <summary>
    /// Issue 9: the <see cref="Mrn"/> documentation gave "26CN00000000000123R7" as its example, 20 characters long,
    /// which <see cref="Mrn.Parse"/> refuses (an MRN has 18). The example the doc now gives must parse.
    /// </summary>
    [Fact]
    public void Issue_9_mrn_doc_example_was_20_characters()
    {
        string doc = File.ReadAllText(Landsea.Tests.Repository.Path("src", "Landsea.Domain", "Shared", "Mrn.cs"));
        string example = System.Text.RegularExpressions.Regex.Match(doc, "Example: <c>([0-9A-Z]+)</c>").Groups[1].Value;

        Result<Mrn> parsed = Mrn.Parse(example);

        Assert.True(parsed.IsValid, parsed.ToString());
        Assert.Equal('R', parsed.Value.Procedure);
    }
}
