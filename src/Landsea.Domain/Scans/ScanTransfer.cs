using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Landsea.Shared;

namespace Landsea.Scans;

/// <summary>
/// What a scanning node sends the review centre about one lodged scan: the three byte strings as lodged (metadata JSON,
/// both PNG channels), who lodged it and when, and what the centre needs of the declaration it does not hold: the
/// containers, the HS chapters (for the reviewers' skills), the goods (for the machine checks) and the risk channel/score.
/// </summary>
public sealed record ScanBundle(
    string ScanId,
    byte[] Metadata,
    byte[] Low,
    byte[] High,
    string LodgedBy,
    DateTimeOffset LodgedAt,
    IReadOnlyList<string> Containers,
    IReadOnlyList<string> Chapters,
    IReadOnlyList<DeclaredGoods> Goods,
    string? Channel,
    double RiskScore);

/// <summary>One part of a scan's bundle as sent (payload of a <c>scan-part</c> message).</summary>
/// <param name="Part">0-based index.</param>
/// <param name="Parts">How many parts the bundle has.</param>
/// <param name="BundleSha256">SHA-256 (hex) of the whole bundle's bytes: the receiver checks the reassembled bytes against it.</param>
public sealed record ScanPart(string ScanId, string Mrn, int Part, int Parts, string BundleSha256, byte[] Data);

/// <summary>
/// Chunking a scan's bundle for the exchange and reassembling it (issue 12 item 1, exchange part), pure. The envelope
/// carries its payload base64-encoded and a part's payload carries its data base64-encoded again, so a part of
/// <see cref="DefaultPartBytes"/> (448 KiB) makes an envelope of about 16/9 × 448 KiB + 2 KiB ≈ 0.8 MiB, under the
/// receiver's 1 MiB envelope limit (<c>Exchange:MaxEnvelopeBytes</c>). Refusals: LS955 (parts inconsistent or missing),
/// LS956 (the reassembled bytes do not have the announced hash, or the bundle does not read).
/// </summary>
public static class ScanTransfer
{
    public const int DefaultPartBytes = 448 * 1024;

    /// <summary>Most parts a bundle may have (2 × 8,192² 16-bit channels uncompressed is 256 MiB: 600 parts).</summary>
    public const int MaxParts = 1000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    /// <summary>The bundle's bytes (JSON; byte strings base64).</summary>
    public static byte[] Encode(ScanBundle bundle) => JsonSerializer.SerializeToUtf8Bytes(bundle, Json);

    /// <summary>Reads a reassembled bundle; LS956 when it is not one.</summary>
    public static Result<ScanBundle> Decode(byte[] bytes)
    {
        try
        {
            ScanBundle? b = JsonSerializer.Deserialize<ScanBundle>(bytes, Json);
            return b is { ScanId: not null, Metadata: not null, Low: not null, High: not null, Containers: not null, Chapters: not null, Goods: not null }
                ? b
                : Result<ScanBundle>.Fail(ScanErrorCodes.TransferCorrupt, "The reassembled scan bundle lacks a field.");
        }
        catch (JsonException e)
        {
            return Result<ScanBundle>.Fail(ScanErrorCodes.TransferCorrupt, $"The reassembled scan bundle is not JSON ({e.Message}).");
        }
    }

    /// <summary>Cuts the bundle's bytes into parts of at most <paramref name="partBytes"/> bytes, each naming the whole's hash.</summary>
    public static IReadOnlyList<ScanPart> Split(string scanId, string mrn, byte[] bundle, int partBytes = DefaultPartBytes)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentOutOfRangeException.ThrowIfLessThan(partBytes, 1024);
        string hash = Hash(bundle);
        int parts = Math.Max(1, (bundle.Length + partBytes - 1) / partBytes);
        return [.. Enumerable.Range(0, parts).Select(i => new ScanPart(scanId, mrn, i, parts, hash, bundle[(i * partBytes)..Math.Min(bundle.Length, (i + 1) * partBytes)]))];
    }

    /// <summary>
    /// Reassembles the parts received so far: null (not a failure) while some are missing; the bundle's bytes when all are
    /// here and their concatenation has the announced SHA-256; LS955 when the parts disagree on the count or hash, or the
    /// count is out of range; LS956 when the hash does not match.
    /// </summary>
    public static Result<byte[]?> Assemble(IReadOnlyCollection<ScanPart> received)
    {
        ArgumentNullException.ThrowIfNull(received);
        if (received.Count == 0)
        {
            return Result<byte[]?>.Ok(null);
        }

        ScanPart first = received.First();
        if (received.Any(p => p.Parts != first.Parts || p.BundleSha256 != first.BundleSha256 || p.ScanId != first.ScanId) || first.Parts is < 1 or > MaxParts
            || received.Any(p => p.Part < 0 || p.Part >= p.Parts))
        {
            return Result<byte[]?>.Fail(ScanErrorCodes.TransferInconsistent, string.Create(CultureInfo.InvariantCulture,
                $"The parts of scan {first.ScanId} disagree on their count or hash, or a part's index is out of range (1–{MaxParts} parts)."));
        }

        var byIndex = received.GroupBy(p => p.Part).ToDictionary(g => g.Key, g => g.First());
        if (byIndex.Count < first.Parts)
        {
            return Result<byte[]?>.Ok(null);
        }

        byte[] whole = [.. Enumerable.Range(0, first.Parts).SelectMany(i => byIndex[i].Data)];
        string hash = Hash(whole);
        return hash == first.BundleSha256
            ? Result<byte[]?>.Ok(whole)
            : Result<byte[]?>.Fail(ScanErrorCodes.TransferCorrupt, $"The {first.Parts} parts of scan {first.ScanId} reassemble to SHA-256 {hash[..12]}…, not the announced {first.BundleSha256[..Math.Min(12, first.BundleSha256.Length)]}….");
    }

    /// <summary>A part's payload: <c>{"scanId","mrn","part","parts","bundleSha256","data"}</c> (data base64).</summary>
    public static byte[] PartPayload(ScanPart part) => JsonSerializer.SerializeToUtf8Bytes(part, Json);

    /// <summary>Reads a part's payload; LS955 when it is not one.</summary>
    public static Result<ScanPart> ReadPart(ReadOnlyMemory<byte> payload)
    {
        try
        {
            ScanPart? p = JsonSerializer.Deserialize<ScanPart>(payload.Span, Json);
            return p is { ScanId: not null, Mrn: not null, BundleSha256: not null, Data: not null } ? p : Result<ScanPart>.Fail(ScanErrorCodes.TransferInconsistent, "A scan part lacks a field.");
        }
        catch (JsonException e)
        {
            return Result<ScanPart>.Fail(ScanErrorCodes.TransferInconsistent, $"A scan part is not JSON of its shape ({e.Message}).");
        }
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
