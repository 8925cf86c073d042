using System.Text.Json;
using System.Text.Json.Nodes;

namespace Landsea.Exchange.Partners;

/// <summary>
/// Applies an allow-list of JSON-Pointer-like paths (RFC 6901 syntax plus <c>*</c> for any member or array element)
/// to a JSON payload: the result holds only allowed values. A path ending at an object or array allows its whole subtree.
/// Containers left empty by the filter are dropped, so not even the shape of a withheld field leaves the node.
/// </summary>
public static class FieldFilter
{
    /// <summary>Filters <paramref name="json"/>; null when the payload is not JSON or a path is malformed.</summary>
    public static byte[]? Apply(ReadOnlySpan<byte> json, IReadOnlyList<string> allowedPaths)
    {
        PathNode? root = Compile(allowedPaths);
        if (root is null)
        {
            return null;
        }

        JsonNode? document;
        try
        {
            document = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }

        JsonNode? kept = root.Terminal ? document : Filter(document, root);
        return JsonSerializer.SerializeToUtf8Bytes(kept ?? new JsonObject());
    }

    /// <summary>True when every path is well formed ("" or starting with "/").</summary>
    public static bool IsValidPath(string path) => path.Length == 0 || path[0] == '/';

    private static PathNode? Compile(IReadOnlyList<string> paths)
    {
        var root = new PathNode();
        foreach (string path in paths)
        {
            if (!IsValidPath(path))
            {
                return null;
            }

            PathNode node = root;
            if (path.Length > 0)
            {
                foreach (string raw in path[1..].Split('/'))
                {
                    string segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                    if (!node.Children.TryGetValue(segment, out PathNode? child))
                    {
                        child = new PathNode();
                        node.Children[segment] = child;
                    }

                    node = child;
                }
            }

            node.Terminal = true;
        }

        return root;
    }

    private static JsonNode? Filter(JsonNode? source, PathNode rule)
    {
        switch (source)
        {
            case JsonObject obj:
            {
                var result = new JsonObject();
                foreach ((string name, JsonNode? value) in obj)
                {
                    JsonNode? kept = Keep(value, name, rule);
                    if (kept is not null)
                    {
                        result[name] = kept;
                    }
                }

                return result.Count == 0 ? null : result;
            }

            case JsonArray array:
            {
                var result = new JsonArray();
                for (int i = 0; i < array.Count; i++)
                {
                    JsonNode? kept = Keep(array[i], i.ToString(System.Globalization.CultureInfo.InvariantCulture), rule);
                    if (kept is not null)
                    {
                        result.Add(kept);
                    }
                }

                return result.Count == 0 ? null : result;
            }

            default:
                return null; // a scalar below a non-terminal path: not allowed
        }
    }

    private static JsonNode? Keep(JsonNode? value, string key, PathNode rule)
    {
        JsonNode? kept = null;
        foreach (PathNode child in Matching(rule, key))
        {
            if (child.Terminal)
            {
                return value?.DeepClone() ?? JsonValue.Create((string?)null);
            }

            kept ??= Filter(value, child);
        }

        return kept;
    }

    private static IEnumerable<PathNode> Matching(PathNode rule, string key)
    {
        if (rule.Children.TryGetValue(key, out PathNode? exact))
        {
            yield return exact;
        }

        if (rule.Children.TryGetValue("*", out PathNode? any))
        {
            yield return any;
        }
    }

    private sealed class PathNode
    {
        public Dictionary<string, PathNode> Children { get; } = new(StringComparer.Ordinal);

        public bool Terminal { get; set; }
    }
}
