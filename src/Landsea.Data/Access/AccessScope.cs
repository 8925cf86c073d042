namespace Landsea.Data.Access;

/// <summary>The roles a node knows.</summary>
public enum Role
{
    /// <summary>A customs officer of one office of this node: sees the node's declarations, acts on them.</summary>
    Officer,

    /// <summary>A trader: sees and lodges only declarations that name its trader identifier.</summary>
    Trader,

    /// <summary>A partner administration: sees only what its data-sharing agreement covers (nothing here yet).</summary>
    Partner,

    /// <summary>An auditor: reads everything, changes nothing.</summary>
    Auditor,

    /// <summary>The node's exchange administrator: registers partners, records agreements, retries or withdraws dead letters,
    /// reads the message log; acts on no declaration.</summary>
    Administrator,
}

/// <summary>
/// Who is asking. Every query and command of the data layer takes a scope and filters by it, so a capability built
/// on the data layer cannot forget to: a trader's scope only ever matches declarations naming its identifier.
/// </summary>
public sealed record AccessScope(string User, Role Role, string? OfficeCode = null, string? TraderId = null, string? PartnerCode = null)
{
    /// <summary>The node itself (background work, seeding); sees everything, recorded as "system".</summary>
    public static AccessScope System { get; } = new("system", Role.Auditor);

    public bool CanAct => Role == Role.Officer && OfficeCode is not null;

    public bool CanLodge => Role is Role.Trader or Role.Officer;

    public bool SeesAll => Role is Role.Officer or Role.Auditor;
}
