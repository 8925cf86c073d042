using System.Xml;

namespace Landsea.Shared;

/// <summary>
/// The bounds every XML document reader keeps (WCO declarations, NCTS messages): each element the readers keep holds
/// its pointer, a string as long as its depth, so nesting is what costs memory, and the element count what costs time.
/// </summary>
public static class XmlLimits
{
    /// <summary>Deepest element nesting read (a WCO declaration or an NCTS message needs about ten levels).</summary>
    public const int MaxDepth = 64;

    /// <summary>Most elements read from one document (999 goods items of a full declaration stay far below).</summary>
    public const int MaxElements = 250_000;

    /// <summary>
    /// Called on each start tag, with the depth of its parent and the count of elements so far (incremented here):
    /// why reading must stop, or null while the document is within the bounds.
    /// </summary>
    public static string? Exceeded(XmlReader reader, int depth, ref int elements)
    {
        int line = reader is IXmlLineInfo info ? info.LineNumber : 0;
        if (depth >= MaxDepth)
        {
            return $"Elements are nested deeper than {MaxDepth} levels (line {line}); a document needs about ten. Reading stopped here.";
        }

        return ++elements > MaxElements ? $"The document holds more than {MaxElements:N0} elements (line {line}). Reading stopped here." : null;
    }
}
