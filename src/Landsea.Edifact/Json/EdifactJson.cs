using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Landsea.Edifact.Model;
using Landsea.Edifact.Syntax;
using Landsea.Edifact.Validation;

namespace Landsea.Edifact.Json;

/// <summary>The outcome of reading the JSON form: a document or the reason it is not one.</summary>
public sealed record EdifactJsonResult(EdifactDocument? Document, string? Error);

/// <summary>
/// The lossless JSON form of the segment tree:
/// <c>{"serviceStringAdvice": {...} | null, "interchange": {"header", "groups", "messages", "trailer"} | null, "messages": [...]}</c>,
/// a message <c>{"type", "directory", "reference", "header", "segments", "trailer"}</c> and a segment
/// <c>{"tag": "LOC", "elements": [["9"], ["AUMEL"]]}</c>. An element repeated with syntax version 4's repetition
/// separator is an array of component arrays: <c>[["A", "1"], ["B"]]</c>. type, directory and reference are
/// informational (taken from UNH) and ignored when read back.
/// </summary>
public static class EdifactJson
{
    public static string Serialize(EdifactDocument document, bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(document, writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(EdifactDocument document, Utf8JsonWriter w)
    {
        w.WriteStartObject();
        if (document.ServiceStringAdvice is { } a)
        {
            w.WriteStartObject("serviceStringAdvice");
            w.WriteString("componentSeparator", Char(a.ComponentSeparator));
            w.WriteString("elementSeparator", Char(a.ElementSeparator));
            w.WriteString("decimalMark", Char(a.DecimalMark));
            w.WriteString("releaseCharacter", Char(a.ReleaseCharacter));
            w.WriteString("repetitionSeparator", Char(a.RepetitionSeparator));
            w.WriteString("segmentTerminator", Char(a.SegmentTerminator));
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("serviceStringAdvice");
        }

        if (document.Interchange is { } i)
        {
            w.WriteStartObject("interchange");
            w.WritePropertyName("header");
            WriteSegment(i.Header, w);
            w.WriteStartArray("groups");
            foreach (var g in i.Groups)
            {
                w.WriteStartObject();
                w.WritePropertyName("header");
                WriteSegment(g.Header, w);
                WriteMessages("messages", g.Messages, w);
                w.WritePropertyName("trailer");
                WriteSegment(g.Trailer, w);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            WriteMessages("messages", i.Messages, w);
            w.WritePropertyName("trailer");
            WriteSegment(i.Trailer, w);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("interchange");
        }

        WriteMessages("messages", document.Messages, w);
        w.WriteEndObject();
    }

    public static void WriteSegment(EdifactSegment segment, Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("tag", segment.Tag);
        if (!segment.Indicators.IsEmpty)
        {
            w.WriteStartArray("nesting");
            foreach (string indicator in segment.Indicators)
            {
                w.WriteStringValue(indicator);
            }

            w.WriteEndArray();
        }
        w.WriteStartArray("elements");
        foreach (var e in segment.Elements)
        {
            w.WriteStartArray();
            if (e.Repetitions.Length == 1)
            {
                foreach (string c in e.Components)
                {
                    w.WriteStringValue(c);
                }
            }
            else
            {
                foreach (var r in e.Repetitions)
                {
                    w.WriteStartArray();
                    foreach (string c in r)
                    {
                        w.WriteStringValue(c);
                    }

                    w.WriteEndArray();
                }
            }

            w.WriteEndArray();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static EdifactJsonResult Parse(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return new EdifactJsonResult(ReadDocument(doc.RootElement), null);
        }
        catch (JsonException ex)
        {
            return new EdifactJsonResult(null, ex.Message);
        }
        catch (FormatException ex)
        {
            return new EdifactJsonResult(null, ex.Message);
        }
    }

    private static void WriteMessages(string name, ImmutableArray<EdifactMessage> messages, Utf8JsonWriter w)
    {
        w.WriteStartArray(name);
        foreach (var m in messages)
        {
            w.WriteStartObject();
            w.WriteString("type", m.MessageType);
            w.WriteString("directory", m.Directory);
            w.WriteString("reference", m.Reference);
            w.WritePropertyName("header");
            WriteSegment(m.Header, w);
            w.WriteStartArray("segments");
            foreach (var s in m.Body)
            {
                WriteSegment(s, w);
            }

            w.WriteEndArray();
            if (m.Trailer is { } t)
            {
                w.WritePropertyName("trailer");
                WriteSegment(t, w);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static string Char(byte b) => ((char)b).ToString();

    private static EdifactDocument ReadDocument(JsonElement root)
    {
        Expect(root, JsonValueKind.Object, "document");
        ServiceStringAdvice? una = null;
        if (root.TryGetProperty("serviceStringAdvice", out var a) && a.ValueKind == JsonValueKind.Object)
        {
            Span<byte> bytes =
            [
                (byte)'U', (byte)'N', (byte)'A',
                Byte(a, "componentSeparator"), Byte(a, "elementSeparator"), Byte(a, "decimalMark"),
                Byte(a, "releaseCharacter"), Byte(a, "repetitionSeparator"), Byte(a, "segmentTerminator"),
            ];
            una = ServiceStringAdvice.TryParse(bytes, out var advice) ? advice : throw new FormatException("serviceStringAdvice: separators clash or are letters, digits or spaces");
        }

        EdifactInterchange? interchange = null;
        if (root.TryGetProperty("interchange", out var i) && i.ValueKind == JsonValueKind.Object)
        {
            var groups = Array(i, "groups").Select(g => new EdifactGroup(ReadSegment(Required(g, "header")), ReadMessages(g), ReadSegment(Required(g, "trailer"))));
            interchange = new EdifactInterchange(ReadSegment(Required(i, "header")), [.. groups], ReadMessages(i), ReadSegment(Required(i, "trailer")));
        }

        return new EdifactDocument(una, interchange, ReadMessages(root));
    }

    private static ImmutableArray<EdifactMessage> ReadMessages(JsonElement parent) =>
        [.. Array(parent, "messages").Select(m => new EdifactMessage(
            ReadSegment(Required(m, "header")),
            [.. Array(m, "segments").Select(ReadSegment)],
            m.TryGetProperty("trailer", out var t) && t.ValueKind == JsonValueKind.Object ? ReadSegment(t) : null))];

    private static EdifactSegment ReadSegment(JsonElement s)
    {
        Expect(s, JsonValueKind.Object, "segment");
        string tag = Required(s, "tag").GetString() ?? throw new FormatException("segment tag must be a string");
        var elements = ImmutableArray.CreateBuilder<EdifactElement>();
        foreach (var e in Array(s, "elements"))
        {
            Expect(e, JsonValueKind.Array, $"element of {tag}");
            if (e.GetArrayLength() == 0)
            {
                throw new FormatException($"an element of {tag} is an empty array; an element has at least one component");
            }

            if (e[0].ValueKind == JsonValueKind.Array)
            {
                elements.Add(new EdifactElement([.. e.EnumerateArray().Select(r => Components(r, tag))]));
            }
            else
            {
                elements.Add(new EdifactElement([Components(e, tag)]));
            }
        }

        ImmutableArray<string> nesting = s.TryGetProperty("nesting", out var n) && n.ValueKind == JsonValueKind.Array && n.GetArrayLength() > 0 ? Components(n, tag) : [];
        return new EdifactSegment(tag, elements.ToImmutable(), indicators: nesting);
    }

    private static ImmutableArray<string> Components(JsonElement array, string tag)
    {
        Expect(array, JsonValueKind.Array, $"repetition of {tag}");
        if (array.GetArrayLength() == 0)
        {
            throw new FormatException($"a repetition in {tag} is empty; it has at least one component");
        }

        return [.. array.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.String ? c.GetString()! : throw new FormatException($"components of {tag} must be strings"))];
    }

    private static JsonElement[] Array(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? [.. a.EnumerateArray()] : [];

    private static JsonElement Required(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var v) ? v : throw new FormatException($"property '{name}' is missing");

    private static byte Byte(JsonElement parent, string name)
    {
        string? s = Required(parent, name).GetString();
        return s is { Length: 1 } && s[0] < 128 ? (byte)s[0] : throw new FormatException($"serviceStringAdvice.{name} must be one ASCII character");
    }

    private static void Expect(JsonElement e, JsonValueKind kind, string what)
    {
        if (e.ValueKind != kind)
        {
            throw new FormatException($"{what} must be a JSON {kind.ToString().ToLowerInvariant()}, not {e.ValueKind.ToString().ToLowerInvariant()}");
        }
    }
}
