namespace Landsea.Declarations.Wco;

/// <summary>
/// An element of a read WCO document with its pointer: an XPath from the root with 1-based positions on the
/// elements the schema lets repeat, for example
/// <c>/md:MetaData/Declaration/GoodsShipment/GovernmentAgencyGoodsItem[2]/Commodity/Classification[1]/ID</c>.
/// </summary>
public sealed class WcoNode
{
    private readonly List<WcoNode> _children = [];
    private readonly Dictionary<string, string> _attributes = new(StringComparer.Ordinal);

    internal WcoNode(string name, string ns, string pointer, WcoNode? parent)
    {
        Name = name;
        Namespace = ns;
        Pointer = pointer;
        Parent = parent;
    }

    public string Name { get; }

    public string Namespace { get; }

    public string Pointer { get; }

    public WcoNode? Parent { get; }

    /// <summary>Trimmed text content; empty when the element has only children.</summary>
    public string Value { get; internal set; } = "";

    public IReadOnlyList<WcoNode> Children => _children;

    public IReadOnlyDictionary<string, string> Attributes => _attributes;

    internal void Add(WcoNode child) => _children.Add(child);

    internal void SetAttribute(string name, string value) => _attributes[name] = value;

    public WcoNode? Child(string name) => _children.FirstOrDefault(c => c.Name == name);

    public IEnumerable<WcoNode> All(string name) => _children.Where(c => c.Name == name);

    /// <summary>Follows a path of child names ("Commodity/Classification") and returns the first match.</summary>
    public WcoNode? Find(string path)
    {
        WcoNode? node = this;
        foreach (string part in path.Split('/'))
        {
            node = node?.Child(part);
        }

        return node;
    }

    /// <summary>The text of the element at a relative path, or null when absent or empty.</summary>
    public string? Text(string path) => Find(path) is { Value.Length: > 0 } n ? n.Value : null;

    public IEnumerable<WcoNode> Descendants()
    {
        foreach (WcoNode child in _children)
        {
            yield return child;
            foreach (WcoNode d in child.Descendants())
            {
                yield return d;
            }
        }
    }
}
