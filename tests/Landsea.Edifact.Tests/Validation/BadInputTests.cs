using Landsea.Edifact.Validation;

namespace Landsea.Edifact.Tests.Validation;

public class BadInputTests
{
    private const string Unb = "UNB+UNOC:3+A:ZZZ+B:ZZZ+250131:1200+IC1'";

    private static EdifactValidationReport Check(string text) => EdifactValidator.Validate(TestData.Bytes(text));

    [Fact]
    public void Read_TruncatedInterchange_FailsWithPositionAndNoDocument()
    {
        string text = TestData.Cusres[..^12];
        var result = EdifactReader.Read(TestData.Bytes(text));
        Assert.Null(result.Document);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(EdifactErrorCodes.Truncated, issue.Code);
        Assert.Equal(text.LastIndexOf("UNT", StringComparison.Ordinal), issue.Offset);
    }

    [Fact]
    public void Read_CutInsideSegment_ReportsSegmentOffset()
    {
        var result = EdifactReader.Read(TestData.Bytes(Unb + "UNH+1+CUSRES:D:96B:UN'BGM+962+DO"));
        Assert.Null(result.Document);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(EdifactErrorCodes.Truncated, issue.Code);
        Assert.Equal("/messages/1/segments/2", issue.Pointer.ToString());
    }

    [Fact]
    public void Validate_WrongUntCount_ReportsControlCount()
    {
        var report = Check(TestData.Cusres.Replace("UNT+4+M1", "UNT+9+M1", StringComparison.Ordinal));
        var issue = Assert.Single(report.Errors);
        Assert.Equal(EdifactErrorCodes.ControlCount, issue.Code);
        Assert.Equal("/messages/1/segments/4/elements/1", issue.Pointer.ToString());
        Assert.Equal(29, issue.SyntaxError);
    }

    [Fact]
    public void Validate_WrongUnzCountAndReference_ReportsBoth()
    {
        var report = Check(TestData.Cusres.Replace("UNZ+1+IC1", "UNZ+2+IC9", StringComparison.Ordinal));
        Assert.Equal([EdifactErrorCodes.ControlCount, EdifactErrorCodes.ReferenceMismatch], report.Errors.Select(e => e.Code));
        Assert.All(report.Errors, e => Assert.StartsWith("/interchange/segments/6", e.Pointer.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Read_WrongControlCount_NothingImported()
    {
        var result = EdifactReader.Read(TestData.Bytes(TestData.Cusres.Replace("UNT+4+M1", "UNT+3+M1", StringComparison.Ordinal)));
        Assert.Null(result.Document);
    }

    [Fact]
    public void Validate_UnknownMessageTypeInShippedDirectory_IsError()
    {
        var report = Check(Unb + "UNH+1+INVOIC:D:96B:UN'BGM+380+1'UNT+3+1'UNZ+1+IC1'");
        var issue = Assert.Single(report.Errors);
        Assert.Equal(EdifactErrorCodes.UnknownMessageType, issue.Code);
        Assert.Equal("/messages/1/segments/1/elements/2/components/1", issue.Pointer.ToString());
    }

    [Fact]
    public void Validate_UnshippedDirectory_WarnsSyntaxLevelOnly()
    {
        var report = Check(Unb + "UNH+1+CUSCAR:D:95B:UN'BGM+85+1'UNT+3+1'UNZ+1+IC1'");
        Assert.True(report.IsValid);
        var warning = Assert.Single(report.Warnings);
        Assert.Equal(EdifactErrorCodes.UnknownDirectory, warning.Code);
        Assert.Contains("syntax level only", warning.Reason, StringComparison.Ordinal);
        Assert.Contains("D95B", warning.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OversizedSegment_ReportsSegmentTooLong()
    {
        string text = Unb + "UNH+1+CUSRES:D:96B:UN'FTX+AAA+++" + new string('A', 70_000) + "'UNT+3+1'UNZ+1+IC1'";
        var report = Check(text);
        var issue = Assert.Single(report.Errors);
        Assert.Equal(EdifactErrorCodes.SegmentTooLong, issue.Code);
        Assert.Equal("/messages/1/segments/2", issue.Pointer.ToString());
    }

    [Fact]
    public void Validate_LowerCaseInUnoa_ReportsInvalidCharacterWithOffset()
    {
        string text = TestData.Cusres.Replace("UNOC", "UNOA", StringComparison.Ordinal).Replace("DOC?+1", "Doc", StringComparison.Ordinal);
        var report = Check(text);
        var issue = Assert.Single(report.Errors);
        Assert.Equal(EdifactErrorCodes.InvalidCharacter, issue.Code);
        Assert.Equal(text.IndexOf("oc", StringComparison.Ordinal), issue.Offset);
        Assert.Equal("/messages/1/segments/2", issue.Pointer.ToString());
    }

    [Fact]
    public void Validate_InvalidUtf8InUnoy_ReportsInvalidCharacter()
    {
        byte[] data = TestData.Bytes(TestData.Cusres.Replace("UNOC", "UNOY", StringComparison.Ordinal));
        int at = Array.IndexOf(data, (byte)'D', 60);
        data[at] = 0xC3;
        var report = EdifactValidator.Validate(data);
        Assert.Contains(report.Errors, e => e.Code == EdifactErrorCodes.InvalidCharacter && e.Offset == at);
    }

    [Fact]
    public void Validate_Utf8InUnoy_IsValid()
    {
        string text = TestData.Cusres.Replace("UNOC", "UNOY", StringComparison.Ordinal).Replace("DOC?+1", "ລາວ", StringComparison.Ordinal);
        var report = EdifactValidator.Validate(System.Text.Encoding.UTF8.GetBytes(text));
        Assert.True(report.IsValid, string.Join("\n", report.Issues));
        var doc = EdifactReader.Read(System.Text.Encoding.UTF8.GetBytes(text)).Document!;
        Assert.Equal("ລາວ", doc.AllMessages().Single().Body[0].Value(1));
    }

    [Fact]
    public void Validate_UnknownCharacterSet_ReportsUnsupported()
    {
        var report = Check(TestData.Cusres.Replace("UNOC", "UNOZ", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.Code == EdifactErrorCodes.UnsupportedCharacterSet && e.Pointer.ToString() == "/interchange/segments/1/elements/1/components/1");
    }

    [Fact]
    public void Validate_MissingUnt_ReportsTruncated()
    {
        var report = Check(Unb + "UNH+1+CUSRES:D:96B:UN'BGM+962+1+9'UNH+2+CUSRES:D:96B:UN'BGM+962+2+9'UNT+3+2'UNZ+2+IC1'");
        Assert.Equal(EdifactErrorCodes.Truncated, Assert.Single(report.Errors).Code);
    }

    [Fact]
    public void Validate_SegmentOutsideMessage_ReportsIt()
    {
        var report = Check(Unb + "BGM+1'UNZ+0+IC1'");
        Assert.Equal(EdifactErrorCodes.SegmentOutsideMessage, Assert.Single(report.Errors).Code);
    }

    [Fact]
    public void Validate_EmptyInput_ReportsNothingFound()
    {
        var report = EdifactValidator.Validate([]);
        Assert.False(report.IsValid);
    }

    [Fact]
    public void Validate_BadUna_ReportsInvalidServiceStringAdvice()
    {
        var report = Check("UNA:::? '" + Unb);
        Assert.Equal(EdifactErrorCodes.InvalidServiceStringAdvice, Assert.Single(report.Errors).Code);
    }
}
