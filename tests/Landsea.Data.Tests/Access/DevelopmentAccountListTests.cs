using Landsea.Data.Access;

namespace Landsea.Data.Tests.Access;

/// <summary>Issue 15: the demo banner names each node's own officers.</summary>
public class DevelopmentAccountListTests
{
    [Theory]
    [InlineData("CNCQI", "officer.cq")]
    [InlineData("CNNNG", "officer.qz,officer.px")]
    [InlineData("CNKMG", "officer.mh")]
    [InlineData("SGSIN", "officer.sg")]
    public void OfficersOf_EachNode_ItsOwnOfficers(string node, string expected)
    {
        Assert.Equal(expected.Split(','), DevelopmentAccountList.OfficersOf(node).Select(a => a.Username));
    }
}
