namespace Landsea.Risk.Tests;

public class RiskErrorsTests
{
    [Fact]
    public void All_EveryConstantOnceInRangeAndDocumented()
    {
        string doc = File.ReadAllText(Fixtures.RepositoryFile("docs", "error-codes.md"));
        string[] constants = [.. typeof(RiskErrors).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!)];

        Assert.Equal(constants.Order(StringComparer.Ordinal), RiskErrors.All.Select(c => c.Code));
        Assert.Equal(constants.Length, constants.Distinct(StringComparer.Ordinal).Count());
        Assert.All(RiskErrors.All, c => Assert.Matches("^LS2[0-9]{2}$", c.Code));
        Assert.All(RiskErrors.All, c => Assert.Contains($"| {c.Code} | {c.Name} | {c.Meaning} |", doc, StringComparison.Ordinal));
        Assert.All(RiskErrors.All, c => Assert.Equal(c.Code, typeof(RiskErrors).GetField(c.Name)!.GetRawConstantValue()));
    }
}
