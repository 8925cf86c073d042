using System.Text.Json;

namespace Landsea.Exchange.Transport;

/// <summary>
/// The batch wire form: several envelopes in one HTTP request and their receipts in one answer.
/// Request (<see cref="BatchMediaType"/>): <c>{"envelopes":[&lt;wire&gt;, &lt;wire&gt;, ...]}</c>, where each element is exactly the
/// single-envelope wire object (<see cref="Signing.EnvelopeCodec"/>: per-envelope JWS or batch proof, each verified on its own).
/// Answer (<see cref="ReceiptsMediaType"/>): <c>{"receipts":[&lt;receipt&gt;, ...]}</c>, one signed receipt per envelope in request order,
/// each a compact JWS string or, when the receiver signs the answer's receipts together, a <c>{"receipt","proof"}</c> object (ADR 0306).
/// </summary>
public static class BatchCodec
{
    public const string BatchMediaType = "application/landsea-batch+json";
    public const string ReceiptsMediaType = "application/landsea-receipts+json";

    private static readonly byte[] Open = "{\"envelopes\":["u8.ToArray();
    private static readonly byte[] Close = "]}"u8.ToArray();

    /// <summary>Joins single-envelope wire objects into one batch body.</summary>
    public static byte[] Join(IReadOnlyList<ReadOnlyMemory<byte>> wires)
    {
        int length = Open.Length + Close.Length + wires.Sum(w => w.Length) + Math.Max(0, wires.Count - 1);
        var body = new byte[length];
        int at = 0;
        Open.CopyTo(body, at);
        at += Open.Length;
        for (int i = 0; i < wires.Count; i++)
        {
            if (i > 0)
            {
                body[at++] = (byte)',';
            }

            wires[i].Span.CopyTo(body.AsSpan(at));
            at += wires[i].Length;
        }

        Close.CopyTo(body, at);
        return body;
    }

    /// <summary>Splits a batch body into the byte ranges of its elements (no copies); null when it is not a batch or has more than <paramref name="maxEnvelopes"/>.</summary>
    public static List<ReadOnlyMemory<byte>>? Split(ReadOnlyMemory<byte> body, int maxEnvelopes)
    {
        var wires = new List<ReadOnlyMemory<byte>>();
        try
        {
            var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject
                || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("envelopes"u8)
                || !reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (wires.Count >= maxEnvelopes)
                {
                    return null;
                }

                int start = (int)reader.TokenStartIndex;
                reader.Skip();
                wires.Add(body.Slice(start, (int)reader.BytesConsumed - start));
            }

            if (reader.TokenType != JsonTokenType.EndArray || !reader.Read() || reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return null;
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return wires;
    }

    /// <summary>The answer body for a batch: the receipts' compact JWS in request order.</summary>
    public static byte[] WriteReceipts(IEnumerable<string> receipts)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("receipts");
            foreach (string text in receipts)
            {
                if (Signing.ReceiptCodec.IsBatchForm(text))
                {
                    w.WriteRawValue(text); // a batch-signed receipt is a JSON object
                }
                else
                {
                    w.WriteStringValue(text);
                }
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads a batch answer; null when it is not <c>{"receipts":[...]}</c> with exactly <paramref name="expected"/> entries,
    /// each a compact JWS string or a batch-signed receipt object (returned as its JSON text).</summary>
    public static List<string>? ReadReceipts(ReadOnlySpan<byte> body, int expected)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using JsonDocument doc = JsonDocument.ParseValue(ref reader);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("receipts", out JsonElement list)
                || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() != expected)
            {
                return null;
            }

            var receipts = new List<string>(expected);
            foreach (JsonElement r in list.EnumerateArray())
            {
                if (r.ValueKind == JsonValueKind.Object)
                {
                    receipts.Add(r.GetRawText());
                    continue;
                }

                if (r.ValueKind != JsonValueKind.String)
                {
                    return null;
                }

                receipts.Add(r.GetString()!);
            }

            return receipts;
        }
        catch (JsonException)
        {
            return null;
        }
    }

}
