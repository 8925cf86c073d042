using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Landsea.Shared;

namespace Landsea.Origin;

/// <summary>
/// Selective disclosure of OA v2 documents: removes a field (or a whole object) from <c>data</c> and moves the hashes of
/// its leaves to <c>privacy.obfuscatedData</c>, so the target hash stays the same. Objects left empty are removed too
/// (an empty object would be a new leaf); array items other than the last cannot be removed (the indexes would shift).
/// </summary>
public static class OpenAttestationObfuscation
{
    /// <summary>The document with <paramref name="path"/> (flattened, e.g. <c>recipient.name</c>) obfuscated.</summary>
    public static Result<string> ObfuscateV2(string documentJson, string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(documentJson);
        }
        catch (JsonException ex)
        {
            return Result<string>.Fail(OriginErrorCodes.NotJson, $"document: not JSON ({ex.Message})");
        }

        if (root?["data"] is not JsonObject data || root["signature"] is not JsonObject)
        {
            return Result<string>.Fail(OriginErrorCodes.NotOpenAttestation, "document: not an OpenAttestation v2 wrapped document (data, signature); obfuscation supports v2");
        }

        string[] parts = path.Split('.');
        var chain = new List<(JsonNode Container, string Key)>();
        JsonNode current = data;
        foreach (string part in parts)
        {
            JsonNode? next = current switch
            {
                JsonObject o => o.TryGetPropertyValue(part, out JsonNode? n) ? n : null,
                JsonArray a when int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int i) && i < a.Count => a[i],
                _ => null,
            };
            if (next is null)
            {
                return Result<string>.Fail(OriginErrorCodes.FieldNotFound, $"--field: '{path}' is not a field of the document's data");
            }

            chain.Add((current, part));
            current = next;
        }

        using (JsonDocument subtree = JsonDocument.Parse(current.ToJsonString()))
        {
            var hashes = new List<string>();
            Leaves(subtree.RootElement, path, hashes);
            JsonObject privacy = root["privacy"] as JsonObject ?? new JsonObject();
            root["privacy"] = privacy;
            JsonArray list = privacy["obfuscatedData"] as JsonArray ?? new JsonArray();
            privacy["obfuscatedData"] = list;
            foreach (string h in hashes)
            {
                list.Add(h);
            }
        }

        for (int i = chain.Count - 1; i >= 0; i--)
        {
            var (container, key) = chain[i];
            if (container is JsonObject o)
            {
                o.Remove(key);
            }
            else if (container is JsonArray a)
            {
                int index = int.Parse(key, System.Globalization.CultureInfo.InvariantCulture);
                if (index != a.Count - 1)
                {
                    return Result<string>.Fail(OriginErrorCodes.FieldNotFound, $"--field: '{path}' is an array item before the last; removing it would renumber the others");
                }

                a.RemoveAt(index);
            }

            bool empty = container is JsonObject eo ? eo.Count == 0 : ((JsonArray)container).Count == 0;
            if (!empty || i == 0)
            {
                break;
            }
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static void Leaves(JsonElement value, string prefix, List<string> hashes)
    {
        if (value.ValueKind == JsonValueKind.Object && value.EnumerateObject().Any())
        {
            foreach (JsonProperty p in value.EnumerateObject())
            {
                Leaves(p.Value, prefix + "." + p.Name, hashes);
            }
        }
        else if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0)
        {
            int i = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                Leaves(item, prefix + "." + i, hashes);
                i++;
            }
        }
        else
        {
            var sb = new StringBuilder("{");
            JsJson.WriteString(sb, prefix);
            sb.Append(':');
            JsJson.WriteValue(sb, value);
            sb.Append('}');
            hashes.Add(Keccak256.HexOfUtf8(sb.ToString()));
        }
    }
}
