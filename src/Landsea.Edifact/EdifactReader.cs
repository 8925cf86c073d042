using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Landsea.Edifact.Model;
using Landsea.Edifact.Syntax;
using Landsea.Edifact.Validation;

namespace Landsea.Edifact;

/// <summary>The outcome of reading: a document when the input was sound, otherwise none, and the issues found.</summary>
public sealed record EdifactReadResult(EdifactDocument? Document, IReadOnlyList<EdifactIssue> Issues)
{
    public bool Succeeded => Document is not null;
}

/// <summary>
/// Reads EDIFACT bytes into the lossless segment tree. All or nothing: any syntax-level error (truncation,
/// oversized segment, envelope order, control counts, references, characters outside the declared set)
/// yields no document, so nothing is half-imported. Directory validation is <see cref="EdifactValidator"/>'s job.
/// </summary>
public static class EdifactReader
{
    public static EdifactReadResult Read(ReadOnlySpan<byte> data, EdifactReadOptions? options = null)
    {
        options ??= EdifactReadOptions.Default;
        var issues = new IssueList(options.MaxIssues);
        var walker = new EnvelopeWalker(options, issues);
        var sink = new TreeSink();
        walker.Run(data, sink);
        if (walker.Fatal || issues.ErrorCount > 0)
        {
            return new EdifactReadResult(null, issues.Items);
        }

        EdifactDocument document = sink.Build(walker.Una);
        return new EdifactReadResult(document, issues.Items);
    }

    /// <summary>Decodes the tokenizer's current segment into a model segment.</summary>
    internal static EdifactSegment Decode(ref EdifactTokenizer tokenizer, CharacterSet charset, long offset, ShortStrings? strings = null)
    {
        string tag = strings?.Get(tokenizer.Tag, charset) ?? charset.Decode(tokenizer.Tag);
        int count = tokenizer.ElementCount;
        var elements = new EdifactElement[count];
        for (int e = 0; e < count; e++)
        {
            int repetitions = tokenizer.RepetitionCount(e);
            var reps = new ImmutableArray<string>[repetitions];
            for (int r = 0; r < repetitions; r++)
            {
                int components = tokenizer.ComponentCount(e, r);
                var values = new string[components];
                for (int c = 0; c < components; c++)
                {
                    ReadOnlySpan<byte> value = tokenizer.GetComponent(e, c, r);
                    values[c] = strings?.Get(value, charset) ?? charset.Decode(value);
                }

                reps[r] = ImmutableCollectionsMarshal.AsImmutableArray(values);
            }

            elements[e] = new EdifactElement(ImmutableCollectionsMarshal.AsImmutableArray(reps));
        }

        ImmutableArray<string> indicators = [];
        if (tokenizer.TagComponentCount > 1)
        {
            var list = ImmutableArray.CreateBuilder<string>(tokenizer.TagComponentCount - 1);
            for (int i = 1; i < tokenizer.TagComponentCount; i++)
            {
                list.Add(charset.Decode(tokenizer.TagComponent(i)));
            }

            indicators = list.MoveToImmutable();
        }

        return new EdifactSegment(tag, ImmutableCollectionsMarshal.AsImmutableArray(elements), offset, indicators);
    }

    private sealed class TreeSink : ISegmentSink
    {
        private readonly ShortStrings _strings = new();
        private readonly List<EdifactMessage> _bare = [];
        private readonly List<EdifactMessage> _interchangeMessages = [];
        private readonly List<EdifactGroup> _groups = [];
        private readonly List<EdifactMessage> _groupMessages = [];
        private readonly List<EdifactSegment> _body = [];
        private EdifactSegment? _unb;
        private EdifactSegment? _unz;
        private EdifactSegment? _ung;
        private EdifactSegment? _unh;

        public void OnSegment(ref EdifactTokenizer tokenizer, in SegmentContext context)
        {
            if (context.Role == SegmentRole.Stray)
            {
                return;
            }

            EdifactSegment segment = Decode(ref tokenizer, context.CharacterSet, context.Offset, _strings);
            switch (context.Role)
            {
                case SegmentRole.InterchangeHeader:
                    _unb = segment;
                    break;
                case SegmentRole.GroupHeader:
                    _ung = segment;
                    _groupMessages.Clear();
                    break;
                case SegmentRole.MessageHeader:
                    _unh = segment;
                    _body.Clear();
                    break;
                case SegmentRole.MessageBody:
                    _body.Add(segment);
                    break;
                case SegmentRole.MessageTrailer:
                    var message = new EdifactMessage(_unh!, [.. _body], segment);
                    (_ung is not null ? _groupMessages : _unb is not null ? _interchangeMessages : _bare).Add(message);
                    break;
                case SegmentRole.GroupTrailer:
                    _groups.Add(new EdifactGroup(_ung!, [.. _groupMessages], segment));
                    _ung = null;
                    break;
                case SegmentRole.InterchangeTrailer:
                    _unz = segment;
                    break;
                default:
                    break;
            }
        }

        public EdifactDocument Build(ServiceStringAdvice? una)
        {
            EdifactInterchange? interchange = _unb is null
                ? null
                : new EdifactInterchange(_unb, [.. _groups], [.. _interchangeMessages], _unz!);
            return new EdifactDocument(una, interchange, [.. _bare]);
        }
    }

    /// <summary>
    /// Shares the strings of short ASCII values (codes, qualifiers, tags: up to 4 bytes), which repeat throughout a
    /// document, so reading allocates each of them once. ASCII decodes the same in every supported character set.
    /// </summary>
    internal sealed class ShortStrings
    {
        private readonly Dictionary<uint, string> _cache = [];

        public string? Get(ReadOnlySpan<byte> value, CharacterSet charset)
        {
            if (value.Length is 0 or > 4)
            {
                return value.IsEmpty ? string.Empty : null;
            }

            // The length leads, then 7 bits per byte: distinct values of up to 4 ASCII bytes get distinct keys.
            uint key = (uint)value.Length;
            for (int i = 0; i < value.Length; i++)
            {
                if (value[i] >= 0x80)
                {
                    return null;
                }

                key = (key << 7) | value[i];
            }

            if (!_cache.TryGetValue(key, out string? text))
            {
                if (_cache.Count >= 4096)
                {
                    return null;
                }

                text = charset.Decode(value);
                _cache[key] = text;
            }

            return text;
        }
    }
}
