using System.Text;
using Landsea.Edifact.Syntax;

namespace Landsea.Edifact.Tests.Syntax;

public class TokenizerTests
{
    private static List<List<List<string>>> Tokenize(string text, ServiceStringAdvice advice)
    {
        byte[] data = Encoding.Latin1.GetBytes(text);
        var tokenizer = new EdifactTokenizer(data, advice);
        var segments = new List<List<List<string>>>();
        while (tokenizer.Read() == TokenizerStatus.Segment)
        {
            var elements = new List<List<string>> { new() { Encoding.Latin1.GetString(tokenizer.Tag) } };
            for (int e = 0; e < tokenizer.ElementCount; e++)
            {
                for (int r = 0; r < tokenizer.RepetitionCount(e); r++)
                {
                    var comps = new List<string>();
                    for (int c = 0; c < tokenizer.ComponentCount(e, r); c++)
                    {
                        comps.Add(Encoding.Latin1.GetString(tokenizer.GetComponent(e, c, r)));
                    }

                    elements.Add(comps);
                }
            }

            segments.Add(elements);
        }

        return segments;
    }

    [Fact]
    public void Read_ReleaseCharacters_ResolvesEscapes()
    {
        var segments = Tokenize("FTX+AAA+++a?+b?:c???'d'", ServiceStringAdvice.Version3Default);
        Assert.Single(segments);
        Assert.Equal("a+b:c?'d", segments[0][4][0]);
    }

    [Fact]
    public void Read_EmptyTrailingElements_AreKept()
    {
        var segments = Tokenize("LOC+9+AUMEL::6++'", ServiceStringAdvice.Version3Default);
        Assert.Equal(5, segments[0].Count);
        Assert.Equal(["AUMEL", "", "6"], segments[0][2]);
        Assert.Equal([""], segments[0][3]);
        Assert.Equal([""], segments[0][4]);
    }

    [Fact]
    public void Read_Version4Repetition_SplitsRepetitions()
    {
        byte[] data = Encoding.Latin1.GetBytes("NAD+A*B:C*D'");
        var t = new EdifactTokenizer(data, ServiceStringAdvice.Version4Default);
        Assert.Equal(TokenizerStatus.Segment, t.Read());
        Assert.Equal(1, t.ElementCount);
        Assert.Equal(3, t.RepetitionCount(0));
        Assert.Equal("C", Encoding.Latin1.GetString(t.GetComponent(0, 1, 1)));
    }

    [Fact]
    public void Read_Version3_AsteriskIsData()
    {
        var segments = Tokenize("NAD+A*B'", ServiceStringAdvice.Version3Default);
        Assert.Equal("A*B", segments[0][1][0]);
    }

    [Fact]
    public void Read_UnusualUnaSeparators_Tokenizes()
    {
        byte[] data = Encoding.Latin1.GetBytes("UNA|^,! ~\r\nLOC^9^AU!^MEL|x~\r\n");
        var t = new EdifactTokenizer(data, ServiceStringAdvice.Version3Default);
        Assert.True(t.TrySkipUna(out var advice, out _));
        Assert.Equal((byte)'~', advice.SegmentTerminator);
        Assert.Equal(TokenizerStatus.Segment, t.Read());
        Assert.Equal("AU^MEL", Encoding.Latin1.GetString(t.GetComponent(1, 0)));
        Assert.Equal("x", Encoding.Latin1.GetString(t.GetComponent(1, 1)));
        Assert.Equal(TokenizerStatus.End, t.Read());
    }

    [Fact]
    public void Read_MissingTerminator_ReportsTruncated()
    {
        var t = new EdifactTokenizer(Encoding.Latin1.GetBytes("BGM+1'DTM+2"), ServiceStringAdvice.Version3Default);
        Assert.Equal(TokenizerStatus.Segment, t.Read());
        Assert.Equal(TokenizerStatus.Truncated, t.Read());
        Assert.Equal(6, t.SegmentOffset);
    }

    [Fact]
    public void Read_ReleaseAtEnd_ReportsTruncated()
    {
        var t = new EdifactTokenizer(Encoding.Latin1.GetBytes("BGM+1?"), ServiceStringAdvice.Version3Default);
        Assert.Equal(TokenizerStatus.Truncated, t.Read());
    }

    [Fact]
    public void Read_SegmentOverLimit_ReportsOversized()
    {
        string big = "FTX+" + new string('A', 200) + "'";
        var t = new EdifactTokenizer(Encoding.Latin1.GetBytes(big + big), ServiceStringAdvice.Version3Default, maxSegmentLength: 100);
        Assert.Equal(TokenizerStatus.Oversized, t.Read());
    }

    [Fact]
    public void TryParse_ClashingSeparators_Fails()
    {
        Assert.False(ServiceStringAdvice.TryParse("UNA++.? '"u8, out _));
        Assert.False(ServiceStringAdvice.TryParse("UNA:A.? '"u8, out _));
        Assert.True(ServiceStringAdvice.TryParse("UNA:+.?*'"u8, out var a));
        Assert.True(a.HasRepetition);
    }
}
