using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
/// The scan is table-free and branch-light: each 64-byte block is compared with the service characters at once
/// (AVX-512, AVX2 or SSE2 as the machine has) into a bit mask, and the segment loop walks the mask's set bits, so
/// the cost is one step per service character rather than one search call per component (ADR 0105).
/// </summary>
public ref struct EdifactTokenizer
{
    /// <summary>Default upper bound on one segment's length in bytes, terminator included.</summary>
    public const int DefaultMaxSegmentLength = 64 * 1024;

    private const int BlockSize = 64;

    private readonly ReadOnlySpan<byte> _data;
    private ServiceStringAdvice _advice;
    private int _position;

    // The service characters to look for; absent ones (no release, no repetition) repeat the segment terminator.
    private byte _s0;
    private byte _s1;
    private byte _s2;
    private byte _s3;
    private byte _s4;

    // Bit i of _mask: data[_blockBase + i] is a service character not yet consumed.
    private ulong _mask;
    private int _blockBase;

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
        SetSpecials(advice);
        MaxSegmentLength = maxSegmentLength;
        _components = new int[512];
        _repetitionFirst = new int[256];
        _elementFirst = new int[256];
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

    /// <summary>Component <paramref name="index"/> of the tag element (0 is the tag; 1 on are nesting indicators).</summary>
    public readonly ReadOnlySpan<byte> TagComponent(int index) =>
        (uint)index < (uint)TagComponentCount ? ComponentAt(_repetitionFirst[0] + index) : default;

    /// <summary>Changes the service characters from the next segment on (after UNA or once UNB tells the syntax version).</summary>
    public void SetAdvice(ServiceStringAdvice advice)
    {
        _advice = advice;
        SetSpecials(advice);
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

    /// <summary>
    /// Index (for <see cref="ComponentAtIndex"/>) of the first component of the first repetition of data element
    /// <paramref name="element"/> (0-based after the tag, which must exist), and the number of its components.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal readonly int FirstComponent(int element, out int count)
    {
        int r = _elementFirst[element + 1];
        int first = _repetitionFirst[r];
        count = _repetitionFirst[r + 1] - first;
        return first;
    }

    /// <summary>The component at a table index from <see cref="FirstComponent"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal readonly ReadOnlySpan<byte> ComponentAtIndex(int index) => ComponentAt(index);

    /// <summary>Whether the component at a table index is empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal readonly bool ComponentEmpty(int index) => _components[(2 * index) + 1] == 0;

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

        byte release = _advice.ReleaseCharacter;
        byte component = _advice.ComponentSeparator;
        byte repetition = _advice.RepetitionSeparator;
        byte terminator = _advice.SegmentTerminator;
        bool escaped = false;
        int componentStart = pos;
        int limit = (int)Math.Min((long)data.Length, (long)pos + MaxSegmentLength);
        if (pos >= _blockBase + BlockSize || pos < _blockBase)
        {
            LoadBlock(pos);
        }

        // Hot loop on locals. Invariant: the tables have room for one block's worth (64) of separators beyond the
        // counts, so stores need no checks; room is made again whenever a new block is loaded.
        ulong mask = _mask;
        int blockBase = _blockBase;
        int components = 0;
        int repetitions = 0;
        int elements = 0;
        _scratchLength = 0;
        MakeRoom(0, 0, 0);
        ref int componentTable = ref MemoryMarshal.GetArrayDataReference(_components);
        ref int repetitionTable = ref MemoryMarshal.GetArrayDataReference(_repetitionFirst);
        ref int elementTable = ref MemoryMarshal.GetArrayDataReference(_elementFirst);
        elementTable = 0;
        repetitionTable = 0;
        ref byte origin = ref MemoryMarshal.GetReference(data);

        while (true)
        {
            if (mask == 0)
            {
                int next = blockBase + BlockSize;
                if (next >= data.Length)
                {
                    Store(components, repetitions, elements, 0, next);
                    SegmentLength = limit - SegmentOffset;
                    _position = data.Length;
                    return limit < data.Length ? TokenizerStatus.Oversized : TokenizerStatus.Truncated;
                }

                MakeRoom(components, repetitions, elements);
                componentTable = ref MemoryMarshal.GetArrayDataReference(_components);
                repetitionTable = ref MemoryMarshal.GetArrayDataReference(_repetitionFirst);
                elementTable = ref MemoryMarshal.GetArrayDataReference(_elementFirst);
                LoadBlock(next);
                mask = _mask;
                blockBase = next;
                continue;
            }

            int at = blockBase + BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            if (at < pos)
            {
                // The character after a release character: data, not a separator.
                continue;
            }

            if (at >= limit)
            {
                Store(components, repetitions, elements, 0, int.MinValue / 2);
                SegmentLength = limit - SegmentOffset;
                _position = data.Length;
                return TokenizerStatus.Oversized;
            }

            pos = at;
            byte b = Unsafe.Add(ref origin, pos);
            if (b == release)
            {
                escaped = true;
                pos += 2;
                continue;
            }

            int start = componentStart;
            int length = pos - componentStart;
            if (escaped)
            {
                (start, length) = Unescape(start, length);
                escaped = false;
            }

            Unsafe.Add(ref componentTable, 2 * components) = start;
            Unsafe.Add(ref componentTable, (2 * components) + 1) = length;
            components++;
            componentStart = pos + 1;

            // Branch-free bookkeeping: component, repetition and element separators arrive in no predictable order,
            // so the next slots are always written and the counts advance by 0 or 1 (a slot written but not counted
            // is overwritten later). Only the rarer terminator takes a branch.
            int endsRepetition = b != component ? 1 : 0;
            Unsafe.Add(ref repetitionTable, repetitions + 1) = components;
            repetitions += endsRepetition;
            int endsElement = endsRepetition & (b != repetition ? 1 : 0);
            Unsafe.Add(ref elementTable, elements + 1) = repetitions;
            elements += endsElement;
            if (b != terminator)
            {
                continue;
            }

            // Segment terminator.
            Store(components, repetitions, elements, mask, blockBase);
            SegmentLength = pos - SegmentOffset;
            _position = pos + 1;
            return TokenizerStatus.Segment;
        }
    }

    private void Store(int components, int repetitions, int elements, ulong mask, int blockBase)
    {
        _componentCount = components;
        _repetitionCount = repetitions;
        _elementCount = elements;
        _mask = mask;
        _blockBase = blockBase;
    }

    /// <summary>Grows the tables so that one more block of separators (at most 64) fits after the given counts.</summary>
    private void MakeRoom(int components, int repetitions, int elements)
    {
        const int Room = BlockSize + 2;
        if ((2 * (components + Room)) > _components.Length)
        {
            Array.Resize(ref _components, Math.Max(_components.Length * 2, 2 * (components + Room)));
        }

        if (repetitions + Room > _repetitionFirst.Length)
        {
            Array.Resize(ref _repetitionFirst, Math.Max(_repetitionFirst.Length * 2, repetitions + Room));
        }

        if (elements + Room > _elementFirst.Length)
        {
            Array.Resize(ref _elementFirst, Math.Max(_elementFirst.Length * 2, elements + Room));
        }
    }

    private void SetSpecials(ServiceStringAdvice advice)
    {
        _s0 = advice.ComponentSeparator;
        _s1 = advice.ElementSeparator;
        _s2 = advice.SegmentTerminator;
        _s3 = advice.HasRelease ? advice.ReleaseCharacter : advice.SegmentTerminator;
        _s4 = advice.HasRepetition ? advice.RepetitionSeparator : advice.SegmentTerminator;

        // Forget the mask: the next read scans afresh from its position with the new characters.
        _mask = 0;
        _blockBase = int.MinValue / 2;
    }

    /// <summary>Sets <see cref="_mask"/> to the service characters of the 64 bytes from <paramref name="start"/> (fewer at the end).</summary>
    private void LoadBlock(int start)
    {
        _blockBase = start;
        ReadOnlySpan<byte> data = _data;
        if (start + BlockSize <= data.Length)
        {
            ref byte origin = ref MemoryMarshal.GetReference(data);
            if (Vector512.IsHardwareAccelerated)
            {
                Vector512<byte> v = Vector512.LoadUnsafe(ref origin, (nuint)start);
                _mask = (Vector512.Equals(v, Vector512.Create(_s0)) | Vector512.Equals(v, Vector512.Create(_s1)) | Vector512.Equals(v, Vector512.Create(_s2))
                    | Vector512.Equals(v, Vector512.Create(_s3)) | Vector512.Equals(v, Vector512.Create(_s4))).ExtractMostSignificantBits();
                return;
            }

            if (Vector256.IsHardwareAccelerated)
            {
                _mask = Mask256(Vector256.LoadUnsafe(ref origin, (nuint)start)) | ((ulong)Mask256(Vector256.LoadUnsafe(ref origin, (nuint)start + 32)) << 32);
                return;
            }

            if (Vector128.IsHardwareAccelerated)
            {
                _mask = Mask128(Vector128.LoadUnsafe(ref origin, (nuint)start))
                    | ((ulong)Mask128(Vector128.LoadUnsafe(ref origin, (nuint)start + 16)) << 16)
                    | ((ulong)Mask128(Vector128.LoadUnsafe(ref origin, (nuint)start + 32)) << 32)
                    | ((ulong)Mask128(Vector128.LoadUnsafe(ref origin, (nuint)start + 48)) << 48);
                return;
            }
        }

        ulong mask = 0;
        int end = Math.Min(data.Length, start + BlockSize);
        for (int i = start; i < end; i++)
        {
            byte b = data[i];
            if (b == _s0 || b == _s1 || b == _s2 || b == _s3 || b == _s4)
            {
                mask |= 1UL << (i - start);
            }
        }

        _mask = mask;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly uint Mask256(Vector256<byte> v) =>
        (Vector256.Equals(v, Vector256.Create(_s0)) | Vector256.Equals(v, Vector256.Create(_s1)) | Vector256.Equals(v, Vector256.Create(_s2))
            | Vector256.Equals(v, Vector256.Create(_s3)) | Vector256.Equals(v, Vector256.Create(_s4))).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly uint Mask128(Vector128<byte> v) =>
        (Vector128.Equals(v, Vector128.Create(_s0)) | Vector128.Equals(v, Vector128.Create(_s1)) | Vector128.Equals(v, Vector128.Create(_s2))
            | Vector128.Equals(v, Vector128.Create(_s3)) | Vector128.Equals(v, Vector128.Create(_s4))).ExtractMostSignificantBits();

    private readonly ReadOnlySpan<byte> ComponentAt(int index)
    {
        int start = _components[2 * index];
        int length = _components[(2 * index) + 1];
        return start >= 0 ? _data.Slice(start, length) : _scratch.AsSpan(~start, length);
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
}
