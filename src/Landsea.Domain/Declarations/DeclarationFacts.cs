namespace Landsea.Declarations;

/// <summary>A value read from a submission together with the pointer to where it stands.</summary>
public readonly record struct Located(string Value, string Pointer);

/// <summary>
/// The values of one submission that business rules check, each with its pointer, gathered by a format reader
/// (WCO XML or JSON). Rules run on facts so that every format reports the same codes at its own pointers.
/// </summary>
public sealed class DeclarationFacts
{
    public List<Located> CommodityCodes { get; } = [];

    public List<Located> Countries { get; } = [];

    public List<Located> Currencies { get; } = [];

    public List<Located> Locodes { get; } = [];

    public List<Located> OfficeCodes { get; } = [];

    public List<Located> TraderIds { get; } = [];

    public List<Located> Containers { get; } = [];

    /// <summary>Amounts (and other quantities) that must be numbers from 0 to <see cref="DeclarationRules.MaxAmount"/>.</summary>
    public List<Located> Amounts { get; } = [];

    /// <summary>Goods items' gross and net masses in kilograms, which must be numbers from 0 to <see cref="DeclarationRules.MaxMassKg"/>.</summary>
    public List<Located> Masses { get; } = [];

    /// <summary>Currencies of the goods items' amounts, which must agree with each other and the invoice currency.</summary>
    public List<Located> ItemCurrencies { get; } = [];

    public Located? InvoiceCurrency { get; set; }

    /// <summary>Goods item sequence numbers as written, in document order.</summary>
    public List<Located> ItemSequences { get; } = [];

    public Located? DeclaredItemCount { get; set; }

    /// <summary>
    /// What the submission asks for. An amendment carries only the changed parts: its item numbering and count are checked
    /// against the declaration as amended (<see cref="Lodging.CheckAmendedItems"/>), not by <see cref="DeclarationRules"/>.
    /// </summary>
    public SubmissionKind Kind { get; set; }

    /// <summary>Where the declarant should stand; null when the declarant is identified.</summary>
    public string? MissingDeclarantPointer { get; set; }

    /// <summary>Where goods items should stand; set when an original declaration has none.</summary>
    public string? ItemsPointer { get; set; }
}
