using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Landsea.Origin;

/// <summary>
/// Keccak-256 as Ethereum and OpenAttestation use it (original Keccak padding 0x01), not FIPS SHA3-256 (0x06).
/// Keccak-f[1600], rate 136 bytes, 32-byte output. The permutation is unrolled over 25 locals (the state lives in
/// registers and on the stack; nothing is allocated but the returned digest or string).
/// </summary>
public static class Keccak256
{
    private const int Rate = 136;

    /// <summary>Texts up to this many UTF-8 bytes are encoded on the stack by <see cref="HexOfUtf8"/>.</summary>
    private const int StackText = 1024;

    private static readonly ulong[] RoundConstants =
    [
        0x0000000000000001UL, 0x0000000000008082UL, 0x800000000000808aUL, 0x8000000080008000UL,
        0x000000000000808bUL, 0x0000000080000001UL, 0x8000000080008081UL, 0x8000000000008009UL,
        0x000000000000008aUL, 0x0000000000000088UL, 0x0000000080008009UL, 0x000000008000000aUL,
        0x000000008000808bUL, 0x800000000000008bUL, 0x8000000000008089UL, 0x8000000000008003UL,
        0x8000000000008002UL, 0x8000000000000080UL, 0x000000000000800aUL, 0x800000008000000aUL,
        0x8000000080008081UL, 0x8000000000008080UL, 0x0000000080000001UL, 0x8000000080008008UL,
    ];

    /// <summary>The 32-byte Keccak-256 digest of <paramref name="data"/>.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var result = new byte[32];
        Hash(data, result);
        return result;
    }

    /// <summary>Writes the 32-byte Keccak-256 digest of <paramref name="data"/> to <paramref name="destination"/> (at least 32 bytes).</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, 32, nameof(destination));
        Span<ulong> state = stackalloc ulong[25];
        state.Clear();
        while (data.Length >= Rate)
        {
            Absorb(state, data[..Rate]);
            data = data[Rate..];
        }

        Span<byte> last = stackalloc byte[Rate];
        last.Clear();
        data.CopyTo(last);
        last[data.Length] ^= 0x01;
        last[Rate - 1] ^= 0x80;
        Absorb(state, last);

        for (int i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination[(i * 8)..], state[i]);
        }
    }

    /// <summary>Lower-case hexadecimal Keccak-256 of the UTF-8 bytes of <paramref name="text"/> (no 0x prefix).</summary>
    public static string HexOfUtf8(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Span<byte> digest = stackalloc byte[32];
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (max <= StackText)
        {
            Span<byte> bytes = stackalloc byte[StackText];
            int n = Encoding.UTF8.GetBytes(text, bytes);
            Hash(bytes[..n], digest);
        }
        else
        {
            byte[] rented = ArrayPool<byte>.Shared.Rent(max);
            int n = Encoding.UTF8.GetBytes(text, rented);
            Hash(rented.AsSpan(0, n), digest);
            ArrayPool<byte>.Shared.Return(rented);
        }

        return Convert.ToHexStringLower(digest);
    }

    private static void Absorb(Span<ulong> state, ReadOnlySpan<byte> block)
    {
        for (int i = 0; i < Rate / 8; i++)
        {
            state[i] ^= BinaryPrimitives.ReadUInt64LittleEndian(block[(i * 8)..]);
        }

        Permute(state);
    }

    /// <summary>Keccak-f[1600]: 24 rounds of theta, rho and pi (into b), chi and iota, lane (x, y) at index x + 5y.</summary>
    private static void Permute(Span<ulong> a)
    {
        ulong a00 = a[0];
        ulong a01 = a[1];
        ulong a02 = a[2];
        ulong a03 = a[3];
        ulong a04 = a[4];
        ulong a05 = a[5];
        ulong a06 = a[6];
        ulong a07 = a[7];
        ulong a08 = a[8];
        ulong a09 = a[9];
        ulong a10 = a[10];
        ulong a11 = a[11];
        ulong a12 = a[12];
        ulong a13 = a[13];
        ulong a14 = a[14];
        ulong a15 = a[15];
        ulong a16 = a[16];
        ulong a17 = a[17];
        ulong a18 = a[18];
        ulong a19 = a[19];
        ulong a20 = a[20];
        ulong a21 = a[21];
        ulong a22 = a[22];
        ulong a23 = a[23];
        ulong a24 = a[24];
        for (int round = 0; round < 24; round++)
        {
            ulong c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20;
            ulong c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21;
            ulong c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22;
            ulong c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23;
            ulong c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24;
            ulong d0 = c4 ^ ulong.RotateLeft(c1, 1);
            ulong d1 = c0 ^ ulong.RotateLeft(c2, 1);
            ulong d2 = c1 ^ ulong.RotateLeft(c3, 1);
            ulong d3 = c2 ^ ulong.RotateLeft(c4, 1);
            ulong d4 = c3 ^ ulong.RotateLeft(c0, 1);
            ulong b00 = a00 ^ d0;
            ulong b16 = ulong.RotateLeft(a05 ^ d0, 36);
            ulong b07 = ulong.RotateLeft(a10 ^ d0, 3);
            ulong b23 = ulong.RotateLeft(a15 ^ d0, 41);
            ulong b14 = ulong.RotateLeft(a20 ^ d0, 18);
            ulong b10 = ulong.RotateLeft(a01 ^ d1, 1);
            ulong b01 = ulong.RotateLeft(a06 ^ d1, 44);
            ulong b17 = ulong.RotateLeft(a11 ^ d1, 10);
            ulong b08 = ulong.RotateLeft(a16 ^ d1, 45);
            ulong b24 = ulong.RotateLeft(a21 ^ d1, 2);
            ulong b20 = ulong.RotateLeft(a02 ^ d2, 62);
            ulong b11 = ulong.RotateLeft(a07 ^ d2, 6);
            ulong b02 = ulong.RotateLeft(a12 ^ d2, 43);
            ulong b18 = ulong.RotateLeft(a17 ^ d2, 15);
            ulong b09 = ulong.RotateLeft(a22 ^ d2, 61);
            ulong b05 = ulong.RotateLeft(a03 ^ d3, 28);
            ulong b21 = ulong.RotateLeft(a08 ^ d3, 55);
            ulong b12 = ulong.RotateLeft(a13 ^ d3, 25);
            ulong b03 = ulong.RotateLeft(a18 ^ d3, 21);
            ulong b19 = ulong.RotateLeft(a23 ^ d3, 56);
            ulong b15 = ulong.RotateLeft(a04 ^ d4, 27);
            ulong b06 = ulong.RotateLeft(a09 ^ d4, 20);
            ulong b22 = ulong.RotateLeft(a14 ^ d4, 39);
            ulong b13 = ulong.RotateLeft(a19 ^ d4, 8);
            ulong b04 = ulong.RotateLeft(a24 ^ d4, 14);
            a00 = b00 ^ (~b01 & b02);
            a01 = b01 ^ (~b02 & b03);
            a02 = b02 ^ (~b03 & b04);
            a03 = b03 ^ (~b04 & b00);
            a04 = b04 ^ (~b00 & b01);
            a05 = b05 ^ (~b06 & b07);
            a06 = b06 ^ (~b07 & b08);
            a07 = b07 ^ (~b08 & b09);
            a08 = b08 ^ (~b09 & b05);
            a09 = b09 ^ (~b05 & b06);
            a10 = b10 ^ (~b11 & b12);
            a11 = b11 ^ (~b12 & b13);
            a12 = b12 ^ (~b13 & b14);
            a13 = b13 ^ (~b14 & b10);
            a14 = b14 ^ (~b10 & b11);
            a15 = b15 ^ (~b16 & b17);
            a16 = b16 ^ (~b17 & b18);
            a17 = b17 ^ (~b18 & b19);
            a18 = b18 ^ (~b19 & b15);
            a19 = b19 ^ (~b15 & b16);
            a20 = b20 ^ (~b21 & b22);
            a21 = b21 ^ (~b22 & b23);
            a22 = b22 ^ (~b23 & b24);
            a23 = b23 ^ (~b24 & b20);
            a24 = b24 ^ (~b20 & b21);
            a00 ^= RoundConstants[round];
        }

        a[0] = a00;
        a[1] = a01;
        a[2] = a02;
        a[3] = a03;
        a[4] = a04;
        a[5] = a05;
        a[6] = a06;
        a[7] = a07;
        a[8] = a08;
        a[9] = a09;
        a[10] = a10;
        a[11] = a11;
        a[12] = a12;
        a[13] = a13;
        a[14] = a14;
        a[15] = a15;
        a[16] = a16;
        a[17] = a17;
        a[18] = a18;
        a[19] = a19;
        a[20] = a20;
        a[21] = a21;
        a[22] = a22;
        a[23] = a23;
        a[24] = a24;
    }
}
