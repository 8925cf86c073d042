using System.Buffers;
using System.Text;
using Landsea.Edifact.Model;
using Landsea.Edifact.Syntax;

namespace Landsea.Edifact;

public sealed record EdifactWriteOptions
{
    public static EdifactWriteOptions Default { get; } = new();

    /// <summary>Write a line feed after each segment terminator (readers skip it). Default false.</summary>
    public bool LineBreaks { get; init; }
}

/// <summary>
/// Writes the segment tree back to EDIFACT bytes with the document's own service characters and character set,
/// escaping service characters with the release character. Reading the output gives the same tree.
/// </summary>
public static class EdifactWriter
{
    public static byte[] Write(EdifactDocument document, EdifactWriteOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        Write(document, buffer, options);
        return buffer.WrittenSpan.ToArray();
    }

    public static string WriteString(EdifactDocument document, EdifactWriteOptions? options = null)
    {
        byte[] bytes = Write(document, options);
        return CharacterSetOf(document).Decode(bytes);
    }

    /// <summary>Writes to <paramref name="output"/>. Throws <see cref="ArgumentException"/> when a value holds a service character and there is no release character.</summary>
    public static void Write(EdifactDocument document, IBufferWriter<byte> output, EdifactWriteOptions? options = null)
    {
        options ??= EdifactWriteOptions.Default;
        CharacterSet charset = CharacterSetOf(document);
        ServiceStringAdvice? una = document.ServiceStringAdvice;
        if (una is { } u)
        {
            u.WriteUna(output.GetSpan(ServiceStringAdvice.UnaLength));
            output.Advance(ServiceStringAdvice.UnaLength);
            NewLine(output, options);
        }

        if (document.Interchange is { } interchange)
        {
            ServiceStringAdvice headerAdvice = (una ?? ServiceStringAdvice.Version3Default) with { RepetitionSeparator = (byte)' ' };
            WriteSegment(interchange.Header, headerAdvice, charset, output, options);
            ServiceStringAdvice advice = EnvelopeWalker.EffectiveAdvice(una, interchange.SyntaxVersion);
            foreach (var group in interchange.Groups)
            {
                WriteSegment(group.Header, advice, charset, output, options);
                foreach (var m in group.Messages)
                {
                    WriteMessage(m, advice, charset, output, options);
                }

                WriteSegment(group.Trailer, advice, charset, output, options);
            }

            foreach (var m in interchange.Messages)
            {
                WriteMessage(m, advice, charset, output, options);
            }

            WriteSegment(interchange.Trailer, advice, charset, output, options);
        }
        else
        {
            ServiceStringAdvice advice = una ?? ServiceStringAdvice.Version3Default;
            foreach (var m in document.Messages)
            {
                WriteMessage(m, advice, charset, output, options);
            }
        }
    }

    internal static CharacterSet CharacterSetOf(EdifactDocument document) =>
        document.Interchange is { } i && CharacterSet.TryGet(Encoding.ASCII.GetBytes(i.SyntaxIdentifier), out var set) ? set : CharacterSet.Unoy;

    private static void WriteMessage(EdifactMessage message, ServiceStringAdvice advice, CharacterSet charset, IBufferWriter<byte> output, EdifactWriteOptions options)
    {
        foreach (var segment in message.Segments())
        {
            WriteSegment(segment, advice, charset, output, options);
        }
    }

    private static void NewLine(IBufferWriter<byte> output, EdifactWriteOptions options)
    {
        if (options.LineBreaks)
        {
            output.GetSpan(1)[0] = (byte)'\n';
            output.Advance(1);
        }
    }

    private static void WriteSegment(EdifactSegment segment, ServiceStringAdvice advice, CharacterSet charset, IBufferWriter<byte> output, EdifactWriteOptions options)
    {
        WriteValue(segment.Tag, advice, charset, output);
        foreach (string indicator in segment.Indicators)
        {
            Put(output, advice.ComponentSeparator);
            WriteValue(indicator, advice, charset, output);
        }
        foreach (var element in segment.Elements)
        {
            Put(output, advice.ElementSeparator);
            for (int r = 0; r < element.Repetitions.Length; r++)
            {
                if (r > 0)
                {
                    if (!advice.HasRepetition)
                    {
                        throw new ArgumentException($"Segment {segment.Tag} repeats a data element but the syntax in force has no repetition separator (syntax version 4 needed).", nameof(segment));
                    }

                    Put(output, advice.RepetitionSeparator);
                }

                var components = element.Repetitions[r];
                for (int c = 0; c < components.Length; c++)
                {
                    if (c > 0)
                    {
                        Put(output, advice.ComponentSeparator);
                    }

                    WriteValue(components[c], advice, charset, output);
                }
            }
        }

        Put(output, advice.SegmentTerminator);
        NewLine(output, options);
    }

    private static void WriteValue(string value, ServiceStringAdvice advice, CharacterSet charset, IBufferWriter<byte> output)
    {
        if (value.Length == 0)
        {
            return;
        }

        int max = charset.Encoding.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        Span<byte> encoded = max <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(max));
        int length = charset.Encoding.GetBytes(value, encoded);
        Span<byte> target = output.GetSpan(2 * length);
        int written = 0;
        foreach (byte b in encoded[..length])
        {
            if (b == advice.ComponentSeparator || b == advice.ElementSeparator || b == advice.SegmentTerminator
                || (advice.HasRelease && b == advice.ReleaseCharacter) || (advice.HasRepetition && b == advice.RepetitionSeparator))
            {
                if (!advice.HasRelease)
                {
                    throw new ArgumentException($"Value '{value}' holds service character '{(char)b}' and the service string advice has no release character.", nameof(value));
                }

                target[written++] = advice.ReleaseCharacter;
            }

            target[written++] = b;
        }

        output.Advance(written);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void Put(IBufferWriter<byte> output, byte b)
    {
        output.GetSpan(1)[0] = b;
        output.Advance(1);
    }
}
