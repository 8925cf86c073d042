using Landsea.Declarations.Edifact;
using Landsea.Declarations.Json;
using Landsea.Declarations.Wco;

namespace Landsea.Declarations;

/// <summary>The formats a declaration can be lodged in.</summary>
public enum SubmissionFormat
{
    /// <summary>WCO Data Model 3.6 DEC XML; stored as <c>wco-xml</c>.</summary>
    WcoXml,

    /// <summary>Landsea's JSON form (docs/declarations.md); stored as <c>json</c>.</summary>
    Json,

    /// <summary>UN/EDIFACT CUSDEC (directories D96B, D01B, D21A); stored as <c>edifact</c>.</summary>
    Edifact,
}

/// <summary>
/// The one reader of submissions, whatever their format: recognises the format (the only place that does) and reads
/// and checks the submission with that format's reader. Every reader reports the same error codes and runs the same
/// business rules (<see cref="DeclarationRules"/>). Used alike by the API, <c>landsea declaration check|lodge</c> and
/// <c>landsea bench lodge</c>.
/// </summary>
public static class SubmissionReader
{
    /// <summary>
    /// The format of a submission, from its first bytes after an optional UTF-8 byte order mark and white space: UNA, UNB
    /// or UNH is EDIFACT, '{' is JSON, anything else is read as WCO XML (whose reader reports what is wrong with it).
    /// </summary>
    public static SubmissionFormat Recognise(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> rest = bytes.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;
        rest = rest.TrimStart(" \t\r\n"u8);
        if (rest.StartsWith("UNA"u8) || rest.StartsWith("UNB"u8) || rest.StartsWith("UNH"u8))
        {
            return SubmissionFormat.Edifact;
        }

        return !rest.IsEmpty && rest[0] == (byte)'{' ? SubmissionFormat.Json : SubmissionFormat.WcoXml;
    }

    /// <summary>Recognises the format and reads and checks the submission.</summary>
    /// <param name="lodgedOn">The day it is lodged; selects the HS edition when the declaration carries no date.</param>
    public static (SubmissionFormat Format, DeclarationCheck Check) Read(ReadOnlyMemory<byte> bytes, DateOnly lodgedOn)
    {
        SubmissionFormat format = Recognise(bytes.Span);
        return (format, Read(bytes, format, lodgedOn));
    }

    /// <summary>Reads and checks a submission in a known format.</summary>
    public static DeclarationCheck Read(ReadOnlyMemory<byte> bytes, SubmissionFormat format, DateOnly lodgedOn) => format switch
    {
        SubmissionFormat.Edifact => CusdecDeclarationReader.Read(bytes, lodgedOn),
        SubmissionFormat.Json => JsonDeclarationReader.Read(bytes, lodgedOn),
        SubmissionFormat.WcoXml => WcoDeclarationReader.Read(bytes, lodgedOn),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a submission format."),
    };
}

/// <summary>The names and media types of the <see cref="SubmissionFormat"/>s.</summary>
public static class SubmissionFormats
{
    /// <summary>The name stored in the submissions' <c>format</c> column and shown by the API: wco-xml, json or edifact.</summary>
    public static string Name(this SubmissionFormat format) => format switch
    {
        SubmissionFormat.WcoXml => "wco-xml",
        SubmissionFormat.Json => "json",
        SubmissionFormat.Edifact => "edifact",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a submission format."),
    };

    /// <summary>The media type a client sends the format with.</summary>
    public static string MediaType(this SubmissionFormat format) => format switch
    {
        SubmissionFormat.WcoXml => "application/xml",
        SubmissionFormat.Json => "application/json",
        SubmissionFormat.Edifact => "application/EDIFACT",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a submission format."),
    };

    /// <summary>The format with this name (any case); null for any other text.</summary>
    public static SubmissionFormat? FromName(string? name)
    {
        foreach (SubmissionFormat format in Enum.GetValues<SubmissionFormat>())
        {
            if (string.Equals(format.Name(), name, StringComparison.OrdinalIgnoreCase))
            {
                return format;
            }
        }

        return null;
    }
}
