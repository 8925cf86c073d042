using System.Collections.Immutable;
using System.Globalization;
using Landsea.Edifact.Directories;
using Landsea.Edifact.Model;

namespace Landsea.Edifact.Samples;

/// <summary>
/// Builds synthetic, directory-valid messages from a segment table: every element filled with a value of the
/// right format (a code from the code list where there is one). With <c>full</c> every optional segment and group
/// appears (twice where it may repeat), so a message covers its whole table; otherwise the random source decides.
/// Used by tests and the benchmark; deterministic for a given seed.
/// </summary>
internal sealed class SampleBuilder(EdifactDirectory directory, Random random)
{
    private const string Letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Text = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,-()/";

    /// <summary>Adds service characters to some free-text values, to exercise release characters.</summary>
    public bool Escapes { get; init; }

    public EdifactMessage Message(string messageType, string reference, bool full)
    {
        MessageDefinition definition = directory.Messages[messageType];
        var body = new List<EdifactSegment>();
        foreach (var child in definition.Root.Children.Skip(1).SkipLast(1))
        {
            Emit(child, full, body, depth: 0);
        }

        string version = messageType == "CONTRL" ? "4" : directory.Name[..1];
        string release = messageType == "CONTRL" ? "1" : directory.Name[1..];
        var unh = EdifactSegment.Of("UNH", [reference], [messageType, version, release, "UN"]);
        var unt = EdifactSegment.Of("UNT", [(body.Count + 2).ToString(CultureInfo.InvariantCulture)], [reference]);
        return new EdifactMessage(unh, [.. body], unt);
    }

    /// <summary>An interchange (syntax version 3, UNOC) around <paramref name="messages"/>.</summary>
    public static EdifactDocument Interchange(IEnumerable<EdifactMessage> messages, string reference = "IC0001", string syntax = "UNOC", int version = 3)
    {
        ImmutableArray<EdifactMessage> list = [.. messages];
        string date = version >= 4 ? "20250131" : "250131";
        var unb = EdifactSegment.Of("UNB", [syntax, version.ToString(CultureInfo.InvariantCulture)], ["LANDSEA", "ZZZ"], ["CUSTOMS", "ZZZ"], [date, "1200"], [reference]);
        var unz = EdifactSegment.Of("UNZ", [list.Length.ToString(CultureInfo.InvariantCulture)], [reference]);
        return new EdifactDocument(null, new EdifactInterchange(unb, [], list, unz), []);
    }

    private void Emit(StructureNode node, bool full, List<EdifactSegment> output, int depth)
    {
        int times = node.Required ? 1 : full ? 1 : random.Next(3) == 0 ? 1 : 0;
        if (full && node.MaxRepeat > 1 && depth < 2)
        {
            times = 2;
        }
        else if (!full && times == 1 && node.MaxRepeat > 1 && random.Next(3) == 0)
        {
            times = 2;
        }

        for (int t = 0; t < times; t++)
        {
            if (node.IsGroup)
            {
                output.Add(Segment(node.Children[0].Id));
                foreach (var child in node.Children.Skip(1))
                {
                    Emit(child, full, output, depth + 1);
                }
            }
            else
            {
                output.Add(Segment(node.Id));
            }
        }
    }

    private EdifactSegment Segment(string tag)
    {
        SegmentDefinition definition = directory.Segments[tag];
        var elements = ImmutableArray.CreateBuilder<EdifactElement>(definition.Elements.Length);
        foreach (var e in definition.Elements)
        {
            elements.Add(new EdifactElement([[.. e.Components.Select(Value)]]));
        }

        return new EdifactSegment(tag, elements.MoveToImmutable());
    }

    private string Value(DataElementDefinition d)
    {
        if (d.Codes is { Codes.Count: > 0 } codes)
        {
            string code = codes.Codes[random.Next(codes.Codes.Count)];
            if (code.Length >= d.MinLength && (d.MaxLength == 0 || code.Length <= d.MaxLength) && code.All(ch => ch < 128))
            {
                return code;
            }
        }

        int max = d.MaxLength == 0 ? 6 : d.MaxLength;
        int length = d.MinLength == max ? max : random.Next(Math.Max(1, d.MinLength), Math.Min(max, 12) + 1);
        Span<char> chars = stackalloc char[length];
        string alphabet = d.Kind switch { ValueKind.Numeric => "0123456789", ValueKind.Alphabetic => Letters, _ => Text };
        for (int i = 0; i < length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        if (d.Kind == ValueKind.Alphanumeric && Escapes && length >= 4 && random.Next(4) == 0)
        {
            chars[random.Next(length)] = "+:?'"[random.Next(4)];
        }

        if (chars[0] == ' ' || chars[^1] == ' ')
        {
            chars[0] = 'X';
            chars[^1] = 'Y';
        }

        return new string(chars);
    }
}
