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

    [Fact]
    public void Serialize_ValueTypes_WrittenAsCanonicalStringsAndReadBack()
    {
        var item = new GoodsItem(1, HsCode.Parse("8471.30.00").Value, "laptops", "CN", 12.5m, CurrencyCode.Parse("USD").Value, null, null);

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
