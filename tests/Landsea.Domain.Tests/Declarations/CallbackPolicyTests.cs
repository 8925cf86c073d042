using Landsea.Declarations;

namespace Landsea.Domain.Tests.Declarations;

/// <summary>Issue 15 item 8: which callback URLs are taken, and how a failing callback is retried and parked.</summary>
public class CallbackPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("https://trader.example/landsea/hook", false)]
    [InlineData("http://127.0.0.1:8080/hook", false)]
    [InlineData("http://trader.example/hook", true)]
    public void Url_Taken(string url, bool development) => Assert.True(CallbackPolicy.CheckUrl(url, development).IsValid);

    [Theory]
    [InlineData(null, "required")]
    [InlineData("/hook", "not an absolute")]
    [InlineData("ftp://trader.example/hook", "not an absolute")]
    [InlineData("http://trader.example/hook", "plain HTTP")]
    [InlineData("https://me:secret@trader.example/hook", "user name or password")]
    [InlineData("https://trader.example/hook#x", "fragment")]
    public void Url_Refused_WithLS610_SayingWhy(string? url, string reason)
    {
        var result = CallbackPolicy.CheckUrl(url, allowHttp: false);

        Assert.Equal("LS610", result.Failure!.Code);
        Assert.Contains(reason, result.Failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Retry_DoublesFromFiveSeconds_CappedAtFifteenMinutes_ParkedAtTheTwelfthFailure()
    {
        double[] waits = [.. Enumerable.Range(1, 11).Select(n => (CallbackPolicy.AfterFailure(n, Now).NextAttempt!.Value - Now).TotalSeconds)];
        CallbackRetry twelfth = CallbackPolicy.AfterFailure(12, Now);

        Assert.Equal([5, 10, 20, 40, 80, 160, 320, 640, 900, 900, 900], waits);
        Assert.All(Enumerable.Range(1, 11), n => Assert.False(CallbackPolicy.AfterFailure(n, Now).Park));
        Assert.True(twelfth.Park);
        Assert.Null(twelfth.NextAttempt);
        Assert.InRange(waits.Sum() / 60, 60, 70); // parked about an hour after the first failure
    }

    [Theory]
    [InlineData(200, true)]
    [InlineData(204, true)]
    [InlineData(301, false)]
    [InlineData(429, false)]
    [InlineData(503, false)]
    public void OnlyA2xxDelivers(int status, bool delivered) => Assert.Equal(delivered, CallbackPolicy.Delivered(status));
}
