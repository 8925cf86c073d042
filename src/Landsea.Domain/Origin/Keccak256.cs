namespace Landsea.Origin;

/// <summary>
/// Keccak-256 as Ethereum and OpenAttestation use it (original Keccak padding 0x01), not FIPS SHA3-256 (0x06).
/// Keccak-f[1600], rate 136 bytes, 32-byte output.
/// </summary>
public static class Keccak256
{
    private const int Rate = 136;

    private static readonly ulong[] RoundConstants =
    [
        0x0000000000000001UL, 0x0000000000008082UL, 0x800000000000808aUL, 0x8000000080008000UL,
        0x000000000000808bUL, 0x0000000080000001UL, 0x8000000080008081UL, 0x8000000000008009UL,
        0x000000000000008aUL, 0x0000000000000088UL, 0x0000000080008009UL, 0x000000008000000aUL,
        0x000000008000808bUL, 0x800000000000008bUL, 0x8000000000008089UL, 0x8000000000008003UL,
        0x8000000000008002UL, 0x8000000000000080UL, 0x000000000000800aUL, 0x800000008000000aUL,
        0x8000000080008081UL, 0x8000000000008080UL, 0x0000000080000001UL, 0x8000000080008008UL,
    ];

    private static readonly int[] Rotations =
    [
        0, 1, 62, 28, 27,
        36, 44, 6, 55, 20,
        3, 10, 43, 25, 39,
        41, 45, 15, 21, 8,
        18, 2, 61, 56, 14,
    ];

    /// <summary>The 32-byte Keccak-256 digest of <paramref name="data"/>.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        Span<ulong> state = stackalloc ulong[25];
        int offset = 0;
        while (data.Length - offset >= Rate)
        {
            Absorb(state, data.Slice(offset, Rate));
            offset += Rate;
        }

        Span<byte> last = stackalloc byte[Rate];
        last.Clear();
        data[offset..].CopyTo(last);
        last[data.Length - offset] ^= 0x01;
        last[Rate - 1] ^= 0x80;
        Absorb(state, last);

        var result = new byte[32];
        for (int i = 0; i < 4; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(result.AsSpan(i * 8), state[i]);
        }

        return result;
    }

    /// <summary>Lower-case hexadecimal Keccak-256 of the UTF-8 bytes of <paramref name="text"/> (no 0x prefix).</summary>
    public static string HexOfUtf8(string text) => Convert.ToHexStringLower(Hash(System.Text.Encoding.UTF8.GetBytes(text)));

    private static void Absorb(Span<ulong> state, ReadOnlySpan<byte> block)
    {
        for (int i = 0; i < Rate / 8; i++)
        {
            state[i] ^= System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(block.Slice(i * 8, 8));
        }

        Permute(state);
    }

    private static void Permute(Span<ulong> a)
    {
        Span<ulong> c = stackalloc ulong[5];
        Span<ulong> b = stackalloc ulong[25];
        for (int round = 0; round < 24; round++)
        {
            for (int x = 0; x < 5; x++)
            {
                c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
            }

            for (int x = 0; x < 5; x++)
            {
                ulong d = c[(x + 4) % 5] ^ ulong.RotateLeft(c[(x + 1) % 5], 1);
                for (int y = 0; y < 25; y += 5)
                {
                    a[y + x] ^= d;
                }
            }

            for (int x = 0; x < 5; x++)
            {
                for (int y = 0; y < 5; y++)
                {
                    // rho and pi: B[y, 2x+3y] = rot(A[x, y], r[x, y])
                    b[y + (5 * (((2 * x) + (3 * y)) % 5))] = ulong.RotateLeft(a[x + (5 * y)], Rotations[x + (5 * y)]);
                }
            }

            for (int y = 0; y < 25; y += 5)
            {
                for (int x = 0; x < 5; x++)
                {
                    a[y + x] = b[y + x] ^ (~b[y + ((x + 1) % 5)] & b[y + ((x + 2) % 5)]);
                }
            }

            a[0] ^= RoundConstants[round];
        }
    }
}
