using System.Xml;

namespace Landsea.Shared;

/// <summary>
/// The bounds every XML document reader keeps (WCO declarations, NCTS messages): each element the readers keep holds
/// its pointer, a string as long as its depth, so nesting is what costs memory, and the element count what costs time;
/// attributes per element and the length of a text are bounded by <see cref="Prescan"/> before parsing.
/// </summary>
public static class XmlLimits
{
    /// <summary>Deepest element nesting read (a WCO declaration or an NCTS message needs about ten levels).</summary>
    public const int MaxDepth = 64;

    /// <summary>Most elements read from one document (999 goods items of a full declaration stay far below).</summary>
    public const int MaxElements = 250_000;

    /// <summary>Most attributes on one element (a WCO or NCTS element carries one or two, plus namespace declarations).</summary>
    public const int MaxAttributes = 64;

    /// <summary>
    /// One linear pass over the bytes before any parsing: why reading must not start (an element with more than
    /// <see cref="MaxAttributes"/> attributes, or a text run or attribute value longer than
    /// <see cref="ErrorCap.MaxTextBytes"/>), or null. Schema validation raises one event per undeclared attribute and
    /// holds a text node whole, so these bounds must hold before the validating reader sees the document. Comments,
    /// processing instructions, CDATA and DOCTYPE are skipped over (the readers refuse or ignore them).
    /// </summary>
    public static string? Prescan(ReadOnlySpan<byte> xml)
    {
        int line = 1;
        int i = 0;
        int textStart = 0;
        while (i < xml.Length)
        {
            int lt = xml[i..].IndexOf((byte)'<');
            int textEnd = lt < 0 ? xml.Length : i + lt;
            line += xml[i..textEnd].Count((byte)'\n');
            if (textEnd - textStart > ErrorCap.MaxTextBytes)
            {
                return $"A text is longer than {ErrorCap.MaxTextBytes:N0} bytes (ending at line {line}); no customs field is anywhere near that long. Reading did not start.";
            }

            if (lt < 0)
            {
                return null;
            }

            i = textEnd + 1;
            if (i < xml.Length && (xml[i] == (byte)'!' || xml[i] == (byte)'?'))
            {
                ReadOnlySpan<byte> close = xml[i..].StartsWith("!--"u8) ? "-->"u8 : xml[i..].StartsWith("![CDATA["u8) ? "]]>"u8 : xml[i] == (byte)'?' ? "?>"u8 : ">"u8;
                int end = xml[i..].IndexOf(close);
                int stop = end < 0 ? xml.Length : i + end + close.Length;
                line += xml[i..stop].Count((byte)'\n');
                i = stop;
                textStart = i;
                continue;
            }

            int attributes = 0;
            byte quote = 0;
            int valueStart = 0;
            for (; i < xml.Length; i++)
            {
                byte b = xml[i];
                if (b == (byte)'\n')
                {
                    line++;
                }

                if (quote != 0)
                {
                    if (b == quote)
                    {
                        quote = 0;
                        if (i - valueStart > ErrorCap.MaxTextBytes)
                        {
                            return $"An attribute value is longer than {ErrorCap.MaxTextBytes:N0} bytes (line {line}). Reading did not start.";
                        }
                    }
                }
                else if (b == (byte)'"' || b == (byte)'\'')
                {
                    quote = b;
                    valueStart = i;
                }
                else if (b == (byte)'=' && ++attributes > MaxAttributes)
                {
                    return $"An element carries more than {MaxAttributes} attributes (line {line}); a customs element needs one or two. Reading did not start.";
                }
                else if (b == (byte)'>')
                {
                    i++;
                    break;
                }
            }

            textStart = i;
        }

        return null;
    }

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
