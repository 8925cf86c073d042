using Landsea.Edifact.Validation;

namespace Landsea.Edifact.Tests.Validation;

public class DirectoryRuleTests
{
    private static EdifactIssue SingleError(string body, int segments)
    {
        string text = "UNB+UNOC:3+A+B+250131:1200+1'UNH+M1+CUSRES:D:96B:UN'" + body + $"UNT+{segments + 2}+M1'UNZ+1+1'";
        var report = EdifactValidator.Validate(TestData.Bytes(text));
        return Assert.Single(report.Errors);
    }

    [Fact]
    public void Validate_MissingMandatorySegment_NamesSegmentAndPosition()
    {
        var e = SingleError("DTM+137:20250131:102'", 1);
        Assert.Equal(EdifactErrorCodes.MissingSegment, e.Code);
        Assert.Equal("/messages/1/segments/2", e.Pointer.ToString());
        Assert.Contains("BGM", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SegmentOutOfOrder_IsUnexpected()
    {
        var e = SingleError("BGM+962+1+9'ERC+X'", 2);
        Assert.Equal(EdifactErrorCodes.UnexpectedSegment, e.Code);
        Assert.Equal("/messages/1/segments/3", e.Pointer.ToString());
    }

    [Fact]
    public void Validate_TooManyRepeats_ReportsMaximum()
    {
        string dtms = string.Concat(Enumerable.Repeat("DTM+137:20250131:102'", 10));
        var e = SingleError("BGM+962+1+9'" + dtms, 11);
        Assert.Equal(EdifactErrorCodes.TooManySegmentRepetitions, e.Code);
        Assert.Equal("/messages/1/segments/12", e.Pointer.ToString());
    }

    [Fact]
    public void Validate_CodeNotInList_NamesElementAndComponent()
    {
        var e = SingleError("BGM+962+1+9'LOC+XX+AUMEL'", 2);
        Assert.Equal(EdifactErrorCodes.InvalidCode, e.Code);
        Assert.Equal("/messages/1/segments/3/elements/1", e.Pointer.ToString());
        Assert.Contains("3227", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ValueTooLong_ReportsFormat()
    {
        var e = SingleError("BGM+962+1+9'LOC+9+" + new string('A', 30) + "'", 2);
        Assert.Equal(EdifactErrorCodes.TooLong, e.Code);
        Assert.Equal("/messages/1/segments/3/elements/2/components/1", e.Pointer.ToString());
        Assert.Contains("an..25", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NonNumericInNumericElement_ReportsInvalidFormat()
    {
        var e = SingleError("BGM+962+1+9'CNT+7:12X'", 2);
        Assert.Equal(EdifactErrorCodes.InvalidFormat, e.Code);
        Assert.Equal("/messages/1/segments/3/elements/1/components/2", e.Pointer.ToString());
    }

    [Fact]
    public void Validate_NumericWithDecimalComma_IsValid()
    {
        string text = "UNB+UNOC:3+A+B+250131:1200+1'UNH+M1+CUSRES:D:96B:UN'BGM+962+1+9'CNT+7:-12,5'UNT+4+M1'UNZ+1+1'";
        Assert.True(EdifactValidator.Validate(TestData.Bytes(text)).IsValid);
    }

    [Fact]
    public void Validate_MissingMandatoryElement_Reported()
    {
        var e = SingleError("BGM+962+1+9'LOC++AUMEL'", 2);
        Assert.Equal(EdifactErrorCodes.MissingElement, e.Code);
        Assert.Equal("/messages/1/segments/3/elements/1", e.Pointer.ToString());
    }

    [Fact]
    public void Validate_TooManyElements_Reported()
    {
        var e = SingleError("BGM+962+1+9+AB+X+Y'", 1);
        Assert.Equal(EdifactErrorCodes.TooManyElements, e.Code);
    }

    [Fact]
    public void Validate_Contrl_UsesServiceDirectory()
    {
        string text = "UNB+UNOC:4+A+B+20250131:1200+1'UNH+1+CONTRL:4:1:UN'UCI+IC1+A+B+7'UNT+3+1'UNZ+1+1'";
        var report = EdifactValidator.Validate(TestData.Bytes(text));
        Assert.True(report.IsValid, string.Join("\n", report.Issues));
    }

    [Fact]
    public void Build_Contrl_ForRejectedInterchange_IsValidContrl()
    {
        string text = "UNB+UNOC:3+SENDER:ZZZ+B+250131:1200+IC7'UNH+M1+CUSRES:D:96B:UN'BGM+962+1+9'LOC+XX+AUMEL'UNT+4+M1'UNZ+1+IC7'";
        var report = EdifactValidator.Validate(TestData.Bytes(text));
        var contrl = ContrlBuilder.Build(report, "LANDSEA", new DateTimeOffset(2025, 1, 31, 12, 0, 0, TimeSpan.Zero), "C1");
        string written = EdifactWriter.WriteString(contrl);

        Assert.Contains("UCI+IC7+SENDER:ZZZ+B+4'", written, StringComparison.Ordinal);
        Assert.Contains("UCM+M1+CUSRES:D:96B:UN+4'UCS+3+12'UCD+12+1'", written, StringComparison.Ordinal);
        var check = EdifactValidator.Validate(EdifactWriter.Write(contrl));
        Assert.True(check.IsValid, string.Join("\n", check.Issues));
    }
}
