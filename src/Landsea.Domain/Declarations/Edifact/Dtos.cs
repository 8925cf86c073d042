namespace Landsea.Declarations.Edifact;

// What CUSDEC, CUSRES and CUSCAR messages carry, as read from the segment tree without the declaration rules: the
// summaries "landsea edifact convert" writes (WCO XML, notification and manifest JSON).

/// <summary>A party: <paramref name="Role"/> is the WCO class name (Declarant, Importer, Exporter, ...), or the NAD qualifier when unknown.</summary>
public sealed record DeclarationParty(string Role, string? Id, string? Name, string? CountryCode);

/// <summary>A goods item of a declaration (CUSDEC SG30 CST).</summary>
public sealed record DeclarationItem(int Sequence, string? CommodityCode, string? Description);

/// <summary>What a CUSDEC carries that the node uses. <see cref="IssuedAt"/> is the DTM 137 value as sent (format 102 = CCYYMMDD).</summary>
public sealed record CustomsDeclaration
{
    public required string FunctionalReference { get; init; }

    public required string TypeCode { get; init; }

    public required string FunctionCode { get; init; }

    public string? IssuedAt { get; init; }

    public string? OfficeCode { get; init; }

    public IReadOnlyList<DeclarationParty> Parties { get; init; } = [];

    public IReadOnlyList<DeclarationItem> Items { get; init; } = [];
}

/// <summary>An error reported in a status notification (CUSRES SG4 ERP/ERC/FTX).</summary>
public sealed record StatusError(string Code, string? Text);

/// <summary>A status notification about a declaration (CUSRES).</summary>
public sealed record StatusNotification
{
    public required string Reference { get; init; }

    /// <summary>The declaration this is about (RFF+ABT).</summary>
    public string? DeclarationReference { get; init; }

    /// <summary>Processing indicator (GIS 7365), for example "1" accepted.</summary>
    public string? StatusCode { get; init; }

    public string? IssuedAt { get; init; }

    public IReadOnlyList<StatusError> Errors { get; init; } = [];
}

public sealed record ManifestGoods(string? Sequence, string? Packages, string? PackageType, string? Description);

public sealed record ManifestConsignment(string? Number, string? TransportDocument, IReadOnlyList<ManifestGoods> Goods);

public sealed record TransportEquipment(string? Id, string? Qualifier, IReadOnlyList<string> Seals);

/// <summary>A cargo manifest (CUSCAR): transport, equipment and consignments with their goods.</summary>
public sealed record CargoManifest
{
    public required string Reference { get; init; }

    public string? ConveyanceReference { get; init; }

    public string? TransportMode { get; init; }

    public IReadOnlyList<TransportEquipment> Equipment { get; init; } = [];

    public IReadOnlyList<ManifestConsignment> Consignments { get; init; } = [];
}
