using System.Text.Json.Serialization;
using Landsea.Shared;

namespace Landsea.Declarations;

/// <summary>What a submission asks for: a new declaration, or a request about one already lodged.</summary>
public enum SubmissionKind
{
    /// <summary>An original declaration (WCO function code 9).</summary>
    Original,

    /// <summary>An amendment of a lodged declaration (function code 13, type COR).</summary>
    Amendment,

    /// <summary>A request to invalidate (cancel) a lodged declaration (function code 13, type INV).</summary>
    Cancellation,

    /// <summary>Another request about a lodged declaration, such as goods presentation (function code 13, type GPR).</summary>
    OtherRequest,
}

/// <summary>Import, export or another procedure, from the first two letters of the declaration type code.</summary>
public enum DeclarationDirection
{
    Import,
    Export,
    Other,
}

/// <summary>
/// A party named on a declaration. <paramref name="Role"/> is the WCO class name (Declarant, Importer, ...). The identifier
/// and the country are the validated values (null when the party states none); they are stored and served as their
/// strings (<see cref="TraderIdJsonConverter"/>, <see cref="CountryCodeJsonConverter"/>).
/// </summary>
public sealed record Party(string Role, TraderId? Id, string? Name, CountryCode? CountryCode);

/// <summary>
/// One goods item. Masses are kilograms; <paramref name="Amount"/> is the item's invoice amount in <paramref name="Currency"/>.
/// The commodity code, the origin country and the currency are the validated values (null when the item states none);
/// they are stored and served as their canonical strings (<see cref="HsCodeJsonConverter"/>,
/// <see cref="CountryCodeJsonConverter"/>, <see cref="CurrencyCodeJsonConverter"/>).
/// </summary>
public sealed record GoodsItem(
    int Sequence,
    HsCode? CommodityCode,
    string? Description,
    CountryCode? OriginCountry,
    decimal? Amount,
    CurrencyCode? Currency,
    decimal? GrossMassKg,
    decimal? NetMassKg)
{
    /// <summary>The item's invoice amount with its currency; null unless both are stated.</summary>
    [JsonIgnore]
    public Money? Value => Amount is { } amount && Currency is { } currency ? new Money(amount, currency) : null;
}

/// <summary>
/// A customs declaration as Landsea understands it, aligned with the WCO Data Model: the fields the node validates,
/// indexes, shows and shares. The submitted document itself is kept byte for byte beside it.
/// </summary>
public sealed record Declaration
{
    /// <summary>The declarant's own reference (WCO FunctionalReferenceID, the LRN); unique per declarant.</summary>
    public required string FunctionalReference { get; init; }

    /// <summary>Declaration type code, for example IMA, EXA, COR, INV.</summary>
    public required string TypeCode { get; init; }

    /// <summary>WCO function code: 9 original, 13 request about a lodged declaration.</summary>
    public required string FunctionCode { get; init; }

    public SubmissionKind Kind { get; init; }

    public DeclarationDirection Direction { get; init; }

    /// <summary>The MRN an amendment or cancellation refers to (WCO Declaration/ID); null on originals.</summary>
    public string? ReferencedId { get; init; }

    /// <summary>When the declarant issued it (WCO IssueDateTime), if stated. UTC.</summary>
    public DateTimeOffset? IssuedAt { get; init; }

    /// <summary>The declarant's identifier, validated; null when not stated (the text as submitted is kept with the check).</summary>
    public TraderId? DeclarantId { get; init; }

    /// <summary>The office the declaration is lodged with (supervising or presentation office), if stated.</summary>
    public string? OfficeCode { get; init; }

    /// <summary>The currency of the invoice amount (and of every item's amount), validated; null when not stated.</summary>
    public CurrencyCode? InvoiceCurrency { get; init; }

    public decimal? InvoiceAmount { get; init; }

    /// <summary>The invoice amount with its currency; null unless both are stated.</summary>
    [JsonIgnore]
    public Money? Invoice => InvoiceAmount is { } amount && InvoiceCurrency is { } currency ? new Money(amount, currency) : null;

    public CountryCode? ExportCountry { get; init; }

    public CountryCode? DestinationCountry { get; init; }

    /// <summary>Mode of transport at the border (UN/ECE Rec 19: 1 sea, 2 rail, 3 road, 4 air, 8 inland waterway).</summary>
    public string? TransportMode { get; init; }

    public IReadOnlyList<Party> Parties { get; init; } = [];

    public IReadOnlyList<GoodsItem> Items { get; init; } = [];

    public IReadOnlyList<string> Containers { get; init; } = [];

    /// <summary>The trader identifiers that may see this declaration: declarant, importer, exporter, representative.</summary>
    public IEnumerable<TraderId> TraderIds => Parties.Where(p => p.Id is not null).Select(p => p.Id!.Value).Distinct();

    /// <summary>
    /// The goods items' gross mass in kilograms (items without one count 0). Lodging bounds each mass
    /// (<see cref="DeclarationRules.MaxMassKg"/>, <see cref="DeclarationRules.MaxItems"/>) so a lodged declaration's total
    /// fits; LS125 for one stored before those bounds whose total does not.
    /// </summary>
    public Result<decimal> TotalGrossMassKg() => Quantities.Sum(Items.Select(i => i.GrossMassKg ?? 0));

    /// <summary>HS chapters of the goods (two digits), for filtering.</summary>
    public IEnumerable<string> Chapters => Items.Where(i => i.CommodityCode is not null).Select(i => i.CommodityCode!.Value.Chapter).Distinct(StringComparer.Ordinal);
}

/// <summary>
/// One validation error, the way DMSREJ and NCTS IE056 report them: where (an XPath from the document root with
/// 1-based positions on repeatable elements, or a JSON Pointer), a stable code from <see cref="ErrorCodes"/>, and why.
/// </summary>
public sealed record DeclarationError(string Pointer, string Code, string Reason);

/// <summary>The result of reading and checking one submission.</summary>
public sealed record DeclarationCheck(Declaration? Declaration, IReadOnlyList<DeclarationError> Errors)
{
    /// <summary>The errors, at most <see cref="Landsea.Shared.ErrorCap.MaxListed"/> of them listed, the others counted in one last entry (LS802), whatever the reader.</summary>
    public IReadOnlyList<DeclarationError> Errors { get; init => field = CapErrors(value); } = CapErrors(Errors);

    /// <summary>The errors of one document as every reader reports them: capped by <see cref="Landsea.Shared.ErrorCap"/>.</summary>
    public static IReadOnlyList<DeclarationError> CapErrors(IReadOnlyList<DeclarationError> errors) =>
        Landsea.Shared.ErrorCap.Apply(errors, e => e.Code == Landsea.Shared.SecurityErrorCodes.MoreErrors,
            more => new DeclarationError("/", Landsea.Shared.SecurityErrorCodes.MoreErrors, Landsea.Shared.ErrorCap.MoreReason(more)));

    /// <summary>Findings that do not stop the declaration (see the warning codes in <see cref="ErrorCodes"/>).</summary>
    public IReadOnlyList<DeclarationError> Warnings { get; init => field = CapErrors(value); } = [];

    public bool IsValid => Errors.Count == 0 && Declaration is not null;

    /// <summary>An amendment's goods item numbers and declared count, checked against the declaration as amended; null otherwise.</summary>
    public AmendedItemNumbers? AmendedItems { get; init; }

    /// <summary>Where this submission's format carries the fields the store checks itself; set by each format's reader.</summary>
    public DeclarationFieldPointers Fields { get; init; } = DeclarationFieldPointers.Wco;

    /// <summary>
    /// The declarant's identifier as the submission writes it, set by each format's reader, also when it fails its check
    /// and the model holds none: the store files every submission, refused ones included, under it
    /// (<see cref="Lodging.DeclarantKey"/>).
    /// </summary>
    public string? DeclarantText { get; init; }
}

/// <summary>
/// The goods item numbers of an amendment as written (it carries only the changed and added items) and the goods item
/// quantity it states for the whole declaration, with their pointers.
/// </summary>
public sealed record AmendedItemNumbers(IReadOnlyList<Located> Sequences, Located? DeclaredCount);

/// <summary>
/// Where a format carries the fields that the declaration store checks after reading (duplicates by functional reference,
/// the declarant a trader may lodge for, the request type, the MRN an amendment or cancellation refers to), so that the
/// store's own errors point into the submission in that format's terms.
/// </summary>
public sealed record DeclarationFieldPointers(string FunctionalReference, string Declarant, string TypeCode, string ReferencedId)
{
    /// <summary>WCO Data Model 3.6 DEC XML.</summary>
    public static DeclarationFieldPointers Wco { get; } = new(
        "/md:MetaData/Declaration/FunctionalReferenceID", "/md:MetaData/Declaration/Declarant/ID", "/md:MetaData/Declaration/TypeCode", "/md:MetaData/Declaration/ID");

    /// <summary>The API's JSON form (docs/declarations.md).</summary>
    public static DeclarationFieldPointers Json { get; } = new("/functionalReference", "/declarant/id", "/typeCode", "/referencedMrn");
}
