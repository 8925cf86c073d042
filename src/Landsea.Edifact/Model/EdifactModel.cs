using System.Collections.Immutable;
using Landsea.Edifact.Syntax;

namespace Landsea.Edifact.Model;

/// <summary>
/// One data element: its repetitions (one unless syntax version 4's repetition separator was used),
/// each a list of components. Invariant: at least one repetition, each with at least one component (possibly empty).
/// </summary>
public sealed class EdifactElement
{
    public EdifactElement(ImmutableArray<ImmutableArray<string>> repetitions)
    {
        if (repetitions.IsDefaultOrEmpty)
        {
            throw new ArgumentException("An element has at least one repetition of at least one component.", nameof(repetitions));
        }

        foreach (ImmutableArray<string> r in repetitions)
        {
            if (r.IsDefaultOrEmpty)
            {
                throw new ArgumentException("An element has at least one repetition of at least one component.", nameof(repetitions));
            }
        }

        Repetitions = repetitions;
    }

    public ImmutableArray<ImmutableArray<string>> Repetitions { get; }

    /// <summary>The components of the first (usually only) repetition.</summary>
    public ImmutableArray<string> Components => Repetitions[0];

    /// <summary>The value of component <paramref name="index"/> of the first repetition, or "" when absent.</summary>
    public string this[int index] => index < Components.Length ? Components[index] : string.Empty;

    public static EdifactElement Of(params string[] components) => new([[.. components]]);
}

/// <summary>
/// A segment: tag and data elements, as read (trailing empty elements kept). <see cref="Offset"/> is informational.
/// <see cref="Indicators"/> are the explicit nesting and repetition indicators written as components of the tag
/// (ISO 9735, for example <c>LIN:2:1</c>); usually none.
/// </summary>
public sealed class EdifactSegment
{
    public EdifactSegment(string tag, ImmutableArray<EdifactElement> elements, long offset = -1, ImmutableArray<string> indicators = default)
    {
        Tag = tag;
        Elements = elements.IsDefault ? [] : elements;
        Offset = offset;
        Indicators = indicators.IsDefault ? [] : indicators;
    }

    public string Tag { get; }

    /// <summary>Explicit nesting/repetition indicators after the tag (digits), in order; empty when the tag stands alone.</summary>
    public ImmutableArray<string> Indicators { get; }

    public ImmutableArray<EdifactElement> Elements { get; }

    /// <summary>Byte offset in the source, or -1 when built in memory.</summary>
    public long Offset { get; }

    /// <summary>Component <paramref name="component"/> of element <paramref name="element"/> (both 0-based), or "".</summary>
    public string Value(int element, int component = 0) => element < Elements.Length ? Elements[element][component] : string.Empty;

    public static EdifactSegment Of(string tag, params string[][] elements) => new(tag, [.. elements.Select(e => EdifactElement.Of(e))]);

    /// <summary>The same segment without trailing empty components and elements (how a sender omits unused parts).</summary>
    public EdifactSegment Compact()
    {
        var elements = Elements.Select(e => new EdifactElement([.. e.Repetitions.Select(r =>
        {
            int n = r.Length;
            while (n > 1 && r[n - 1].Length == 0)
            {
                n--;
            }

            return r[..n];
        })])).ToList();
        while (elements.Count > 0 && elements[^1].Repetitions.Length == 1 && elements[^1].Components is [""])
        {
            elements.RemoveAt(elements.Count - 1);
        }

        return new EdifactSegment(Tag, [.. elements], Offset, Indicators);
    }

    public override string ToString() => Tag + string.Concat(Indicators.Select(i => ":" + i)) + "+" + string.Join('+', Elements.Select(e => string.Join('*', e.Repetitions.Select(r => string.Join(':', r)))));
}

/// <summary>A message: its UNH, the body segments and its UNT (absent only for a message not yet closed).</summary>
public sealed class EdifactMessage(EdifactSegment header, ImmutableArray<EdifactSegment> body, EdifactSegment? trailer)
{
    public EdifactSegment Header { get; } = header;

    public ImmutableArray<EdifactSegment> Body { get; } = body;

    public EdifactSegment? Trailer { get; } = trailer;

    public string Reference => Header.Value(0);

    public string MessageType => Header.Value(1, 0);

    /// <summary>Directory version and release, for example "D96B" from S009 "D" + "96B".</summary>
    public string Directory => Header.Value(1, 1) + Header.Value(1, 2);

    public string Agency => Header.Value(1, 3);

    /// <summary>All segments in order, UNH and UNT included.</summary>
    public IEnumerable<EdifactSegment> Segments()
    {
        yield return Header;
        foreach (var s in Body)
        {
            yield return s;
        }

        if (Trailer is not null)
        {
            yield return Trailer;
        }
    }
}

/// <summary>A functional group (UNG ... UNE).</summary>
public sealed class EdifactGroup(EdifactSegment header, ImmutableArray<EdifactMessage> messages, EdifactSegment trailer)
{
    public EdifactSegment Header { get; } = header;

    public ImmutableArray<EdifactMessage> Messages { get; } = messages;

    public EdifactSegment Trailer { get; } = trailer;
}

/// <summary>An interchange (UNB ... UNZ) holding either functional groups or messages.</summary>
public sealed class EdifactInterchange(EdifactSegment header, ImmutableArray<EdifactGroup> groups, ImmutableArray<EdifactMessage> messages, EdifactSegment trailer)
{
    public EdifactSegment Header { get; } = header;

    public ImmutableArray<EdifactGroup> Groups { get; } = groups;

    public ImmutableArray<EdifactMessage> Messages { get; } = messages;

    public EdifactSegment Trailer { get; } = trailer;

    /// <summary>Syntax identifier (0001), for example "UNOC".</summary>
    public string SyntaxIdentifier => Header.Value(0, 0);

    /// <summary>Syntax version number (0002): 3 or 4; 0 when unreadable.</summary>
    public int SyntaxVersion => int.TryParse(Header.Value(0, 1), System.Globalization.CultureInfo.InvariantCulture, out int v) ? v : 0;

    public string ControlReference => Header.Value(4);

    public IEnumerable<EdifactMessage> AllMessages() => Groups.IsEmpty ? Messages : Groups.SelectMany(g => g.Messages);
}

/// <summary>
/// A whole EDIFACT document, lossless at segment level: the service string advice if a UNA was present,
/// and either one interchange or bare messages (UNH ... UNT, as in logs and fixtures).
/// </summary>
public sealed class EdifactDocument
{
    public EdifactDocument(ServiceStringAdvice? serviceStringAdvice, EdifactInterchange? interchange, ImmutableArray<EdifactMessage> messages)
    {
        ServiceStringAdvice = serviceStringAdvice;
        Interchange = interchange;
        Messages = messages.IsDefault ? [] : messages;
    }

    public ServiceStringAdvice? ServiceStringAdvice { get; }

    public EdifactInterchange? Interchange { get; }

    /// <summary>Bare messages (empty when <see cref="Interchange"/> is set).</summary>
    public ImmutableArray<EdifactMessage> Messages { get; }

    public IEnumerable<EdifactMessage> AllMessages() => Interchange?.AllMessages() ?? Messages;

    /// <summary>Every segment in document order (UNA excluded).</summary>
    public IEnumerable<EdifactSegment> Segments()
    {
        if (Interchange is null)
        {
            return Messages.SelectMany(m => m.Segments());
        }

        return Enumerate(Interchange);

        static IEnumerable<EdifactSegment> Enumerate(EdifactInterchange i)
        {
            yield return i.Header;
            foreach (var g in i.Groups)
            {
                yield return g.Header;
                foreach (var s in g.Messages.SelectMany(m => m.Segments()))
                {
                    yield return s;
                }

                yield return g.Trailer;
            }

            foreach (var s in i.Messages.SelectMany(m => m.Segments()))
            {
                yield return s;
            }

            yield return i.Trailer;
        }
    }
}
