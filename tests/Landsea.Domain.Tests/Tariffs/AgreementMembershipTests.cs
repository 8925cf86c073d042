using Landsea.Shared;
using Landsea.Tariffs;

namespace Landsea.Domain.Tests.Tariffs;

/// <summary>Which parties an agreement binds from which day (data/tariffs/agreements.csv, sources in its SOURCES.md).</summary>
public sealed class AgreementMembershipTests
{
    private static CountryCode C(string code) => CountryCode.Parse(code).OrThrow();

    [Theory]
    [InlineData("RCEP", "CN", "2022-01-01", true)]
    [InlineData("RCEP", "CN", "2021-12-31", false)]
    [InlineData("RCEP", "KR", "2022-01-31", false)]
    [InlineData("RCEP", "KR", "2022-02-01", true)]
    [InlineData("RCEP", "MY", "2024-01-01", false)]
    [InlineData("ACFTA", "MY", "2011-01-01", true)]
    [InlineData("ACFTA", "JP", "2024-01-01", false)]
    public void InForce_FollowsEachPartysEntryIntoForce(string agreement, string party, string day, bool expected) =>
        Assert.Equal(expected, AgreementMembership.InForce(agreement, C(party), DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));
}
