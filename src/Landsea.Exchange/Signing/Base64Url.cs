namespace Landsea.Exchange.Signing;

/// <summary>RFC 7515 §2 base64url without padding.</summary>
internal static class Base64UrlCodec
{
    public static string Encode(ReadOnlySpan<byte> data) => System.Buffers.Text.Base64Url.EncodeToString(data);

    /// <summary>Decodes, returning null when the text is not valid base64url.</summary>
    public static byte[]? TryDecode(string text)
    {
        try
        {
            return System.Buffers.Text.Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
