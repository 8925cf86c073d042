using System.Text;
using System.Xml;

namespace Landsea.Transit;

/// <summary>How a message arrived: NCTS P5 XML, or JSON in the shape of HMRC's CTC samples (<c>{"n1:CC015C": {...}}</c>).</summary>
public enum NctsFormat
{
    Xml,
    Json,
}

/// <summary>One finding: where (an XPath for XML, a JSON Pointer for JSON), a stable LS5xx code and a reason.</summary>
/// <param name="Pointer">
/// XML: an XPath from the root with 1-based positions on elements the schema lets repeat
/// (<c>/ncts:CC015C/Consignment/HouseConsignment[1]/ConsignmentItem[1]/goodsItemNumber</c>, attributes as <c>/@PhaseID</c>).
/// JSON: an RFC 6901 pointer, 0-based (<c>/n1:CC015C/Consignment/HouseConsignment/0/ConsignmentItem/0/goodsItemNumber</c>).
/// </param>
public sealed record TransitError(string Pointer, string Code, string Reason);

/// <summary>
/// An element of a read NCTS message with its pointer. Whether the message came as XML or JSON, the tree is the same
/// XML infoset (JSON members in schema order); only the pointers differ.
/// </summary>
public sealed class NctsElement
{
    private static readonly Dictionary<string, string> s_noAttributes = new(StringComparer.Ordinal);
    private readonly List<NctsElement> _children = [];
    private readonly string _step;
    private Dictionary<string, string>? _attributes;
    private string? _pointer;

    /// <param name="step">The last step of the pointer: "HouseConsignment[2]" (XML), "HouseConsignment/1" (JSON), "ncts:CC015C" at the root.</param>
    internal NctsElement(string name, string step, NctsElement? parent)
    {
        Name = name;
        _step = step;
        Parent = parent;
    }

    /// <summary>Local name (the root is in the NCTS namespace, every other element in none).</summary>
    public string Name { get; }

    /// <summary>Computed on first use from the parent's pointer and this element's step (most are never asked for).</summary>
    public string Pointer => _pointer ??= (Parent?.Pointer ?? "") + "/" + _step;

    public NctsElement? Parent { get; }

    /// <summary>Trimmed text content; empty when the element has only children.</summary>
    public string Value { get; internal set; } = "";

    public IReadOnlyList<NctsElement> Children => _children;

    public IReadOnlyDictionary<string, string> Attributes => _attributes ?? s_noAttributes;

    internal void Add(NctsElement child) => _children.Add(child);

    internal void SetAttribute(string name, string value) => (_attributes ??= new(StringComparer.Ordinal))[name] = value;

    public NctsElement? Child(string name)
    {
        foreach (NctsElement c in _children)
        {
            if (c.Name == name)
            {
                return c;
            }
        }

        return null;
    }

    public IEnumerable<NctsElement> All(string name) => _children.Where(c => c.Name == name);

    /// <summary>Follows a path of child names ("TransitOperation/MRN") and returns the first match.</summary>
    public NctsElement? Find(string path)
    {
        NctsElement? node = this;
        foreach (string part in path.Split('/'))
        {
            node = node?.Child(part);
        }

        return node;
    }

    /// <summary>The text at a relative path, or null when absent or empty.</summary>
    public string? Text(string path) => Find(path) is { Value.Length: > 0 } n ? n.Value : null;

    /// <summary>All elements below this one, in document order.</summary>
    public IEnumerable<NctsElement> Descendants()
    {
        var stack = new Stack<(NctsElement Node, int Next)>();
        stack.Push((this, 0));
        while (stack.Count > 0)
        {
            (NctsElement node, int next) = stack.Pop();
            if (next < node._children.Count)
            {
                stack.Push((node, next + 1));
                NctsElement child = node._children[next];
                yield return child;
                stack.Push((child, 0));
            }
        }
    }

    /// <summary>Writes the element as NCTS XML (root prefixed <c>ncts:</c>, children unqualified).</summary>
    public void WriteTo(XmlWriter writer)
    {
        if (Parent is null)
        {
            writer.WriteStartElement("ncts", Name, NctsSchemas.Namespace);
        }
        else
        {
            writer.WriteStartElement(Name, "");
        }

        foreach ((string name, string value) in Attributes)
        {
            writer.WriteAttributeString(name, value);
        }

        if (_children.Count == 0)
        {
            writer.WriteString(Value);
        }

        foreach (NctsElement child in _children)
        {
            child.WriteTo(writer);
        }

        writer.WriteEndElement();
    }

    /// <summary>The element as an indented XML document without a declaration (encode it as UTF-8).</summary>
    public string ToXml()
    {
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true }))
        {
            WriteTo(writer);
        }

        return text.ToString();
    }
}

/// <summary>A message that was read: its type (root name, for example <c>CC015C</c>), format and infoset.</summary>
public sealed record NctsMessage(string MessageType, NctsFormat Format, NctsElement Root)
{
    public string? MessageIdentification => Root.Text("messageIdentification");

    public string? MessageSender => Root.Text("messageSender");

    public string? MessageRecipient => Root.Text("messageRecipient");

    public string? Mrn => Root.Text("TransitOperation/MRN");

    public string? Lrn => Root.Text("TransitOperation/LRN");
}

/// <summary>The result of reading and checking one message: the message when it could be read, and every error.</summary>
/// <param name="MessageType">The root's name when it could be read (even when unknown), else null.</param>
public sealed record TransitCheck(NctsMessage? Message, string? MessageType, IReadOnlyList<TransitError> Errors)
{
    /// <summary>The errors, at most <see cref="Landsea.Shared.ErrorCap.MaxListed"/> listed and the others counted in one last entry (LS802).</summary>
    public IReadOnlyList<TransitError> Errors { get; init => field = Cap(value); } = Cap(Errors);

    private static IReadOnlyList<TransitError> Cap(IReadOnlyList<TransitError> errors) =>
        Landsea.Shared.ErrorCap.Apply(errors, e => e.Code == Landsea.Shared.SecurityErrorCodes.MoreErrors, more => new TransitError("/", Landsea.Shared.SecurityErrorCodes.MoreErrors, Landsea.Shared.ErrorCap.MoreReason(more)));

    public bool IsValid => Errors.Count == 0 && Message is not null;
}
