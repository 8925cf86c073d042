using Dapper;
using Landsea.Data.Access;
using Landsea.Shared;
using Microsoft.Extensions.Time.Testing;

namespace Landsea.Data.Tests.Access;

/// <summary>Issue 16 item 1: disabling, enabling, password resets, grants and revocations, each recorded with who and when, on SQLite and PostgreSQL.</summary>
public abstract class AccountStoreSuite : MigratedStoreSuite
{
    private static readonly DateTimeOffset s_start = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(s_start);

    private async Task<UserStore> StoreWithChiefAndOfficerAsync()
    {
        var users = new UserStore(Db, _time);
        await users.UpsertAsync(new UserAccount("chief", Role.Administrator, null, null, "Chief"), "chief password 1", "ops.wu");
        await users.UpsertAsync(new UserAccount("li", Role.Officer, "CN800001", null, "Officer Li"), "li password 123", "ops.wu");
        return users;
    }

    [SkippableFact]
    public async Task Disable_ThenEnable_SignInRefusedMeanwhile_AndEachChangeRecordedWithWhoAndWhen()
    {
        Skip.If(Unavailable is not null, Unavailable);
        UserStore users = await StoreWithChiefAndOfficerAsync();
        Assert.NotNull(await users.VerifyAsync("li", "li password 123")); // now trusted in the store's memory too

        _time.Advance(TimeSpan.FromMinutes(5));
        Result<AccountChange> disabled = await users.DisableAsync("li", "chief");
        Assert.True(disabled.Value.Changed);
        Assert.Equal("disabled", disabled.Value.Account.State);
        Assert.Null(await users.VerifyAsync("li", "li password 123"));
        Assert.Null(await users.SignInAccountAsync("li"));
        Assert.False((await users.DisableAsync("li", "chief")).Value.Changed); // so already: no second record

        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.True((await users.EnableAsync("li", "chief")).Value.Changed);
        Assert.NotNull(await users.VerifyAsync("li", "li password 123"));

        IReadOnlyList<AccountEvent> history = await AccountEvents.ListAsync(Db, "li");
        Assert.Equal(
            [("added", "ops.wu", s_start), ("disabled", "chief", s_start.AddMinutes(5)), ("enabled", "chief", s_start.AddMinutes(10))],
            history.Select(e => (e.Action, e.By, e.At)));
        Assert.Equal("Officer CN800001", history[0].Detail);
    }

    [SkippableFact]
    public async Task ResetPassword_OldRefusedNewAccepted_ShortRefusedWithLS827()
    {
        Skip.If(Unavailable is not null, Unavailable);
        UserStore users = await StoreWithChiefAndOfficerAsync();
        Assert.Equal(AccountErrorCodes.PasswordTooShort, (await users.ResetPasswordAsync("li", "short", "chief")).Failure!.Code);
        Assert.NotNull(await users.VerifyAsync("li", "li password 123"));

        Assert.True((await users.ResetPasswordAsync("li", "a brand new password", "chief")).IsValid);
        Assert.Null(await users.VerifyAsync("li", "li password 123"));
        Assert.NotNull(await users.VerifyAsync("li", "a brand new password"));
        AccountEvent reset = (await AccountEvents.ListAsync(Db, "li"))[^1];
        Assert.Equal(("password-reset", "chief", null), (reset.Action, reset.By, reset.Detail));

        await using var c = await Db.OpenAsync();
        string all = string.Join("|", await c.QueryAsync<string>("SELECT action || ' ' || by_user || ' ' || COALESCE(detail, '') FROM account_events"));
        Assert.DoesNotContain("password 1", all, StringComparison.Ordinal);
        Assert.DoesNotContain("pbkdf2", all, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task GrantAndRevoke_ChangeTheScope_RevokedCannotSignIn_WrongRoleRefused()
    {
        Skip.If(Unavailable is not null, Unavailable);
        UserStore users = await StoreWithChiefAndOfficerAsync();
        Result<AccountChange> granted = await users.GrantAsync("li", Role.Officer, "CN720001", null, "chief");
        Assert.Equal("Officer CN720001", granted.Value.Account.Grant);
        Assert.Equal("CN720001", (await users.VerifyAsync("li", "li password 123"))!.OfficeCode);

        Assert.Equal(AccountErrorCodes.ScopeMissing, (await users.GrantAsync("li", Role.Trader, null, null, "chief")).Failure!.Code);
        Assert.Equal(AccountErrorCodes.ScopeNotAllowed, (await users.GrantAsync("li", Role.Auditor, "CN720001", null, "chief")).Failure!.Code);
        Assert.Equal(AccountErrorCodes.RoleNotHeld, (await users.RevokeAsync("li", Role.Auditor, "chief")).Failure!.Code);
        Assert.Equal(AccountErrorCodes.AccountUnknown, (await users.RevokeAsync("nobody", Role.Auditor, "chief")).Failure!.Code);

        Result<AccountChange> revoked = await users.RevokeAsync("li", Role.Officer, "chief");
        Assert.Equal(("none", "no role"), (revoked.Value.Account.Grant, revoked.Value.Account.State));
        Assert.Null(await users.VerifyAsync("li", "li password 123"));
        Assert.DoesNotContain(await users.ListAsync(), a => a.Username == "li");
        Assert.Contains(await users.ListAccountsAsync(), a => a.Username == "li" && a.Role is null);

        await users.GrantAsync("li", Role.Auditor, null, null, "chief");
        Assert.Equal(Role.Auditor, (await users.VerifyAsync("li", "li password 123"))!.Role);
        Assert.Equal(
            ["Officer CN800001 -> Officer CN720001", "Officer CN720001 -> none", "none -> Auditor"],
            (await AccountEvents.ListAsync(Db, "li")).Where(e => e.Action is "granted" or "revoked").Select(e => e.Detail));
    }

    [SkippableFact]
    public async Task LastEnabledAdministrator_CannotBeDisabledRevokedOrDemoted_UntilAnotherExists()
    {
        Skip.If(Unavailable is not null, Unavailable);
        UserStore users = await StoreWithChiefAndOfficerAsync();
        Assert.Equal(AccountErrorCodes.LastAdministrator, (await users.DisableAsync("chief", "ops.wu")).Failure!.Code);
        Assert.Equal(AccountErrorCodes.LastAdministrator, (await users.RevokeAsync("chief", Role.Administrator, "ops.wu")).Failure!.Code);
        Assert.Equal(AccountErrorCodes.LastAdministrator, (await users.GrantAsync("chief", Role.Auditor, null, null, "ops.wu")).Failure!.Code);
        Assert.NotNull(await users.VerifyAsync("chief", "chief password 1"));

        await users.UpsertAsync(new UserAccount("deputy", Role.Administrator, null, null, "Deputy"), "deputy password", "ops.wu");
        Assert.True((await users.DisableAsync("chief", "deputy")).IsValid);
        Assert.Equal(AccountErrorCodes.LastAdministrator, (await users.DisableAsync("deputy", "ops.wu")).Failure!.Code);
    }

    [SkippableFact]
    public async Task DevelopmentAccountDisabled_StillCountsAsPresent_SoProductionStillRefusesIt()
    {
        Skip.If(Unavailable is not null, Unavailable);
        UserStore users = await StoreWithChiefAndOfficerAsync();
        await users.UpsertAsync(DevelopmentAccountList.All.First(a => a.Username == "auditor"), DevelopmentAccountList.Password);
        await users.DisableAsync("auditor", "chief");
        Assert.Equal(["auditor"], await DevelopmentAccountList.PresentAsync(users, stopAtFirst: false));
        Assert.Equal(["auditor"], await DevelopmentAccountList.PurgeAsync(users, "ops.wu"));
        Assert.Equal(("removed", "ops.wu"), (await AccountEvents.ListAsync(Db, "auditor")).Select(e => (e.Action, e.By)).Last());
    }
}

public sealed class SqliteAccountStoreTests : AccountStoreSuite
{
    protected override Task<(NodeDatabase Db, Func<Task> Cleanup)> CreateDatabaseAsync() =>
        Task.FromResult((StoreTestDatabases.NewSqlite(nameof(SqliteAccountStoreTests)), (Func<Task>)(() => Task.CompletedTask)));
}

public sealed class PostgresAccountStoreTests : AccountStoreSuite
{
    protected override string? Unavailable => StoreTestDatabases.PostgresUnavailable;

    protected override Task<(NodeDatabase Db, Func<Task> Cleanup)> CreateDatabaseAsync() => StoreTestDatabases.NewPostgresAsync("accounts");
}

/// <summary>docs/error-codes.md lists every account and operations code (LS825–LS849) once.</summary>
public class AccountErrorCodeDocsTests
{
    [Fact]
    public void ErrorCodesDoc_ListsEveryAccountCodeOnce()
    {
        string doc = File.ReadAllText(Landsea.Tests.Repository.Path("docs", "error-codes.md"));
        foreach ((string code, string name, _) in AccountErrorCodes.All)
        {
            Assert.Matches("^LS8[2-4][0-9]$", code);
            Assert.Contains($"| {code} | {name} |", doc, StringComparison.Ordinal);
        }

        Assert.Equal(AccountErrorCodes.All.Count, AccountErrorCodes.All.Select(c => c.Code).Distinct().Count());
        Assert.Equal(AccountErrorCodes.All.Count, typeof(AccountErrorCodes).GetFields().Count(f => f.IsLiteral));
    }
}
