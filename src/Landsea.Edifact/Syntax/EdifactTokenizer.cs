using System.Buffers;
using System.Runtime.CompilerServices;

namespace Landsea.Edifact.Syntax;

/// <summary>What <see cref="EdifactTokenizer.Read"/> found.</summary>
public enum TokenizerStatus
{
    /// <summary>A complete segment is available.</summary>
    Segment,

    /// <summary>The input ended cleanly between segments.</summary>
    End,

    /// <summary>The input ended inside a segment (no segment terminator).</summary>
    Truncated,

    /// <summary>A segment is longer than <see cref="EdifactTokenizer.MaxSegmentLength"/>.</summary>
    Oversized,
}

/// <summary>
/// Splits EDIFACT bytes into segments, data elements, repetitions and components, resolving release characters.
/// Allocation-lean: component values are spans into the input, or into one reused scratch buffer when they held
/// release characters. The tag is the segment's first data element; <see cref="ElementCount"/> excludes it.
/// Separators are ASCII, so the byte scan is correct for UTF-8 and every single-byte character set.
/// </summary>
public ref struct EdifactTokenizer
{
    /// <summary>Default upper bound on one segment's length in bytes, terminator included.</summary>
    public const int DefaultMaxSegmentLength = 64 * 1024;

    private static SearchValues<byte>? s_v3Specials;
    private static SearchValues<byte>? s_v4Specials;

    private readonly ReadOnlySpan<byte> _data;
    private ServiceStringAdvice _advice;
    private SearchValues<byte> _specials;
    private int _position;

    // Component table: two ints per component (start, length); start < 0 means the value sits in _scratch at ~start.
    private int[] _components;
    private int _componentCount;

    // _repetitionFirst[r] = first component of repetition r; _elementFirst[e] = first repetition of element e (each with a sentinel).
    private int[] _repetitionFirst;
    private int _repetitionCount;
    private int[] _elementFirst;
    private int _elementCount;
    private byte[] _scratch;
    private int _scratchLength;

    public EdifactTokenizer(ReadOnlySpan<byte> data, ServiceStringAdvice advice, int maxSegmentLength = DefaultMaxSegmentLength)
    {
        _data = data;
        _advice = advice;
        _specials = SpecialsFor(advice);
        MaxSegmentLength = maxSegmentLength;
        _components = new int[128];
        _repetitionFirst = new int[64];
        _elementFirst = new int[64];
        _scratch = new byte[256];
    }

    public int MaxSegmentLength { get; }

    /// <summary>Byte offset of the current segment's first byte (or of the failure).</summary>
    public int SegmentOffset { get; private set; }

    /// <summary>Length of the current segment in bytes, terminator excluded.</summary>
    public int SegmentLength { get; private set; }

    /// <summary>Byte offset where the next read starts.</summary>
    public readonly int Position => _position;

    public readonly ServiceStringAdvice Advice => _advice;

    /// <summary>The raw bytes of the current segment, terminator excluded, release characters not resolved.</summary>
    public readonly ReadOnlySpan<byte> RawSegment => _data.Slice(SegmentOffset, SegmentLength);

    /// <summary>Number of data elements after the tag.</summary>
    public readonly int ElementCount => _elementCount - 1;

    /// <summary>The segment tag (first component of the first element).</summary>
    public readonly ReadOnlySpan<byte> Tag => ComponentAt(0);

    /// <summary>Number of components of the tag element (more than one means explicit nesting indicators).</summary>
    public readonly int TagComponentCount => _repetitionFirst[1] - _repetitionFirst[0];

    /// <summary>Changes the service characters from the next segment on (after UNA or once UNB tells the syntax version).</summary>
    public void SetAdvice(ServiceStringAdvice advice)
    {
        _advice = advice;
        _specials = SpecialsFor(advice);
    }

    /// <summary>Skips the UNA segment if the input starts with one; returns the advice it carries.</summary>
    public bool TrySkipUna(out ServiceStringAdvice advice, out bool malformed)
    {
        malformed = false;
        advice = default;
        ReadOnlySpan<byte> rest = _data[_position..];
        if (rest.Length < 3 || rest[0] != (byte)'U' || rest[1] != (byte)'N' || rest[2] != (byte)'A')
        {
            return false;
        }

        if (!ServiceStringAdvice.TryParse(rest, out advice))
        {
            malformed = true;
            return false;
        }

        _position += ServiceStringAdvice.UnaLength;
        SetAdvice(advice);
        return true;
    }

    /// <summary>Number of repetitions of data element <paramref name="element"/> (0-based after the tag).</summary>
    public readonly int RepetitionCount(int element) => _elementFirst[element + 2] - _elementFirst[element + 1];

    /// <summary>Number of components in a repetition of data element <paramref name="element"/>.</summary>
    public readonly int ComponentCount(int element, int repetition = 0)
    {
        int r = _elementFirst[element + 1] + repetition;
        return _repetitionFirst[r + 1] - _repetitionFirst[r];
    }

    /// <summary>A component value with release characters resolved; empty when it is beyond the ones present.</summary>
    public readonly ReadOnlySpan<byte> GetComponent(int element, int component, int repetition = 0)
    {
        if ((uint)element >= (uint)(_elementCount - 1))
        {
            return default;
        }

        int firstRep = _elementFirst[element + 1];
        if ((uint)repetition >= (uint)(_elementFirst[element + 2] - firstRep))
        {
            return default;
        }

        int r = firstRep + repetition;
        int first = _repetitionFirst[r];
        if ((uint)component >= (uint)(_repetitionFirst[r + 1] - first))
        {
            return default;
        }

        return ComponentAt(first + component);
    }

    /// <summary>Reads the next segment. Carriage returns and line feeds between segments are skipped.</summary>
    public TokenizerStatus Read()
    {
        ReadOnlySpan<byte> data = _data;
        int pos = _position;
        while (pos < data.Length && (data[pos] == (byte)'\n' || data[pos] == (byte)'\r'))
        {
            pos++;
        }

        SegmentOffset = pos;
        if (pos >= data.Length)
        {
            _position = pos;
            SegmentLength = 0;
            return TokenizerStatus.End;
        }

        _componentCount = 0;
        _repetitionCount = 0;
        _elementCount = 0;
        _scratchLength = 0;
        _elementFirst[0] = 0;
        _repetitionFirst[0] = 0;

        byte release = _advice.ReleaseCharacter;
        byte component = _advice.ComponentSeparator;
        byte element = _advice.ElementSeparator;
        byte terminator = _advice.SegmentTerminator;
        byte repetition = _advice.RepetitionSeparator;
        bool escaped = false;
        int componentStart = pos;
        int limit = (int)Math.Min((long)data.Length, (long)pos + MaxSegmentLength);
        ReadOnlySpan<byte> window = data[..limit];

        while (true)
        {
            int found = window[pos..].IndexOfAny(_specials);
            if (found < 0)
            {
                SegmentLength = limit - SegmentOffset;
                _position = data.Length;
                return limit < data.Length ? TokenizerStatus.Oversized : TokenizerStatus.Truncated;
            }

            pos += found;
            byte b = window[pos];
            if (b == release)
            {
                escaped = true;
                pos = Math.Min(pos + 2, limit);
                continue;
            }

            AddComponent(componentStart, pos - componentStart, escaped);
            escaped = false;
            componentStart = pos + 1;
            if (b == component)
            {
                pos++;
                continue;
            }

            EndRepetition();
            if (b == repetition)
            {
                pos++;
                continue;
            }

            EndElement();
            if (b == element)
            {
                pos++;
                continue;
            }

            // Segment terminator.
            SegmentLength = pos - SegmentOffset;
            _position = pos + 1;
            return TokenizerStatus.Segment;
        }
    }

    private static SearchValues<byte> SpecialsFor(ServiceStringAdvice advice)
    {
        if (advice == ServiceStringAdvice.Version3Default)
        {
            return s_v3Specials ??= SearchValues.Create(":+?'"u8);
        }

        if (advice == ServiceStringAdvice.Version4Default)
        {
            return s_v4Specials ??= SearchValues.Create(":+?'*"u8);
        }

        Span<byte> set = stackalloc byte[5];
        int n = 0;
        set[n++] = advice.ComponentSeparator;
        set[n++] = advice.ElementSeparator;
        set[n++] = advice.SegmentTerminator;
        if (advice.HasRelease)
        {
            set[n++] = advice.ReleaseCharacter;
        }

        if (advice.HasRepetition)
        {
            set[n++] = advice.RepetitionSeparator;
        }

        return SearchValues.Create(set[..n]);
    }

    private readonly ReadOnlySpan<byte> ComponentAt(int index)
    {
        int start = _components[2 * index];
        int length = _components[(2 * index) + 1];
        return start >= 0 ? _data.Slice(start, length) : _scratch.AsSpan(~start, length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddComponent(int start, int length, bool escaped)
    {
        if (escaped)
        {
            (start, length) = Unescape(start, length);
        }

        int slot = 2 * _componentCount;
        if (slot + 2 > _components.Length)
        {
            Array.Resize(ref _components, _components.Length * 2);
        }

        _components[slot] = start;
        _components[slot + 1] = length;
        _componentCount++;
    }

    private (int Start, int Length) Unescape(int start, int length)
    {
        if (_scratchLength + length > _scratch.Length)
        {
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchLength + length));
        }

        ReadOnlySpan<byte> source = _data.Slice(start, length);
        Span<byte> target = _scratch.AsSpan(_scratchLength);
        byte release = _advice.ReleaseCharacter;
        int written = 0;
        for (int i = 0; i < source.Length; i++)
        {
            byte b = source[i];
            if (b == release && i + 1 < source.Length)
            {
                b = source[++i];
            }

            target[written++] = b;
        }

        int at = _scratchLength;
        _scratchLength += written;
        return (~at, written);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EndRepetition()
    {
        if (_repetitionCount + 2 > _repetitionFirst.Length)
        {
            Array.Resize(ref _repetitionFirst, _repetitionFirst.Length * 2);
        }

        _repetitionCount++;
        _repetitionFirst[_repetitionCount] = _componentCount;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EndElement()
    {
        if (_elementCount + 2 > _elementFirst.Length)
        {
            Array.Resize(ref _elementFirst, _elementFirst.Length * 2);
        }

        _elementCount++;
        _elementFirst[_elementCount] = _repetitionCount;
    }
}
