using System.Collections.Frozen;

namespace Landsea.Shared;

/// <summary>One entry of the Harmonized System: a chapter (2 digits), heading (4) or subheading (6).</summary>
public sealed record HsEntry(string Code, string Description, string Section, int Level);

/// <summary>
/// An edition of the WCO Harmonized System nomenclature (HS 2017, HS 2022) loaded from the shipped data.
/// UN Comtrade pseudo-codes (99, 9999, 999999, TOTAL) are excluded.
/// </summary>
public sealed class HsNomenclature
{
    private static readonly Lazy<HsNomenclature> s_hs2017 = new(() => Load(2017, "Landsea.data.hs.hs2017.csv"));
    private static readonly Lazy<HsNomenclature> s_hs2022 = new(() => Load(2022, "Landsea.data.hs.hs2022.csv"));

    private readonly FrozenDictionary<string, HsEntry> _entries;

    private HsNomenclature(int edition, DateOnly inForceFrom, FrozenDictionary<string, HsEntry> entries)
    {
        Edition = edition;
        InForceFrom = inForceFrom;
        _entries = entries;
    }

    public static HsNomenclature Hs2017 => s_hs2017.Value;

    public static HsNomenclature Hs2022 => s_hs2022.Value;

    /// <summary>The edition year, for example 2022.</summary>
    public int Edition { get; }

    /// <summary>First day (inclusive) on which this edition applies worldwide.</summary>
    public DateOnly InForceFrom { get; }

    /// <summary>Number of six-digit subheadings.</summary>
    public int SubheadingCount => _entries.Values.Count(e => e.Level == 6);

    /// <summary>
    /// The edition in force on a date: HS 2022 from 1 January 2022, HS 2017 before.
    /// Dates before 1 January 2017 also answer HS 2017, the oldest edition shipped.
    /// </summary>
    public static HsNomenclature InForceOn(DateOnly date) => date >= Hs2022.InForceFrom ? Hs2022 : Hs2017;

    /// <summary>Finds a chapter, heading or subheading by its digits.</summary>
    public HsEntry? Find(string code) => _entries.TryGetValue(code, out HsEntry? entry) ? entry : null;

    /// <summary>True when the code's six-digit subheading (and so its heading and chapter) exists in this edition.</summary>
    public bool Contains(HsCode code) => _entries.ContainsKey(code.Subheading);

    /// <summary>All entries whose description contains the text (case-insensitive), or whose code starts with it.</summary>
    public IEnumerable<HsEntry> Search(string text) =>
        _entries.Values.Where(e => e.Code.StartsWith(text, StringComparison.Ordinal)
            || e.Description.Contains(text, StringComparison.OrdinalIgnoreCase)).OrderBy(e => e.Code, StringComparer.Ordinal);

    private static HsNomenclature Load(int edition, string resource)
    {
        var entries = new Dictionary<string, HsEntry>(StringComparer.Ordinal);
        foreach (string[] row in EmbeddedData.ReadCsv(resource))
        {
            // section,hscode,description,parent,level
            if (row.Length < 5 || row[0] == "TOTAL" || row[1] == "TOTAL")
            {
                continue;
            }

            int level = int.Parse(row[4], System.Globalization.CultureInfo.InvariantCulture);
            entries[row[1]] = new HsEntry(row[1], row[2], row[0], level);
        }

        return new HsNomenclature(edition, new DateOnly(edition, 1, 1), entries.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
