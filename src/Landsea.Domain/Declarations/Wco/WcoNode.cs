namespace Landsea.Declarations.Wco;

/// <summary>
/// An element of a read WCO document with its pointer: an XPath from the root with 1-based positions on the
/// elements the schema lets repeat, for example
/// <c>/md:MetaData/Declaration/GoodsShipment/GovernmentAgencyGoodsItem[2]/Commodity/Classification[1]/ID</c>.
/// </summary>
public sealed class WcoNode
{
    private static readonly Dictionary<string, string> s_noAttributes = new(StringComparer.Ordinal);
    private readonly List<WcoNode> _children = [];
    private readonly string _step;
    private Dictionary<string, string>? _attributes;
    private string? _pointer;

    internal WcoNode(string name, string ns, string step, WcoNode? parent)
    {
        Name = name;
        Namespace = ns;
        _step = step;
        Parent = parent;
    }

    public string Name { get; }

    public string Namespace { get; }

    /// <summary>Computed on first use from the parent's pointer and this element's step (most are never asked for).</summary>
    public string Pointer => _pointer ??= (Parent?.Pointer ?? "") + "/" + _step;

    public WcoNode? Parent { get; }

    /// <summary>Trimmed text content; empty when the element has only children.</summary>
    public string Value { get; internal set; } = "";

    public IReadOnlyList<WcoNode> Children => _children;

    public IReadOnlyDictionary<string, string> Attributes => _attributes ?? s_noAttributes;

    internal void Add(WcoNode child) => _children.Add(child);

    internal void SetAttribute(string name, string value) => (_attributes ??= new(StringComparer.Ordinal))[name] = value;

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

    /// <summary>All elements below this one, in document order.</summary>
    public IEnumerable<WcoNode> Descendants()
    {
        var stack = new Stack<(WcoNode Node, int Next)>();
        stack.Push((this, 0));
        while (stack.Count > 0)
        {
            (WcoNode node, int next) = stack.Pop();
            if (next < node._children.Count)
            {
                stack.Push((node, next + 1));
                WcoNode child = node._children[next];
                yield return child;
                stack.Push((child, 0));
            }
        }
    }
}
