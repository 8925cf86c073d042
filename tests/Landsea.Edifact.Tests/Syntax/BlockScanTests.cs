using System.Text;
using Landsea.Edifact.Syntax;

namespace Landsea.Edifact.Tests.Syntax;

/// <summary>
/// The tokenizer scans 64-byte blocks into bit masks; these tests compare it with a plain byte-by-byte reference on
/// inputs where separators, release characters and escaped characters fall on and across block boundaries.
/// </summary>
public class BlockScanTests
{
    private static readonly ServiceStringAdvice[] s_advices =
    [
        ServiceStringAdvice.Version3Default,
        ServiceStringAdvice.Version4Default,
        new((byte)'|', (byte)'^', (byte)',', (byte)'!', (byte)' ', (byte)'~'),
        new((byte)':', (byte)'+', (byte)'.', (byte)' ', (byte)' ', (byte)'\''),
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Read_RandomSegmentsAcrossBlocks_MatchesReference(int adviceIndex)
    {
        ServiceStringAdvice advice = s_advices[adviceIndex];
        var random = new Random(adviceIndex + 7);
        for (int round = 0; round < 200; round++)
        {
            byte[] data = RandomInput(random, advice);
            Assert.Equal(Reference(data, advice), Actual(data, advice));
        }
    }

    [Fact]
    public void Read_ReleaseAsLastByteOfBlock_EscapesTheFirstByteOfTheNext()
    {
        // 63 bytes, then '?' at offset 63 and '+' at 64: the '+' is data.
        string text = "FTX+" + new string('A', 59) + "?+B'";
        Assert.Equal(63, text.IndexOf('?', StringComparison.Ordinal));
        byte[] data = Encoding.ASCII.GetBytes(text);

        var tokenizer = new EdifactTokenizer(data, ServiceStringAdvice.Version3Default);
        Assert.Equal(TokenizerStatus.Segment, tokenizer.Read());
        Assert.Equal(1, tokenizer.ElementCount);
        Assert.Equal(new string('A', 59) + "+B", Encoding.ASCII.GetString(tokenizer.GetComponent(0, 0)));
        Assert.Equal(TokenizerStatus.End, tokenizer.Read());
    }

    [Fact]
    public void Read_SegmentLongerThanTheLimit_IsOversizedEvenWithSeparatorsInside()
    {
        byte[] data = Encoding.ASCII.GetBytes("FTX" + string.Concat(Enumerable.Repeat("+ABCDEFG", 40)) + "'");
        var tokenizer = new EdifactTokenizer(data, ServiceStringAdvice.Version3Default, maxSegmentLength: 100);

        Assert.Equal(TokenizerStatus.Oversized, tokenizer.Read());
    }

    private static byte[] RandomInput(Random random, ServiceStringAdvice advice)
    {
        byte[] specials = [advice.ComponentSeparator, advice.ElementSeparator, advice.SegmentTerminator,
            .. advice.HasRelease ? new[] { advice.ReleaseCharacter } : [], .. advice.HasRepetition ? new[] { advice.RepetitionSeparator } : []];
        var bytes = new List<byte>();
        int segments = random.Next(1, 12);
        for (int s = 0; s < segments; s++)
        {
            bytes.AddRange("ABC"u8.ToArray());
            int length = random.Next(0, 200);
            for (int i = 0; i < length; i++)
            {
                int roll = random.Next(10);
                byte b = roll < 6 ? (byte)random.Next('A', 'Z' + 1) : specials[random.Next(specials.Length)];
                if (b == advice.SegmentTerminator)
                {
                    b = advice.HasRelease && roll % 2 == 0 ? advice.ReleaseCharacter : advice.ElementSeparator;
                }

                bytes.Add(b);
                if (advice.HasRelease && b == advice.ReleaseCharacter)
                {
                    bytes.Add(specials[random.Next(specials.Length)]);
                }
            }

            bytes.Add(advice.SegmentTerminator);
            if (random.Next(4) == 0)
            {
                bytes.Add((byte)'\n');
            }
        }

        if (random.Next(5) == 0)
        {
            bytes.RemoveRange(bytes.Count - 1, 1); // truncated
        }

        return [.. bytes];
    }

    private static List<string> Actual(byte[] data, ServiceStringAdvice advice)
    {
        var tokenizer = new EdifactTokenizer(data, advice);
        var result = new List<string>();
        TokenizerStatus status;
        while ((status = tokenizer.Read()) == TokenizerStatus.Segment)
        {
            var sb = new StringBuilder(Encoding.Latin1.GetString(tokenizer.Tag));
            for (int e = 0; e < tokenizer.ElementCount; e++)
            {
                sb.Append('|');
                for (int r = 0; r < tokenizer.RepetitionCount(e); r++)
                {
                    sb.Append(r > 0 ? "*" : "");
                    for (int c = 0; c < tokenizer.ComponentCount(e, r); c++)
                    {
                        sb.Append(c > 0 ? "^" : "").Append('[').Append(Encoding.Latin1.GetString(tokenizer.GetComponent(e, c, r))).Append(']');
                    }
                }
            }

            result.Add(sb.ToString());
        }

        result.Add(status.ToString());
        return result;
    }

    /// <summary>Byte-by-byte tokenizer in the same output form.</summary>
    private static List<string> Reference(byte[] data, ServiceStringAdvice advice)
    {
        var result = new List<string>();
        int pos = 0;
        while (true)
        {
            while (pos < data.Length && data[pos] is (byte)'\n' or (byte)'\r')
            {
                pos++;
            }

            if (pos >= data.Length)
            {
                result.Add(nameof(TokenizerStatus.End));
                return result;
            }

            var elements = new List<List<List<string>>> { new() { new() } };
            var value = new StringBuilder();
            bool done = false;
            for (; pos < data.Length; pos++)
            {
                byte b = data[pos];
                if (advice.HasRelease && b == advice.ReleaseCharacter)
                {
                    if (++pos < data.Length)
                    {
                        value.Append((char)data[pos]);
                    }

                    continue;
                }

                if (b == advice.ComponentSeparator || b == advice.ElementSeparator || b == advice.SegmentTerminator || (advice.HasRepetition && b == advice.RepetitionSeparator))
                {
                    elements[^1][^1].Add(value.ToString());
                    value.Clear();
                    if (b == advice.ElementSeparator)
                    {
                        elements.Add([[]]);
                    }
                    else if (b == advice.RepetitionSeparator && advice.HasRepetition)
                    {
                        elements[^1].Add([]);
                    }
                    else if (b == advice.SegmentTerminator)
                    {
                        pos++;
                        done = true;
                        break;
                    }

                    continue;
                }

                value.Append((char)b);
            }

            if (!done)
            {
                result.Add(nameof(TokenizerStatus.Truncated));
                return result;
            }

            var sb = new StringBuilder(elements[0][0][0]);
            foreach (var element in elements.Skip(1))
            {
                sb.Append('|');
                for (int r = 0; r < element.Count; r++)
                {
                    sb.Append(r > 0 ? "*" : "");
                    sb.Append(string.Join("^", element[r].Select(v => "[" + v + "]")));
                }
            }

            result.Add(sb.ToString());
        }
    }
}
