using System.Text.Json;

namespace Landsea.Cli.Tests;

public sealed class AccountCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("landsea-account-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task First_administrator_of_an_empty_database_is_added_from_a_password_file_and_listed_and_can_sign_in()
    {
        string db = Path.Combine(_dir, "node.db");
        string pw = Path.Combine(_dir, "admin.pw");
        await File.WriteAllTextAsync(pw, "correct horse battery\n");

        var (exit, _, err) = await CliHarness.Run("account", "add", "chief", "--role", "administrator", "--password-file", pw, "--db", db);
        Assert.True(exit == 0, err);

        var (listExit, json, _) = await CliHarness.Run("account", "list", "--db", db, "--json");
        Assert.Equal(0, listExit);
        JsonElement[] accounts = [.. JsonDocument.Parse(json).RootElement.EnumerateArray()];
        JsonElement chief = Assert.Single(accounts, a => a.GetProperty("username").GetString() == "chief");
        Assert.Equal("Administrator", chief.GetProperty("role").GetString());
        Assert.DoesNotContain("correct horse", json, StringComparison.Ordinal);

        var store = new Landsea.Data.Access.UserStore(Landsea.Data.NodeDatabase.FromArgument(db));
        Assert.NotNull(await store.VerifyAsync("chief", "correct horse battery"));
    }

    [Fact]
    public async Task A_short_password_or_an_officer_without_office_is_refused_and_nothing_is_stored()
    {
        string db = Path.Combine(_dir, "node.db");
        string pw = Path.Combine(_dir, "short.pw");
        await File.WriteAllTextAsync(pw, "short\n");

        var (exit, _, err) = await CliHarness.Run("account", "add", "chief", "--role", "Administrator", "--password-file", pw, "--db", db);
        Assert.Equal(1, exit);
        Assert.Contains("password", err, StringComparison.Ordinal);

        await File.WriteAllTextAsync(pw, "long enough password\n");
        (exit, _, err) = await CliHarness.Run("account", "add", "oscar", "--role", "Officer", "--password-file", pw, "--db", db);
        Assert.Equal(1, exit);
        Assert.Contains("--office", err, StringComparison.Ordinal);
        Assert.False(File.Exists(db));
    }
}
