using System.Xml;
using System.Xml.Schema;
using Landsea.Declarations;
using Landsea.Declarations.Wco;

namespace Landsea.Domain.Tests.Declarations;

public class ResNotificationTests
{
    private static List<string> Validate(byte[] xml)
    {
        var problems = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = WcoSchemas.Notification };
        settings.ValidationEventHandler += (_, e) => problems.Add(e.Message);
        using var reader = XmlReader.Create(new MemoryStream(xml), settings);
        while (reader.Read())
        {
        }

        return problems;
    }

    public static TheoryData<DeclarationEvent> Events() => new(Enum.GetValues<DeclarationEvent>());

    [Theory]
    [MemberData(nameof(Events))]
    public void Write_EveryEvent_ValidatesAgainstResSchema(DeclarationEvent e)
    {
        DeclarationError[] errors = e == DeclarationEvent.Rejected
            ? [new("/md:MetaData/Declaration/GoodsShipment/GovernmentAgencyGoodsItem[2]/Commodity/Classification[1]/ID", ErrorCodes.CommodityUnknown, new string('x', 600))]
            : [];
        var n = new ResNotification("a6e4e95b91be4fe4a95800c235c7c010", e, new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero),
            "LRN-0001", e == DeclarationEvent.Rejected ? null : "26CNCQ0000000001A5", 1, "CN", "Chongqing Customs", errors, "Officer note");

        byte[] xml = ResNotificationWriter.Write(n);

        Assert.Empty(Validate(xml));
        string text = System.Text.Encoding.UTF8.GetString(xml);
        Assert.Contains($"<FunctionCode>{DeclarationLifecycle.ResponseFunctionCode(e)}</FunctionCode>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Lifecycle_ReleaseAfterClearance_NotAllowed()
    {
        Assert.Equal(DeclarationStatus.Released, DeclarationLifecycle.Next(DeclarationStatus.Accepted, DeclarationEvent.Released));
        Assert.Equal(DeclarationStatus.Cleared, DeclarationLifecycle.Next(DeclarationStatus.Released, DeclarationEvent.Cleared));
        Assert.Null(DeclarationLifecycle.Next(DeclarationStatus.Cleared, DeclarationEvent.Released));
        Assert.Null(DeclarationLifecycle.Next(DeclarationStatus.Rejected, DeclarationEvent.Invalidated));
        Assert.Null(DeclarationLifecycle.Next(DeclarationStatus.Released, DeclarationEvent.Invalidated));
    }
}

public class ErrorCodeDocsTests
{
    [Fact]
    public void ErrorCodesDoc_ListsEveryCodeOnce()
    {
        string doc = File.ReadAllText(Landsea.Tests.Repository.Path("docs", "error-codes.md"));
        foreach ((string code, string name, _) in ErrorCodes.All)
        {
            Assert.Contains($"| {code} | {name} |", doc, StringComparison.Ordinal);
        }

        Assert.Equal(ErrorCodes.All.Count, ErrorCodes.All.Select(c => c.Code).Distinct().Count());
        Assert.Equal(ErrorCodes.All.Count, typeof(ErrorCodes).GetFields().Count(f => f.IsLiteral));
    }

    [Fact]
    public void ErrorCodesDoc_ListsEveryValueAndAccessCodeOnce()
    {
        string doc = File.ReadAllText(Landsea.Tests.Repository.Path("docs", "error-codes.md"));
        var all = Landsea.Shared.ValueErrorCodes.All.Concat(Landsea.Shared.AccessErrorCodes.All).Concat(Landsea.Shared.ApiErrorCodes.All).Concat(ErrorCodes.All).ToList();
        foreach ((string code, string name, _) in all)
        {
            Assert.Matches("^LS[0-9]{3}$", code);
            Assert.Contains($"| {code} | {name} |", doc, StringComparison.Ordinal);
        }

        Assert.Equal(all.Count, all.Select(c => c.Code).Distinct().Count());
        Assert.Equal(Landsea.Shared.ValueErrorCodes.All.Count, typeof(Landsea.Shared.ValueErrorCodes).GetFields().Count(f => f.IsLiteral));
        Assert.Equal(Landsea.Shared.AccessErrorCodes.All.Count, typeof(Landsea.Shared.AccessErrorCodes).GetFields().Count(f => f.IsLiteral));
        Assert.Equal(Landsea.Shared.ApiErrorCodes.All.Count, typeof(Landsea.Shared.ApiErrorCodes).GetFields().Count(f => f.IsLiteral));
    }
}

public class LifecycleTests
{
    [Fact]
    public void AllowedEvents_Accepted_OfficerActionsOnly()
    {
        DeclarationEvent[] allowed = DeclarationLifecycle.AllowedEvents(DeclarationStatus.Accepted).ToArray();

        Assert.Contains(DeclarationEvent.Released, allowed);
        Assert.Contains(DeclarationEvent.Controlled, allowed);
        Assert.DoesNotContain(DeclarationEvent.AmendmentAccepted, allowed);
        Assert.DoesNotContain(DeclarationEvent.Accepted, allowed);
        Assert.Empty(DeclarationLifecycle.AllowedEvents(DeclarationStatus.Cleared));
    }
}
