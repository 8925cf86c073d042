using System.Xml;
using Landsea.Declarations.Wco;
using Landsea.Tests;

namespace Landsea.Domain.Tests.Declarations;

/// <summary>The WCO DEC samples shipped in vectors/, classified once.</summary>
internal static class WcoSamples
{
    public static string Folder { get; } = Repository.Path("vectors", "wco-dm-uk-cds", "examples", "annotated_XML_samples");

    /// <summary>Lodge day used by contract tests: after HS 2022 came into force.</summary>
    public static DateOnly LodgedOn { get; } = new(2026, 11, 26);

    /// <summary>Scenario files (TT_*) whose root is md:MetaData holding a Declaration, plus those that are not well-formed.</summary>
    public static IReadOnlyList<string> ScenarioDeclarations { get; } = Directory
        .EnumerateFiles(Folder, "*.xml", SearchOption.AllDirectories)
        .Where(f => System.IO.Path.GetRelativePath(Folder, f).StartsWith("TT_", StringComparison.Ordinal))
        .Where(f => IsDeclarationOrMalformed(f))
        .Order(StringComparer.Ordinal)
        .ToList();

    public static IReadOnlyList<string> Malformed { get; } = ScenarioDeclarations.Where(f => !WellFormed(f)).ToList();

    public static string Relative(string file) => System.IO.Path.GetRelativePath(Folder, file);

    private static bool IsDeclarationOrMalformed(string file)
    {
        string text = File.ReadAllText(file);
        if (!WellFormed(file))
        {
            return text.Contains(WcoSchemas.DeclarationNamespace, StringComparison.Ordinal);
        }

        var doc = new XmlDocument { XmlResolver = null };
        doc.Load(file);
        return doc.DocumentElement is { LocalName: "MetaData", NamespaceURI: WcoSchemas.MetaDataNamespace } root
            && root.ChildNodes.OfType<XmlElement>().Any(e => e is { LocalName: "Declaration", NamespaceURI: WcoSchemas.DeclarationNamespace });
    }

    private static bool WellFormed(string file)
    {
        try
        {
            using var reader = XmlReader.Create(file, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            while (reader.Read())
            {
            }

            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }
}
