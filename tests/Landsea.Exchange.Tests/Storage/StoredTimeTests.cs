using System.Globalization;
using Landsea.Exchange.Storage;

namespace Landsea.Exchange.Tests.Storage;

public sealed class StoredTimeTests
{
    [Fact]
    public void Iso_MillisecondInstant_FixedWidthUtcWithSevenDigits()
    {
        Assert.Equal("2023-11-14T22:13:20.1230000Z", StoredTime.Iso(DateTimeOffset.FromUnixTimeMilliseconds(1700000000123)));
        Assert.Equal("2023-11-14T22:13:20.1230000Z", StoredTime.Iso(new DateTimeOffset(2023, 11, 15, 6, 13, 20, 123, TimeSpan.FromHours(8))));
        Assert.Equal("1970-01-01T00:00:00.0000000Z", StoredTime.Iso(DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void Parse_IsoText_RoundTripsEveryTick()
    {
        var at = new DateTimeOffset(2026, 12, 2, 1, 2, 3, TimeSpan.Zero).AddTicks(1234567);

        DateTimeOffset parsed = StoredTime.Parse(StoredTime.Iso(at));

        Assert.Equal(at, parsed);
        Assert.Equal(TimeSpan.Zero, parsed.Offset);
        Assert.Null(StoredTime.ParseNullable(null));
    }

    [Fact]
    public void IsoAndParse_RandomInstants_SameAsFrameworkFormatAndParse()
    {
        var random = new Random(20261202);
        for (int i = 0; i < 10_000; i++)
        {
            var at = new DateTimeOffset(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), TimeSpan.Zero);

            string text = StoredTime.Iso(at);

            Assert.Equal(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture), text);
            Assert.Equal(at, StoredTime.Parse(text));
        }

        Assert.Equal("0001-01-01T00:00:00.0000000Z", StoredTime.Iso(DateTimeOffset.MinValue));
        Assert.Equal("9999-12-31T23:59:59.9999999Z", StoredTime.Iso(DateTimeOffset.MaxValue));
        Assert.Equal(DateTimeOffset.MaxValue, StoredTime.Parse("9999-12-31T23:59:59.9999999Z"));
    }

    [Theory]
    [InlineData("2023-02-29T00:00:00.0000000Z")]
    [InlineData("2023-11-14T24:00:00.0000000Z")]
    [InlineData("2023-11-14T22:60:20.1230000Z")]
    [InlineData("2023-13-14T22:13:20.1230000Z")]
    [InlineData("0000-11-14T22:13:20.1230000Z")]
    [InlineData("2023-11-14T22:13:20.12300a0Z")]
    [InlineData("")]
    [InlineData("1700000000123")]
    [InlineData("2023-11-14T22:13:20.123Z")]
    [InlineData("2023-11-14T22:13:20.1230000+08:00")]
    [InlineData("2023-11-14 22:13:20.1230000Z")]
    public void Parse_OtherForm_Throws(string text) => Assert.Throws<FormatException>(() => StoredTime.Parse(text));

    [Fact]
    public void IsoMilliseconds_SubMillisecondTicks_Truncated()
    {
        DateTimeOffset at = DateTimeOffset.FromUnixTimeMilliseconds(1700000000123).AddTicks(9999);

        Assert.Equal("2023-11-14T22:13:20.1230000Z", StoredTime.IsoMilliseconds(at));
        Assert.Equal(1700000000123, StoredTime.ToMilliseconds(at).ToUnixTimeMilliseconds());
        Assert.Equal(StoredTime.ToMilliseconds(at), StoredTime.Parse(StoredTime.IsoMilliseconds(at)));
    }

    [Fact]
    public void Iso_OrdinalTextOrder_IsTimeOrder()
    {
        long[] ms = [0, 999, 1000, 86_399_999, 1700000000123, 1700000000124, 1700000001000, 253402300799999];
        DateTimeOffset[] instants = [.. ms.Select(DateTimeOffset.FromUnixTimeMilliseconds).Reverse()];

        string[] byText = [.. instants.Select(StoredTime.Iso).Order(StringComparer.Ordinal)];

        Assert.Equal(instants.Order().Select(StoredTime.Iso), byText);
        Assert.All(byText, t => Assert.Equal(28, t.Length));
    }
}
