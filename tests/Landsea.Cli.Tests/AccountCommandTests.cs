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

    [Fact]
    public async Task Purge_development_removes_the_accounts_with_the_published_password_and_keeps_those_with_their_own()
    {
        string db = Path.Combine(_dir, "node.db");
        var database = Landsea.Data.NodeDatabase.FromArgument(db);
        await database.MigrateAsync();
        var store = new Landsea.Data.Access.UserStore(database);
        Landsea.Data.Access.UserAccount officer = Landsea.Data.Access.DevelopmentAccountList.All.First(a => a.Username == "officer.cq");
        Landsea.Data.Access.UserAccount admin = Landsea.Data.Access.DevelopmentAccountList.All.First(a => a.Username == "admin");
        await store.UpsertAsync(officer, Landsea.Data.Access.DevelopmentAccountList.Password);
        await store.UpsertAsync(admin, "the operator changed this one");

        var (exit, json, err) = await CliHarness.Run("account", "purge-development", "--db", db, "--json");
        Assert.True(exit == 0, err);
        Assert.Equal(["officer.cq"], JsonDocument.Parse(json).RootElement.GetProperty("removed").EnumerateArray().Select(e => e.GetString()));
        Assert.Null(await store.FindAsync("officer.cq"));
        Assert.NotNull(await store.VerifyAsync("admin", "the operator changed this one"));

        (exit, json, _) = await CliHarness.Run("account", "purge-development", "--db", db, "--json");
        Assert.Equal(0, exit);
        Assert.Empty(JsonDocument.Parse(json).RootElement.GetProperty("removed").EnumerateArray());
    }
}
