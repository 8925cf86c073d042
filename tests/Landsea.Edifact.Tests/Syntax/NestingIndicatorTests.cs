using Landsea.Edifact.Json;
using Landsea.Edifact.Validation;

namespace Landsea.Edifact.Tests.Syntax;

/// <summary>Explicit nesting indicators: components of the segment tag, such as <c>CST:2</c> or <c>MOA:2:1</c>.</summary>
public class NestingIndicatorTests
{
    private const string Text =
        "UNH+1+CUSDEC:D:96B:UN'BGM+929+LRN1+9'UNS+D'" +
        "CST:1+1+85171300'MOA:1:1+38:100:USD'CST:2+2+09012100'MOA:1:2+38:50:USD'" +
        "UNS+S'UNT+9+1'";

    [Fact]
    public void Read_TagWithIndicators_KeepsThemAndWritesThemBack()
    {
        var document = EdifactReader.Read(TestData.Bytes(Text)).Document!;
        var body = document.Messages.Single().Body;

        Assert.Equal(["1", "2"], body[5].Indicators.ToArray());
        Assert.Equal("MOA", body[5].Tag);
        Assert.Equal(Text, EdifactWriter.WriteString(document));
    }

    [Fact]
    public void Json_TagWithIndicators_RoundTrips()
    {
        var document = EdifactReader.Read(TestData.Bytes(Text)).Document!;

        string json = EdifactJson.Serialize(document, indented: false);
        Assert.Contains("\"nesting\":[\"1\",\"1\"]", json, StringComparison.Ordinal);
        Assert.Equal(Text, EdifactWriter.WriteString(EdifactJson.Parse(json).Document!));
    }

    [Fact]
    public void Validate_TagWithIndicators_IsCheckedAgainstTheSegmentTable()
    {
        var report = EdifactValidator.Validate(TestData.Bytes(Text));

        Assert.True(report.IsValid, string.Join("\n", report.Issues));
    }

    [Theory]
    [InlineData("MOA:X+38:100:USD'", "nesting indicator 1 of MOA is 'X'")]
    [InlineData("MOA::1+38:100:USD'", "nesting indicator 1 of MOA is ''")]
    [InlineData("MOA:1234567+38:100:USD'", "1 to 6 digits")]
    public void Validate_BadIndicators_AreInvalidTags(string segment, string reason)
    {
        string text = "UNH+1+CUSDEC:D:96B:UN'BGM+929+LRN1+9'UNS+D'CST+1+85171300'" + segment + "UNS+S'UNT+7+1'";

        var report = EdifactValidator.Validate(TestData.Bytes(text));

        var error = Assert.Single(report.Errors, e => e.Code == EdifactErrorCodes.InvalidSegmentTag);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.Equal("/messages/1/segments/5", error.Pointer.ToString());
    }

    [Fact]
    public void Validate_ServiceSegmentWithIndicators_IsInvalid()
    {
        var report = EdifactValidator.Validate(TestData.Bytes("UNH:1+1+CUSRES:D:96B:UN'BGM+962+R1+9'UNT+3+1'"));

        Assert.Contains(report.Errors, e => e.Code == EdifactErrorCodes.InvalidSegmentTag && e.Reason.Contains("takes no nesting indicators", StringComparison.Ordinal));
    }
}
