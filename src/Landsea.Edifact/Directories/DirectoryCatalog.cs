using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using System.Xml;

namespace Landsea.Edifact.Directories;

/// <summary>
/// One UN/EDIFACT directory (for example D96B): segment definitions (with the service segments of syntax
/// version 4 filling the gaps), message segment tables and code lists.
/// </summary>
public sealed class EdifactDirectory
{
    internal EdifactDirectory(string name, FrozenDictionary<string, SegmentDefinition> segments, FrozenDictionary<string, MessageDefinition> messages, FrozenDictionary<string, CodeList> codes)
    {
        Name = name;
        Segments = segments;
        Messages = messages;
        CodeLists = codes;
        SegmentsByKey = segments.Values.ToFrozenDictionary(s => TagKeys.Of(s.Tag));
    }

    /// <summary>"D96B".</summary>
    public string Name { get; }

    public FrozenDictionary<string, SegmentDefinition> Segments { get; }

    internal FrozenDictionary<int, SegmentDefinition> SegmentsByKey { get; }

    /// <summary>Message segment tables by message type ("CUSDEC"); CONTRL comes from the service directory.</summary>
    public FrozenDictionary<string, MessageDefinition> Messages { get; }

    /// <summary>Code lists by data element id ("3227").</summary>
    public FrozenDictionary<string, CodeList> CodeLists { get; }
}

/// <summary>
/// The directories shipped with Landsea (embedded from vectors/edifact, php-edifact-mapping, LGPL-3.0).
/// Each directory is parsed once, on first use, and shared; instances are immutable and thread-safe.
/// </summary>
public static class DirectoryCatalog
{
    private const string ResourcePrefix = "edifact/";
    private static readonly ConcurrentDictionary<string, Lazy<EdifactDirectory>> s_loaded = new(StringComparer.Ordinal);

    /// <summary>Directories shipped: "D96B", "D01B", "D21A".</summary>
    public static IReadOnlyList<string> Shipped { get; } = ["D96B", "D01B", "D21A"];

    /// <summary>The message types whose segment tables are shipped for <paramref name="directory"/>.</summary>
    public static IReadOnlyList<string> MessageTypes(string directory) =>
        [.. ResourceNames().Where(n => n.StartsWith(ResourcePrefix + directory + "/messages/", StringComparison.Ordinal))
            .Select(n => Path.GetFileNameWithoutExtension(n).ToUpperInvariant()).Append("CONTRL").Distinct().Order(StringComparer.Ordinal)];

    public static bool IsShipped(string directory) => Shipped.Contains(directory, StringComparer.Ordinal);

    public static bool TryGet(string directory, out EdifactDirectory result)
    {
        if (!IsShipped(directory))
        {
            result = null!;
            return false;
        }

        result = s_loaded.GetOrAdd(directory, d => new Lazy<EdifactDirectory>(() => Load(d))).Value;
        return true;
    }

    public static EdifactDirectory Get(string directory) =>
        TryGet(directory, out var d) ? d : throw new ArgumentException($"Directory {directory} is not shipped.", nameof(directory));

    private static readonly Lazy<FrozenDictionary<int, SegmentDefinition>> s_envelope3 = new(() => LoadEnvelope(3));
    private static readonly Lazy<FrozenDictionary<int, SegmentDefinition>> s_envelope4 = new(() => LoadEnvelope(4));

    /// <summary>
    /// UNB, UNG, UNE and UNZ as syntax version <paramref name="syntaxVersion"/> defines them, by tag key: the version 4
    /// service segments, with the version's service code lists (0007, 0025, 0029, 0031, 0035) and, for
    /// versions 2 and 3, the date 0017 as n6 (YYMMDD) instead of n8.
    /// </summary>
    internal static FrozenDictionary<int, SegmentDefinition> EnvelopeSegments(int syntaxVersion) =>
        syntaxVersion >= 4 ? s_envelope4.Value : s_envelope3.Value;

    private static FrozenDictionary<int, SegmentDefinition> LoadEnvelope(int version)
    {
        FrozenDictionary<string, CodeList> all = LoadCodes($"D96B/service_codes_v{version}.xml");
        // 0001 (syntax identifier) is the envelope walker's: it knows the character sets Landsea reads (UNOW too).
        string[] checkedLists = ["0007", "0025", "0029", "0031", "0035"];
        var codes = all.Where(kv => checkedLists.Contains(kv.Key)).ToFrozenDictionary(StringComparer.Ordinal);
        var result = new Dictionary<int, SegmentDefinition>();
        foreach (SegmentDefinition s in LoadSegments("Service_V4/segments.xml", codes))
        {
            if (s.Tag is not ("UNB" or "UNG" or "UNE" or "UNZ"))
            {
                continue;
            }

            SegmentDefinition adjusted = version >= 4 ? s : s with
            {
                Elements = [.. s.Elements.Select(e => e with
                {
                    Components = [.. e.Components.Select(c => c.Id == "0017" ? c with { MinLength = 6, MaxLength = 6 } : c)],
                })],
            };
            result[TagKeys.Of(s.Tag)] = adjusted;
        }

        return result.ToFrozenDictionary();
    }

    private static string[] ResourceNames() => typeof(DirectoryCatalog).Assembly.GetManifestResourceNames();

    private static EdifactDirectory Load(string name)
    {
        var codes = LoadCodes(name + "/codes.xml");
        var segments = new Dictionary<string, SegmentDefinition>(StringComparer.Ordinal);
        foreach (var s in LoadSegments("Service_V4/segments.xml", FrozenDictionary<string, CodeList>.Empty))
        {
            segments[s.Tag] = s;
        }

        foreach (var s in LoadSegments(name + "/segments.xml", codes))
        {
            if (!s.Tag.StartsWith("UN", StringComparison.Ordinal) || !segments.ContainsKey(s.Tag))
            {
                segments[s.Tag] = s;
            }
        }

        var messages = new Dictionary<string, MessageDefinition>(StringComparer.Ordinal);
        string prefix = ResourcePrefix + name + "/messages/";
        foreach (string resource in ResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            string type = Path.GetFileNameWithoutExtension(resource).ToUpperInvariant();
            messages[type] = LoadMessage(resource[ResourcePrefix.Length..], type, name);
        }

        messages["CONTRL"] = LoadMessage("Service_V4/messages/contrl.xml", "CONTRL", name);
        return new EdifactDirectory(name, segments.ToFrozenDictionary(StringComparer.Ordinal), messages.ToFrozenDictionary(StringComparer.Ordinal), codes);
    }

    private static XmlReader Open(string relative)
    {
        Stream stream = typeof(DirectoryCatalog).Assembly.GetManifestResourceStream(ResourcePrefix + relative)
            ?? throw new InvalidOperationException($"Embedded directory file {relative} is missing from the assembly.");
        return XmlReader.Create(stream, new XmlReaderSettings { IgnoreComments = true, IgnoreWhitespace = true, DtdProcessing = DtdProcessing.Prohibit, CloseInput = true });
    }

    private static FrozenDictionary<string, CodeList> LoadCodes(string relative)
    {
        var lists = new Dictionary<string, CodeList>(StringComparer.Ordinal);
        using XmlReader xml = Open(relative);
        string? current = null;
        var values = new List<string>();
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (xml.Name == "data_element")
            {
                Flush();
                current = xml.GetAttribute("id");
            }
            else if (xml.Name == "code" && current is not null && xml.GetAttribute("id") is { } code)
            {
                values.Add(code);
            }
        }

        Flush();
        return lists.ToFrozenDictionary(StringComparer.Ordinal);

        void Flush()
        {
            if (current is not null && values.Count > 0)
            {
                lists[current] = new CodeList(current, values);
            }

            values.Clear();
        }
    }

    private static List<SegmentDefinition> LoadSegments(string relative, FrozenDictionary<string, CodeList> codes)
    {
        var result = new List<SegmentDefinition>();
        using XmlReader xml = Open(relative);
        string? tag = null;
        string segmentName = "";
        var elements = new List<ElementDefinition>();
        string? compositeId = null;
        string compositeName = "";
        bool compositeRequired = false;
        var components = new List<DataElementDefinition>();
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element)
            {
                switch (xml.Name)
                {
                    case "segment":
                        tag = xml.GetAttribute("id");
                        segmentName = xml.GetAttribute("name") ?? "";
                        elements.Clear();
                        if (xml.IsEmptyElement)
                        {
                            Close();
                        }

                        break;
                    case "composite_data_element":
                        compositeId = xml.GetAttribute("id") ?? "";
                        compositeName = xml.GetAttribute("name") ?? "";
                        compositeRequired = xml.GetAttribute("required") == "true";
                        components.Clear();
                        if (xml.IsEmptyElement)
                        {
                            CloseComposite();
                        }

                        break;
                    case "data_element":
                        var element = ReadDataElement(xml, codes);
                        if (compositeId is not null)
                        {
                            components.Add(element);
                        }
                        else
                        {
                            elements.Add(new ElementDefinition(element.Id, element.Name, element.Required, false, [element with { Required = true }]));
                        }

                        break;
                    default:
                        break;
                }
            }
            else if (xml.NodeType == XmlNodeType.EndElement)
            {
                if (xml.Name == "composite_data_element")
                {
                    CloseComposite();
                }
                else if (xml.Name == "segment")
                {
                    Close();
                }
            }
        }

        return result;

        void CloseComposite()
        {
            elements.Add(new ElementDefinition(compositeId!, compositeName, compositeRequired, true, [.. components]));
            compositeId = null;
        }

        void Close()
        {
            if (tag is not null)
            {
                result.Add(new SegmentDefinition(tag, segmentName, [.. elements]));
            }

            tag = null;
        }
    }

    private static DataElementDefinition ReadDataElement(XmlReader xml, FrozenDictionary<string, CodeList> codes)
    {
        string id = xml.GetAttribute("id") ?? "";
        ValueKind kind = xml.GetAttribute("type") switch
        {
            "a" => ValueKind.Alphabetic,
            "n" => ValueKind.Numeric,
            _ => ValueKind.Alphanumeric,
        };
        int min = 0;
        int max = 0;
        if (int.TryParse(xml.GetAttribute("length"), NumberStyles.None, CultureInfo.InvariantCulture, out int fixedLength))
        {
            min = max = fixedLength;
        }
        else if (int.TryParse(xml.GetAttribute("maxlength"), NumberStyles.None, CultureInfo.InvariantCulture, out int maxLength))
        {
            max = maxLength;
        }

        return new DataElementDefinition(id, xml.GetAttribute("name") ?? "", xml.GetAttribute("required") == "true", kind, min, max, codes.GetValueOrDefault(id));
    }

    private static MessageDefinition LoadMessage(string relative, string type, string directory)
    {
        using XmlReader xml = Open(relative);
        var stack = new Stack<(string Id, int Max, bool Required, List<StructureNode> Children)>();
        stack.Push((type, 1, true, []));
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.Name is "segment" or "group")
            {
                string id = xml.GetAttribute("id") ?? "";
                int max = int.TryParse(xml.GetAttribute("maxrepeat"), NumberStyles.None, CultureInfo.InvariantCulture, out int m) ? m : 1;
                bool required = xml.GetAttribute("required") == "true";
                if (xml.Name == "segment")
                {
                    stack.Peek().Children.Add(new StructureNode(id, false, max, required, []));
                }
                else if (xml.IsEmptyElement)
                {
                    throw new InvalidOperationException($"Empty segment group {id} in {relative}.");
                }
                else
                {
                    stack.Push((id, max, required, []));
                }
            }
            else if (xml.NodeType == XmlNodeType.EndElement && xml.Name == "group")
            {
                var g = stack.Pop();
                stack.Peek().Children.Add(new StructureNode(g.Id, true, g.Max, g.Required, [.. g.Children]));
            }
        }

        var root = stack.Pop();
        return new MessageDefinition(type, directory, new StructureNode(root.Id, true, 1, true, [.. root.Children]));
    }
}
