using System.Buffers.Binary;
using Landsea.Scans;
using Landsea.Shared;

namespace Landsea.Domain.Tests.Scans;

/// <summary>Issue 12 item 1: the 16-bit greyscale PNG channel format.</summary>
public class ScanPngTests
{
    [Fact]
    public void EncodeDecode_RoundTripsEverySample()
    {
        SimulatedScan s = ScanSimulator.Simulate(3, 5, 128, 64);

        ScanPng.Channel decoded = ScanPng.Decode(ScanPng.Encode(s.Image.High, 128, 64)).OrThrow();

        Assert.Equal((128, 64), (decoded.Width, decoded.Height));
        Assert.Equal(s.Image.High, decoded.Samples);
    }

    [Fact]
    public void Decode_NotPng_LS941()
    {
        Assert.Equal(ScanErrorCodes.ImageUndecodable, ScanPng.Decode("GIF89a"u8.ToArray()).Failure!.Code);
    }

    [Fact]
    public void Decode_BadCrc_LS941NamingTheChunk()
    {
        byte[] png = ScanPng.Encode(new ushort[64 * 64], 64, 64);
        png[20] ^= 0xFF; // inside IHDR's data

        Failure f = ScanPng.Decode(png).Failure!;

        Assert.Equal(ScanErrorCodes.ImageUndecodable, f.Code);
        Assert.Contains("IHDR", f.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_EightBit_LS942()
    {
        byte[] png = ScanPng.Encode(new ushort[64 * 64], 64, 64);
        png[24] = 8; // bit depth
        FixIhdrCrc(png);

        Assert.Equal(ScanErrorCodes.ImageFormat, ScanPng.Decode(png).Failure!.Code);
    }

    [Fact]
    public void Decode_TooSmall_LS943()
    {
        Assert.Equal(ScanErrorCodes.ImageSize, ScanPng.Decode(ScanPng.Encode(new ushort[32 * 32], 32, 32)).Failure!.Code);
    }

    [Fact]
    public void Decode_Truncated_LS941()
    {
        byte[] png = ScanPng.Encode(new ushort[64 * 64], 64, 64);

        Assert.Equal(ScanErrorCodes.ImageUndecodable, ScanPng.Decode(png.AsSpan(0, png.Length - 20)).Failure!.Code);
    }

    private static void FixIhdrCrc(byte[] png)
    {
        // IHDR: length at 8, type at 12, data 16..28, CRC 29..32 over type + data.
        uint c = 0xFFFFFFFF;
        for (int i = 12; i < 29; i++)
        {
            c ^= png[i];
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }
        }

        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), c ^ 0xFFFFFFFF);
    }
}
