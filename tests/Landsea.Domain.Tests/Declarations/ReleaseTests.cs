using Landsea.Declarations;
using Landsea.Risk;

namespace Landsea.Domain.Tests.Declarations;

public class ReleaseTests
{
    private static readonly HoldOverride Good = new("officer.cq", "CN800001", "perishable, inspected at destination");

    [Theory]
    [InlineData(Channel.Red, "inspection")]
    [InlineData(Channel.Yellow, "document check")]
    public void HeldChannel_NoOutcome_RefusedWithLS083NamingTheControl(Channel channel, string control)
    {
        var result = Release.Decide("26CN8CQI000000001", "CN800001", new ControlState(channel, 0), null);

        Assert.Equal(ErrorCodes.ReleaseHeld, result.Failure?.Code);
        Assert.Contains(control, result.Failure!.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Channel.Green, 0)]
    [InlineData(null, 0)]
    [InlineData(Channel.Red, 1)]
    [InlineData(Channel.Yellow, 2)]
    public void NotHeld_PlainReleaseWithoutNote(Channel? channel, int outcomes)
    {
        var result = Release.Decide("M", "CN800001", new ControlState(channel, outcomes), null);

        Assert.True(result.IsValid);
        Assert.Null(result.Value);
    }

    [Fact]
    public void Override_ShortReason_LS084()
    {
        var result = Release.Decide("M", "CN800001", new ControlState(Channel.Red, 0), Good with { Reason = "  urgent  " });

        Assert.Equal(ErrorCodes.OverrideReasonMissing, result.Failure?.Code);
    }

    [Fact]
    public void Override_OfficerOfAnotherOffice_LS085()
    {
        var result = Release.Decide("M", "CN800001", new ControlState(Channel.Red, 0), Good with { OfficerOffice = "CN720001" });

        Assert.Equal(ErrorCodes.OverrideNotAuthorised, result.Failure?.Code);
    }

    [Fact]
    public void Override_Accepted_NoteSaysItIsAnOverrideWithWhoAndWhy()
    {
        var result = Release.Decide("M", "cn800001", new ControlState(Channel.Yellow, 0), Good);

        Assert.Equal("Override of the hold (Yellow channel, no document check outcome) by officer.cq: perishable, inspected at destination", result.Value);
    }

    [Fact]
    public void Override_WhenNothingHolds_IsAPlainRelease()
    {
        Assert.Null(Release.Decide("M", "CN800001", new ControlState(Channel.Green, 0), Good).Value);
    }
}
