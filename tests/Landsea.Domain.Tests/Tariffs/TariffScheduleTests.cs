using Landsea.Shared;
using Landsea.Tariffs;

namespace Landsea.Domain.Tests.Tariffs;

public class TariffScheduleTests
{
    private const string Header = "formatVersion,importer,agreement,schedule,hsEdition,tariffLine,rateKind,adValoremPercent,specificAmount,specificCurrency,specificUnit,effectiveFrom,sample,source\n";

    private static (IReadOnlyList<TariffLine> Lines, IReadOnlyList<ScheduleError> Errors) Read(string body) =>
        TariffScheduleReader.Read(new StringReader(Header + body));

    [Fact]
    public void Read_ValidLines_AllKindsParsedWithDecimals()
    {
        var (lines, errors) = Read(
            "1,CN,MFN,,HS2022,0810.60,ad-valorem,20,,,,2022-01-01,false,src\n"
            + "1,CN,RCEP,JP,HS2022,8501520000,ad-valorem,5.5,,,,2023-01-01,true,src\n"
            + "1,CN,MFN,,HS2022,4001220000,compound,10,100,CNY,t,2022-01-01,true,src\n");

        Assert.Empty(errors);
        Assert.Equal(3, lines.Count);
        Assert.Equal(5.5m, lines[1].Rate.AdValoremPercent);
        Assert.Equal("JP", lines[1].Schedule);
        Assert.Equal(RateKind.Compound, lines[2].Rate.Kind);
        Assert.Equal("t", lines[2].Rate.SpecificUnit);
    }

    [Fact]
    public void Read_BadLines_EveryErrorNamesLineAndField_AndNoLinesReturned()
    {
        var (lines, errors) = Read(
            "1,CN,MFN,,HS2022,0810600000,ad-valorem,20,,,,2022-01-01,false,src\n"
            + "1,CN,MFN,,HS2022,7419992000,ad-valorem,9,,,,2022-01-01,false,src\n"
            + "1,XX,FOO,,HS2022,0810600000,ad-valorem,abc,,,,2022-13-01,false,src\n"
            + "1,KR,ACFTA,,HS2022,0810600000,ad-valorem,0,,,,2022-01-01,false,src\n");

        Assert.Empty(lines);
        Assert.Contains(errors, e => e is { Line: 3, Field: "tariffLine", Code: TariffErrorCodes.HsUnknown });
        Assert.Contains(errors, e => e is { Line: 4, Field: "importer", Code: TariffErrorCodes.PartyUnknown });
        Assert.Contains(errors, e => e is { Line: 4, Field: "agreement", Code: TariffErrorCodes.PartyUnknown });
        Assert.Contains(errors, e => e is { Line: 4, Field: "adValoremPercent", Code: TariffErrorCodes.RateInvalid });
        Assert.Contains(errors, e => e is { Line: 4, Field: "effectiveFrom", Code: TariffErrorCodes.RateInvalid });
        Assert.Contains(errors, e => e is { Line: 5, Field: "importer", Code: TariffErrorCodes.PartyUnknown });
        Assert.DoesNotContain(errors, e => e.Line == 2);
    }

    [Fact]
    public void Read_WrongHeaderOrVersionOrDuplicate_Refused()
    {
        Assert.Equal(TariffErrorCodes.FormatUnsupported, TariffScheduleReader.Read(new StringReader("a,b\n")).Errors.Single().Code);
        Assert.Contains(Read("2,CN,MFN,,HS2022,0810600000,ad-valorem,20,,,,2022-01-01,false,src\n").Errors, e => e.Field == "formatVersion");
        var (_, errors) = Read("1,CN,MFN,,HS2022,0810600000,ad-valorem,20,,,,2022-01-01,false,src\n1,CN,MFN,,HS2022,0810600000,ad-valorem,15,,,,2022-01-01,false,src\n");
        Assert.Equal(TariffErrorCodes.Duplicate, Assert.Single(errors).Code);
    }

    [Fact]
    public void ShippedSchedule_Loads()
    {
        Assert.True(TariffBook.Shipped.Count >= 10);
    }
}

public class DutyCalculatorTests
{
    private static DutyQuestion Question(string hs, string origin, decimal value, string currency, DateOnly date, decimal? q = null, string? unit = null) =>
        new(HsCode.Parse(hs).OrThrow(), CountryCode.Parse(origin).OrThrow(), CountryCode.Parse("CN").OrThrow(),
            new Money(value, CurrencyCode.Parse(currency).OrThrow()), date, q, unit);

    [Fact]
    public void Durian_FromThailand_AcftaCheapest_MfnListed_ConvertedWithNamedRateDate()
    {
        DutyAnswer a = DutyCalculator.Options(Question("0810.60", "TH", 10000m, "USD", new DateOnly(2024, 3, 15)), TariffBook.Shipped, ExchangeRates.Shipped).OrThrow();

        Assert.Equal(new DateOnly(2024, 3, 1), a.ValueRate.RateDate);
        Assert.Equal(7.2015m, a.ValueRate.Rate);
        Assert.Equal(["ACFTA", "MFN"], a.Options.Select(o => o.Agreement));
        DutyOption mfn = a.Options[1];
        Assert.Equal(14403.00m, mfn.Duty.Amount);
        Assert.Equal("CNY", mfn.Duty.Currency.Value);
        Assert.Equal(14403.00m, a.Options[0].SavedVersusMfn.Amount);
        Assert.Contains("Form E", a.Options[0].Conditions, StringComparison.Ordinal);
    }

    [Fact]
    public void RcepStaging_RateForTheDate()
    {
        DutyAnswer y2022 = DutyCalculator.Options(Question("8501.52", "JP", 1000m, "CNY", new DateOnly(2022, 12, 31)), TariffBook.Shipped, ExchangeRates.Shipped).OrThrow();
        DutyAnswer y2023 = DutyCalculator.Options(Question("8501.52", "JP", 1000m, "CNY", new DateOnly(2023, 1, 1)), TariffBook.Shipped, ExchangeRates.Shipped).OrThrow();

        Assert.Equal(60m, y2022.Options.Single(o => o.Agreement == "RCEP").Duty.Amount);
        Assert.Equal(55m, y2023.Options.Single(o => o.Agreement == "RCEP").Duty.Amount);
        Assert.DoesNotContain(y2023.Options, o => o.Agreement == "ACFTA");
    }

    [Fact]
    public void NonParty_OnlyMfn_AndCompoundNeedsQuantity()
    {
        DutyAnswer us = DutyCalculator.Options(Question("0810.60", "US", 100m, "CNY", new DateOnly(2024, 1, 1)), TariffBook.Shipped, ExchangeRates.Shipped).OrThrow();
        Assert.Equal("MFN", Assert.Single(us.Options).Agreement);

        Result<DutyAnswer> noQuantity = DutyCalculator.Options(Question("4001.22", "TH", 100m, "CNY", new DateOnly(2024, 1, 1)), TariffBook.Shipped, ExchangeRates.Shipped);
        Assert.Equal(TariffErrorCodes.DutyInputInvalid, noQuantity.Failure!.Code);

        DutyAnswer compound = DutyCalculator.Options(Question("4001.22", "TH", 1000m, "CNY", new DateOnly(2024, 1, 1), 2.5m, "t"), TariffBook.Shipped, ExchangeRates.Shipped).OrThrow();
        Assert.Equal(100m + 250m, compound.Options[0].Duty.Amount);
    }

    [Fact]
    public void UnknownLine_NoRate()
    {
        Result<DutyAnswer> r = DutyCalculator.Options(Question("0101.21", "TH", 100m, "CNY", new DateOnly(2024, 1, 1)), TariffBook.Shipped, ExchangeRates.Shipped);
        Assert.Equal(TariffErrorCodes.NoRate, r.Failure!.Code);
    }
}
