using Landsea.Data.Access;
using Microsoft.Extensions.Time.Testing;

namespace Landsea.Data.Tests;

public class UserStoreTests
{
    [Fact]
    public async Task Verify_RightWrongAndChangedPassword()
    {
        NodeDatabase db = StoreTestDatabases.NewSqlite(nameof(UserStoreTests));
        await db.MigrateAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero));
        var users = new UserStore(db, time);
        var account = new UserAccount("officer.x", Role.Officer, "CN800001", null, "Officer X");
        await users.UpsertAsync(account, "first-password");

        Assert.Equal("officer.x", (await users.VerifyAsync("officer.x", "first-password"))?.Username);
        Assert.Null(await users.VerifyAsync("officer.x", "wrong"));
        Assert.Null(await users.VerifyAsync("nobody", "first-password"));

        // Changed on another instance (a second store over the same database): trusted here until the cache expires.
        await new UserStore(db, time).UpsertAsync(account, "second-password");
        Assert.NotNull(await users.VerifyAsync("officer.x", "first-password"));
        time.Advance(UserStore.VerifiedFor + TimeSpan.FromSeconds(1));
        Assert.Null(await users.VerifyAsync("officer.x", "first-password"));
        Assert.NotNull(await users.VerifyAsync("officer.x", "second-password"));
    }

    [Fact]
    public void Hash_IsSaltedPbkdf2AndMatches()
    {
        string a = UserStore.Hash("secret");
        Assert.StartsWith("pbkdf2-sha256$600000$", a, StringComparison.Ordinal);
        Assert.NotEqual(a, UserStore.Hash("secret"));
        Assert.True(UserStore.Matches(a, "secret"));
        Assert.False(UserStore.Matches(a, "Secret"));
    }
}
