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
}
