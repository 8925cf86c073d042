using System.Collections.Frozen;
using Landsea.Offices;

namespace Landsea.Transit;

/// <summary>
/// Who receives transit messages at a node: the NCTS national application name(s) a trader addresses
/// (<c>messageRecipient</c>, NTA.xx), the offices that route messages to this node (office of departure, actual office of
/// destination), and the office list it checks other office references against.
/// </summary>
/// <param name="Code">The node code (<see cref="CustomsNode.Code"/>) or a profile name such as <c>GB</c>.</param>
/// <param name="Recipients">Each accepted <c>messageRecipient</c> with the office country it serves (NTA.CN serves CN offices).</param>
/// <param name="OwnOffices">Offices of this node; null means any well-formed office of a recipient's country (HMRC's own check).</param>
/// <param name="KnownOffices">The office list: an office of a country that has offices in this list must be in it; offices of other countries are another administration's to check. Null means no list.</param>
/// <param name="TimeZoneId">IANA zone for date-times written without an offset (NCTS date-times carry none).</param>
public sealed record TransitAdministration(
    string Code,
    string Name,
    IReadOnlyDictionary<string, string> Recipients,
    IReadOnlySet<string>? OwnOffices,
    IReadOnlySet<string>? KnownOffices,
    string TimeZoneId)
{
    /// <summary>
    /// The format a declaration's LRN must follow, beyond the schema's an..22 without spaces: by default letters and
    /// digits with the separators - _ . / : (no braces, quotes or other punctuation a national system would not store).
    /// HMRC's validator has the same kind of configurable LRN pattern.
    /// </summary>
    public string LrnPattern { get; init; } = @"^[A-Za-z0-9][A-Za-z0-9\-_./:]{0,21}$";

    /// <summary>How far in the future a preparation or notification date-time may be (clock skew between trader and node).</summary>
    public TimeSpan FutureTolerance { get; init; } = TimeSpan.FromMinutes(10);

    private TimeZoneInfo? _zone;

    /// <summary>The zone of <see cref="TimeZoneId"/>, looked up once.</summary>
    public TimeZoneInfo TimeZone => _zone ??= TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    /// <summary>
    /// The administration of a node of the corridor (<see cref="Corridor.Nodes"/>): recipient NTA.&lt;country&gt;, its own
    /// offices from <see cref="Corridor.Offices"/>, and every corridor office as the office list. "GB" is the profile of
    /// HMRC's CTC test messages (recipients NTA.GB and NTA.XI, any GB or XI office). Null for anything else.
    /// </summary>
    public static TransitAdministration? For(string code)
    {
        if (code == Uk.Code)
        {
            return Uk;
        }

        CustomsNode? node = Corridor.FindNode(code);
        if (node is null)
        {
            return null;
        }

        return new TransitAdministration(
            node.Code,
            node.Name,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["NTA." + node.Country] = node.Country }.ToFrozenDictionary(StringComparer.Ordinal),
            Corridor.Offices.Where(o => o.NodeCode == node.Code).Select(o => o.Code).ToFrozenSet(StringComparer.Ordinal),
            Corridor.Offices.Select(o => o.Code).ToFrozenSet(StringComparer.Ordinal),
            node.TimeZoneId);
    }

    /// <summary>The codes <see cref="For"/> knows.</summary>
    public static IEnumerable<string> Codes => Corridor.Nodes.Select(n => n.Code).Append(Uk.Code);

    /// <summary>
    /// The United Kingdom's CTC profile, for HMRC's sample messages: NTA.GB serves GB offices and NTA.XI (Northern Ireland)
    /// XI offices. Landsea holds no UK office list, so any well-formed GB or XI office is accepted, as HMRC's validator does.
    /// </summary>
    public static TransitAdministration Uk { get; } = new(
        "GB",
        "HMRC Common Transit Convention (test profile)",
        new Dictionary<string, string>(StringComparer.Ordinal) { ["NTA.GB"] = "GB", ["NTA.XI"] = "XI" }.ToFrozenDictionary(StringComparer.Ordinal),
        null,
        null,
        "Europe/London");

    /// <summary>Whether the office list covers this country (it lists at least one office of it).</summary>
    public bool ListsCountry(string country) => KnownOffices?.Any(o => o.StartsWith(country, StringComparison.Ordinal)) ?? false;
}
