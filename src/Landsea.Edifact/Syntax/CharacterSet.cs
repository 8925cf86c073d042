using System.Buffers;
using System.Text;

namespace Landsea.Edifact.Syntax;

/// <summary>
/// A syntax identifier (data element 0001, UNOA to UNOY) and what it means for bytes: which are allowed
/// and how they decode to text. UNOX (ISO 2022 code extension) is carried byte for byte as Latin-1 so
/// nothing is lost; its escape sequences are not interpreted.
/// </summary>
public sealed class CharacterSet
{
    private static readonly SearchValues<byte> s_levelA = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,-()/='+:?!\"%&*;<>"u8);

    private static readonly Dictionary<string, CharacterSet> s_byName = Build();

    private readonly Func<ReadOnlySpan<byte>, int> _firstInvalid;

    private CharacterSet(string identifier, Encoding encoding, Func<ReadOnlySpan<byte>, int> firstInvalid)
    {
        Identifier = identifier;
        Encoding = encoding;
        _firstInvalid = firstInvalid;
    }

    /// <summary>The syntax identifier, for example "UNOC".</summary>
    public string Identifier { get; }

    /// <summary>How bytes of this repertoire decode to text and text encodes back.</summary>
    public Encoding Encoding { get; }

    /// <summary>UTF-8 (UNOY), used for bare messages whose bytes are valid UTF-8.</summary>
    public static CharacterSet Unoy => s_byName["UNOY"];

    /// <summary>Latin-1 (UNOC), the fallback for bare messages that are not valid UTF-8.</summary>
    public static CharacterSet Unoc => s_byName["UNOC"];

    public static IReadOnlyCollection<string> Identifiers => s_byName.Keys;

    public static bool TryGet(ReadOnlySpan<byte> identifier, out CharacterSet characterSet)
    {
        foreach (var (name, set) in s_byName)
        {
            if (identifier.Length == 4 && Ascii.Equals(identifier, name))
            {
                characterSet = set;
                return true;
            }
        }

        characterSet = Unoc;
        return false;
    }

    /// <summary>Index of the first byte not allowed by this repertoire, or -1.</summary>
    public int IndexOfInvalid(ReadOnlySpan<byte> bytes) => _firstInvalid(bytes);

    public string Decode(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? string.Empty : Encoding.GetString(bytes);

    private static Dictionary<string, CharacterSet> Build()
    {
        Encoding latin1 = Encoding.Latin1;
        Encoding utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        var sets = new Dictionary<string, CharacterSet>(StringComparer.Ordinal)
        {
            ["UNOA"] = new("UNOA", Encoding.ASCII, static b => b.IndexOfAnyExcept(s_levelA)),
            ["UNOB"] = new("UNOB", Encoding.ASCII, static b => b.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E)),
            ["UNOC"] = new("UNOC", latin1, SingleByte),
            ["UNOW"] = new("UNOW", utf8, Utf8),
            ["UNOX"] = new("UNOX", latin1, Iso2022),
            ["UNOY"] = new("UNOY", utf8, Utf8),
        };

        (string Name, int CodePage)[] isoParts =
        [
            ("UNOD", 28592), ("UNOE", 28595), ("UNOF", 28597), ("UNOG", 28593),
            ("UNOH", 28594), ("UNOI", 28596), ("UNOJ", 28598), ("UNOK", 28599),
        ];
        foreach (var (name, codePage) in isoParts)
        {
            Encoding encoding = CodePagesEncodingProvider.Instance.GetEncoding(codePage) ?? latin1;
            sets[name] = new CharacterSet(name, encoding, SingleByte);
        }

        return sets;
    }

    private static int SingleByte(ReadOnlySpan<byte> bytes)
    {
        int c0 = bytes.IndexOfAnyInRange((byte)0x00, (byte)0x1F);
        int c1 = bytes.IndexOfAnyInRange((byte)0x7F, (byte)0x9F);
        return c0 < 0 ? c1 : c1 < 0 ? c0 : Math.Min(c0, c1);
    }

    private static int Utf8(ReadOnlySpan<byte> bytes)
    {
        int control = bytes.IndexOfAnyInRange((byte)0x00, (byte)0x1F);
        ReadOnlySpan<byte> checkedPart = control < 0 ? bytes : bytes[..control];
        if (System.Text.Unicode.Utf8.IsValid(checkedPart))
        {
            return control;
        }

        OperationStatus status = System.Text.Unicode.Utf8.ToUtf16(checkedPart, new char[checkedPart.Length], out int read, out _, replaceInvalidSequences: false);
        return status == OperationStatus.Done ? control : read;
    }

    private static int Iso2022(ReadOnlySpan<byte> bytes)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] < 0x20 && bytes[i] != 0x1B && bytes[i] != 0x0E && bytes[i] != 0x0F)
            {
                return i;
            }
        }

        return -1;
    }
}
