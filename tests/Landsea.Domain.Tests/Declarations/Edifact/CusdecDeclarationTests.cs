using Landsea.Declarations;
using Landsea.Shared;
using Landsea.Declarations.Wco;
using Landsea.Edifact.Directories;
using Landsea.Declarations.Edifact;
using Landsea.Edifact;
using Landsea.Edifact.Model;
using Landsea.Edifact.Samples;
using Landsea.Edifact.Validation;

namespace Landsea.Domain.Tests.Declarations.Edifact;

public class CusdecDeclarationTests
{
    private static readonly DateOnly s_lodgedOn = new(2026, 11, 26);

    private static readonly Declaration s_import = new()
    {
        FunctionalReference = "LA-2026-0001",
        TypeCode = "IMA",
        FunctionCode = "9",
        Kind = SubmissionKind.Original,
        Direction = DeclarationDirection.Import,
        IssuedAt = new DateTimeOffset(2026, 11, 25, 8, 30, 15, TimeSpan.Zero),
        DeclarantId = TraderId.Parse("91110000600037341L").OrThrow(),
        OfficeCode = "LAVTE001",
        InvoiceCurrency = CurrencyCode.Parse("USD").OrThrow(),
        InvoiceAmount = 12500.5m,
        ExportCountry = CountryCode.Parse("CN").OrThrow(),
        DestinationCountry = CountryCode.Parse("LA").OrThrow(),
        TransportMode = "3",
        Parties =
        [
            new Party("Declarant", TraderId.Parse("91110000600037341L").OrThrow(), "Chongqing Corridor Brokers Co Ltd, Liangjiang New Area", CountryCode.Parse("CN").OrThrow()),
            new Party("Importer", TraderId.Parse("197401143C").OrThrow(), "Mekong Trading", CountryCode.Parse("LA").OrThrow()),
            new Party("Exporter", null, "Kunming Export Works", CountryCode.Parse("CN").OrThrow()),
        ],
        Items =
        [
            new GoodsItem(1, HsCode.Parse("85171300").OrThrow(), "Smartphones: 200 units + chargers (boxed) 'retail'", CountryCode.Parse("CN").OrThrow(), 10000m, CurrencyCode.Parse("USD").OrThrow(), 250.5m, 200m),
            new GoodsItem(2, HsCode.Parse("09012100").OrThrow(), "Roasted coffee", CountryCode.Parse("LA").OrThrow(), 2500.5m, CurrencyCode.Parse("USD").OrThrow(), 1000m, null),
        ],
        Containers = ["MSCU1234565"],
    };

    [Fact]
    public void Write_ThenRead_GivesTheSameDeclaration_AndIsValidD96B()
    {
        byte[] bytes = CusdecDeclarationWriter.Write(s_import, controlReference: "IC42");

        EdifactValidationReport report = EdifactValidator.Validate(bytes);
        Assert.True(report.IsValid, string.Join("\n", report.Issues));
        DeclarationCheck check = CusdecDeclarationReader.Read(bytes, s_lodgedOn);

        Assert.True(check.IsValid, string.Join("\n", check.Errors));
        Declaration back = check.Declaration!;
        Assert.Equal(s_import.FunctionalReference, back.FunctionalReference);
        Assert.Equal(s_import.TypeCode, back.TypeCode);
        Assert.Equal(s_import.FunctionCode, back.FunctionCode);
        Assert.Equal(s_import.Kind, back.Kind);
        Assert.Equal(s_import.Direction, back.Direction);
        Assert.Equal(s_import.IssuedAt, back.IssuedAt);
        Assert.Equal(s_import.DeclarantId, back.DeclarantId);
        Assert.Equal(s_import.OfficeCode, back.OfficeCode);
        Assert.Equal(s_import.InvoiceCurrency, back.InvoiceCurrency);
        Assert.Equal(s_import.InvoiceAmount, back.InvoiceAmount);
        Assert.Equal(s_import.ExportCountry, back.ExportCountry);
        Assert.Equal(s_import.DestinationCountry, back.DestinationCountry);
        Assert.Equal(s_import.TransportMode, back.TransportMode);
        Assert.Equal(s_import.Parties, back.Parties);
        Assert.Equal(s_import.Items, back.Items);
        Assert.Equal(s_import.Containers, back.Containers);
        Assert.Null(back.ReferencedId);
    }

    [Fact]
    public void Write_DeclarationFromJson_ReadsBackAsTheSameDeclaration()
    {
        string json = """
            {"functionalReference":"EDI-1","typeCode":"EXA","declarant":{"id":"91350100M000100Y43","name":"Chongqing Yangtze Trading"},
             "exporter":{"id":"91350100M000100Y43","country":"CN"},"exportCountry":"CN","destinationCountry":"SG",
             "invoice":{"amount":500,"currency":"CNY"},
             "items":[{"sequence":1,"commodityCode":"847130","description":"Laptops","originCountry":"CN","amount":{"amount":500,"currency":"CNY"},"grossMassKg":12,"netMassKg":10}]}
            """;
        DeclarationCheck fromJson = Landsea.Declarations.Json.JsonDeclarationReader.Read(System.Text.Encoding.UTF8.GetBytes(json), s_lodgedOn);
        Assert.True(fromJson.IsValid, string.Join("\n", fromJson.Errors));
        Declaration original = fromJson.Declaration!;

        DeclarationCheck check = CusdecDeclarationReader.Read(CusdecDeclarationWriter.Write(original), s_lodgedOn);

        Assert.True(check.IsValid, string.Join("\n", check.Errors));
        Declaration back = check.Declaration!;
        Assert.Equal(original with { Parties = [], Items = [], Containers = [] }, back with { Parties = [], Items = [], Containers = [] });
        Assert.Equal(original.Parties, back.Parties);
        Assert.Equal(original.Items, back.Items);
        Assert.Equal(original.Containers, back.Containers);
    }

    [Fact]
    public void Write_ThenRead_AmendmentAndCancellation_KeepKindAndMrn()
    {
        foreach ((SubmissionKind kind, string type) in new[] { (SubmissionKind.Amendment, "COR"), (SubmissionKind.Cancellation, "INV") })
        {
            Declaration request = s_import with { Kind = kind, TypeCode = type, FunctionCode = "13", Direction = DeclarationDirection.Other, ReferencedId = "26LAVTE0000000017" };
            DeclarationCheck check = CusdecDeclarationReader.Read(CusdecDeclarationWriter.Write(request), s_lodgedOn);

            Assert.True(check.IsValid, string.Join("\n", check.Errors));
            Assert.Equal(kind, check.Declaration!.Kind);
            Assert.Equal(type, check.Declaration.TypeCode);
            Assert.Equal("13", check.Declaration.FunctionCode);
            Assert.Equal("26LAVTE0000000017", check.Declaration.ReferencedId);
        }
    }

    [Fact]
    public void Write_NonLatinText_UsesUnoySyntax4_AndReadsBack()
    {
        Declaration lao = s_import with { Parties = [new Party("Declarant", TraderId.Parse("91110000600037341L").OrThrow(), "ບໍລິສັດ ແມ່ນ້ຳຂອງ", CountryCode.Parse("LA").OrThrow())] };
        byte[] bytes = CusdecDeclarationWriter.Write(lao);

        Assert.StartsWith("UNB+UNOY:4", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        DeclarationCheck check = CusdecDeclarationReader.Read(bytes, s_lodgedOn);
        Assert.True(check.IsValid, string.Join("\n", check.Errors));
        Assert.Equal(lao.Parties, check.Declaration!.Parties);
    }

    [Fact]
    public void Read_UnknownHsCode_IsRejectedWithPointerToCstElement()
    {
        // 8517.12 (mobile phones) was retired when HS 2022 came into force.
        Declaration retired = s_import with { Items = [s_import.Items[0] with { CommodityCode = HsCode.Parse("85171200").OrThrow() }, s_import.Items[1]] };
        byte[] bytes = CusdecDeclarationWriter.Write(retired);
        EdifactMessage message = EdifactReader.Read(bytes).Document!.AllMessages().Single();
        int cst = message.Body.IndexOf(message.Body.First(s => s.Tag == "CST")) + 2;

        DeclarationCheck check = CusdecDeclarationReader.Read(bytes, s_lodgedOn);

        Assert.False(check.IsValid);
        DeclarationError error = Assert.Single(check.Errors);
        Assert.Equal(ErrorCodes.CommodityUnknown, error.Code);
        Assert.Equal($"/messages/1/segments/{cst}/elements/2/components/1", error.Pointer);
        Assert.Contains("HS 2022", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DocumentDate_SelectsTheHsEdition()
    {
        // Dated 2021 (DTM 137): HS 2017 was in force, so 8517.12 is known even though the CUSDEC is lodged in 2026.
        Declaration old = s_import with
        {
            IssuedAt = new DateTimeOffset(2021, 6, 1, 0, 0, 0, TimeSpan.Zero),
            Items = [s_import.Items[0] with { CommodityCode = HsCode.Parse("85171200").OrThrow() }],
        };

        DeclarationCheck check = CusdecDeclarationReader.Read(CusdecDeclarationWriter.Write(old), s_lodgedOn);

        Assert.True(check.IsValid, string.Join("\n", check.Errors));
    }

    [Fact]
    public void Read_BareMessage_WithDirectoryAndBusinessErrors_PointsIntoTheMessage()
    {
        string text =
            "UNH+1+CUSDEC:D:96B:UN'" +
            "BGM+929+LRN1+9'" +                       // 2
            "LOC+999+LAVTE001'" +                    // 3: 3227 code 999 does not exist
            "DTM+137:20261125:102'" +                // 4
            "NAD+DT+91110000600037341L'" +           // 5
            "MOA+39:100:ABC'" +                      // 6: unknown currency
            "UNS+D'" +                               // 7
            "CST+2+85171300'" +                      // 8: numbered 2 but first
            "LOC+27+AB'" +                           // 9: no such country
            "UNS+S'" +
            "UNT+11+1'";

        DeclarationCheck check = CusdecDeclarationReader.Read(System.Text.Encoding.Latin1.GetBytes(text), s_lodgedOn);

        Assert.False(check.IsValid);
        Assert.NotNull(check.Declaration);
        Assert.True(check.Errors.Count == 4, string.Join("\n", check.Errors));
        Assert.Contains(check.Errors, e => e.Code == ErrorCodes.Schema && e.Pointer == "/messages/1/segments/3/elements/1" && e.Reason.Contains("invalid-code", StringComparison.Ordinal));
        Assert.Contains(check.Errors, e => e.Code == ErrorCodes.CurrencyUnknown && e.Pointer == "/messages/1/segments/6/elements/1/components/3");
        Assert.Contains(check.Errors, e => e.Code == ErrorCodes.ItemNumbering && e.Pointer == "/messages/1/segments/8/elements/1");
        Assert.Contains(check.Errors, e => e.Code == ErrorCodes.CountryUnknown && e.Pointer == "/messages/1/segments/9/elements/2/components/1");
    }

    [Fact]
    public void Read_NoDeclarantAndNoItems_PointsToTheUns()
    {
        string text = "UNH+1+CUSDEC:D:96B:UN'BGM+929+LRN1+9'UNS+D'UNS+S'UNT+5+1'";

        DeclarationCheck check = CusdecDeclarationReader.Read(System.Text.Encoding.Latin1.GetBytes(text), s_lodgedOn);

        Assert.Contains(check.Errors, e => e.Code == ErrorCodes.PartyMissing && e.Pointer == "/messages/1/segments/3");
        Assert.Contains(check.Errors, e => e.Code == ErrorCodes.NoItems && e.Pointer == "/messages/1/segments/3");
    }

    [Theory]
    [InlineData("UNH+1+CUSDEC:D:96B:UN'BGM+929+LRN1+9'UNS+D", ErrorCodes.Malformed)]
    [InlineData("UNH+1+CUSDEC:D:96B:UN'BGM+929+LRN1+9'UNS+D'UNS+S'UNT+9+1'", ErrorCodes.Malformed)]
    [InlineData("UNH+M1+CUSRES:D:96B:UN'BGM+962+R1+9'UNT+3+M1'", ErrorCodes.NotADeclaration)]
    [InlineData("", ErrorCodes.Malformed)]
    public void Read_BadInput_IsRefusedWithoutDeclaration(string text, string code)
    {
        DeclarationCheck check = CusdecDeclarationReader.Read(System.Text.Encoding.Latin1.GetBytes(text), s_lodgedOn);

        Assert.Null(check.Declaration);
        Assert.Contains(check.Errors, e => e.Code == code);
    }

    [Theory]
    [InlineData("UNA:+.? 'UNB+UNOC:3", true)]
    [InlineData("\uFEFF\r\n  UNH+1+CUSDEC:D:96B:UN'", true)]
    [InlineData("UNB+UNOC:3+A+B+250131:1200+1'", true)]
    [InlineData("<?xml version=\"1.0\"?><md:MetaData/>", false)]
    [InlineData("{\"functionalReference\":\"X\"}", false)]
    [InlineData("", false)]
    public void LooksLikeEdifact_TellsEdifactFromXmlAndJson(string text, bool expected) =>
        Assert.Equal(expected, SubmissionFormat.Edifact == SubmissionReader.Recognise(System.Text.Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Read_TooLarge_IsRefusedUnread()
    {
        DeclarationCheck check = CusdecDeclarationReader.Read(new byte[100], s_lodgedOn, maxBytes: 10);

        Assert.Equal(ErrorCodes.TooLarge, Assert.Single(check.Errors).Code);
    }

    [Theory]
    [InlineData("D96B")]
    [InlineData("D01B")]
    [InlineData("D21A")]
    public void Read_CorpusCusdecs_MapWithoutSyntaxOrDirectoryErrors(string directory)
    {
        EdifactDirectory dir = DirectoryCatalog.Get(directory);
        for (int seed = 0; seed < 8; seed++)
        {
            var builder = new SampleBuilder(dir, new Random(seed)) { Escapes = true };
            EdifactMessage message = builder.Message("CUSDEC", "M" + seed, full: seed % 2 == 0);
            byte[] bytes = EdifactWriter.Write(SampleBuilder.Interchange([message]));

            DeclarationCheck check = CusdecDeclarationReader.Read(bytes, s_lodgedOn);

            Assert.NotNull(check.Declaration);
            Assert.DoesNotContain(check.Errors, e => e.Code is ErrorCodes.Malformed or ErrorCodes.Schema or ErrorCodes.NotADeclaration);
            int uns = message.Body.IndexOf(message.Body.First(s => s.Tag == "UNS"));
            Assert.Equal(message.Body.Skip(uns + 1).TakeWhile(s => s.Tag != "UNS").Count(s => s.Tag == "CST"), check.Declaration!.Items.Count);
        }
    }

    [Fact]
    public void WriteCusres_Rejection_IsValidD96B_AndReadsBack()
    {
        var notification = new ResNotification(
            "NTF-0001",
            DeclarationEvent.Rejected,
            new DateTimeOffset(2026, 11, 26, 9, 15, 0, TimeSpan.Zero),
            "LA-2026-0001",
            null,
            1,
            "LA",
            "Lao Customs Department",
            [
                new DeclarationError("/messages/1/segments/9/elements/2/components/1", ErrorCodes.CommodityUnknown,
                    "Commodity code '85171200': HS subheading 8517.12 does not exist in HS 2022, the edition in force on 2026-11-26. It was retired when HS 2022 came into force on 1 January 2022."),
                new DeclarationError("/messages/1/segments/6/elements/1/components/3", ErrorCodes.CurrencyUnknown, "Currency 'XXX' is not an ISO 4217 code: see ?+:' in text."),
            ],
            "Rejected: see errors.");

        byte[] bytes = CusresNotifications.WriteCusres(notification);

        EdifactValidationReport report = EdifactValidator.Validate(bytes);
        Assert.True(report.IsValid, string.Join("\n", report.Issues));
        Assert.Equal("CUSRES", Assert.Single(report.Messages).MessageType);
        Assert.True(report.Messages[0].CheckedAgainstDirectory);
        (ResNotification? back, IReadOnlyList<DeclarationError> errors) = CusresNotifications.ReadCusres(bytes);
        Assert.Empty(errors);
        Assert.Equal(notification.Errors, back!.Errors);
        Assert.Equal(notification with { Errors = [] }, back with { Errors = [] });
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void WriteCusres_EveryEvent_IsValidD96B_AndKeepsTheEvent(DeclarationEvent e)
    {
        var notification = new ResNotification("N" + (int)e, e, DateTimeOffset.UnixEpoch.AddYears(56), "LRN-9", "26LAVTE0000000017", 2, "LA", "ກົມພາສີ", [], null);

        byte[] bytes = CusresNotifications.WriteCusres(notification);

        EdifactValidationReport report = EdifactValidator.Validate(bytes);
        Assert.True(report.IsValid, string.Join("\n", report.Issues));
        (ResNotification? back, _) = CusresNotifications.ReadCusres(bytes);
        Assert.Equal(e, back!.Event);
        Assert.Equal("26LAVTE0000000017", back.Mrn);
        Assert.Equal(2, back.Version);
        Assert.Equal("ກົມພາສີ", back.ResponsibleAgency);
    }

    public static TheoryData<DeclarationEvent> Events() => [.. Enum.GetValues<DeclarationEvent>()];
}
