using System.Text;
using Landsea.Declarations;
using Landsea.Declarations.Wco;
using Landsea.Transit;

namespace Landsea.Domain.Tests.Declarations;

/// <summary>
/// Issue 16 item 5: a 5 MB document of deeply nested elements kept a node busy for 120 s and took 2.8 GB before it was
/// refused, because every element keeps its pointer (a string as long as its depth). It is now refused at the 65th level.
/// </summary>
public class BoundedXmlTests
{
    private static byte[] Nested(string rootOpen, string rootClose, int bytes) =>
        NestedTo(rootOpen, rootClose, (bytes - rootOpen.Length - rootClose.Length) / 7); // "<a>" + "</a>"

    private static byte[] NestedTo(string rootOpen, string rootClose, int depth)
    {
        var sb = new StringBuilder((depth * 7) + 256).Append(rootOpen);
        sb.Insert(sb.Length, "<a>", depth).Insert(sb.Length, "</a>", depth);
        return Encoding.UTF8.GetBytes(sb.Append(rootClose).ToString());
    }

    [Fact]
    public void A_five_megabyte_declaration_of_nested_elements_is_refused_with_LS007_at_the_depth_limit()
    {
        byte[] hostile = Nested("<md:MetaData xmlns:md=\"urn:wco:datamodel:WCO:DocumentMetaData-DMS:2\">", "</md:MetaData>", 5 * 1024 * 1024 - 1024);

        long before = GC.GetAllocatedBytesForCurrentThread();
        DeclarationCheck check = WcoDeclarationReader.Read(hostile, new DateOnly(2026, 12, 2));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Null(check.Declaration);
        DeclarationError error = Assert.Single(check.Errors, e => e.Code == ErrorCodes.TooComplex);
        Assert.Contains("64", error.Reason, StringComparison.Ordinal);
        // Reading stopped at the limit: far less than the document's own size was allocated (it was gigabytes).
        Assert.True(allocated < hostile.Length, $"allocated {allocated:N0} bytes for a {hostile.Length:N0}-byte document");
    }

    [Fact]
    public void A_declaration_nested_to_the_limit_is_not_refused_for_its_depth()
    {
        byte[] deepButAllowed = NestedTo("<md:MetaData xmlns:md=\"urn:wco:datamodel:WCO:DocumentMetaData-DMS:2\">", "</md:MetaData>", Landsea.Shared.XmlLimits.MaxDepth - 1);

        DeclarationCheck check = WcoDeclarationReader.Read(deepButAllowed, new DateOnly(2026, 12, 2));

        Assert.DoesNotContain(check.Errors, e => e.Code == ErrorCodes.TooComplex);
        Assert.NotEmpty(check.Errors); // the schema still refuses the unknown elements
    }

    [Fact]
    public void A_nested_ncts_message_is_refused_with_LS504()
    {
        byte[] hostile = Nested("<ncts:CC015C xmlns:ncts=\"http://ncts.dgtaxud.ec\">", "</ncts:CC015C>", 2 * 1024 * 1024);

        TransitCheck check = NctsReader.Read(hostile);

        Assert.Null(check.Message);
        Assert.Contains(check.Errors, e => e.Code == TransitErrorCodes.TooComplex);
    }
}
