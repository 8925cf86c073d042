using Landsea.Scans;

namespace Landsea.Domain.Tests.Scans;

/// <summary>Issue 12 item 1: a scan's bundle chunked for the exchange and reassembled with its hash checked.</summary>
public class ScanTransferTests
{
    private static byte[] Bytes(int n) => [.. Enumerable.Range(0, n).Select(i => (byte)(i * 31 % 251))];

    [Fact]
    public void Split_ThenAssemble_InAnyOrder_GivesTheBytes_MissingPartWaits()
    {
        byte[] bundle = Bytes(10_000);
        IReadOnlyList<ScanPart> parts = ScanTransfer.Split("scan1", "MRN1", bundle, 1024);

        Assert.Equal(10, parts.Count);
        Assert.All(parts, p => Assert.True(p.Data.Length <= 1024));
        Assert.Null(ScanTransfer.Assemble([.. parts.Skip(1)]).Value);
        Assert.Equal(bundle, ScanTransfer.Assemble([.. parts.Reverse(), parts[3]]).Value);
    }

    [Fact]
    public void Assemble_TamperedPart_LS956_DisagreeingParts_LS955()
    {
        List<ScanPart> parts = [.. ScanTransfer.Split("scan1", "MRN1", Bytes(5000), 1024)];
        byte[] bad = [.. parts[2].Data];
        bad[7] ^= 1;
        List<ScanPart> tampered = [.. parts];
        tampered[2] = parts[2] with { Data = bad };
        List<ScanPart> disagreeing = [.. parts];
        disagreeing[1] = parts[1] with { Parts = 9 };

        Assert.Equal(ScanErrorCodes.TransferCorrupt, ScanTransfer.Assemble(tampered).Failure!.Code);
        Assert.Equal(ScanErrorCodes.TransferInconsistent, ScanTransfer.Assemble(disagreeing).Failure!.Code);
        Assert.Equal(ScanErrorCodes.TransferInconsistent, ScanTransfer.ReadPart("{\"scanId\": 3}"u8.ToArray()).Failure!.Code);
    }

    [Fact]
    public void DefaultPart_EnvelopeStaysUnderTheOneMebibyteLimit()
    {
        ScanPart part = ScanTransfer.Split(new string('a', 64), "26CNS00010000001A8", Bytes(3 * ScanTransfer.DefaultPartBytes), ScanTransfer.DefaultPartBytes)[0];
        byte[] payload = ScanTransfer.PartPayload(part);

        // The envelope carries the payload base64-encoded beside its JWS (a few hundred bytes of header and signature).
        long wire = (payload.Length + 2) / 3 * 4 + 4096;
        Assert.True(wire < 1024 * 1024, $"{wire} bytes");
        Assert.Equal(part.Data, ScanTransfer.ReadPart(payload).Value.Data);
    }
}
