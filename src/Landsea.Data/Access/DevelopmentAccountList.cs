namespace Landsea.Data.Access;

/// <summary>
/// The development accounts (password <c>landsea-dev</c>) that a node seeds in development mode, in one place so the
/// host seeds them and the demo names each node's own (docs/development-login.md).
/// </summary>
public static class DevelopmentAccountList
{
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
}
