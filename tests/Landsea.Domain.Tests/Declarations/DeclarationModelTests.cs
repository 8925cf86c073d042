using System.Text;
using System.Text.Json;
using Landsea.Declarations;
using Landsea.Declarations.Json;
using Landsea.Shared;

namespace Landsea.Domain.Tests.Declarations;

/// <summary>The declaration model holds validated value types, and serialises them as their canonical strings.</summary>
public class DeclarationModelTests
{
    private static readonly DateOnly s_lodgedOn = new(2026, 11, 26);

    private static string Document(string itemCode, string itemCurrency, string invoiceCurrency) => $$$"""
        {"functionalReference":"M-1","typeCode":"IMA","declarant":{"id":"91350100M000100Y43"},
         "invoice":{"amount":500,"currency":"{{{invoiceCurrency}}}"},
         "items":[{"sequence":1,"commodityCode":"{{{itemCode}}}","amount":{"amount":500,"currency":"{{{itemCurrency}}}"}}]}
        """;

    [Fact]
    public void Read_ValidCodes_ModelHoldsTheValueTypes()
    {
        DeclarationCheck check = JsonDeclarationReader.Read(Encoding.UTF8.GetBytes(Document("8471.30", "CNY", "CNY")), s_lodgedOn);

        Assert.True(check.IsValid, string.Join("\n", check.Errors));
        GoodsItem item = Assert.Single(check.Declaration!.Items);
        Assert.Equal(HsCode.Parse("847130").Value, item.CommodityCode);
        Assert.Equal(CurrencyCode.Parse("CNY").Value, item.Currency);
        Assert.Equal(new Money(500m, CurrencyCode.Parse("CNY").Value), item.Value);
        Assert.Equal(new Money(500m, CurrencyCode.Parse("CNY").Value), check.Declaration.Invoice);
        Assert.Equal(["84"], check.Declaration.Chapters);
    }

    [Fact]
    public void Read_InvalidCodes_ReportedWithTheirCodesAndPointersAndLeftOutOfTheModel()
    {
        DeclarationCheck check = JsonDeclarationReader.Read(Encoding.UTF8.GetBytes(Document("84A130", "CNQ", "XYZ")), s_lodgedOn);

        Assert.False(check.IsValid);
        Assert.Contains(check.Errors, e => e is { Code: ErrorCodes.CommoditySyntax, Pointer: "/items/0/commodityCode" });
        Assert.Contains(check.Errors, e => e is { Code: ErrorCodes.CurrencyUnknown, Pointer: "/items/0/amount/currency" });
        Assert.Contains(check.Errors, e => e is { Code: ErrorCodes.CurrencyUnknown, Pointer: "/invoice/currency" });
        GoodsItem item = Assert.Single(check.Declaration!.Items);
        Assert.Null(item.CommodityCode);
        Assert.Null(item.Currency);
        Assert.Equal(500m, item.Amount);
        Assert.Null(check.Declaration.InvoiceCurrency);
        Assert.Empty(check.Declaration.Chapters);
    }

    private static string Parties(string declarant, string importer, string country, string destination) => $$$"""
        {"functionalReference":"M-2","typeCode":"IMA","declarant":{"id":"{{{declarant}}}","country":"{{{country}}}"},
         "importer":{"id":"{{{importer}}}","country":"CN"},"exportCountry":"{{{country}}}","destinationCountry":"{{{destination}}}",
         "items":[{"sequence":1,"commodityCode":"847130","originCountry":"{{{country}}}"}]}
        """;

    [Fact]
    public void Read_NationalCountryAndOtherAdministrationsId_ModelHoldsThemWithWarnings()
    {
        DeclarationCheck check = JsonDeclarationReader.Read(Encoding.UTF8.GetBytes(Parties("XI553202734852", "ab-1234/7", "XI", "EU")), s_lodgedOn);

        Assert.True(check.IsValid, string.Join("\n", check.Errors));
        Declaration d = check.Declaration!;
        Assert.Equal(TraderId.Parse("XI553202734852").Value, d.DeclarantId);
        Assert.Equal(TraderIdScheme.Eori, d.DeclarantId!.Value.Scheme);
        Assert.Equal(CountryCode.Parse("XI").Value, d.ExportCountry);
        Assert.Equal(CountryCode.Parse("EU").Value, d.DestinationCountry);
        Assert.Equal(CountryCode.Parse("XI").Value, d.Items[0].OriginCountry);
        Party importer = Assert.Single(d.Parties, p => p.Role == "Importer");
        Assert.Equal((TraderIdScheme.Other, "ab-1234/7"), (importer.Id!.Value.Scheme, importer.Id.Value.Value));
        Assert.Equal(["XI553202734852", "ab-1234/7"], d.TraderIds.Select(t => t.Value));
        Assert.Contains(check.Warnings, w => w is { Code: ErrorCodes.TraderIdUnrecognised, Pointer: "/importer/id" });
        Assert.Contains(check.Warnings, w => w is { Code: ErrorCodes.CountryNational, Pointer: "/destinationCountry" });
    }

    [Fact]
    public void Read_InvalidCountryAndTraderId_ReportedAndLeftOutOfTheModel_DeclarantTextKept()
    {
        DeclarationCheck check = JsonDeclarationReader.Read(Encoding.UTF8.GetBytes(Parties("91350100m000100y44", "AB_1", "OA", "cn")), s_lodgedOn);

        Assert.Contains(check.Errors, e => e is { Code: ErrorCodes.TraderIdInvalid, Pointer: "/declarant/id" });
        Assert.Contains(check.Errors, e => e is { Code: ErrorCodes.TraderIdInvalid, Pointer: "/importer/id" });
        Assert.Contains(check.Errors, e => e is { Code: ErrorCodes.CountryUnknown, Pointer: "/exportCountry" });
        Assert.Contains(check.Errors, e => e is { Code: ErrorCodes.CountryUnknown, Pointer: "/destinationCountry" });
        Declaration d = check.Declaration!;
        Assert.Null(d.DeclarantId);
        Assert.Null(d.ExportCountry);
        Assert.Null(d.DestinationCountry);
        Assert.Null(d.Items[0].OriginCountry);
        Assert.All(d.Parties, p => Assert.Null(p.Id));
        Assert.Empty(d.TraderIds);
        Assert.Equal("91350100m000100y44", check.DeclarantText);
        Assert.Equal("91350100M000100Y44", Lodging.DeclarantKey(check, "SOMEONE"));
    }

    [Fact]
    public void Serialize_CountryAndTraderId_WrittenAsStringsAndReadBack()
    {
        var party = new Party("Importer", TraderId.Parse("ab-1234/7").Value, "Lao Importer", CountryCode.Parse("XI").Value);

        string json = JsonSerializer.Serialize(party, JsonSerializerOptions.Web);

        Assert.Equal("""{"role":"Importer","id":"ab-1234/7","name":"Lao Importer","countryCode":"XI"}""", json);
        Assert.Equal(party, JsonSerializer.Deserialize<Party>(json, JsonSerializerOptions.Web));
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Party>("""{"role":"Importer","countryCode":"OA"}""", JsonSerializerOptions.Web));
        Assert.Contains(ValueErrorCodes.CountryUnknown, e.Message, StringComparison.Ordinal);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Party>("""{"role":"Importer","id":"91350100M000100Y44"}""", JsonSerializerOptions.Web));
    }

    [Fact]
    public void Serialize_ValueTypes_WrittenAsCanonicalStringsAndReadBack()
    {
        var item = new GoodsItem(1, HsCode.Parse("8471.30.00").Value, "laptops", CountryCode.Parse("CN").OrThrow(), 12.5m, CurrencyCode.Parse("USD").Value, null, null);

        string json = JsonSerializer.Serialize(item, JsonSerializerOptions.Web);
        GoodsItem back = JsonSerializer.Deserialize<GoodsItem>(json, JsonSerializerOptions.Web)!;

        Assert.Equal("""{"sequence":1,"commodityCode":"84713000","description":"laptops","originCountry":"CN","amount":12.5,"currency":"USD","grossMassKg":null,"netMassKg":null}""", json);
        Assert.Equal(item, back);
    }

    [Fact]
    public void Deserialize_NotACode_ThrowsJsonExceptionWithTheValueCode()
    {
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<GoodsItem>("""{"sequence":1,"commodityCode":"84","currency":"USD"}""", JsonSerializerOptions.Web));

        Assert.Contains(ValueErrorCodes.HsLength, e.Message, StringComparison.Ordinal);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<GoodsItem>("""{"sequence":1,"currency":"usd dollars"}""", JsonSerializerOptions.Web));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<GoodsItem>("""{"sequence":1,"currency":840}""", JsonSerializerOptions.Web));
    }
}
