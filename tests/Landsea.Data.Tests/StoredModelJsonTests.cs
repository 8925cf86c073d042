using System.Text.Json;
using Landsea.Data.Declarations;
using Landsea.Declarations;
using Landsea.Shared;

namespace Landsea.Data.Tests;

/// <summary>
/// The stored <c>model_json</c> keeps its shape now that the model holds value types: codes are strings, and rows written
/// before the change (commodity codes as submitted, currencies as strings) still read.
/// </summary>
public class StoredModelJsonTests
{
    // A row as the writer stored it before the model held HsCode and CurrencyCode (StoreJson.Options, nulls left out).
    private const string OldRow = """{"functionalReference":"LRN-1","typeCode":"IMA","functionCode":"9","kind":"Original","direction":"Import","issuedAt":"2026-11-25T08:30:15+00:00","declarantId":"91350100M000100Y43","officeCode":"CN800001","invoiceCurrency":"CNY","invoiceAmount":1500.5,"exportCountry":"VN","transportMode":"3","parties":[{"role":"Declarant","id":"91350100M000100Y43","name":"Broker","countryCode":"CN"}],"items":[{"sequence":1,"commodityCode":"847130","description":"laptops","originCountry":"VN","amount":1000,"currency":"CNY","grossMassKg":12,"netMassKg":10},{"sequence":2,"description":"parts","grossMassKg":3}],"containers":["MSCU1234565"],"traderIds":["91350100M000100Y43"],"chapters":["84"]}""";

    [Fact]
    public void Deserialize_RowStoredBeforeValueTypes_ReadsAndWritesBackTheSameJson()
    {
        Declaration d = JsonSerializer.Deserialize<Declaration>(OldRow, StoreJson.Options)!;

        Assert.Equal("847130", d.Items[0].CommodityCode?.Digits);
        Assert.Equal("CNY", d.Items[0].Currency?.Value);
        Assert.Null(d.Items[1].CommodityCode);
        Assert.Null(d.Items[1].Currency);
        Assert.Equal(new Money(1500.5m, CurrencyCode.Parse("CNY").Value), d.Invoice);
        Assert.Equal(TraderId.Parse("91350100M000100Y43").Value, d.DeclarantId);
        Assert.Equal(CountryCode.Parse("VN").Value, d.ExportCountry);
        Assert.Equal(OldRow, JsonSerializer.Serialize(d, StoreJson.Options));
    }

    [Fact]
    public void Deserialize_RowWithNationalCodeAndOtherAdministrationsId_ReadsTheValueTypesAndWritesBackTheSameJson()
    {
        string row = OldRow.Replace("\"exportCountry\":\"VN\"", "\"exportCountry\":\"XI\"", StringComparison.Ordinal)
            .Replace("\"91350100M000100Y43\"", "\"ab-1234/7\"", StringComparison.Ordinal);

        Declaration d = JsonSerializer.Deserialize<Declaration>(row, StoreJson.Options)!;

        Assert.Equal(CountryCode.Parse("XI").Value, d.ExportCountry);
        Assert.Equal(CountryCode.Parse("CN").Value, d.Parties[0].CountryCode);
        Assert.Equal(CountryCode.Parse("VN").Value, d.Items[0].OriginCountry);
        Assert.Equal(TraderIdScheme.Other, d.DeclarantId?.Scheme);
        Assert.Equal(d.DeclarantId, d.Parties[0].Id);
        Assert.Equal(row, JsonSerializer.Serialize(d, StoreJson.Options));
    }

    [Fact]
    public void Deserialize_RowWithCommodityCodeAsSubmitted_ReadsAsItsDigits()
    {
        string row = OldRow.Replace("\"commodityCode\":\"847130\"", "\"commodityCode\":\"8471.30\"", StringComparison.Ordinal);

        Declaration d = JsonSerializer.Deserialize<Declaration>(row, StoreJson.Options)!;

        Assert.Equal(HsCode.Parse("847130").Value, d.Items[0].CommodityCode);
        Assert.Equal(OldRow, JsonSerializer.Serialize(d, StoreJson.Options));
    }

    [Fact]
    public void Serialize_Model_RoundTripsThroughTheConverters()
    {
        var model = new Declaration
        {
            FunctionalReference = "LRN-2", TypeCode = "EXA", FunctionCode = "9", Direction = DeclarationDirection.Export,
            InvoiceCurrency = CurrencyCode.Parse("USD").Value, InvoiceAmount = 99.99m,
            Items = [new GoodsItem(1, HsCode.Parse("8471300000").Value, null, CountryCode.Parse("CN").OrThrow(), 99.99m, CurrencyCode.Parse("USD").Value, null, null)],
        };

        string json = JsonSerializer.Serialize(model, StoreJson.Options);
        Declaration back = JsonSerializer.Deserialize<Declaration>(json, StoreJson.Options)!;

        Assert.Contains("\"commodityCode\":\"8471300000\"", json, StringComparison.Ordinal);
        Assert.Contains("\"invoiceCurrency\":\"USD\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"value\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"invoice\"", json, StringComparison.Ordinal);
        Assert.Equal(model.Items, back.Items);
        Assert.Equal(model.InvoiceCurrency, back.InvoiceCurrency);
        Assert.Equal(model.Invoice, back.Invoice);
    }
}
