using Landsea.Edifact.Json;
using Landsea.Edifact.Validation;

namespace Landsea.Edifact.Tests;

public class ReaderTests
{
    [Fact]
    public void Read_SmallInterchange_BuildsTree()
    {
        var result = EdifactReader.Read(TestData.Bytes(TestData.Cusres));
        Assert.True(result.Succeeded, string.Join("\n", result.Issues));
        var doc = result.Document!;
        Assert.NotNull(doc.ServiceStringAdvice);
        var message = Assert.Single(doc.AllMessages());
        Assert.Equal("CUSRES", message.MessageType);
        Assert.Equal("D96B", message.Directory);
        Assert.Equal("DOC+1", message.Body[0].Value(1));
    }

    [Fact]
    public void Validate_SmallInterchange_IsValid()
    {
        var report = EdifactValidator.Validate(TestData.Bytes(TestData.Cusres));
        Assert.True(report.IsValid, string.Join("\n", report.Issues));
    }

    [Fact]
    public void Serialize_Segment_MatchesIssueShape()
    {
        var doc = EdifactReader.Read(TestData.Bytes("UNH+1+CUSCAR:D:96B:UN'LOC+9+AUMEL'UNT+3+1'")).Document!;
        string json = EdifactJson.Serialize(doc, indented: false);
        Assert.Contains("{\"tag\":\"LOC\",\"elements\":[[\"9\"],[\"AUMEL\"]]}", json, StringComparison.Ordinal);
    }
}
