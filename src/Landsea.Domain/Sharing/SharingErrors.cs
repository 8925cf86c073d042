namespace Landsea.Sharing;

/// <summary>
/// The stable error codes of the business messages between nodes (LS3xx). They never change meaning; docs/error-codes.md
/// lists them.
/// </summary>
public static class SharingErrors
{
    /// <summary>The payload of a received business message is not JSON at all.</summary>
    public const string PayloadNotJson = "LS301";

    /// <summary>The payload of a received business message is JSON, but not a JSON object (or not JSON at all, seen from its first byte).</summary>
    public const string PayloadNotObject = "LS302";

    /// <summary>A text field of a received business message is not valid Unicode (invalid UTF-8, or a lone surrogate such as <c>\ud800</c>).</summary>
    public const string PayloadTextInvalid = "LS303";
}
