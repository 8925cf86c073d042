using Landsea.Declarations.Json;
using Landsea.Declarations.Wco;

namespace Landsea.Declarations;

/// <summary>Chooses the reader for a submission: JSON when it starts with '{', WCO DM XML otherwise.</summary>
public static class DeclarationReader
{
    public static (string Format, DeclarationCheck Check) Read(ReadOnlyMemory<byte> bytes, DateOnly lodgedOn)
    {
        ReadOnlySpan<byte> span = bytes.Span;
        int i = span.Length >= 3 && span[0] == 0xEF && span[1] == 0xBB && span[2] == 0xBF ? 3 : 0;
        while (i < span.Length && span[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i < span.Length && span[i] == (byte)'{'
            ? ("json", JsonDeclarationReader.Read(bytes, lodgedOn))
            : ("wco-xml", WcoDeclarationReader.Read(bytes, lodgedOn));
    }
}
