using System.Text;
using Landsea.Exchange.Transport;

namespace Landsea.Exchange.Tests.Batching;

public sealed class BatchCodecTests
{
    [Fact]
    public void JoinThenSplit_GivesBackEachWireByteForByte()
    {
        byte[][] wires = ["{\"envelope\":\"a.b.c\",\"payload\":\"AA==\"}"u8.ToArray(), "{\"envelope\":\"d.e.f\",\"payload\":\"\",\"x\":[1,{\"y\":2}]}"u8.ToArray()];

        List<ReadOnlyMemory<byte>>? split = BatchCodec.Split(BatchCodec.Join([.. wires.Select(w => (ReadOnlyMemory<byte>)w)]), 10);

        Assert.Equal(wires.Select(Encoding.UTF8.GetString), split!.Select(w => Encoding.UTF8.GetString(w.Span)));
    }

    [Theory]
    [InlineData("{\"envelope\":\"a\",\"payload\":\"\"}")]
    [InlineData("{\"envelopes\":{}}")]
    [InlineData("{\"envelopes\":[{}],\"more\":1}")]
    [InlineData("{\"envelopes\":[{}")]
    [InlineData("[]")]
    [InlineData("{\"envelopes\":[1,2,3]} trailing")]
    public void Split_NotABatch_Null(string body) => Assert.Null(BatchCodec.Split(Encoding.UTF8.GetBytes(body), 10));

    [Fact]
    public void Split_MoreThanTheLimit_Null() => Assert.Null(BatchCodec.Split("{\"envelopes\":[{},{},{}]}"u8.ToArray(), 2));

    [Fact]
    public void Receipts_RoundTrip_AndCountChecked()
    {
        byte[] body = BatchCodec.WriteReceipts(["a.b.c", "d.e.f"]);

        Assert.Equal(["a.b.c", "d.e.f"], BatchCodec.ReadReceipts(body, 2));
        Assert.Null(BatchCodec.ReadReceipts(body, 3));
        Assert.Null(BatchCodec.ReadReceipts("{\"receipts\":[1]}"u8, 1));
    }
}
