namespace Landsea.Cli.Tests;

/// <summary>Issue 15: one meaning for --db, and a clear sentence (exit 2) instead of a .NET exception when it is wrong.</summary>
public class DatabaseOptionTests
{
    private static readonly string s_missing = Path.Combine(Path.GetTempPath(), $"landsea-missing-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task ReadOnlyCommand_MissingDatabase_Exit2SaysHowToCreateIt_AndCreatesNothing()
    {
        (int exit, _, string error) = await CliHarness.Run("audit", "verify", "--db", s_missing);

        Assert.Equal(2, exit);
        Assert.Contains("no node database at", error, StringComparison.Ordinal);
        Assert.Contains("landsea serve", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal); // no stack trace
        Assert.False(File.Exists(s_missing));
    }

    [Theory]
    [InlineData("audit", "verify")]
    [InlineData("risk", "models")]
    [InlineData("partner", "list")]
    public async Task FolderGivenForTheDatabase_Exit2NamesIt(string area, string action)
    {
        (int exit, _, string error) = await CliHarness.Run(area, action, "--db", Path.GetTempPath());

        Assert.Equal(2, exit);
        Assert.Contains("is a folder", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("audit", "verify")]
    [InlineData("risk", "models")]
    [InlineData("partner", "list")]
    public async Task Help_DbDefaultsToLandseaDbEverywhere(params string[] command)
    {
        (_, string output, _) = await CliHarness.Run([.. command, "--help"]);

        Assert.Contains("--db", output, StringComparison.Ordinal);
        Assert.Contains("landsea.db", output, StringComparison.Ordinal);
    }
}
