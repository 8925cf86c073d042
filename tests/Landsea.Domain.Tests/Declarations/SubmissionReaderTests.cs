using System.Text;
using Landsea.Declarations;

namespace Landsea.Domain.Tests.Declarations;

public class SubmissionReaderTests
{
    [Theory]
    [InlineData("UNA:+.? 'UNB+UNOC:3", SubmissionFormat.Edifact)]
    [InlineData("\uFEFF\r\n  UNH+1+CUSDEC:D:96B:UN'", SubmissionFormat.Edifact)]
    [InlineData("  {\"functionalReference\":\"X\"}", SubmissionFormat.Json)]
    [InlineData("<?xml version=\"1.0\"?><md:MetaData/>", SubmissionFormat.WcoXml)]
    [InlineData("", SubmissionFormat.WcoXml)]
    public void Recognise_FirstBytes_ChoosesFormat(string text, SubmissionFormat expected) =>
        Assert.Equal(expected, SubmissionReader.Recognise(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Read_Json_UsesJsonReaderAndItsPointers()
    {
        (SubmissionFormat format, DeclarationCheck check) = SubmissionReader.Read(Encoding.UTF8.GetBytes("{\"typeCode\": \"EXA\"}"), new DateOnly(2026, 11, 26));

        Assert.Equal(SubmissionFormat.Json, format);
        Assert.Equal(DeclarationFieldPointers.Json, check.Fields);
        Assert.False(check.IsValid);
    }

    [Fact]
    public void Name_EveryFormat_RoundTripsThroughFromNameAndKeepsStoredValues()
    {
        Assert.Equal(["wco-xml", "json", "edifact"], Enum.GetValues<SubmissionFormat>().Select(f => f.Name()));
        foreach (SubmissionFormat format in Enum.GetValues<SubmissionFormat>())
        {
            Assert.Equal(format, SubmissionFormats.FromName(format.Name().ToUpperInvariant()));
            Assert.StartsWith("application/", format.MediaType(), StringComparison.Ordinal);
        }

        Assert.Null(SubmissionFormats.FromName("pdf"));
        Assert.Null(SubmissionFormats.FromName(null));
    }
}
