using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Schema;

namespace Landsea.Transit;

/// <summary>
/// Reads an NCTS phase-5 message as XML or as JSON in HMRC's sample shape, validating it against its 51.8.6 XSD in
/// the same pass. JSON is mapped to the XML infoset (members put in schema order, <c>@name</c> members as attributes,
/// numbers as their literal text) and validated by the same schema, so both formats meet the same rules; errors carry a
/// JSON Pointer then. DTDs and external entities are refused; nothing is fetched.
/// </summary>
public static partial class NctsReader
{
    /// <summary>At most this many errors are reported for one message.</summary>
    public const int MaxErrors = 200;

    /// <summary>Which format the bytes are in, from the first character that is not white space (a BOM is skipped).</summary>
    public static NctsFormat? Recognise(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        foreach (byte b in bytes)
        {
            switch (b)
            {
                case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n':
                    continue;
                case (byte)'<':
                    return NctsFormat.Xml;
                case (byte)'{':
                    return NctsFormat.Json;
                default:
                    return null;
            }
        }

        return null;
    }

    public static TransitCheck Read(ReadOnlyMemory<byte> bytes) => Recognise(bytes.Span) switch
    {
        NctsFormat.Xml => ReadXml(bytes),
        NctsFormat.Json => ReadJson(bytes),
        _ => new TransitCheck(null, null, [new TransitError("/", TransitErrorCodes.Malformed, "Not well-formed at line 1, position 1: the message is neither XML (starting with '<') nor JSON (starting with '{').")]),
    };

    // ---------------------------------------------------------------- XML

    public static TransitCheck ReadXml(ReadOnlyMemory<byte> bytes)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
        };

        // First the root, to choose the schema: from the start tag's bytes when it is plain, else by reading up to it.
        string? root = SniffRoot(bytes.Span);
        if (root is null)
        {
            try
            {
                using Stream peek = Open(bytes);
                using var head = XmlReader.Create(peek, settings);
                head.MoveToContent();
                root = head.LocalName;
                if (head.NamespaceURI != NctsSchemas.Namespace || !NctsSchemas.Knows(root))
                {
                    return new TransitCheck(null, root, [new TransitError("/" + root, TransitErrorCodes.UnknownMessage,
                        $"The root '{head.Name}' in namespace '{head.NamespaceURI}' is not an NCTS phase-5 message ({NctsSchemas.Namespace}, CCnnnC).")]);
                }
            }
            catch (XmlException ex)
            {
                return new TransitCheck(null, null, [XmlFailure(ex, "/")]);
            }
        }

        var errors = new List<TransitError>();
        var stack = new Stack<Frame>();
        int elements = 0;
        NctsElement? top = null;
        XmlReader? reader = null;
        settings.ValidationType = ValidationType.Schema;
        settings.Schemas = NctsSchemas.For(root);
        settings.ValidationFlags = XmlSchemaValidationFlags.ProcessIdentityConstraints;
        settings.IgnoreWhitespace = false;
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

            errors.Add(new TransitError(pointer, TransitErrorCodes.Schema, Tidy(e.Message)));
        };

        if (Landsea.Shared.XmlLimits.Prescan(bytes.Span) is { } tooComplex0)
        {
            errors.Add(new TransitError("/", TransitErrorCodes.TooComplex, tooComplex0));
            return new TransitCheck(null, root, errors);
        }

        try
        {
            using Stream stream = Open(bytes);
            reader = XmlReader.Create(stream, settings);
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        if (Landsea.Shared.XmlLimits.Exceeded(reader, stack.Count, ref elements) is { } tooComplex)
                        {
                            errors.Add(new TransitError(stack.Count > 0 ? stack.Peek().Node.Pointer : "/", TransitErrorCodes.TooComplex, tooComplex));
                            return new TransitCheck(null, root, errors);
                        }

                        Frame? parent = stack.Count > 0 ? stack.Peek() : null;
                        string step = Step(reader, parent, commit: true);
                        var node = new NctsElement(reader.LocalName, step, parent?.Node);
                        parent?.Node.Add(node);
                        top ??= node;
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
                            stack.Peek().Append(reader.Value);
                        }

                        break;
                    case XmlNodeType.EndElement:
                        Frame done = stack.Pop();
                        done.Node.Value = done.Text;
                        break;
                }
            }
        }
        catch (XmlException ex)
        {
            errors.Add(XmlFailure(ex, stack.Count > 0 ? stack.Peek().Node.Pointer : "/"));
            return new TransitCheck(null, root, errors);
        }
        finally
        {
            reader?.Dispose();
        }

        return new TransitCheck(top is null ? null : new NctsMessage(root, NctsFormat.Xml, top), root, errors);
    }

    /// <summary>
    /// The root's name when the document starts (after an XML declaration and white space) with a start tag
    /// <c>&lt;p:CCnnnC</c> whose prefix is bound to the NCTS namespace in that tag and names a known message; null
    /// otherwise (the caller then reads up to the root). The validating pass checks the root again, so a wrong guess
    /// can only turn into a schema error, never into a wrong acceptance.
    /// </summary>
    internal static string? SniffRoot(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        int i = 0;
        while (i < bytes.Length && bytes[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        if (bytes[i..].StartsWith("<?xml"u8))
        {
            int end = bytes[i..].IndexOf("?>"u8);
            if (end < 0)
            {
                return null;
            }

            i += end + 2;
            while (i < bytes.Length && bytes[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                i++;
            }
        }

        if (i >= bytes.Length || bytes[i] != (byte)'<')
        {
            return null;
        }

        ReadOnlySpan<byte> tag = bytes[(i + 1)..];
        int close = tag.IndexOf((byte)'>');
        if (close < 0)
        {
            return null;
        }

        tag = tag[..close];
        int nameEnd = tag.IndexOfAny(" \t\r\n/"u8);
        ReadOnlySpan<byte> name = nameEnd < 0 ? tag : tag[..nameEnd];
        int colon = name.IndexOf((byte)':');
        ReadOnlySpan<byte> local = colon < 0 ? name : name[(colon + 1)..];
        if (local.Length != 6 || local[0] != (byte)'C' || local[1] != (byte)'C')
        {
            return null;
        }

        string binding = (colon < 0 ? "xmlns=\"" : "xmlns:" + Encoding.ASCII.GetString(name[..colon]) + "=\"") + NctsSchemas.Namespace + "\"";
        if (tag.IndexOf(Encoding.ASCII.GetBytes(binding)) < 0)
        {
            return null;
        }

        string root = Encoding.ASCII.GetString(local);
        return NctsSchemas.Knows(root) ? root : null;
    }

    private static TransitError XmlFailure(XmlException ex, string pointer)
    {
        bool dtd = ex.Message.Contains("DTD", StringComparison.Ordinal) || ex.Message.Contains("DOCTYPE", StringComparison.Ordinal)
            || ex.Message.Contains("entity", StringComparison.OrdinalIgnoreCase);
        return dtd
            ? new TransitError(pointer, TransitErrorCodes.DtdRefused, $"DTDs and entity declarations are refused (line {ex.LineNumber}, position {ex.LinePosition}): {ex.Message}")
            : new TransitError(pointer, TransitErrorCodes.Malformed, $"Not well-formed XML at line {ex.LineNumber}, position {ex.LinePosition}: {ex.Message}");
    }

    private static MemoryStream Open(ReadOnlyMemory<byte> bytes) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out ArraySegment<byte> segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);

    /// <summary>The pointer of the node the reader is on, before it has been pushed (used by the validation handler).</summary>
    private static string PendingPointer(XmlReader? reader, Stack<Frame> stack)
    {
        Frame? top = stack.Count > 0 ? stack.Peek() : null;
        if (reader is { NodeType: XmlNodeType.Element })
        {
            return (top?.Node.Pointer ?? "") + "/" + Step(reader, top, commit: false);
        }

        return top?.Node.Pointer ?? "/";
    }

    private static string Step(XmlReader reader, Frame? parent, bool commit)
    {
        string name = parent is null ? "ncts:" + reader.LocalName : reader.LocalName;
        int index = parent?.Count(name, commit) ?? 1;
        bool repeatable = reader.SchemaInfo?.SchemaElement is { } e ? e.MaxOccurs > 1 : index > 1;
        return repeatable ? string.Create(CultureInfo.InvariantCulture, $"{name}[{index}]") : name;
    }

    private static string Tidy(string message) =>
        NamespaceMention().Replace(message, "").Replace("  ", " ", StringComparison.Ordinal).Trim();

    [GeneratedRegex(@"The '([^']+)' attribute")]
    private static partial Regex AttributeName();

    [GeneratedRegex(@" in namespace '[^']*'")]
    private static partial Regex NamespaceMention();

    private sealed class Frame(NctsElement node)
    {
        private Dictionary<string, int>? _counts;

        private string? _text;
        private StringBuilder? _more;

        public NctsElement Node { get; } = node;

        /// <summary>The trimmed text content (one text node in almost every element; more only around comments or CDATA).</summary>
        public string Text => (_more?.ToString() ?? _text ?? "").Trim();

        public void Append(string text)
        {
            if (_text is null)
            {
                _text = text;
            }
            else
            {
                (_more ??= new StringBuilder(_text)).Append(text);
            }
        }

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

    // ---------------------------------------------------------------- JSON

    public static TransitCheck ReadJson(ReadOnlyMemory<byte> bytes)
    {
        if (Landsea.Declarations.Json.JsonTextCheck.Utf8(bytes.Span) is { } notUtf8)
        {
            return new TransitCheck(null, null, [new TransitError(notUtf8.Pointer, TransitErrorCodes.Malformed, notUtf8.Reason.Replace("a JSON declaration", "a JSON NCTS message", StringComparison.Ordinal))]);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            long line = (ex.LineNumber ?? 0) + 1, position = (ex.BytePositionInLine ?? 0) + 1;
            return new TransitCheck(null, null, [new TransitError("", TransitErrorCodes.Malformed,
                string.Create(CultureInfo.InvariantCulture, $"Not well-formed JSON at line {line}, position {position}: {FirstSentence(ex.Message)}"))]);
        }

        using (document)
        {
            JsonElement top = document.RootElement;

            // Invariant: past this check every string decodes and every key is unique, so mapping the members cannot throw.
            if (Landsea.Declarations.Json.JsonTextCheck.Strings(top, "") is { } unreadable)
            {
                return new TransitCheck(null, null, [new TransitError(unreadable.Pointer, TransitErrorCodes.Malformed, unreadable.Reason)]);
            }

            if (top.ValueKind != JsonValueKind.Object || top.GetPropertyCount() != 1)
            {
                return new TransitCheck(null, null, [new TransitError("", TransitErrorCodes.UnknownMessage,
                    "A JSON NCTS message is an object with one member named after its root, for example {\"n1:CC015C\": {...}}.")]);
            }

            JsonProperty rootMember = top.EnumerateObject().First();
            string name = rootMember.Name;
            string root = name[(name.IndexOf(':', StringComparison.Ordinal) + 1)..];
            string rootPointer = "/" + Escape(name);
            if (!NctsSchemas.Knows(root))
            {
                return new TransitCheck(null, root, [new TransitError(rootPointer, TransitErrorCodes.UnknownMessage,
                    $"'{name}' is not an NCTS phase-5 message (CCnnnC).")]);
            }

            if (rootMember.Value.ValueKind != JsonValueKind.Object)
            {
                return new TransitCheck(null, root, [new TransitError(rootPointer, TransitErrorCodes.JsonType, $"'{name}' must be a JSON object.")]);
            }

            var mapper = new JsonMapper(NctsSchemas.For(root));
            NctsElement element = mapper.Map(root, rootMember.Value, rootPointer, Escape(name));
            return new TransitCheck(new NctsMessage(root, NctsFormat.Json, element), root, mapper.Errors);
        }
    }

    private static string FirstSentence(string message)
    {
        int i = message.IndexOf(" Path:", StringComparison.Ordinal);
        return i > 0 ? message[..i] : message;
    }

    /// <summary>RFC 6901: '~' as "~0", '/' as "~1".</summary>
    private static string Escape(string token) =>
        token.Contains('~', StringComparison.Ordinal) || token.Contains('/', StringComparison.Ordinal)
            ? token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)
            : token;

    /// <summary>Pushes a JSON tree through the schema validator as if it were the XML infoset, element by element.</summary>
    private sealed class JsonMapper
    {
        private readonly XmlSchemaValidator _validator;
        private string _pointer = "";

        public JsonMapper(XmlSchemaSet schemas)
        {
            var names = new NameTable();
            var namespaces = new XmlNamespaceManager(names);
            namespaces.AddNamespace("ncts", NctsSchemas.Namespace);
            _validator = new XmlSchemaValidator(names, schemas, namespaces, XmlSchemaValidationFlags.ProcessIdentityConstraints);
            _validator.ValidationEventHandler += (_, e) =>
            {
                if (e.Severity == XmlSeverityType.Error)
                {
                    Add(_pointer, TransitErrorCodes.Schema, Tidy(e.Message));
                }
            };
        }

        public List<TransitError> Errors { get; } = [];

        public NctsElement Map(string root, JsonElement value, string pointer, string step)
        {
            _validator.Initialize();
            NctsElement element = Element(root, NctsSchemas.Namespace, value, pointer, step, null);
            _pointer = pointer;
            _validator.EndValidation();
            return element;
        }

        private void Add(string pointer, string code, string reason)
        {
            if (Errors.Count < MaxErrors)
            {
                Errors.Add(new TransitError(pointer, code, reason));
            }
        }

        private NctsElement Element(string name, string ns, JsonElement value, string pointer, string step, NctsElement? parent)
        {
            var element = new NctsElement(name, step, parent);
            parent?.Add(element);
            var info = new XmlSchemaInfo();
            _pointer = pointer;
            _validator.ValidateElement(name, ns, info);

            if (value.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty p in value.EnumerateObject())
                {
                    if (p.Name.StartsWith('@'))
                    {
                        string attributeName = p.Name[1..];
                        _pointer = pointer + "/" + Escape(p.Name);
                        if (p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                        {
                            string text = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
                            element.SetAttribute(attributeName, text);
                            _validator.ValidateAttribute(attributeName, "", text, null);
                        }
                        else
                        {
                            Add(_pointer, TransitErrorCodes.JsonType, $"Attribute '{attributeName}' must be a JSON string.");
                        }
                    }
                }
            }

            _pointer = pointer;
            _validator.ValidateEndOfAttributes(info);

            XmlSchemaType? type = info.SchemaType;
            bool elementOnly = type is XmlSchemaComplexType { ContentType: XmlSchemaContentType.ElementOnly or XmlSchemaContentType.Empty };
            if (value.ValueKind == JsonValueKind.Object)
            {
                if (type is not null && !elementOnly)
                {
                    Add(pointer, TransitErrorCodes.JsonType, $"'{name}' holds a value; it must be a JSON {(IsNumeric(type) ? "number" : "string")}, not an object.");
                }

                var members = value.EnumerateObject().Where(p => !p.Name.StartsWith('@')).ToList();
                if (type is XmlSchemaComplexType complex)
                {
                    var order = NctsSchemas.ChildOrder(complex);
                    members = [.. members.OrderBy(p => order.TryGetValue(p.Name, out int i) ? i : int.MaxValue)];
                }

                foreach (JsonProperty member in members)
                {
                    string memberPointer = pointer + "/" + Escape(member.Name);
                    if (member.Value.ValueKind == JsonValueKind.Array)
                    {
                        // An empty array is an absent element (HMRC's samples write them for optional groups).
                        int i = 0;
                        foreach (JsonElement item in member.Value.EnumerateArray())
                        {
                            string index = i.ToString(CultureInfo.InvariantCulture);
                            Element(member.Name, "", item, memberPointer + "/" + index, Escape(member.Name) + "/" + index, element);
                            i++;
                        }

                    }
                    else
                    {
                        Element(member.Name, "", member.Value, memberPointer, Escape(member.Name), element);
                    }
                }
            }
            else
            {
                string? text = Scalar(name, value, type, pointer);
                if (text is not null)
                {
                    element.Value = text.Trim();
                    _pointer = pointer;
                    _validator.ValidateText(text);
                }
            }

            _pointer = pointer;
            _validator.ValidateEndElement(info);
            return element;
        }

        /// <summary>
        /// The text of a JSON scalar; null when it cannot be used. Strings and numbers both stand for their text, which the
        /// schema then checks (HMRC's samples write sequence numbers both as 1 and as "1"); anything else is refused.
        /// </summary>
        private string? Scalar(string name, JsonElement value, XmlSchemaType? type, string pointer)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    return value.GetString();
                case JsonValueKind.Number:
                    return value.GetRawText();
                case JsonValueKind.Array:
                    Add(pointer, TransitErrorCodes.JsonType, $"'{name}' is an array inside an array; each item must be an object or a value.");
                    return null;
                default:
                    Add(pointer, TransitErrorCodes.JsonType, $"'{name}' is {value.ValueKind.ToString().ToLowerInvariant()}; it must be a JSON {(type is not null && IsNumeric(type) ? "number" : "string")} or be left out.");
                    return null;
            }
        }

        private static bool IsNumeric(XmlSchemaType type) => type.Datatype?.TypeCode is
            XmlTypeCode.Decimal or XmlTypeCode.Integer or XmlTypeCode.NonNegativeInteger or XmlTypeCode.PositiveInteger
            or XmlTypeCode.NonPositiveInteger or XmlTypeCode.NegativeInteger or XmlTypeCode.Long or XmlTypeCode.Int
            or XmlTypeCode.Short or XmlTypeCode.Byte or XmlTypeCode.UnsignedLong or XmlTypeCode.UnsignedInt
            or XmlTypeCode.UnsignedShort or XmlTypeCode.UnsignedByte or XmlTypeCode.Float or XmlTypeCode.Double;
    }
}
