using Landsea.Declarations.Edifact;
using Landsea.Edifact;
using Landsea.Edifact.Samples;
using Landsea.Edifact.Validation;

namespace Landsea.Domain.Tests.Declarations.Edifact;

public class MappingTests
{
    private static readonly CustomsDeclaration s_declaration = new()
    {
        FunctionalReference = "LA-2025-0001",
        TypeCode = "929",
        FunctionCode = "9",
        IssuedAt = "20250131",
        OfficeCode = "LAVTE01",
        Parties = [new DeclarationParty("Declarant", "LA123", "Vientiane Brokers", "LA"), new DeclarationParty("Importer", "LA999", "Mekong Trading", "LA")],
        Items = [new DeclarationItem(1, "85171200", "Mobile phones"), new DeclarationItem(2, "09012100", "Roasted coffee")],
    };

    [Fact]
    public void ToCusdec_Declaration_IsValidD96BAndMapsBack()
    {
        var message = CusdecMapping.ToCusdec(s_declaration, "M1");
        byte[] bytes = EdifactWriter.Write(SampleBuilder.Interchange([message]));
        var report = EdifactValidator.Validate(bytes);
        Assert.True(report.IsValid, string.Join("\n", report.Issues));

        var back = CusdecMapping.ToDeclaration(EdifactReader.Read(bytes).Document!.AllMessages().Single());
        Assert.Equal(s_declaration.FunctionalReference, back.FunctionalReference);
        Assert.Equal(s_declaration.Parties, back.Parties);
        Assert.Equal(s_declaration.Items, back.Items);
        Assert.Equal("LAVTE01", back.OfficeCode);
        Assert.Equal("20250131", back.IssuedAt);
    }

    [Fact]
    public void ToCusres_Notification_IsValidD96BAndMapsBack()
    {
        var notification = new StatusNotification
        {
            Reference = "R1",
            DeclarationReference = "LA-2025-0001",
            StatusCode = "1",
            IssuedAt = "20250131",
            Errors = [new StatusError("12", "Invalid commodity code")],
        };
        var message = CusresMapping.ToCusres(notification, "M1");
        byte[] bytes = EdifactWriter.Write(SampleBuilder.Interchange([message]));
        var report = EdifactValidator.Validate(bytes);
        Assert.True(report.IsValid, string.Join("\n", report.Issues));

        var back = CusresMapping.ToNotification(EdifactReader.Read(bytes).Document!.AllMessages().Single());
        Assert.Equal(notification.Reference, back.Reference);
        Assert.Equal(notification.DeclarationReference, back.DeclarationReference);
        Assert.Equal(notification.StatusCode, back.StatusCode);
        Assert.Equal(notification.Errors, back.Errors);
    }

    [Fact]
    public void ToManifest_Cuscar_ReadsEquipmentConsignmentsAndGoods()
    {
        string text = "UNH+1+CUSCAR:D:96B:UN'BGM+85+MAN1+9'TDT+20+V123+1'EQD+CN+MSCU1234567'SEL+S1'SEL+S2'"
            + "CNI+1+BL1'GID+1+10:CT'FTX+AAA+++Coffee'GID+2+5:PK'CNI+2'RFF+BM:BL2'GID+1+1:PX'UNT+14+1'";
        var message = EdifactReader.Read(System.Text.Encoding.Latin1.GetBytes(text)).Document!.Messages.Single();

        var manifest = CuscarMapping.ToManifest(message);

        Assert.Equal("MAN1", manifest.Reference);
        Assert.Equal("V123", manifest.ConveyanceReference);
        var equipment = Assert.Single(manifest.Equipment);
        Assert.Equal("MSCU1234567", equipment.Id);
        Assert.Equal(["S1", "S2"], equipment.Seals);
        Assert.Equal(2, manifest.Consignments.Count);
        Assert.Equal("BL1", manifest.Consignments[0].TransportDocument);
        Assert.Equal("Coffee", manifest.Consignments[0].Goods[0].Description);
        Assert.Equal("BL2", manifest.Consignments[1].TransportDocument);
        Assert.Equal("PX", manifest.Consignments[1].Goods[0].PackageType);
    }
}
