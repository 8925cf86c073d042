using System.Globalization;
using System.Text;
using Landsea.Edifact.Directories;
using Landsea.Edifact.Syntax;

namespace Landsea.Edifact.Validation;

/// <summary>Header facts of one message, kept for reports and CONTRL.</summary>
public sealed record MessageSummary(int Number, string Reference, string MessageType, string Version, string Release, string Agency, bool CheckedAgainstDirectory)
{
    public string Directory => Version + Release;
}

/// <summary>Header facts of the interchange, when there is one.</summary>
public sealed record InterchangeSummary(string Reference, string Sender, string SenderQualifier, string Recipient, string RecipientQualifier, string SyntaxIdentifier, string SyntaxVersion);

/// <summary>The result of checking an input: every issue found, plus what was seen of the envelopes.</summary>
public sealed record EdifactValidationReport(IReadOnlyList<EdifactIssue> Issues, InterchangeSummary? Interchange, IReadOnlyList<MessageSummary> Messages)
{
    public bool IsValid => !Issues.Any(i => i.Severity == IssueSeverity.Error);

    public IEnumerable<EdifactIssue> Errors => Issues.Where(i => i.Severity == IssueSeverity.Error);

    public IEnumerable<EdifactIssue> Warnings => Issues.Where(i => i.Severity == IssueSeverity.Warning);
}

/// <summary>
/// Checks EDIFACT bytes in one streaming pass: envelopes, control counts and character set (syntax level), then,
/// for each message of a shipped directory (D96B, D01B, D21A), the segment table (order, groups, mandatory
/// entries, repeats) and every element (mandatory parts, formats such as an..35 and n..15, code lists).
/// Messages of other directories are checked at syntax level with a warning saying so.
/// </summary>
public static class EdifactValidator
{
    public static EdifactValidationReport Validate(ReadOnlySpan<byte> data, EdifactReadOptions? options = null)
    {
        options ??= EdifactReadOptions.Default;
        var issues = new IssueList(options.MaxIssues);
        var walker = new EnvelopeWalker(options, issues);
        var sink = new ValidationSink(issues);
        walker.Run(data, sink);
        return new EdifactValidationReport(issues.Items, sink.Interchange, sink.Messages);
    }

    private sealed class ValidationSink(IssueList issues) : ISegmentSink
    {
        private static readonly int UnhKey = TagKeys.Of("UNH");
        private readonly List<KnownHeader> _known = [];
        private System.Collections.Frozen.FrozenDictionary<int, SegmentDefinition>? _envelope;
        private readonly StructureMachine _machine = new();
        private EdifactDirectory? _directory;
        private bool _structured;
        private EdifactDirectory? _service;

        public InterchangeSummary? Interchange { get; private set; }

        public List<MessageSummary> Messages { get; } = [];

        public void OnSegment(ref EdifactTokenizer tokenizer, in SegmentContext context)
        {
            switch (context.Role)
            {
                case SegmentRole.InterchangeHeader:
                    Interchange = new InterchangeSummary(
                        Text(tokenizer.GetComponent(4, 0)),
                        Text(tokenizer.GetComponent(1, 0)),
                        Text(tokenizer.GetComponent(1, 1)),
                        Text(tokenizer.GetComponent(2, 0)),
                        Text(tokenizer.GetComponent(2, 1)),
                        Text(tokenizer.GetComponent(0, 0)),
                        Text(tokenizer.GetComponent(0, 1)));
                    ReadOnlySpan<byte> version = tokenizer.GetComponent(0, 1);
                    _envelope = DirectoryCatalog.EnvelopeSegments(version is [(byte)'4'] ? 4 : 3);
                    CheckEnvelope(ref tokenizer, context);
                    return;
                case SegmentRole.GroupHeader:
                case SegmentRole.GroupTrailer:
                case SegmentRole.InterchangeTrailer:
                    CheckEnvelope(ref tokenizer, context);
                    return;
                case SegmentRole.MessageHeader:
                    StartMessage(ref tokenizer, context);
                    return;
                case SegmentRole.MessageBody:
                case SegmentRole.MessageTrailer:
                    break;
                default:
                    return;
            }

            ReadOnlySpan<byte> tag = tokenizer.Tag;
            int key = TagKeys.Of(tag);
            if (_structured)
            {
                _machine.Step(key);
                Drain(context, key);
            }

            EdifactDirectory? definitions = _directory ?? (context.Role == SegmentRole.MessageTrailer ? Service() : null);
            if (definitions is not null && definitions.SegmentsByKey.TryGetValue(key, out var segment))
            {
                CheckElements(ref tokenizer, segment, context);
            }
        }

        /// <summary>UNB, UNG, UNE, UNZ: element formats, lengths and service code lists of the interchange's syntax version.</summary>
        private void CheckEnvelope(ref EdifactTokenizer tokenizer, in SegmentContext context)
        {
            _envelope ??= DirectoryCatalog.EnvelopeSegments(3);
            if (_envelope.TryGetValue(TagKeys.Of(tokenizer.Tag), out SegmentDefinition? definition))
            {
                CheckElements(ref tokenizer, definition, context);
            }
        }

        private EdifactDirectory Service() => _service ??= DirectoryCatalog.Get(DirectoryCatalog.Shipped[0]);

        private void StartMessage(ref EdifactTokenizer tokenizer, in SegmentContext context)
        {
            // Messages of a type already seen reuse its strings, directory and segment table: no allocation but the summary.
            Span<byte> keyBuffer = stackalloc byte[64];
            int keyLength = HeaderKey(ref tokenizer, keyBuffer);
            ReadOnlySpan<byte> key = keyBuffer[..keyLength];
            if (keyLength > 0)
            {
                foreach (KnownHeader known in _known)
                {
                    if (key.SequenceEqual(known.Key))
                    {
                        _directory = known.Directory;
                        _structured = true;
                        Messages.Add(new MessageSummary(context.Message, context.MessageReference ?? "", known.Type, known.Version, known.Release, known.Agency, true));
                        _machine.Reset(known.Root);
                        _machine.Step(UnhKey);
                        Drain(context, UnhKey);
                        if (known.Unh is not null)
                        {
                            CheckElements(ref tokenizer, known.Unh, context);
                        }

                        return;
                    }
                }
            }

            string type = Text(tokenizer.GetComponent(1, 0));
            string version = Text(tokenizer.GetComponent(1, 1));
            string release = Text(tokenizer.GetComponent(1, 2));
            string agency = Text(tokenizer.GetComponent(1, 3));
            string directoryName = version + release;
            _directory = null;
            _structured = false;
            var pointer = new EdifactPointer(context.Message, context.MessageReference, 1, "UNH", 2, 1);

            if (type == "CONTRL")
            {
                _directory = Service();
            }
            else if (DirectoryCatalog.TryGet(directoryName, out var directory))
            {
                if (directory.Messages.ContainsKey(type))
                {
                    _directory = directory;
                }
                else
                {
                    issues.Error(
                        EdifactErrorCodes.UnknownMessageType,
                        pointer,
                        context.Offset,
                        $"message type '{type}' is not defined in directory {directoryName} as shipped (known: {string.Join(", ", directory.Messages.Keys.Order(StringComparer.Ordinal))})");
                }
            }
            else if (type.Length == 0 || type.Any(c => c is < 'A' or > 'Z'))
            {
                issues.Error(EdifactErrorCodes.UnknownMessageType, pointer, context.Offset, $"'{type}' is not a message type (six upper-case letters)");
            }
            else
            {
                issues.Warning(
                    EdifactErrorCodes.UnknownDirectory,
                    pointer with { Element = 2, Component = 2 },
                    context.Offset,
                    $"directory '{directoryName}' is not shipped (shipped: {string.Join(", ", DirectoryCatalog.Shipped)}); {type} checked at syntax level only (envelopes, control counts, characters), not against a segment table");
            }

            Messages.Add(new MessageSummary(context.Message, context.MessageReference ?? "", type, version, release, agency, _directory is not null));
            if (_directory is not null)
            {
                _structured = true;
                _machine.Reset(_directory.Messages[type].Root);
                _machine.Step(UnhKey);
                Drain(context, UnhKey);
            }

            if ((_directory ?? Service()).SegmentsByKey.TryGetValue(UnhKey, out var unh))
            {
                CheckElements(ref tokenizer, unh, context);
            }

            if (keyLength > 0 && _directory is not null && _known.Count < 32)
            {
                _known.Add(new KnownHeader(key.ToArray(), type, version, release, agency, _directory, _directory.Messages[type].Root, unh));
            }
        }

        /// <summary>S009 components 1 to 4 (type, version, release, agency), each length-prefixed; 0 when they do not fit.</summary>
        private static int HeaderKey(ref EdifactTokenizer tokenizer, scoped Span<byte> key)
        {
            int length = 0;
            for (int c = 0; c < 4; c++)
            {
                ReadOnlySpan<byte> part = tokenizer.GetComponent(1, c);
                if (length + 1 + part.Length > key.Length)
                {
                    return 0;
                }

                key[length++] = (byte)part.Length;
                part.CopyTo(key[length..]);
                length += part.Length;
            }

            return length;
        }

        private void Drain(in SegmentContext context, int tag)
        {
            if (_machine.Pending.Count == 0)
            {
                return;
            }

            foreach (var (code, reason) in _machine.Pending)
            {
                issues.Error(code, new EdifactPointer(context.Message, context.MessageReference, context.Position, TagKeys.Name(tag), 0, 0), context.Offset, reason);
            }

            _machine.Pending.Clear();
        }

        private void CheckElements(ref EdifactTokenizer tokenizer, SegmentDefinition definition, in SegmentContext context)
        {
            ElementDefinition[] defs = definition.Elements;
            int count = tokenizer.ElementCount;
            int n = Math.Max(count, defs.Length);
            bool utf8 = context.CharacterSet.Encoding is UTF8Encoding;
            for (int e = 0; e < n; e++)
            {
                if (e >= defs.Length)
                {
                    if (!ElementEmpty(ref tokenizer, e))
                    {
                        Report(EdifactErrorCodes.TooManyElements, definition, context, e, -1, $"segment {definition.Tag} has {defs.Length} data elements in the directory; element {e + 1} is one too many");
                        break;
                    }

                    continue;
                }

                ElementDefinition ed = defs[e];
                if (e >= count)
                {
                    if (ed.Required)
                    {
                        Report(EdifactErrorCodes.MissingElement, definition, context, e, -1, $"mandatory {Kind(ed)} {ed.Id} ({ed.Name}) is missing");
                    }

                    continue;
                }

                // Component values are addressed by their index in the tokenizer's table: no bounds walk per value.
                int first = tokenizer.FirstComponent(e, out int components);
                int repetitions = tokenizer.RepetitionCount(e);
                bool empty = true;
                for (int c = 0; c < components && empty; c++)
                {
                    empty = tokenizer.ComponentEmpty(first + c);
                }

                if (empty && (repetitions == 1 || ElementEmpty(ref tokenizer, e)))
                {
                    if (ed.Required)
                    {
                        Report(EdifactErrorCodes.MissingElement, definition, context, e, -1, $"mandatory {Kind(ed)} {ed.Id} ({ed.Name}) is missing");
                    }

                    continue;
                }

                if (repetitions > 1)
                {
                    Report(EdifactErrorCodes.TooManyElementRepetitions, definition, context, e, -1, $"{Kind(ed)} {ed.Id} ({ed.Name}) is repeated but the directory allows one occurrence");
                }

                DataElementDefinition[] parts = ed.Components;
                for (int c = parts.Length; c < components; c++)
                {
                    if (!tokenizer.ComponentEmpty(first + c))
                    {
                        Report(EdifactErrorCodes.TooManyComponents, definition, context, e, c, ed.IsComposite
                            ? $"composite {ed.Id} ({ed.Name}) has {parts.Length} components; component {c + 1} is one too many"
                            : $"{ed.Id} ({ed.Name}) is a simple data element and takes no components");
                        break;
                    }
                }

                for (int c = 0; c < parts.Length; c++)
                {
                    DataElementDefinition part = parts[c];
                    if (c >= components || tokenizer.ComponentEmpty(first + c))
                    {
                        if (part.Required && ed.IsComposite)
                        {
                            Report(EdifactErrorCodes.MissingComponent, definition, context, e, c, $"mandatory component {part.Id} ({part.Name}) of {ed.Id} is missing");
                        }

                        continue;
                    }

                    // Fast accept for the common case, an alphanumeric value of an allowed length (and code); anything
                    // else, or anything wrong, goes through CheckValue, which says exactly what.
                    ReadOnlySpan<byte> value = tokenizer.ComponentAtIndex(first + c);
                    if (part.Kind == ValueKind.Alphanumeric
                        && (part.MaxLength == 0 || value.Length <= part.MaxLength)
                        && (part.MinLength == 0 || (!utf8 && value.Length >= part.MinLength))
                        && (part.Codes is null || part.Codes.Contains(value)))
                    {
                        continue;
                    }

                    CheckValue(value, part, ed, definition, context, e, c, tokenizer.Advice.DecimalMark);
                }
            }
        }

        private void CheckValue(ReadOnlySpan<byte> value, DataElementDefinition part, ElementDefinition ed, SegmentDefinition definition, in SegmentContext context, int e, int c, byte decimalMark)
        {
            int length;
            if (part.Kind == ValueKind.Numeric)
            {
                int digits = 0;
                bool mark = false;
                int i = value[0] == (byte)'-' ? 1 : 0;
                for (; i < value.Length; i++)
                {
                    byte b = value[i];
                    if (b is >= (byte)'0' and <= (byte)'9')
                    {
                        digits++;
                    }
                    else if ((b == (byte)'.' || b == (byte)',' || b == decimalMark) && !mark)
                    {
                        mark = true;
                        if (i == value.Length - 1)
                        {
                            Report(EdifactErrorCodes.InvalidDecimal, definition, context, e, ed.IsComposite ? c : -1, $"'{Show(value, context)}' in {part.Id} ({part.Name}) ends with a decimal mark");
                            return;
                        }
                    }
                    else
                    {
                        Report(EdifactErrorCodes.InvalidFormat, definition, context, e, ed.IsComposite ? c : -1, $"'{Show(value, context)}' in {part.Id} ({part.Name}) is not numeric ({part.Format})");
                        return;
                    }
                }

                length = digits;
            }
            else
            {
                length = value.Length;

                // Lengths count characters: in UTF-8 only a value that could break a length rule needs decoding.
                if (((part.MaxLength > 0 && length > part.MaxLength) || part.MinLength > 0)
                    && context.CharacterSet.Encoding is UTF8Encoding && value.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0)
                {
                    length = Encoding.UTF8.GetCharCount(value);
                }

                if (part.Kind == ValueKind.Alphabetic && value.IndexOfAnyInRange((byte)'0', (byte)'9') >= 0)
                {
                    Report(EdifactErrorCodes.InvalidFormat, definition, context, e, ed.IsComposite ? c : -1, $"'{Show(value, context)}' in {part.Id} ({part.Name}) holds digits but is alphabetic ({part.Format})");
                    return;
                }
            }

            if (part.MaxLength > 0 && length > part.MaxLength)
            {
                Report(EdifactErrorCodes.TooLong, definition, context, e, ed.IsComposite ? c : -1, string.Create(CultureInfo.InvariantCulture, $"'{Show(value, context)}' in {part.Id} ({part.Name}) is {length} long; {part.Format} allows at most {part.MaxLength}"));
                return;
            }
            else if (length < part.MinLength)
            {
                Report(EdifactErrorCodes.TooShort, definition, context, e, ed.IsComposite ? c : -1, string.Create(CultureInfo.InvariantCulture, $"'{Show(value, context)}' in {part.Id} ({part.Name}) is {length} long; {part.Format} needs {part.MinLength}"));
                return;
            }

            if (part.Codes is { } codes && !codes.Contains(value))
            {
                Report(EdifactErrorCodes.InvalidCode, definition, context, e, ed.IsComposite ? c : -1, $"'{Show(value, context)}' is not a code of list {part.Id} ({part.Name}) {(definition.Tag is "UNB" or "UNG" or "UNE" or "UNZ" ? "in the service code lists of this syntax version" : "in directory " + _directory?.Name)}");
            }
        }

        private static bool ElementEmpty(ref EdifactTokenizer tokenizer, int e)
        {
            int reps = tokenizer.RepetitionCount(e);
            for (int r = 0; r < reps; r++)
            {
                int comps = tokenizer.ComponentCount(e, r);
                for (int c = 0; c < comps; c++)
                {
                    if (!tokenizer.GetComponent(e, c, r).IsEmpty)
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        private void Report(string code, SegmentDefinition definition, in SegmentContext context, int element, int component, string reason) =>
            issues.Error(
                code,
                new EdifactPointer(context.Message, context.MessageReference, context.Position, definition.Tag, element + 1, component + 1),
                context.Offset,
                $"{definition.Tag}: {reason}");

        private static string Kind(ElementDefinition ed) => ed.IsComposite ? "composite" : "data element";

        private static string Show(ReadOnlySpan<byte> value, in SegmentContext context)
        {
            string text = context.CharacterSet.Decode(value);
            return text.Length > 40 ? text[..40] + "..." : text;
        }

        private static string Text(ReadOnlySpan<byte> value) => Encoding.Latin1.GetString(value);

        private sealed record KnownHeader(byte[] Key, string Type, string Version, string Release, string Agency, EdifactDirectory Directory, StructureNode Root, SegmentDefinition? Unh);
    }
}
