using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Landsea.Shared;

namespace Landsea.Scans;

/// <summary>
/// 16-bit greyscale PNG (colour type 0, bit depth 16, no interlace), one file per energy channel: what a scan's
/// channels are stored and exchanged as (docs/scans.md). Written with filter 0 per row; read with all five filters.
/// </summary>
public static class ScanPng
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>Encodes one channel (row-major, row 0 at the top).</summary>
    public static byte[] Encode(ushort[] samples, int width, int height)
    {
        using var output = new MemoryStream();
        output.Write(Signature);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 16;
        header[9] = 0;
        WriteChunk(output, "IHDR", header);
        using var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.Fastest, leaveOpen: true))
        {
            var row = new byte[1 + width * 2];
            for (int r = 0; r < height; r++)
            {
                row[0] = 0;
                for (int c = 0; c < width; c++)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(row.AsSpan(1 + c * 2), samples[r * width + c]);
                }

                z.Write(row);
            }
        }

        WriteChunk(output, "IDAT", raw.ToArray());
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>A decoded channel.</summary>
    public sealed record Channel(int Width, int Height, ushort[] Samples);

    /// <summary>Decodes a 16-bit greyscale PNG; anything else (another bit depth or colour type, a bad CRC, truncated data) is refused with LS941 or LS942.</summary>
    public static Result<Channel> Decode(ReadOnlySpan<byte> png, int maxSide = ScanSimulator.MaxSide)
    {
        if (png.Length < 8 || !png[..8].SequenceEqual(Signature))
        {
            return Result<Channel>.Fail(ScanErrorCodes.ImageUndecodable, "The image is not a PNG (no PNG signature).");
        }

        int pos = 8, width = 0, height = 0;
        bool header = false;
        using var idat = new MemoryStream();
        while (true)
        {
            if (pos + 12 > png.Length)
            {
                return Result<Channel>.Fail(ScanErrorCodes.ImageUndecodable, "The PNG ends before its IEND chunk.");
            }

            int length = BinaryPrimitives.ReadInt32BigEndian(png[pos..]);
            if (length < 0 || pos + 12 + length > png.Length)
            {
                return Result<Channel>.Fail(ScanErrorCodes.ImageUndecodable, $"A PNG chunk at byte {pos} runs past the end of the data.");
            }

            string type = Encoding.ASCII.GetString(png.Slice(pos + 4, 4));
            ReadOnlySpan<byte> data = png.Slice(pos + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png[(pos + 8 + length)..]);
            if (crc != Crc(png.Slice(pos + 4, 4 + length)))
            {
                return Result<Channel>.Fail(ScanErrorCodes.ImageUndecodable, $"The PNG chunk {type} at byte {pos} has a wrong CRC.");
            }

            pos += 12 + length;
            if (type == "IHDR")
            {
                if (length != 13)
                {
                    return Result<Channel>.Fail(ScanErrorCodes.ImageUndecodable, "The PNG header is not 13 bytes.");
                }

                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                if (data[8] != 16 || data[9] != 0)
                {
                    return Result<Channel>.Fail(ScanErrorCodes.ImageFormat, $"The PNG has bit depth {data[8]} and colour type {data[9]}; a scan channel is 16-bit greyscale (bit depth 16, colour type 0).");
                }

                if (data[12] != 0)
                {
                    return Result<Channel>.Fail(ScanErrorCodes.ImageFormat, "The PNG is interlaced; a scan channel is not.");
                }

                if (width < ScanSimulator.MinSide || height < ScanSimulator.MinSide || width > maxSide || height > maxSide)
                {
                    return Result<Channel>.Fail(ScanErrorCodes.ImageSize, $"The image is {width} × {height} pixels; a scan is {ScanSimulator.MinSide} to {maxSide} pixels per side.");
                }

                header = true;
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }
            else if (type == "IEND")
            {
                break;
            }
        }

        if (!header)
        {
            return Result<Channel>.Fail(ScanErrorCodes.ImageUndecodable, "The PNG has no IHDR chunk.");
        }

        int stride = width * 2;
        var raw = new byte[(stride + 1) * height];
        try
        {
            idat.Position = 0;
            using var z = new ZLibStream(idat, CompressionMode.Decompress);
            int read = 0;
            while (read < raw.Length)
            {
                int n = z.Read(raw, read, raw.Length - read);
                if (n == 0)
                {
                    return Result<Channel>.Fail(ScanErrorCodes.ImageUndecodable, $"The PNG's image data ends after {read} of {raw.Length} bytes.");
                }

                read += n;
            }
        }
        catch (InvalidDataException ex)
        {
            return Result<Channel>.Fail(ScanErrorCodes.ImageUndecodable, $"The PNG's image data does not inflate: {ex.Message}");
        }

        var samples = new ushort[width * height];
        var previous = new byte[stride];
        var current = new byte[stride];
        for (int r = 0; r < height; r++)
        {
            int filter = raw[r * (stride + 1)];
            raw.AsSpan(r * (stride + 1) + 1, stride).CopyTo(current);
            for (int i = 0; i < stride; i++)
            {
                int left = i >= 2 ? current[i - 2] : 0, up = previous[i], upLeft = i >= 2 ? previous[i - 2] : 0;
                int predicted = filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => -1,
                };
                if (predicted < 0)
                {
                    return Result<Channel>.Fail(ScanErrorCodes.ImageUndecodable, $"Row {r} of the PNG has filter type {filter}; PNG defines 0 to 4.");
                }

                current[i] = (byte)(current[i] + predicted);
            }

            for (int c = 0; c < width; c++)
            {
                samples[r * width + c] = BinaryPrimitives.ReadUInt16BigEndian(current.AsSpan(c * 2));
            }

            (previous, current) = (current, previous);
        }

        return new Channel(width, height, samples);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        Span<byte> four = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(four, data.Length);
        output.Write(four);
        byte[] typed = [.. Encoding.ASCII.GetBytes(type), .. data];
        output.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(four, Crc(typed));
        output.Write(four);
    }

    private static uint Crc(ReadOnlySpan<byte> bytes)
    {
        uint c = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        }

        return c ^ 0xFFFFFFFF;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
