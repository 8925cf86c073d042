using Landsea.Cli.Commands;

namespace Landsea.Cli.Tests;

/// <summary>`landsea serve` takes configuration keys as --Section:Key=value (docs/security.md, docs/operations.md) and nothing else unknown.</summary>
public class ServeArgumentsTests
{
    [Theory]
    [InlineData("--SignIn:MaxFailuresPerUser=10", true)]
    [InlineData("--Landsea:Oidc:Authority=https://sso.example", true)]
    [InlineData("--bogus=1", false)]
    [InlineData("--bogus", false)]
    [InlineData("SignIn:Window=00:10:00", false)]
    [InlineData("--=x:y", false)]
    public void ConfigurationArgument(string token, bool taken) => Assert.Equal(taken, ServeCommand.IsConfigurationArgument(token));

    [Fact]
    public async Task UnknownArgument_Exit2_NamingIt_BeforeStartingAnything()
    {
        string db = Path.Combine(Path.GetTempPath(), $"serve-args-{Guid.NewGuid():N}.db");
        (int exit, _, string error) = await CliHarness.Run("serve", "--db", db, "--bogus=1");

        Assert.Equal(2, exit);
        Assert.Contains("unrecognized argument '--bogus=1'", error, StringComparison.Ordinal);
        Assert.False(File.Exists(db));
    }
}
