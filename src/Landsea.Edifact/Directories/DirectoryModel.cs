using System.Collections.Frozen;

namespace Landsea.Edifact.Directories;

/// <summary>Representation class of a simple data element: 'a' alphabetic, 'n' numeric, 'x' alphanumeric (an).</summary>
public enum ValueKind
{
    Alphanumeric,
    Alphabetic,
    Numeric,
}

/// <summary>
/// A simple data element in a segment or composite. <see cref="MinLength"/> equals <see cref="MaxLength"/>
/// for fixed lengths ("n3"), and is 0 for "an..35". Numeric lengths count digits only (no sign, no decimal mark).
/// </summary>
public sealed record DataElementDefinition(string Id, string Name, bool Required, ValueKind Kind, int MinLength, int MaxLength, CodeList? Codes)
{
    /// <summary>The directory notation: "an..35", "n3", "a4".</summary>
    public string Format
    {
        get
        {
            string kind = Kind switch { ValueKind.Alphabetic => "a", ValueKind.Numeric => "n", _ => "an" };
            return MaxLength <= 0 ? kind : MinLength == MaxLength ? kind + MaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture) : kind + ".." + MaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}

/// <summary>A data element position in a segment: a composite, or a simple element seen as a one-component composite.</summary>
public sealed record ElementDefinition(string Id, string Name, bool Required, bool IsComposite, DataElementDefinition[] Components);

public sealed record SegmentDefinition(string Tag, string Name, ElementDefinition[] Elements);

/// <summary>
/// A node of a message's segment table: a segment, or a group whose first child is its trigger segment.
/// Invariant: a group has at least one child and its first child is a segment.
/// </summary>
public sealed class StructureNode
{
    public StructureNode(string id, bool isGroup, int maxRepeat, bool required, StructureNode[] children)
    {
        Id = id;
        IsGroup = isGroup;
        MaxRepeat = maxRepeat;
        Required = required;
        Children = children;
        Tag = isGroup ? children[0].Tag : id;
        TagKey = TagKeys.Of(Tag);
    }

    /// <summary>Segment tag, or group id ("SG4").</summary>
    public string Id { get; }

    public bool IsGroup { get; }

    public int MaxRepeat { get; }

    public bool Required { get; }

    public StructureNode[] Children { get; }

    /// <summary>The segment tag that starts this node (a group's trigger segment).</summary>
    public string Tag { get; }

    public int TagKey { get; }

    public string Describe() => IsGroup ? $"segment group {Id} (trigger {Tag})" : $"segment {Id}";
}

public sealed record MessageDefinition(string MessageType, string Directory, StructureNode Root)
{
    /// <summary>Every segment group (depth first).</summary>
    public IEnumerable<StructureNode> Groups() => Walk(Root).Where(n => n.IsGroup && n != Root);

    private static IEnumerable<StructureNode> Walk(StructureNode node)
    {
        yield return node;
        foreach (var child in node.Children.SelectMany(Walk))
        {
            yield return child;
        }
    }
}

/// <summary>
/// A code list: the values a coded data element may take in a directory. Lookups take the value's bytes: codes of
/// up to 7 ASCII bytes (nearly all) are packed into a 64-bit key and found in an open-addressing table (one multiply,
/// usually one probe, no allocation); longer codes go through a string set.
/// </summary>
public sealed class CodeList
{
    private readonly ulong[] _table;
    private readonly int _shift;
    private readonly FrozenSet<string> _long;

    public CodeList(string elementId, IEnumerable<string> codes)
    {
        ElementId = elementId;
        Codes = [.. codes];
        ulong[] keys = [.. Codes.Where(c => c.Length is > 0 and <= 7 && c.All(char.IsAscii)).Select(c => Pack(System.Text.Encoding.ASCII.GetBytes(c))).Distinct()];
        int bits = Math.Max(3, 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)((2 * Math.Max(1, keys.Length)) - 1)));
        _table = new ulong[1 << bits];
        _shift = 64 - bits;
        foreach (ulong key in keys)
        {
            int slot = Slot(key);
            while (_table[slot] != 0)
            {
                slot = (slot + 1) & (_table.Length - 1);
            }

            _table[slot] = key;
        }

        _long = Codes.Where(c => c.Length > 7 || !c.All(char.IsAscii)).ToFrozenSet(StringComparer.Ordinal);
    }

    public string ElementId { get; }

    public IReadOnlyList<string> Codes { get; }

    public bool Contains(ReadOnlySpan<byte> value)
    {
        if (value.Length is > 0 and <= 7)
        {
            ulong key = Pack(value);
            ulong[] table = _table;
            int slot = Slot(key);
            while (true)
            {
                ulong found = table[slot];
                if (found == key)
                {
                    return true;
                }

                if (found == 0)
                {
                    return false;
                }

                slot = (slot + 1) & (table.Length - 1);
            }
        }

        return value.Length > 0 && _long.Contains(System.Text.Encoding.UTF8.GetString(value));
    }

    private int Slot(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);

    // Invariant: distinct values of 1 to 7 bytes pack to distinct non-zero keys (the length sits in the top byte).
    private static ulong Pack(ReadOnlySpan<byte> value)
    {
        ulong key = (ulong)value.Length << 56;
        for (int i = 0; i < value.Length; i++)
        {
            key |= (ulong)value[i] << (8 * i);
        }

        return key;
    }
}

/// <summary>Three-letter tags packed into an int for fast comparison.</summary>
public static class TagKeys
{
    public static int Of(ReadOnlySpan<byte> tag) => tag.Length switch
    {
        3 => (tag[0] << 16) | (tag[1] << 8) | tag[2],
        _ => -1 - tag.Length,
    };

    /// <summary>The tag back from its key ("?" for keys not made from three characters).</summary>
    public static string Name(int key) => key < 0 ? "?" : new string([(char)((key >> 16) & 0xFF), (char)((key >> 8) & 0xFF), (char)(key & 0xFF)]);

    public static int Of(string tag) => tag.Length == 3 ? (tag[0] << 16) | (tag[1] << 8) | tag[2] : -1 - tag.Length;
}
