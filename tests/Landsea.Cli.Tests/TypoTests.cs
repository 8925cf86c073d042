namespace Landsea.Cli.Tests;

/// <summary>Issue 15: a mistyped command or option gets a "did you mean" line and exit 2.</summary>
public class TypoTests
{
    [Theory]
    [InlineData(new[] { "declaraton", "check" }, "Did you mean 'landsea declaration'?")]
    [InlineData(new[] { "declaration", "lodeg" }, "Did you mean 'landsea declaration lodge'?")]
    [InlineData(new[] { "declaration", "list", "--staus", "Accepted" }, "Did you mean 'landsea declaration list --status'?")]
    public async Task Typo_SuggestsTheNearestName(string[] args, string suggestion)
    {
        (int exit, _, string error) = await CliHarness.Run(args);

        Assert.Equal(2, exit);
        Assert.Contains(suggestion, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nonsense_NoSuggestion_StillNamesHelp()
    {
        (int exit, _, string error) = await CliHarness.Run("zzzzqqq");

        Assert.Equal(2, exit);
        Assert.DoesNotContain("Did you mean", error, StringComparison.Ordinal);
        Assert.Contains("Run 'landsea --help' for usage.", error, StringComparison.Ordinal);
    }
}
