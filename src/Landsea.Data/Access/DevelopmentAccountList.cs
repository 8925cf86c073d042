namespace Landsea.Data.Access;

/// <summary>
/// The development accounts (password <c>landsea-dev</c>) that a node seeds in development mode, in one place so the
/// host seeds them and the demo names each node's own (docs/development-login.md).
/// </summary>
public static class DevelopmentAccountList
{
    /// <summary>The published password of every development account.</summary>
    public const string Password = "landsea-dev";

    public static IReadOnlyList<UserAccount> All { get; } =
    [
        new("officer.cq", Role.Officer, "CN800001", null, "Officer Li (Chongqing Guoyuan Port)"),
        new("officer.qz", Role.Officer, "CN720001", null, "Officer Huang (Qinzhou Port)"),
        new("officer.px", Role.Officer, "CN720002", null, "Officer Nong (Pingxiang)"),
        new("officer.mh", Role.Officer, "CN860001", null, "Officer Dao (Mohan)"),
        new("officer.sg", Role.Officer, "SG000001", null, "Officer Tan (Singapore Customs, Tuas)"),
        new("trader.a", Role.Trader, null, "91350100M000100Y43", "Chongqing Yangtze Trading Co."),
        new("trader.b", Role.Trader, null, "91110000600037341L", "Beijing Machinery Export Co."),
        new("trader.uk", Role.Trader, null, "XI603202734852", "Sample declarant (WCO samples)"),
        new("auditor", Role.Auditor, null, null, "Auditor Wang"),
        new("admin", Role.Administrator, null, null, "Exchange administrator Zhao"),
        new("partner.sg", Role.Partner, null, null, "Singapore Customs (partner)"),
    ];

    /// <summary>The development officers of a node: those whose office belongs to it.</summary>
    public static IEnumerable<UserAccount> OfficersOf(string nodeCode) =>
        All.Where(a => a.Role == Role.Officer && Landsea.Offices.Corridor.FindOffice(a.OfficeCode ?? "")?.NodeCode == nodeCode);

    /// <summary>
    /// The development accounts a database still holds with the published password: what a node served in
    /// development mode seeded. An account of the same name that an operator gave its own password is not one of them.
    /// Only names that exist are checked, so a database without them costs no password hashing.
    /// </summary>
    public static async Task<IReadOnlyList<string>> PresentAsync(UserStore users, bool stopAtFirst, CancellationToken ct = default)
    {
        var present = new List<string>();
        foreach (UserAccount account in All)
        {
            // Disabled or revoked ones count too: enabled again, they would let the published password in.
            if (await users.FindSummaryAsync(account.Username, ct) is not null && await users.PasswordMatchesAsync(account.Username, Password, ct))
            {
                present.Add(account.Username);
                if (stopAtFirst)
                {
                    break;
                }
            }
        }

        return present;
    }

    /// <summary>Removes the development accounts that still have the published password; returns their names.</summary>
    public static Task<IReadOnlyList<string>> PurgeAsync(UserStore users, CancellationToken ct = default) => PurgeAsync(users, AccountEvents.System, ct);

    /// <summary>Removes the development accounts that still have the published password, recorded as done by <paramref name="by"/>; returns their names.</summary>
    public static async Task<IReadOnlyList<string>> PurgeAsync(UserStore users, string by, CancellationToken ct = default)
    {
        IReadOnlyList<string> present = await PresentAsync(users, stopAtFirst: false, ct);
        foreach (string username in present)
        {
            await users.DeleteAsync(username, by, ct);
        }

        return present;
    }
}
