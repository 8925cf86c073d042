using Landsea.Exchange.Delivery;

namespace Landsea.Exchange.Tests.Delivery;

public sealed class DeliveryOptionsTests
{
    [Theory]
    [InlineData(1, 0.0, 500)]
    [InlineData(1, 0.999, 999)]
    [InlineData(2, 0.0, 1000)]
    [InlineData(4, 0.0, 4000)]
    [InlineData(20, 0.0, 150_000)]
    [InlineData(1000, 0.999, 299_850)]
    public void BackoffAfter_Attempt_DoublesWithinJitterUpToTheCap(long attempt, double random, int expectedMs)
    {
        var options = new DeliveryOptions();

        TimeSpan delay = options.BackoffAfter(attempt, random);

        Assert.Equal(expectedMs, (int)delay.TotalMilliseconds);
    }
}
