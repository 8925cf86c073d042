using System.Reflection;
using System.Xml;
using System.Xml.Schema;

namespace Landsea.Declarations.Wco;

/// <summary>The WCO DM 3.6 DEC and RES schemas shipped inside this assembly, compiled once.</summary>
public static class WcoSchemas
{
    public const string MetaDataNamespace = "urn:wco:datamodel:WCO:DocumentMetaData-DMS:2";
    public const string DeclarationNamespace = "urn:wco:datamodel:WCO:DEC-DMS:2";
    public const string ResponseNamespace = "urn:wco:datamodel:WCO:RES-DMS:2";
    public const string DeclarationDsNamespace = "urn:wco:datamodel:WCO:Declaration_DS:DMS:2";
    public const string ResponseDsNamespace = "urn:wco:datamodel:WCO:Response_DS:DMS:2";

    private const string BaseUri = "file:///landsea-schemas/";

    private static readonly Lazy<XmlSchemaSet> s_declaration = new(() => Compile("declaration/DocumentMetaData_2_DMS.xsd", "declaration/WCO_DEC_2_DMS.xsd"));
    private static readonly Lazy<XmlSchemaSet> s_notification = new(() => Compile("notification/DocumentMetaData_2_DMS.xsd", "notification/WCO_RES_2_DMS.xsd"));

    /// <summary>DEC: DocumentMetaData with the Declaration group.</summary>
    public static XmlSchemaSet Declaration => s_declaration.Value;

    /// <summary>RES: DocumentMetaData with the Response group.</summary>
    public static XmlSchemaSet Notification => s_notification.Value;

    private static XmlSchemaSet Compile(params string[] paths)
    {
        var resolver = new EmbeddedSchemaResolver();
        var set = new XmlSchemaSet { XmlResolver = resolver };
        foreach (string path in paths)
        {
            var settings = new XmlReaderSettings { XmlResolver = resolver, DtdProcessing = DtdProcessing.Prohibit };
            using Stream stream = EmbeddedSchemaResolver.Open(path);
            using var reader = XmlReader.Create(stream, settings, BaseUri + path);
            set.Add(null, reader);
        }

        set.Compile();
        return set;
    }

    /// <summary>Resolves schema imports to the embedded copies; refuses anything outside them.</summary>
    private sealed class EmbeddedSchemaResolver : XmlResolver
    {
        public static Stream Open(string relativePath) =>
            Assembly.GetExecutingAssembly().GetManifestResourceStream("Landsea.schemas/" + relativePath)
            ?? throw new InvalidOperationException($"Schema '{relativePath}' is not embedded in Landsea.Domain.");

        /// <summary>
        /// The DEC and RES trees each carry a copy of the UNECE data type schemas; both resolve to one copy so that
        /// a set holding DEC and RES together declares each type once.
        /// </summary>
        public override Uri ResolveUri(Uri? baseUri, string? relativeUri)
        {
            Uri resolved = base.ResolveUri(baseUri, relativeUri);
            int unece = resolved.AbsolutePath.IndexOf("/UNECE/", StringComparison.Ordinal);
            return unece < 0 ? resolved : new Uri(BaseUri + "declaration" + resolved.AbsolutePath[unece..]);
        }

        public override object? GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn)
        {
            const string prefix = "/landsea-schemas/";
            string path = absoluteUri.AbsolutePath;
            if (!absoluteUri.IsFile || !path.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw new XmlException($"Schema location '{absoluteUri}' is outside the embedded schema set.");
            }

            return Open(path[prefix.Length..]);
        }
    }
}
