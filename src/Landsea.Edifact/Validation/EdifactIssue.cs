using System.Globalization;
using System.Text;

namespace Landsea.Edifact.Validation;

public enum IssueSeverity
{
    Error,
    Warning,
}

/// <summary>
/// Where an issue is: 1-based message number in the document, segment position within the message (UNH = 1,
/// as CONTRL's UCS counts), element position after the tag and component position. Zero means "not applicable".
/// Segments outside messages (UNB, UNG, UNE, UNZ) carry <see cref="Message"/> = 0 and their position in the interchange.
/// </summary>
public readonly record struct EdifactPointer(int Message, string? MessageReference, int Segment, string? Tag, int Element, int Component)
{
    /// <summary>"/messages/2/segments/14/elements/3/components/1", or "/interchange/segments/1/..." outside messages.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(48);
        sb.Append(Message > 0 ? string.Create(CultureInfo.InvariantCulture, $"/messages/{Message}") : "/interchange");
        if (Segment > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"/segments/{Segment}");
            if (Element > 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"/elements/{Element}");
                if (Component > 0)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"/components/{Component}");
                }
            }
        }

        return sb.ToString();
    }

    /// <summary>Human form: "message 2 (ref 0001), segment 14 LOC, element 3, component 1".</summary>
    public string Describe()
    {
        var parts = new List<string>(4);
        if (Message > 0)
        {
            parts.Add(MessageReference is { Length: > 0 } r
                ? string.Create(CultureInfo.InvariantCulture, $"message {Message} (ref {r})")
                : string.Create(CultureInfo.InvariantCulture, $"message {Message}"));
        }
        else
        {
            parts.Add("interchange");
        }

        if (Segment > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"segment {Segment}{(Tag is null ? "" : " " + Tag)}"));
        }

        if (Element > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"element {Element}"));
        }

        if (Component > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"component {Component}"));
        }

        return string.Join(", ", parts);
    }
}

/// <summary>
/// One finding. <see cref="Code"/> is a stable name (see <see cref="EdifactErrorCodes"/>); <see cref="SyntaxError"/>
/// is the matching UN/EDIFACT syntax error code (data element 0085) used in CONTRL, 0 for warnings.
/// </summary>
public sealed record EdifactIssue(IssueSeverity Severity, string Code, int SyntaxError, EdifactPointer Pointer, long Offset, string Reason)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{(Severity == IssueSeverity.Error ? "error" : "warning")} {Code} at {Pointer.Describe()} (byte {Offset}): {Reason}");
}

/// <summary>Stable issue codes with their UN/EDIFACT syntax error (0085) equivalents.</summary>
public static class EdifactErrorCodes
{
    public const string Truncated = "truncated";
    public const string SegmentTooLong = "segment-too-long";
    public const string InvalidServiceStringAdvice = "invalid-service-string-advice";
    public const string InvalidCharacter = "invalid-character";
    public const string UnsupportedCharacterSet = "unsupported-character-set";
    public const string UnsupportedSyntaxVersion = "unsupported-syntax-version";
    public const string InvalidSegmentTag = "invalid-segment-tag";
    public const string SegmentOutsideMessage = "segment-outside-message";
    public const string EnvelopeOrder = "envelope-order";
    public const string ControlCount = "control-count";
    public const string ReferenceMismatch = "reference-mismatch";
    public const string GroupsAndMessagesMixed = "groups-and-messages-mixed";
    public const string DataAfterInterchange = "data-after-interchange";
    public const string UnknownMessageType = "unknown-message-type";
    public const string UnknownDirectory = "unknown-directory";
    public const string UnexpectedSegment = "unexpected-segment";
    public const string MissingSegment = "missing-segment";
    public const string TooManySegmentRepetitions = "too-many-segment-repetitions";
    public const string TooManyGroupRepetitions = "too-many-group-repetitions";
    public const string TooManyElements = "too-many-elements";
    public const string TooManyComponents = "too-many-components";
    public const string TooManyElementRepetitions = "too-many-element-repetitions";
    public const string MissingElement = "missing-element";
    public const string MissingComponent = "missing-component";
    public const string InvalidCode = "invalid-code";
    public const string InvalidFormat = "invalid-format";
    public const string InvalidDecimal = "invalid-decimal";
    public const string TooLong = "too-long";
    public const string TooShort = "too-short";
    public const string TooManyIssues = "too-many-issues";
    public const string TooManySegments = "too-many-segments";
    public const string InvalidJson = "invalid-json";

    /// <summary>The 0085 syntax error code for an issue code (18 "unspecified error" when none fits better).</summary>
    public static int SyntaxErrorOf(string code) => code switch
    {
        Truncated or MissingSegment or MissingElement or MissingComponent => 13,
        InvalidServiceStringAdvice => 20,
        InvalidCharacter => 21,
        UnsupportedCharacterSet or UnsupportedSyntaxVersion => 2,
        InvalidSegmentTag or InvalidCode or UnknownMessageType => 12,
        UnexpectedSegment => 15,
        SegmentOutsideMessage or EnvelopeOrder or DataAfterInterchange => 33,
        ControlCount => 29,
        ReferenceMismatch => 28,
        GroupsAndMessagesMixed => 30,
        TooManySegmentRepetitions or TooManyElementRepetitions => 35,
        TooManyGroupRepetitions => 36,
        TooManyElements or TooManyComponents => 16,
        InvalidFormat => 37,
        InvalidDecimal => 19,
        TooLong => 39,
        TooShort => 40,
        UnknownDirectory => 0,
        _ => 18,
    };
}
