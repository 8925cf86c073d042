using System.Globalization;
using System.Text;
using System.Text.Json;
using Landsea.Declarations;
using Landsea.Declarations.Edifact;
using Landsea.Declarations.Json;
using Landsea.Declarations.Wco;
using Landsea.Offices;
using Landsea.Sharing;
using Landsea.Shared;

namespace Landsea.Domain.Tests.Declarations;

/// <summary>Issue 17 item 5: quantities and amounts have ranges checked at lodging, and sums in the domain are total.</summary>
public class DomainRangeTests
{
    private static readonly DateOnly s_lodgedOn = new(2026, 11, 26);

    private static string Item(int sequence, string gross = "12", string amount = "100") =>
        $$"""{"sequence":{{sequence}},"commodityCode":"847130","amount":{"amount":{{amount}},"currency":"CNY"},"grossMassKg":{{gross}},"netMassKg":10}""";

    private static DeclarationCheck Json(IEnumerable<string> items, string invoice = "100") => JsonDeclarationReader.Read(Encoding.UTF8.GetBytes(
        $$"""
        {"functionalReference":"R-1","typeCode":"EXA","declarant":{"id":"91350100M000100Y43"},"invoice":{"amount":{{invoice}},"currency":"CNY"},
         "items":[{{string.Join(",", items)}}]}
        """), s_lodgedOn);

    private static IEnumerable<(string Pointer, string Code)> Errors(DeclarationCheck check) => check.Errors.Select(e => (e.Pointer, e.Code));

    // Symptom: accepted (201), then release answered 500 (OverflowException summing the masses for the arrival notice).
    [Fact]
    public void Issue_17_two_items_of_5e28_kg_were_accepted_and_could_never_be_released()
    {
        DeclarationCheck check = Json([Item(1, gross: "5e28"), Item(2, gross: "5e28")]);

        Assert.Equal([("/items/0/grossMassKg", ErrorCodes.OutOfRange), ("/items/1/grossMassKg", ErrorCodes.OutOfRange)], Errors(check));
    }

    [Theory]
    [InlineData("1000000000", true)]
    [InlineData("0", true)]
    [InlineData("1000000000.001", false)]
    [InlineData("1e10", false)]
    public void Read_MassAtAndAboveTheBound_AcceptedUpToMaxMassKg(string gross, bool valid)
    {
        DeclarationCheck check = Json([Item(1, gross: gross)]);

        Assert.Equal(valid, check.IsValid);
        Assert.Equal(valid ? [] : [("/items/0/grossMassKg", ErrorCodes.OutOfRange)], Errors(check));
    }

    [Theory]
    [InlineData("9999999999999999.99", true)]
    [InlineData("10000000000000000", false)]
    public void Read_AmountAtAndAboveTheBound_AcceptedUpToMaxAmount(string amount, bool valid)
    {
        DeclarationCheck check = Json([Item(1, amount: amount)], invoice: amount);

        Assert.Equal(valid ? [] : [("/invoice/amount", ErrorCodes.OutOfRange), ("/items/0/amount/amount", ErrorCodes.OutOfRange)], Errors(check).Order());
    }

    [Fact]
    public void Read_NegativeMass_StillAmountInvalid() =>
        Assert.Equal([("/items/0/grossMassKg", ErrorCodes.AmountInvalid)], Errors(Json([Item(1, gross: "-1")])));

    [Fact]
    public void Read_MaxItems_AcceptedAndOneMoreRefusedAtTheFirstItemBeyond()
    {
        Assert.True(Json(Enumerable.Range(1, DeclarationRules.MaxItems).Select(i => Item(i))).IsValid);

        DeclarationCheck over = Json(Enumerable.Range(1, DeclarationRules.MaxItems + 1).Select(i => Item(i)));

        Assert.Equal([($"/items/{DeclarationRules.MaxItems}/sequence", ErrorCodes.OutOfRange)], Errors(over));
    }

    [Fact]
    public void Read_WcoGrossMassAboveTheBound_RefusedAtItsElement()
    {
        string xml = File.ReadAllText(Path.Combine(WcoSamples.Folder, "TT_IM101a", "TT_IM101a.xml"))
            .Replace("<GrossMassMeasure>10100</GrossMassMeasure>", "<GrossMassMeasure>2000000000</GrossMassMeasure>", StringComparison.Ordinal);

        DeclarationCheck check = WcoDeclarationReader.Read(Encoding.UTF8.GetBytes(xml), s_lodgedOn);

        DeclarationError error = Assert.Single(check.Errors);
        Assert.Equal(ErrorCodes.OutOfRange, error.Code);
        Assert.EndsWith("/Commodity/GoodsMeasure/GrossMassMeasure", error.Pointer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("KGM", "1000000000", true)]
    [InlineData("KGM", "1000000001", false)]
    [InlineData("TNE", "1000000", true)]
    [InlineData("TNE", "1000001", false)]
    [InlineData("TNE", "79228162514264337593543950", false)]
    public void Read_CusdecMassInKilogramsOrTonnes_CheckedInKilograms(string unit, string value, bool valid)
    {
        Declaration declaration = Json([Item(1)]).Declaration!;
        string cusdec = Encoding.UTF8.GetString(CusdecDeclarationWriter.Write(declaration))
            .Replace("MEA+WT+G+KGM:12'", $"MEA+WT+G+{unit}:{value}'", StringComparison.Ordinal);
        Assert.Contains($"{unit}:{value}", cusdec, StringComparison.Ordinal);

        DeclarationCheck check = CusdecDeclarationReader.Read(Encoding.UTF8.GetBytes(cusdec), s_lodgedOn);

        Assert.Equal(valid ? [] : [ErrorCodes.OutOfRange], check.Errors.Select(e => e.Code));
    }

    [Fact]
    public void CheckAmendedItems_BeyondMaxItems_RefusedOutOfRange()
    {
        Declaration lodged = Json(Enumerable.Range(1, DeclarationRules.MaxItems).Select(i => Item(i))).Declaration!;
        var amendment = new AmendedItemNumbers([new Located((DeclarationRules.MaxItems + 1).ToString(CultureInfo.InvariantCulture), "/items/0/sequence")], null);

        Assert.Equal([("/items/0/sequence", ErrorCodes.OutOfRange)], Lodging.CheckAmendedItems(lodged, amendment).Select(e => (e.Pointer, e.Code)));
    }

    [Fact]
    public void Sum_BeyondDecimal_FailsSumOutOfRangeInsteadOfThrowing()
    {
        Assert.Equal(ValueErrorCodes.SumOutOfRange, Quantities.Sum([decimal.MaxValue, 1m]).Failure?.Code);
        Assert.Equal(ValueErrorCodes.SumOutOfRange, Quantities.Sum([decimal.MinValue, -1m]).Failure?.Code);
        Assert.Equal(decimal.MaxValue, Quantities.Sum([decimal.MaxValue, -1m, 1m]).Value);
        Assert.Equal(0m, Quantities.Sum([]).Value);
    }

    [Fact]
    public void Plus_BeyondDecimal_FailsSumOutOfRange()
    {
        CurrencyCode cny = CurrencyCode.Parse("CNY").Value;

        Assert.Equal(ValueErrorCodes.SumOutOfRange, new Money(5e28m, cny).Plus(new Money(5e28m, cny)).Failure?.Code);
        Assert.Equal(new Money(3m, cny), new Money(1m, cny).Plus(new Money(2m, cny)).Value);
    }

    // A declaration stored before the bounds, with masses whose sum does not fit, is still released: its notice has no total mass.
    [Fact]
    public void ArrivalNotice_MassesSummingBeyondDecimal_NoTotalInsteadOfOverflow()
    {
        Declaration d = Json([Item(1), Item(2)]).Declaration!;
        d = d with { Items = [.. d.Items.Select(i => i with { GrossMassKg = 5e28m })] };
        CustomsOffice exit = Corridor.Offices[0];

        JsonElement notice = JsonDocument.Parse(SharedDocuments.ArrivalNotice("26CN00000000000001", exit.Code, d, exit, DateTimeOffset.UnixEpoch)).RootElement;

        Assert.Equal(JsonValueKind.Null, notice.GetProperty("grossMassKg").ValueKind);
        Assert.Equal(ValueErrorCodes.SumOutOfRange, d.TotalGrossMassKg().Failure?.Code);
    }
}
