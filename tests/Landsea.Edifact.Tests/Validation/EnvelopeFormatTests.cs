using Landsea.Edifact.Validation;

namespace Landsea.Edifact.Tests.Validation;

/// <summary>UNB, UNG, UNE and UNZ are checked element by element against the service segments of their syntax version.</summary>
public class EnvelopeFormatTests
{
    private const string Body = "UNH+M1+CUSRES:D:96B:UN'BGM+962+DOC1+9'UNT+3+M1'";

    [Fact]
    public void Validate_Version3DateWithCentury_IsTooLong()
    {
        var report = EdifactValidator.Validate(TestData.Bytes("UNB+UNOC:3+A:ZZZ+B:ZZZ+20250131:1200+IC1'" + Body + "UNZ+1+IC1'"));

        var error = Assert.Single(report.Errors);
        Assert.Equal(EdifactErrorCodes.TooLong, error.Code);
        Assert.Equal("/interchange/segments/1/elements/4/components/1", error.Pointer.ToString());
    }

    [Fact]
    public void Validate_Version4DateWithoutCentury_IsTooShort()
    {
        var report = EdifactValidator.Validate(TestData.Bytes("UNB+UNOC:4+A:ZZZ+B:ZZZ+250131:1200+IC1'" + Body + "UNZ+1+IC1'"));

        Assert.Equal(EdifactErrorCodes.TooShort, Assert.Single(report.Errors).Code);
    }

    [Fact]
    public void Validate_UnknownPartnerQualifierAndLetterInTime_AreReportedWithPointers()
    {
        var report = EdifactValidator.Validate(TestData.Bytes("UNB+UNOC:3+A:ZZ+B:ZZZ+250131:12X0+IC1'" + Body + "UNZ+1+IC1'"));

        Assert.Contains(report.Errors, e => e.Code == EdifactErrorCodes.InvalidCode && e.Pointer.ToString() == "/interchange/segments/1/elements/2/components/2");
        Assert.Contains(report.Errors, e => e.Code == EdifactErrorCodes.InvalidFormat && e.Pointer.ToString() == "/interchange/segments/1/elements/4/components/2");
    }

    [Fact]
    public void Validate_GroupWithOverlongReference_PointsIntoUng()
    {
        string text = "UNB+UNOC:3+A:ZZZ+B:ZZZ+250131:1200+IC1'UNG+CUSRES+A+B+250131:1200+G123456789012345+UN+D:96B'" + Body
            + "UNE+1+G123456789012345'UNZ+1+IC1'";

        var report = EdifactValidator.Validate(TestData.Bytes(text));

        Assert.Contains(report.Errors, e => e.Code == EdifactErrorCodes.TooLong && e.Pointer.ToString() == "/interchange/segments/2/elements/5");
        Assert.Contains(report.Errors, e => e.Code == EdifactErrorCodes.TooLong && e.Pointer.ToString() == "/interchange/segments/6/elements/2");
    }

    [Fact]
    public void Validate_WellFormedEnvelopes_AreValid()
    {
        string text = "UNB+UNOC:3+A:ZZZ+B:ZZZ+250131:1200+IC1'UNG+CUSRES+A+B+250131:1200+G1+UN+D:96B'" + Body + "UNE+1+G1'UNZ+1+IC1'";

        var report = EdifactValidator.Validate(TestData.Bytes(text));

        Assert.True(report.IsValid, string.Join("\n", report.Issues));
    }
}
