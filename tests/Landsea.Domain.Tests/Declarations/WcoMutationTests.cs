using System.Text;
using System.Text.RegularExpressions;
using Landsea.Declarations;
using Landsea.Declarations.Wco;
using Landsea.Shared;

namespace Landsea.Domain.Tests.Declarations;

/// <summary>Samples changed in one place must be rejected with the right code at the right pointer, and nothing else.</summary>
public class WcoMutationTests
{
    private const string Sample = "TT_IM101a/TT_IM101a.xml";
    private const string Item = "/md:MetaData/Declaration/GoodsShipment/GovernmentAgencyGoodsItem[1]";

    private static string Original => File.ReadAllText(Path.Combine(WcoSamples.Folder, Sample));

    private static DeclarationCheck Check(string xml) => WcoDeclarationReader.Read(Encoding.UTF8.GetBytes(xml), WcoSamples.LodgedOn);

    private static string Replace(string xml, string from, string to)
    {
        Assert.Contains(from, xml, StringComparison.Ordinal);
        return xml.Replace(from, to, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Original_IsValid() => Assert.True(Check(Original).IsValid);

    [Fact]
    public void Read_UnknownCurrency_RejectedAtCurrencyAttribute()
    {
        DeclarationCheck check = Check(Replace(Original, "currencyID=\"GBP\">15900", "currencyID=\"XYZ\">15900"));

        DeclarationError error = Assert.Single(check.Errors);
        Assert.Equal(ErrorCodes.CurrencyUnknown, error.Code);
        Assert.Equal($"{Item}/Commodity/InvoiceLine/ItemChargeAmount/@currencyID", error.Pointer);
        Assert.Contains("XYZ", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CommodityCodeThatDoesNotExist_RejectedAtClassificationId()
    {
        DeclarationCheck check = Check(Replace(Original, "<ID>34031920</ID>", "<ID>01019900</ID>"));

        DeclarationError error = Assert.Single(check.Errors);
        Assert.Equal(ErrorCodes.CommodityUnknown, error.Code);
        Assert.Equal($"{Item}/Commodity/Classification[1]/ID", error.Pointer);
    }

    [Fact]
    public void Read_RetiredCodeBefore2022_AcceptedUnderHs2017()
    {
        // 9702.00 existed in HS 2017: a declaration dated 2021 may use it; the same one dated 2022 may not.
        string dated2021 = Replace(Original, "<FunctionCode>9</FunctionCode>", "<FunctionCode>9</FunctionCode><FunctionalReferenceID>R1</FunctionalReferenceID><IssueDateTime><p1:DateTimeString xmlns:p1=\"urn:wco:datamodel:WCO:Declaration_DS:DMS:2\" formatCode=\"304\">20211231120000Z</p1:DateTimeString></IssueDateTime>")
            .Replace("<FunctionalReferenceID>U.78477672K77G</FunctionalReferenceID>", "", StringComparison.Ordinal)
            .Replace("<ID>34031920</ID>", "<ID>97020000</ID>", StringComparison.Ordinal);

        Assert.True(Check(dated2021).IsValid, string.Join("; ", Check(dated2021).Errors));
        DeclarationCheck dated2022 = Check(dated2021.Replace("20211231120000Z", "20220101120000Z", StringComparison.Ordinal));
        Assert.Equal(ErrorCodes.CommodityUnknown, Assert.Single(dated2022.Errors).Code);
    }

    [Fact]
    public void Read_MissingDeclarant_RejectedAtDeclarant()
    {
        DeclarationCheck check = Check(Replace(Original, "<Declarant>\n\t\t\t<ID>XI603202734852</ID>\n\t\t</Declarant>", ""));

        DeclarationError error = Assert.Single(check.Errors);
        Assert.Equal(ErrorCodes.PartyMissing, error.Code);
        Assert.Equal("/md:MetaData/Declaration/Declarant", error.Pointer);
    }

    [Fact]
    public void Read_MissingMandatorySchemaElement_RejectedWithSchemaPointer()
    {
        // TransportEquipment/SequenceNumeric is mandatory in the DEC schema.
        string xml = Regex.Replace(Original, @"(<TransportEquipment>\s*)<SequenceNumeric>1</SequenceNumeric>", "$1");
        Assert.NotEqual(Original, xml);

        DeclarationError error = Assert.Single(Check(xml).Errors);
        Assert.Equal(ErrorCodes.Schema, error.Code);
        Assert.StartsWith("/md:MetaData/Declaration/GoodsShipment/Consignment/TransportEquipment[1]", error.Pointer, StringComparison.Ordinal);
        Assert.Contains("SequenceNumeric", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingTypeCode_RejectedAsFieldMissing()
    {
        DeclarationCheck check = Check(Replace(Original, "<TypeCode>IMA</TypeCode>", ""));

        Assert.Contains(check.Errors, e => e.Code == ErrorCodes.FieldMissing && e.Pointer == "/md:MetaData/Declaration/TypeCode");
    }

    [Fact]
    public void Read_ItemsNumberedWrongly_RejectedAtSequence()
    {
        string xml = Regex.Replace(Original, @"(<GovernmentAgencyGoodsItem>\s*(<!--.*?-->\s*)*)<SequenceNumeric>1<", "$1<SequenceNumeric>2<", RegexOptions.Singleline);
        Assert.NotEqual(Original, xml);
        DeclarationCheck check = Check(xml);

        Assert.Contains(check.Errors, e => e.Code == ErrorCodes.ItemNumbering && e.Pointer == $"{Item}/SequenceNumeric");
    }

    [Fact]
    public void Read_Dtd_Refused()
    {
        string xml = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]><x>&b;</x>";
        DeclarationError error = Assert.Single(Check(xml).Errors);
        Assert.Equal(ErrorCodes.DtdRefused, error.Code);
    }

    [Fact]
    public void Read_ExternalEntity_Refused()
    {
        string xml = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>";
        DeclarationCheck check = Check(xml);
        Assert.Equal(ErrorCodes.DtdRefused, Assert.Single(check.Errors).Code);
        Assert.DoesNotContain("root:", check.Errors[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TooLarge_RefusedUnread()
    {
        byte[] big = new byte[WcoDeclarationReader.DefaultMaxBytes + 1];
        Assert.Equal(ErrorCodes.TooLarge, Assert.Single(WcoDeclarationReader.Read(big, WcoSamples.LodgedOn).Errors).Code);
    }

    [Fact]
    public void Read_NotMetaData_RefusedAsNotADeclaration()
    {
        Assert.Equal(ErrorCodes.NotADeclaration, Check("<Declaration xmlns=\"urn:wco:datamodel:WCO:DEC-DMS:2\"/>").Errors[0].Code);
    }

    [Fact]
    public void Read_Sample_ExtractsPartiesItemsAndAmounts()
    {
        Declaration d = Check(Original).Declaration!;

        Assert.Equal("U.78477672K77G", d.FunctionalReference);
        Assert.Equal(SubmissionKind.Original, d.Kind);
        Assert.Equal(DeclarationDirection.Import, d.Direction);
        Assert.Equal(TraderId.Parse("XI603202734852").OrThrow(), d.DeclarantId);
        GoodsItem item = Assert.Single(d.Items);
        Assert.Equal("34031920", item.CommodityCode?.Digits);
        Assert.Equal(15900m, item.Amount);
        Assert.Equal("GBP", item.Currency?.Value);
        Assert.Equal("US", item.OriginCountry?.Value);
        Assert.Contains(d.Parties, p => p.Role == "Importer" && p.Id?.Value == "XI553202734852");
    }
}

public class DeclarationRulesTests
{
    private static (List<DeclarationError> Errors, List<DeclarationError> Warnings) Check(Action<DeclarationFacts> fill)
    {
        var facts = new DeclarationFacts();
        fill(facts);
        return DeclarationRules.Check(facts, new DateOnly(2026, 11, 26));
    }

    [Theory]
    [InlineData("EU")]
    [InlineData("XI")]
    [InlineData("ZU")]
    public void Check_ReservedOrNationalCountry_WarningOnly(string code)
    {
        var (errors, warnings) = Check(f => f.Countries.Add(new(code, "/p")));
        Assert.Empty(errors);
        Assert.Equal(ErrorCodes.CountryNational, Assert.Single(warnings).Code);
    }

    [Fact]
    public void Check_UnknownCountry_Error() =>
        Assert.Equal(ErrorCodes.CountryUnknown, Assert.Single(Check(f => f.Countries.Add(new("BQQ", "/p"))).Errors).Code);

    [Theory]
    [InlineData("91350100M000100Y44", true)] // USCC with a wrong check character
    [InlineData("197401143D", true)] // UEN with a wrong check letter
    [InlineData("1234567", false)] // another administration's number: warning
    [InlineData("123456789", false)]
    [InlineData("AB-12/3", false)]
    public void Check_TraderIds_ClaimedSchemeMustPass(string id, bool error)
    {
        var (errors, warnings) = Check(f => f.TraderIds.Add(new(id, "/p")));
        Assert.Equal(error, errors.Count == 1);
        Assert.Equal(!error, warnings.Count == 1 && warnings[0].Code == ErrorCodes.TraderIdUnrecognised);
    }
}

public class DeclarantIdentificationTests
{
    [Fact]
    public void Read_DeclarantWithNameOnly_RejectedAtDeclarantId()
    {
        string xml = File.ReadAllText(Path.Combine(WcoSamples.Folder, "TT_IM101a/TT_IM101a.xml"))
            .Replace("<Declarant>\n\t\t\t<ID>XI603202734852</ID>\n\t\t</Declarant>", "<Declarant>\n\t\t\t<Name>Agent Ltd</Name>\n\t\t</Declarant>", StringComparison.Ordinal);

        DeclarationCheck check = WcoDeclarationReader.Read(System.Text.Encoding.UTF8.GetBytes(xml), WcoSamples.LodgedOn);

        DeclarationError error = Assert.Single(check.Errors);
        Assert.Equal(ErrorCodes.PartyMissing, error.Code);
        Assert.Equal("/md:MetaData/Declaration/Declarant/ID", error.Pointer);
    }
}
