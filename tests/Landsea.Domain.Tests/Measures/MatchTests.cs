using Landsea.Measures;
using Landsea.Shared;

namespace Landsea.Domain.Tests.Measures;

/// <summary>Issue 14 A items 3 and 4: which measures concern a product and a market; which subscriptions a notification alerts.</summary>
public class MatchTests
{
    private static readonly MeasureRegister s_register = new(NotificationFile.Parse("""
        {"formatVersion": 1, "notifications": [
          {"symbol": "G/TBT/N/THA/900", "area": "TBT", "type": "regular", "member": "TH", "distributed": "2026-10-01", "commentDeadline": "2026-12-20", "entryIntoForce": "2027-06-01", "title": "Durian", "hs": ["0810.60"]},
          {"symbol": "G/TBT/N/THA/900/Add.1", "area": "TBT", "type": "addendum", "member": "TH", "distributed": "2026-11-15", "title": "Deadline extended"},
          {"symbol": "G/SPS/N/THA/901", "area": "SPS", "type": "regular", "member": "TH", "distributed": "2025-01-01", "entryIntoForce": "2025-06-01", "title": "All fruit", "hs": ["08"]},
          {"symbol": "G/SPS/N/VNM/50", "area": "SPS", "type": "emergency", "member": "VN", "distributed": "2026-11-01", "title": "Fruit flies", "hs": ["0810"]},
          {"symbol": "G/TBT/N/THA/902", "area": "TBT", "type": "regular", "member": "TH", "distributed": "2026-09-01", "title": "Laptops", "hs": ["847130"]}
        ]}
        """).Notifications);

    private static HsPrefix Hs(string s) => HsPrefix.Parse(s).Value;

    private static CountryCode Cc(string s) => CountryCode.Parse(s).Value;

    [Fact]
    public void Match_FullCodeAndMarket_FindsMeasuresOnItsChapterHeadingAndCode_OnlyOfThatMember()
    {
        IReadOnlyList<RegisteredMeasure> m = s_register.Match(Hs("0810.60.00"), Cc("TH"));

        Assert.Equal(["G/TBT/N/THA/900/Add.1", "G/TBT/N/THA/900", "G/SPS/N/THA/901"], m.Select(x => x.Notification.Symbol.Text));
        Assert.Empty(s_register.Match(Hs("0810.60"), Cc("SG")));
        Assert.Equal(["G/SPS/N/VNM/50"], s_register.Match(Hs("0810.60"), Cc("VN")).Select(x => x.Notification.Symbol.Text));
    }

    [Fact]
    public void Match_Heading_FindsANarrowerMeasureUnderIt()
    {
        Assert.Contains(s_register.Match(Hs("0810"), Cc("TH")), x => x.Notification.Symbol.Text == "G/TBT/N/THA/900");
        Assert.DoesNotContain(s_register.Match(Hs("0811"), Cc("TH")), x => x.Notification.Symbol.Text == "G/TBT/N/THA/900");
    }

    [Fact]
    public void Status_AndDaysToComment_FollowTheDay()
    {
        Notification n = s_register.Find("G/TBT/N/THA/900")!.Notification;
        var today = new DateOnly(2026, 12, 3);

        Assert.Equal((17, "proposed"), (n.DaysToComment(today)!.Value, n.Status(today)));
        Assert.Equal("in force", s_register.Find("G/SPS/N/THA/901")!.Notification.Status(today));
        Assert.Null(s_register.Find("G/SPS/N/VNM/50")!.Notification.DaysToComment(today));
    }

    [Fact]
    public void Alerted_SubscriptionOnChapterAndCountries_MatchesOnlyThoseMarkets()
    {
        Subscription fruitTh = Subscription.Create("s1", "T1", "08", "TH").Value;
        Subscription anyLaptops = Subscription.Create("s2", "T2", "8471.30", "").Value;
        Subscription fruitSg = Subscription.Create("s3", "T3", "0810", "SG").Value;
        Notification durian = s_register.Find("G/TBT/N/THA/900/Add.1")!.Notification;

        Assert.Equal(["s1"], MeasureAlerts.Alerted(durian, s_register, [fruitTh, anyLaptops, fruitSg]).Select(s => s.Id));
        Assert.Equal(["s2"], MeasureAlerts.Alerted(s_register.Find("G/TBT/N/THA/902")!.Notification, s_register, [fruitTh, anyLaptops, fruitSg]).Select(s => s.Id));
    }

    [Theory]
    [InlineData("", "TH")]
    [InlineData("08;0810.6", "TH")]
    [InlineData("08", "Thailand")]
    public void Subscription_BadCodesOrCountries_AreRefused(string hs, string countries)
    {
        Assert.Equal(MeasureErrorCodes.SubscriptionInvalid, Subscription.Create("x", "T", hs, countries).Failure!.Code);
    }

    [Theory]
    [InlineData("", "TH")]
    [InlineData("0810", "")]
    [InlineData("0810", "XX")]
    public void MatchQuestion_Incomplete_IsRefused(string hs, string country)
    {
        Assert.Equal(MeasureErrorCodes.MatchInvalid, MatchQuestion.Parse(hs, country).Failure!.Code);
    }

    [Theory]
    [InlineData("0803", "0804")]
    [InlineData("0709", "071")]
    [InlineData("081190", "081191")]
    public void HsPrefix_End_BoundsEveryCodeItCovers(string prefix, string end)
    {
        HsPrefix p = HsPrefix.Parse(prefix).Value;

        Assert.Equal(end, p.End);
        Assert.True(string.CompareOrdinal(prefix + "9999", p.End) < 0);
    }

    [Theory]
    [InlineData("0810.6")]
    [InlineData("7700")]
    [InlineData("0899")]
    public void HsPrefix_UnknownOrMalformed_IsRefused(string code)
    {
        Assert.Equal(MeasureErrorCodes.HsInvalid, HsPrefix.Parse(code).Failure!.Code);
    }
}
