using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Landsea.Declarations.Json;

/// <summary>
/// What <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/> leaves unchecked, checked without
/// decoding a string: the bytes are UTF-8, no string escapes a lone surrogate (<c>\ud800</c> without its pair), and no
/// object names a key twice (JSON's "last wins" would let two readers of one document see different declarations).
/// </summary>
internal static class JsonTextCheck
{
    /// <summary>The first invalid UTF-8 sequence, as <see cref="ErrorCodes.EncodingInvalid"/> with its line and position; null when the bytes are UTF-8.</summary>
    public static DeclarationError? Utf8(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return null;
        }

        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < bytes.Length;)
        {
            if (Rune.DecodeFromUtf8(bytes[i..], out _, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                return new("", ErrorCodes.EncodingInvalid,
                    $"Not UTF-8 at line {line}, position {i - lineStart + 1} (byte 0x{bytes[i]:X2} at offset {i}); a JSON declaration is UTF-8 text.");
            }

            if (bytes[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }

            i += consumed;
        }

        return null;
    }

    /// <summary>
    /// The first key or string that escapes a lone surrogate (<see cref="ErrorCodes.EncodingInvalid"/>) or the first key
    /// named twice in one object (<see cref="ErrorCodes.DuplicateKey"/>, at the second), with its JSON Pointer; null when
    /// there is none. The document is already parsed with a bounded depth, so the walk is bounded too.
    /// </summary>
    public static DeclarationError? Strings(JsonElement element, string at)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                HashSet<string>? names = null;
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    if (JsonMarshal.GetRawUtf8PropertyName(property).Length > Landsea.Shared.ErrorCap.MaxTextBytes)
                    {
                        return new(at, Landsea.Shared.SecurityErrorCodes.ValueTooLong, $"A key in this object is longer than {Landsea.Shared.ErrorCap.MaxTextBytes:N0} bytes.");
                    }

                    if (LoneSurrogate(JsonMarshal.GetRawUtf8PropertyName(property)))
                    {
                        return new(at, ErrorCodes.EncodingInvalid, "A key in this object escapes a lone surrogate (\\ud800-\\udfff without its pair); it is not Unicode text.");
                    }

                    string pointer = at + "/" + Escape(property.Name);
                    if (!(names ??= new(StringComparer.Ordinal)).Add(property.Name))
                    {
                        return new(pointer, ErrorCodes.DuplicateKey, $"The key '{property.Name}' appears twice in one object; give each key once.");
                    }

                    if (Strings(property.Value, pointer) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                int index = 0;
                foreach (JsonElement item in element.EnumerateArray())
                {
                    if (Strings(item, $"{at}/{index}") is { } inner)
                    {
                        return inner;
                    }

                    index++;
                }

                return null;
            case JsonValueKind.String when JsonMarshal.GetRawUtf8Value(element).Length > Landsea.Shared.ErrorCap.MaxTextBytes:
                return new(at, Landsea.Shared.SecurityErrorCodes.ValueTooLong,
                    $"The string is longer than {Landsea.Shared.ErrorCap.MaxTextBytes:N0} bytes; no declaration field is anywhere near that long.");
            case JsonValueKind.String:
                return LoneSurrogate(JsonMarshal.GetRawUtf8Value(element))
                    ? new(at, ErrorCodes.EncodingInvalid, "The string escapes a lone surrogate (\\ud800-\\udfff without its pair); it is not Unicode text.")
                    : null;
            default:
                return null;
        }
    }

    /// <summary>True when raw JSON string text (escapes not yet decoded) has a <c>\uXXXX</c> surrogate escape without its pair.</summary>
    private static bool LoneSurrogate(ReadOnlySpan<byte> raw)
    {
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] != (byte)'\\' || i + 1 >= raw.Length)
            {
                continue;
            }

            if (raw[i + 1] != (byte)'u')
            {
                i++;
                continue;
            }

            int unit = Hex4(raw, i + 2);
            if (unit is >= 0xD800 and <= 0xDBFF)
            {
                int next = i + 6 + 1 < raw.Length && raw[i + 6] == (byte)'\\' && raw[i + 7] == (byte)'u' ? Hex4(raw, i + 8) : -1;
                if (next is not (>= 0xDC00 and <= 0xDFFF))
                {
                    return true;
                }

                i += 11;
            }
            else if (unit is >= 0xDC00 and <= 0xDFFF)
            {
                return true;
            }
            else
            {
                i += 5;
            }
        }

        return false;
    }

    /// <summary>The four hex digits at <paramref name="start"/> as a number; -1 when they are not there.</summary>
    private static int Hex4(ReadOnlySpan<byte> raw, int start)
    {
        if (start + 4 > raw.Length)
        {
            return -1;
        }

        int value = 0;
        for (int i = start; i < start + 4; i++)
        {
            int digit = raw[i] switch
            {
                >= (byte)'0' and <= (byte)'9' => raw[i] - '0',
                >= (byte)'a' and <= (byte)'f' => raw[i] - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => raw[i] - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return -1;
            }

            value = (value * 16) + digit;
        }

        return value;
    }

    /// <summary>A key as a JSON Pointer reference token (RFC 6901: '~' as ~0, '/' as ~1).</summary>
    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
