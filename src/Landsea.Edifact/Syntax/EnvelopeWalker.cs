using System.Globalization;
using System.Text;
using Landsea.Edifact.Validation;

namespace Landsea.Edifact.Syntax;

/// <summary>Where a segment sits in the envelope structure.</summary>
public enum SegmentRole
{
    InterchangeHeader,
    GroupHeader,
    MessageHeader,
    MessageBody,
    MessageTrailer,
    GroupTrailer,
    InterchangeTrailer,

    /// <summary>A segment outside any message, already reported as an error.</summary>
    Stray,
}

/// <summary>
/// What the walker tells a sink about the current segment. Message is the 1-based message number in the
/// document (0 outside messages); Position is the position in the message (UNH = 1), or in the interchange
/// outside messages; Offset is the segment's byte offset.
/// </summary>
public readonly record struct SegmentContext(SegmentRole Role, int Message, string? MessageReference, int Position, long Offset, CharacterSet CharacterSet);

/// <summary>Receives each segment while the tokenizer still holds it.</summary>
internal interface ISegmentSink
{
    void OnSegment(ref EdifactTokenizer tokenizer, in SegmentContext context);
}

/// <summary>Options shared by reading and checking.</summary>
public sealed record EdifactReadOptions
{
    public static EdifactReadOptions Default { get; } = new();

    /// <summary>Upper bound on one segment in bytes; longer is an error (default 64 KiB).</summary>
    public int MaxSegmentLength { get; init; } = EdifactTokenizer.DefaultMaxSegmentLength;

    /// <summary>Issues listed (default 100); the others are counted in one last entry (<see cref="EdifactErrorCodes.TooManyIssues"/>).</summary>
    public int MaxIssues { get; init; } = 100;

    /// <summary>
    /// Most segments read from one input (default 250,000; a CUSDEC of 999 goods items needs about 20,000): beyond, the
    /// input is refused (<see cref="EdifactErrorCodes.TooManySegments"/>) before the reader's tree costs more memory.
    /// </summary>
    public int MaxSegments { get; init; } = 250_000;

    /// <summary>
    /// When true, a UNT segment count that differs from the segments counted is a warning, not an error, and the
    /// segment tree keeps the count as sent (default false: an error, no document). For converting real-world messages
    /// whose senders miscount; validation keeps refusing them.
    /// </summary>
    public bool TolerateSegmentCount { get; init; }
}

/// <summary>
/// Collects issues up to a bound and counts the rest: the list ends with one <see cref="EdifactErrorCodes.TooManyIssues"/>
/// entry saying how many more were found (checking goes on to the end, so the count is exact; its cost is one pass).
/// </summary>
internal sealed class IssueList(int max)
{
    private readonly List<EdifactIssue> _items = [];
    private EdifactPointer _firstOmitted;
    private long _firstOmittedOffset;

    /// <summary>The issues kept, then the entry that counts the others when there were more than the bound.</summary>
    public IReadOnlyList<EdifactIssue> Items => Omitted == 0
        ? _items
        : [.. _items, new EdifactIssue(IssueSeverity.Error, EdifactErrorCodes.TooManyIssues, 18, _firstOmitted, _firstOmittedOffset,
            string.Create(CultureInfo.InvariantCulture, $"and {Omitted:N0} more issues not listed (at most {max} are)"))];

    public int ErrorCount { get; private set; }

    /// <summary>Issues found beyond the bound, not kept.</summary>
    public int Omitted { get; private set; }

    public void Error(string code, EdifactPointer pointer, long offset, string reason) => Add(IssueSeverity.Error, code, pointer, offset, reason);

    public void Warning(string code, EdifactPointer pointer, long offset, string reason) => Add(IssueSeverity.Warning, code, pointer, offset, reason);

    /// <summary>The error that stops reading: kept even when the list is full, so the answer says why reading stopped.</summary>
    public void Stop(string code, EdifactPointer pointer, long offset, string reason)
    {
        ErrorCount++;
        if (_items.Count >= max)
        {
            // Keep the list within the bound: the last kept issue is counted instead of listed.
            EdifactIssue last = _items[^1];
            _items.RemoveAt(_items.Count - 1);
            if (Omitted++ == 0)
            {
                _firstOmitted = last.Pointer;
                _firstOmittedOffset = last.Offset;
            }
        }

        _items.Add(new EdifactIssue(IssueSeverity.Error, code, EdifactErrorCodes.SyntaxErrorOf(code), pointer, offset, reason));
    }

    private void Add(IssueSeverity severity, string code, EdifactPointer pointer, long offset, string reason)
    {
        if (severity == IssueSeverity.Error)
        {
            ErrorCount++;
        }

        if (_items.Count >= max)
        {
            if (Omitted++ == 0)
            {
                _firstOmitted = pointer;
                _firstOmittedOffset = offset;
            }

            return;
        }

        _items.Add(new EdifactIssue(severity, code, EdifactErrorCodes.SyntaxErrorOf(code), pointer, offset, reason));
    }
}

/// <summary>
/// Drives the tokenizer through UNA, UNB/UNZ, UNG/UNE and UNH/UNT, checking envelope order, control counts,
/// references, segment tags and the declared character set, and hands every segment to a sink.
/// </summary>
internal sealed class EnvelopeWalker(EdifactReadOptions options, IssueList issues)
{
    private enum Level
    {
        None,
        Interchange,
        Group,
        Message,
    }

    public ServiceStringAdvice? Una { get; private set; }

    public bool Fatal { get; private set; }

    public void Run<TSink>(ReadOnlySpan<byte> data, TSink sink)
        where TSink : ISegmentSink
    {
        var tokenizer = new EdifactTokenizer(data, ServiceStringAdvice.Version3Default, options.MaxSegmentLength);
        if (tokenizer.TrySkipUna(out var una, out bool malformed))
        {
            Una = una;
            ReadOnlySpan<byte> next = data[tokenizer.Position..].TrimStart("\r\n"u8);
            if (next.StartsWith("UNB"u8))
            {
                // UNB never repeats elements; it is read before its syntax version is known.
                tokenizer.SetAdvice(una with { RepetitionSeparator = (byte)' ' });
            }
        }
        else if (malformed)
        {
            issues.Error(EdifactErrorCodes.InvalidServiceStringAdvice, default, 0, "UNA must be followed by six service characters; separators must differ and not be letters, digits or spaces");
            Fatal = true;
            return;
        }

        CharacterSet charset = System.Text.Unicode.Utf8.IsValid(data) ? CharacterSet.Unoy : CharacterSet.Unoc;
        Level level = Level.None;
        bool sawInterchange = false;
        bool interchangeClosed = false;
        bool interchangeHasGroups = false;
        bool interchangeHasMessages = false;
        int interchangeCount = 0;
        int interchangePosition = 0;
        string interchangeReference = "";
        int groupMessages = 0;
        string groupReference = "";
        int message = 0;
        int position = 0;
        string? messageReference = null;
        Level messageParent = Level.None;

        int segments = 0;
        while (true)
        {
            TokenizerStatus status = tokenizer.Read();
            if (status == TokenizerStatus.End)
            {
                break;
            }

            long offset = tokenizer.SegmentOffset;
            if (++segments > options.MaxSegments)
            {
                issues.Stop(EdifactErrorCodes.TooManySegments, level == Level.Message ? new EdifactPointer(message, messageReference, position + 1, null, 0, 0) : new EdifactPointer(0, null, interchangePosition + 1, null, 0, 0),
                    offset, string.Create(CultureInfo.InvariantCulture, $"more than {options.MaxSegments:N0} segments; reading stopped at byte {offset}"));
                Fatal = true;
                return;
            }

            if (status != TokenizerStatus.Segment)
            {
                var at = level == Level.Message ? new EdifactPointer(message, messageReference, position + 1, null, 0, 0) : new EdifactPointer(0, null, interchangePosition + 1, null, 0, 0);
                if (status == TokenizerStatus.Oversized)
                {
                    issues.Error(EdifactErrorCodes.SegmentTooLong, at, offset, $"segment is longer than {options.MaxSegmentLength} bytes without a segment terminator");
                }
                else
                {
                    issues.Error(EdifactErrorCodes.Truncated, at, offset, $"input ends inside a segment: no segment terminator '{(char)tokenizer.Advice.SegmentTerminator}' after byte {offset}");
                }

                Fatal = true;
                return;
            }

            ReadOnlySpan<byte> tag = tokenizer.Tag;
            if (sawInterchange)
            {
                interchangePosition++;
            }

            int invalid = charset.IndexOfInvalid(tokenizer.RawSegment);
            if (invalid >= 0)
            {
                issues.Error(
                    EdifactErrorCodes.InvalidCharacter,
                    PointerHere(level, message, messageReference, position + (level == Level.Message ? 1 : 0), interchangePosition, tag),
                    offset + invalid,
                    string.Create(CultureInfo.InvariantCulture, $"byte 0x{tokenizer.RawSegment[invalid]:X2} at byte {offset + invalid} is not allowed in character set {charset.Identifier}"));
            }

            string? badIndicators = tokenizer.TagComponentCount > 1 ? CheckIndicators(ref tokenizer) : null;
            if (!IsValidTag(tag) || badIndicators is not null)
            {
                issues.Error(
                    EdifactErrorCodes.InvalidSegmentTag,
                    PointerHere(level, message, messageReference, position + (level == Level.Message ? 1 : 0), interchangePosition, default),
                    offset,
                    badIndicators ?? $"'{Printable(tag)}' is not a segment tag (three upper-case letters or digits)");
                if (level == Level.Message)
                {
                    position++;
                }

                continue;
            }

            int key = (tag[0] << 16) | (tag[1] << 8) | tag[2];
            SegmentRole role;
            switch (key)
            {
                case ('U' << 16) | ('N' << 8) | 'B':
                    if (sawInterchange)
                    {
                        issues.Error(EdifactErrorCodes.EnvelopeOrder, new(0, null, interchangePosition, "UNB", 0, 0), offset, "a second UNB: one interchange per input");
                        Fatal = true;
                        return;
                    }

                    if (message > 0)
                    {
                        issues.Error(EdifactErrorCodes.EnvelopeOrder, new(0, null, 1, "UNB", 0, 0), offset, "UNB after bare messages");
                        Fatal = true;
                        return;
                    }

                    sawInterchange = true;
                    interchangePosition = 1;
                    level = Level.Interchange;
                    role = SegmentRole.InterchangeHeader;
                    interchangeReference = Decode(tokenizer.GetComponent(4, 0));
                    if (!CharacterSet.TryGet(tokenizer.GetComponent(0, 0), out charset))
                    {
                        issues.Error(EdifactErrorCodes.UnsupportedCharacterSet, new(0, null, 1, "UNB", 1, 1), offset, $"syntax identifier '{Printable(tokenizer.GetComponent(0, 0))}' is not one of {string.Join(", ", CharacterSet.Identifiers.Order(StringComparer.Ordinal))}; read as UNOC");
                    }

                    ReadOnlySpan<byte> versionBytes = tokenizer.GetComponent(0, 1);
                    int version = versionBytes.Length == 1 && versionBytes[0] is >= (byte)'1' and <= (byte)'4' ? versionBytes[0] - '0' : 0;
                    if (version is < 2 or > 4)
                    {
                        issues.Error(EdifactErrorCodes.UnsupportedSyntaxVersion, new(0, null, 1, "UNB", 1, 2), offset, $"syntax version '{Printable(versionBytes)}' is not supported (2, 3 or 4)");
                    }

                    tokenizer.SetAdvice(EffectiveAdvice(Una, version));
                    break;

                case ('U' << 16) | ('N' << 8) | 'G':
                    role = SegmentRole.GroupHeader;
                    if (level != Level.Interchange || interchangeHasMessages)
                    {
                        issues.Error(
                            interchangeHasMessages ? EdifactErrorCodes.GroupsAndMessagesMixed : EdifactErrorCodes.EnvelopeOrder,
                            new(0, null, interchangePosition, "UNG", 0, 0),
                            offset,
                            interchangeHasMessages ? "UNG in an interchange that already holds messages outside groups" : "UNG must directly follow UNB or UNE");
                        if (level != Level.Interchange)
                        {
                            Fatal = true;
                            return;
                        }
                    }

                    interchangeHasGroups = true;
                    interchangeCount++;
                    groupMessages = 0;
                    groupReference = Decode(tokenizer.GetComponent(4, 0));
                    level = Level.Group;
                    break;

                case ('U' << 16) | ('N' << 8) | 'E':
                    role = SegmentRole.GroupTrailer;
                    if (level != Level.Group)
                    {
                        issues.Error(EdifactErrorCodes.EnvelopeOrder, PointerHere(level, message, messageReference, position + 1, interchangePosition, "UNE"u8), offset, "UNE without an open functional group");
                        Fatal = true;
                        return;
                    }

                    CheckCount(tokenizer.GetComponent(0, 0), groupMessages, new(0, null, interchangePosition, "UNE", 1, 0), offset, "UNE control count", "messages in the group");
                    CheckReference(tokenizer.GetComponent(1, 0), groupReference, new(0, null, interchangePosition, "UNE", 2, 0), offset, "UNE group reference", "UNG");
                    level = Level.Interchange;
                    break;

                case ('U' << 16) | ('N' << 8) | 'H':
                    role = SegmentRole.MessageHeader;
                    if (level == Level.Message)
                    {
                        issues.Error(EdifactErrorCodes.Truncated, new(message, messageReference, position + 1, "UNH", 0, 0), offset, $"message {message} has no UNT before the next UNH");
                        Fatal = true;
                        return;
                    }

                    if (interchangeClosed || (sawInterchange && level == Level.None))
                    {
                        issues.Error(EdifactErrorCodes.DataAfterInterchange, new(0, null, interchangePosition, "UNH", 0, 0), offset, "UNH after UNZ");
                        Fatal = true;
                        return;
                    }

                    if (level == Level.Interchange)
                    {
                        if (interchangeHasGroups)
                        {
                            issues.Error(EdifactErrorCodes.GroupsAndMessagesMixed, new(0, null, interchangePosition, "UNH", 0, 0), offset, "a message outside functional groups in an interchange that uses groups");
                        }

                        interchangeHasMessages = true;
                        interchangeCount++;
                    }
                    else if (level == Level.Group)
                    {
                        groupMessages++;
                    }

                    messageParent = level;
                    level = Level.Message;
                    message++;
                    position = 1;
                    messageReference = Decode(tokenizer.GetComponent(0, 0));
                    break;

                case ('U' << 16) | ('N' << 8) | 'T':
                    role = SegmentRole.MessageTrailer;
                    if (level != Level.Message)
                    {
                        issues.Error(EdifactErrorCodes.EnvelopeOrder, PointerHere(level, message, messageReference, 0, interchangePosition, "UNT"u8), offset, "UNT without an open message (no UNH)");
                        Fatal = true;
                        return;
                    }

                    position++;
                    CheckCount(tokenizer.GetComponent(0, 0), position, new(message, messageReference, position, "UNT", 1, 0), offset, "UNT segment count", "segments from UNH to UNT",
                        options.TolerateSegmentCount);
                    CheckReference(tokenizer.GetComponent(1, 0), messageReference ?? "", new(message, messageReference, position, "UNT", 2, 0), offset, "UNT message reference", "UNH");
                    break;

                case ('U' << 16) | ('N' << 8) | 'Z':
                    role = SegmentRole.InterchangeTrailer;
                    if (level != Level.Interchange)
                    {
                        string why = level switch
                        {
                            Level.Message => $"UNZ while message {message} has no UNT",
                            Level.Group => "UNZ while a functional group has no UNE",
                            _ => "UNZ without UNB",
                        };
                        issues.Error(level == Level.None ? EdifactErrorCodes.EnvelopeOrder : EdifactErrorCodes.Truncated, PointerHere(level, message, messageReference, position + 1, interchangePosition, "UNZ"u8), offset, why);
                        Fatal = true;
                        return;
                    }

                    CheckCount(tokenizer.GetComponent(0, 0), interchangeCount, new(0, null, interchangePosition, "UNZ", 1, 0), offset, "UNZ control count", interchangeHasGroups ? "functional groups" : "messages");
                    CheckReference(tokenizer.GetComponent(1, 0), interchangeReference, new(0, null, interchangePosition, "UNZ", 2, 0), offset, "UNZ interchange reference", "UNB");
                    level = Level.None;
                    interchangeClosed = true;
                    break;

                default:
                    if (level == Level.Message)
                    {
                        role = SegmentRole.MessageBody;
                        position++;
                    }
                    else
                    {
                        role = SegmentRole.Stray;
                        issues.Error(
                            interchangeClosed ? EdifactErrorCodes.DataAfterInterchange : EdifactErrorCodes.SegmentOutsideMessage,
                            new(0, null, interchangePosition, Decode(tag), 0, 0),
                            offset,
                            interchangeClosed ? $"segment {Decode(tag)} after UNZ" : $"segment {Decode(tag)} outside a message (no open UNH)");
                    }

                    break;
            }

            var context = new SegmentContext(
                role,
                role is SegmentRole.MessageHeader or SegmentRole.MessageBody or SegmentRole.MessageTrailer ? message : 0,
                messageReference,
                role is SegmentRole.MessageHeader or SegmentRole.MessageBody or SegmentRole.MessageTrailer ? position : interchangePosition,
                offset,
                charset);
            sink.OnSegment(ref tokenizer, in context);

            if (role == SegmentRole.MessageTrailer)
            {
                level = messageParent;
                messageReference = null;
            }
        }

        long end = data.Length;
        switch (level)
        {
            case Level.Message:
                issues.Error(EdifactErrorCodes.Truncated, new(message, messageReference, position + 1, null, 0, 0), end, $"input ends inside message {message}: UNT is missing");
                Fatal = true;
                break;
            case Level.Group:
                issues.Error(EdifactErrorCodes.Truncated, new(0, null, interchangePosition + 1, null, 0, 0), end, "input ends inside a functional group: UNE and UNZ are missing");
                Fatal = true;
                break;
            case Level.Interchange:
                issues.Error(EdifactErrorCodes.Truncated, new(0, null, interchangePosition + 1, null, 0, 0), end, "input ends inside the interchange: UNZ is missing");
                Fatal = true;
                break;
            default:
                if (!sawInterchange && message == 0)
                {
                    issues.Error(EdifactErrorCodes.Truncated, default, end, "no interchange (UNB) and no message (UNH) found");
                    Fatal = true;
                }

                break;
        }
    }

    /// <summary>
    /// The separators in force after UNB: a UNA's repetition separator counts only from syntax version 4
    /// (version 3 reserves that position); without UNA the version's defaults apply.
    /// </summary>
    public static ServiceStringAdvice EffectiveAdvice(ServiceStringAdvice? una, int syntaxVersion)
    {
        if (una is { } u)
        {
            return syntaxVersion >= 4 || syntaxVersion == 0 ? u : u with { RepetitionSeparator = (byte)' ' };
        }

        return ServiceStringAdvice.DefaultFor(syntaxVersion);
    }

    private static EdifactPointer PointerHere(Level level, int message, string? reference, int position, int interchangePosition, ReadOnlySpan<byte> tag)
    {
        string? t = tag.IsEmpty ? null : Decode(tag);
        return level == Level.Message ? new(message, reference, position, t, 0, 0) : new(0, null, interchangePosition, t, 0, 0);
    }

    /// <summary>
    /// Explicit nesting and repetition indicators (ISO 9735: components of the segment tag, such as <c>LIN:2:1</c>) are
    /// numbers of 1 to 6 digits, and service segments (UNB ... UNZ) take none. Null when the indicators are sound.
    /// </summary>
    private static string? CheckIndicators(ref EdifactTokenizer tokenizer)
    {
        ReadOnlySpan<byte> tag = tokenizer.Tag;
        if (tag.Length == 3 && tag[0] == (byte)'U' && tag[1] == (byte)'N' && tag[2] is (byte)'B' or (byte)'G' or (byte)'H' or (byte)'T' or (byte)'E' or (byte)'Z')
        {
            return $"service segment {Decode(tag)} takes no nesting indicators";
        }

        for (int i = 1; i < tokenizer.TagComponentCount; i++)
        {
            ReadOnlySpan<byte> indicator = tokenizer.TagComponent(i);
            if (indicator.IsEmpty || indicator.Length > 6 || indicator.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
            {
                return $"nesting indicator {i} of {Printable(tag)} is '{Printable(indicator)}'; indicators are numbers of 1 to 6 digits";
            }
        }

        return null;
    }

    private static bool IsValidTag(ReadOnlySpan<byte> tag) =>
        tag.Length == 3 && IsTagChar(tag[0]) && IsTagChar(tag[1]) && IsTagChar(tag[2]);

    private static bool IsTagChar(byte b) => b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9');

    private static string Decode(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder();
        foreach (byte b in bytes[..Math.Min(bytes.Length, 20)])
        {
            sb.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
        }

        return bytes.Length > 20 ? sb.Append("...").ToString() : sb.ToString();
    }

    private void CheckCount(ReadOnlySpan<byte> value, int actual, EdifactPointer pointer, long offset, string what, string counted, bool tolerate = false)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int declared) || declared != actual)
        {
            string reason = $"{what} is '{Printable(value)}' but there are {actual} {counted}";
            if (tolerate)
            {
                issues.Warning(EdifactErrorCodes.ControlCount, pointer, offset, reason);
            }
            else
            {
                issues.Error(EdifactErrorCodes.ControlCount, pointer, offset, reason);
            }
        }
    }

    private void CheckReference(ReadOnlySpan<byte> value, string expected, EdifactPointer pointer, long offset, string what, string header)
    {
        // The expected reference was decoded as Latin-1, so byte i equals char i exactly when the bytes are the same.
        bool same = value.Length == expected.Length;
        for (int i = 0; same && i < value.Length; i++)
        {
            same = value[i] == expected[i];
        }

        if (!same)
        {
            issues.Error(EdifactErrorCodes.ReferenceMismatch, pointer, offset, $"{what} '{Printable(value)}' differs from '{expected}' in {header}");
        }
    }
}
