using System.Text.Json;

namespace Landsea.Sharing;

/// <summary>
/// Reading strings from a partner's JSON without exceptions. <see cref="JsonElement.GetString"/> throws
/// <see cref="InvalidOperationException"/> on a string that is not valid Unicode (invalid UTF-8 bytes, or an escaped lone
/// surrogate such as <c>\ud800</c>), which <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/> accepts.
/// </summary>
internal static class JsonText
{
    /// <summary>The string value of <paramref name="element"/>; null when it is not a string or not valid Unicode.</summary>
    public static string? String(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>True when every string and property name in <paramref name="element"/>, at any depth, is valid Unicode.</summary>
    public static bool AllStringsValid(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return String(element) is not null;
            case JsonValueKind.Array:
                foreach (JsonElement item in element.EnumerateArray())
                {
                    if (!AllStringsValid(item))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    try
                    {
                        _ = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return false;
                    }

                    if (!AllStringsValid(property.Value))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }
}
