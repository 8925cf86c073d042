using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Xml;
using System.Xml.Schema;

namespace Landsea.Transit;

/// <summary>
/// The NCTS phase-5 XSDs (DDNTA 51.8.6, vectors/ncts/phase5-xsd-v51.8.6) embedded in this assembly. Every message shares
/// one target namespace and some include a different common-types file, so each message type is compiled as its own
/// schema set, once, on first use.
/// </summary>
public static class NctsSchemas
{
    public const string Namespace = "http://ncts.dgtaxud.ec";

    /// <summary>The DDNTA schema version these sets carry.</summary>
    public const string Version = "51.8.6";

    private const string ResourcePrefix = "Landsea.ncts/";
    private const string BaseUri = "file:///landsea-ncts/";

    private static readonly FrozenSet<string> s_messageTypes = Assembly.GetExecutingAssembly().GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix + "cc", StringComparison.Ordinal) && !n.Contains("include-files", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".xsd".Length].ToUpperInvariant())
        .ToFrozenSet(StringComparer.Ordinal);

    private static readonly ConcurrentDictionary<string, Lazy<XmlSchemaSet>> s_sets = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<XmlSchemaComplexType, FrozenDictionary<string, int>> s_childOrder = new();

    /// <summary>Root element names with a schema, for example <c>CC015C</c>.</summary>
    public static IReadOnlySet<string> MessageTypes => s_messageTypes;

    public static bool Knows(string messageType) => s_messageTypes.Contains(messageType);

    /// <summary>The compiled schema set of one message type. Invariant: <see cref="Knows"/> is true for it.</summary>
    public static XmlSchemaSet For(string messageType)
    {
        if (!Knows(messageType))
        {
            throw new ArgumentException($"No NCTS schema for '{messageType}'.", nameof(messageType));
        }

        return s_sets.GetOrAdd(messageType, t => new Lazy<XmlSchemaSet>(() => Compile(t.ToLowerInvariant() + ".xsd"))).Value;
    }

    /// <summary>
    /// The position of each child element name in a complex type's content model (its sequence, flattened), used to put
    /// JSON members, which have no order, in the order the schema requires.
    /// </summary>
    internal static FrozenDictionary<string, int> ChildOrder(XmlSchemaComplexType type) =>
        s_childOrder.GetOrAdd(type, t =>
        {
            var order = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (XmlSchemaElement e in ChildElements(t))
            {
                order.TryAdd(e.QualifiedName.Name, order.Count);
            }

            return order.ToFrozenDictionary(StringComparer.Ordinal);
        });

    private static readonly ConditionalWeakTable<XmlSchemaComplexType, XmlSchemaElement[]> s_children = [];

    /// <summary>
    /// The element declarations of a complex type's content model, in order (sequences and choices flattened); walked once
    /// per compiled type (every answer the node writes projects through them).
    /// </summary>
    internal static IReadOnlyList<XmlSchemaElement> ChildElements(XmlSchemaComplexType type) =>
        s_children.GetValue(type, static t =>
        {
            var list = new List<XmlSchemaElement>();
            Walk(t.ContentTypeParticle, list);
            return [.. list];
        });

    private static void Walk(XmlSchemaParticle? particle, List<XmlSchemaElement> list)
    {
        switch (particle)
        {
            case XmlSchemaElement e:
                list.Add(e);
                break;
            case XmlSchemaGroupBase group:
                foreach (XmlSchemaObject item in group.Items)
                {
                    Walk(item as XmlSchemaParticle, list);
                }

                break;
            case XmlSchemaGroupRef reference:
                Walk(reference.Particle, list);
                break;
        }
    }

    /// <summary>The type of a message's root element.</summary>
    internal static XmlSchemaComplexType RootType(string messageType) =>
        (XmlSchemaComplexType)((XmlSchemaElement)For(messageType).GlobalElements[new XmlQualifiedName(messageType, Namespace)]!).ElementSchemaType!;

    private static XmlSchemaSet Compile(string path)
    {
        var resolver = new EmbeddedResolver();
        var set = new XmlSchemaSet { XmlResolver = resolver };
        var settings = new XmlReaderSettings { XmlResolver = resolver, DtdProcessing = DtdProcessing.Prohibit };
        using (Stream stream = EmbeddedResolver.Open(path))
        using (var reader = XmlReader.Create(stream, settings, BaseUri + path))
        {
            set.Add(null, reader);
        }

        set.Compile();
        return set;
    }

    /// <summary>Resolves includes to the embedded copies; refuses anything outside them.</summary>
    private sealed class EmbeddedResolver : XmlResolver
    {
        public static Stream Open(string relativePath) =>
            Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourcePrefix + relativePath)
            ?? throw new InvalidOperationException($"NCTS schema '{relativePath}' is not embedded in Landsea.Domain.");

        public override object? GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn)
        {
            const string prefix = "/landsea-ncts/";
            string path = absoluteUri.AbsolutePath;
            if (!absoluteUri.IsFile || !path.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw new XmlException($"Schema location '{absoluteUri}' is outside the embedded NCTS schema set.");
            }

            return Open(path[prefix.Length..]);
        }
    }
}

/// <summary>Facts about one message type read from its schema, so rules follow the schema rather than a list.</summary>
internal static class NctsSchemaFacts
{
    private static readonly ConcurrentDictionary<string, bool> s_eitherMrnOrLrn = new(StringComparer.Ordinal);

    /// <summary>True when the message's TransitOperation has both LRN and MRN, each optional: rule C0467 applies.</summary>
    public static bool AllowsMrnOrLrn(string messageType) => s_eitherMrnOrLrn.GetOrAdd(messageType, t =>
    {
        XmlSchemaSet set = NctsSchemas.For(t);
        if (set.GlobalElements[new XmlQualifiedName(t, NctsSchemas.Namespace)] is not XmlSchemaElement { ElementSchemaType: XmlSchemaComplexType root }
            || Find(root.ContentTypeParticle, "TransitOperation") is not { ElementSchemaType: XmlSchemaComplexType operation })
        {
            return false;
        }

        return Find(operation.ContentTypeParticle, "LRN") is { MinOccurs: 0 } && Find(operation.ContentTypeParticle, "MRN") is { MinOccurs: 0 };
    });

    private static XmlSchemaElement? Find(XmlSchemaParticle? particle, string name) => particle switch
    {
        XmlSchemaElement e when e.QualifiedName.Name == name => e,
        XmlSchemaGroupBase g => g.Items.OfType<XmlSchemaParticle>().Select(p => Find(p, name)).FirstOrDefault(e => e is not null),
        _ => null,
    };
}
