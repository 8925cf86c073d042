using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Schema;

namespace Landsea.Declarations.Wco;

/// <summary>
/// Reads a WCO DM XML document once, validating it against a schema set while building a <see cref="WcoNode"/> tree
/// whose nodes know their pointers. DTDs and external entities are refused; nothing is fetched.
/// </summary>
public static partial class WcoDocumentReader
{
    /// <summary>At most this many errors are reported for one document.</summary>
    public const int MaxErrors = 200;

    public static (WcoNode? Root, List<DeclarationError> Errors) Read(ReadOnlyMemory<byte> bytes, XmlSchemaSet schemas)
    {
        var errors = new List<DeclarationError>();
        var stack = new Stack<Frame>();
        int elements = 0;
        WcoNode? root = null;
        XmlReader? reader = null;

        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 0,
            ValidationType = ValidationType.Schema,
            Schemas = schemas,
            ValidationFlags = XmlSchemaValidationFlags.ProcessIdentityConstraints,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        settings.ValidationEventHandler += (_, e) =>
        {
            if (e.Severity != XmlSeverityType.Error || errors.Count >= MaxErrors)
            {
                return;
            }

            string pointer = PendingPointer(reader, stack);
            Match attribute = AttributeName().Match(e.Message);
            if (attribute.Success)
            {
                pointer += "/@" + attribute.Groups[1].Value;
            }

            errors.Add(new DeclarationError(pointer, ErrorCodes.Schema, Tidy(e.Message)));
        };

        using Stream stream = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out ArraySegment<byte> segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);
        try
        {
            reader = XmlReader.Create(stream, settings);
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        if (Landsea.Shared.XmlLimits.Exceeded(reader, stack.Count, ref elements) is { } tooComplex)
                        {
                            errors.Add(new DeclarationError(stack.Count > 0 ? stack.Peek().Node.Pointer : "/", ErrorCodes.TooComplex, tooComplex));
                            return (null, errors);
                        }

                        Frame? parent = stack.Count > 0 ? stack.Peek() : null;
                        string step = Step(reader, parent, commit: true);
                        var node = new WcoNode(reader.LocalName, reader.NamespaceURI, step, parent?.Node);
                        parent?.Node.Add(node);
                        root ??= node;
                        if (reader.HasAttributes)
                        {
                            while (reader.MoveToNextAttribute())
                            {
                                if (reader.NamespaceURI != "http://www.w3.org/2000/xmlns/")
                                {
                                    node.SetAttribute(reader.LocalName, reader.Value);
                                }
                            }

                            reader.MoveToElement();
                        }

                        if (!reader.IsEmptyElement)
                        {
                            stack.Push(new Frame(node));
                        }

                        break;
                    case XmlNodeType.Text:
                    case XmlNodeType.CDATA:
                        if (stack.Count > 0)
                        {
                            stack.Peek().Text.Append(reader.Value);
                        }

                        break;
                    case XmlNodeType.EndElement:
                        Frame done = stack.Pop();
                        done.Node.Value = done.Text.ToString().Trim();
                        break;
                }
            }
        }
        catch (XmlException ex)
        {
            bool dtd = ex.Message.Contains("DTD", StringComparison.Ordinal) || ex.Message.Contains("DOCTYPE", StringComparison.Ordinal)
                || ex.Message.Contains("entity", StringComparison.OrdinalIgnoreCase);
            string pointer = stack.Count > 0 ? stack.Peek().Node.Pointer : "/";
            errors.Add(new DeclarationError(
                pointer,
                dtd ? ErrorCodes.DtdRefused : ErrorCodes.Malformed,
                dtd ? $"DTDs and entity declarations are refused (line {ex.LineNumber}, position {ex.LinePosition}): {ex.Message}"
                    : $"Not well-formed XML at line {ex.LineNumber}, position {ex.LinePosition}: {ex.Message}"));
            return (null, errors);
        }
        finally
        {
            reader?.Dispose();
        }

        return (root, errors);
    }

    /// <summary>The pointer of the node the reader is on, before it has been pushed (used by the validation handler).</summary>
    private static string PendingPointer(XmlReader? reader, Stack<Frame> stack)
    {
        Frame? top = stack.Count > 0 ? stack.Peek() : null;
        if (reader is { NodeType: XmlNodeType.Element })
        {
            // The reader is on a start tag that has not been added yet: name it under its parent.
            return (top?.Node.Pointer ?? "") + "/" + Step(reader, top, commit: false);
        }

        return top?.Node.Pointer ?? "/";
    }

    private static string Step(XmlReader reader, Frame? parent, bool commit)
    {
        string name = Prefix(reader) + reader.LocalName;
        int index = parent?.Count(name, commit) ?? 1;
        bool repeatable = reader.SchemaInfo?.SchemaElement is { } e ? e.MaxOccurs > 1 : index > 1;
        return repeatable ? $"{name}[{index}]" : name;
    }

    private static string Prefix(XmlReader reader) => reader.NamespaceURI switch
    {
        WcoSchemas.MetaDataNamespace => "md:",
        WcoSchemas.DeclarationNamespace or WcoSchemas.ResponseNamespace or "" => "",
        _ => reader.Prefix.Length > 0 ? reader.Prefix + ":" : "",
    };

    private static string Tidy(string message) =>
        NamespaceMention().Replace(message, "").Replace("  ", " ", StringComparison.Ordinal).Trim();

    [GeneratedRegex(@"The '([^']+)' attribute")]
    private static partial Regex AttributeName();

    [GeneratedRegex(@" in namespace '[^']*'")]
    private static partial Regex NamespaceMention();

    private sealed class Frame(WcoNode node)
    {
        private Dictionary<string, int>? _counts;

        public WcoNode Node { get; } = node;

        public StringBuilder Text { get; } = new();

        public int Count(string name, bool commit)
        {
            int next = (_counts?.GetValueOrDefault(name) ?? 0) + 1;
            if (commit)
            {
                (_counts ??= new(StringComparer.Ordinal))[name] = next;
            }

            return next;
        }
    }
}
