using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Landsea.Offices;
using Landsea.Shared;

namespace Landsea.Scans;

/// <summary>
/// Lodging a scan (issue 12 item 1): reads the metadata, decodes both channels and checks them against each other and
/// against the declaration the node holds. Each refusal has a code and names the field or channel; nothing is decided
/// here about storing (Data/Scans/ScanStore keeps refused scans as received).
/// </summary>
public static class ScanLodging
{
    /// <summary>Largest metadata document, bytes.</summary>
    public const int MaxMetadataBytes = 64 * 1024;

    /// <summary>Reads the metadata JSON (formatVersion 1); LS944 names the missing or wrong field, LS945–LS948 a bad value.</summary>
    public static Result<ScanMetadata> ReadMetadata(ReadOnlySpan<byte> json)
    {
        if (json.Length > MaxMetadataBytes)
        {
            return Result<ScanMetadata>.Fail(ScanErrorCodes.MetadataInvalid, $"The metadata is {json.Length} bytes; at most {MaxMetadataBytes}.");
        }

        JsonElement root;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(json.ToArray());
            root = doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return Result<ScanMetadata>.Fail(ScanErrorCodes.MetadataInvalid, $"The metadata is not JSON: {ex.Message}");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return Result<ScanMetadata>.Fail(ScanErrorCodes.MetadataInvalid, "The metadata is not a JSON object.");
        }

        Failure? failure = null;
        string Text(string name)
        {
            if (root.TryGetProperty(name, out JsonElement e) && e.ValueKind == JsonValueKind.String && e.GetString()!.Length is > 0 and <= 200)
            {
                return e.GetString()!;
            }

            failure ??= new Failure(ScanErrorCodes.MetadataInvalid, $"{name}: a text of 1 to 200 characters is required.");
            return "";
        }

        double Number(string name)
        {
            if (root.TryGetProperty(name, out JsonElement e) && e.ValueKind == JsonValueKind.Number)
            {
                return e.GetDouble();
            }

            failure ??= new Failure(ScanErrorCodes.MetadataInvalid, $"{name}: a number is required.");
            return 0;
        }

        int version = (int)Number("formatVersion");
        string container = Text("containerNumber");
        string mrn = Text("mrn");
        string office = Text("office");
        string scanner = Text("scanner");
        double low = Number("lowEnergyMeV"), high = Number("highEnergyMeV");
        double pw = Number("pixelWidthMm"), ph = Number("pixelHeightMm");
        double width = Number("width"), height = Number("height");
        string taken = Text("takenAt");
        string lowChannel = Text("lowChannel"), highChannel = Text("highChannel");
        if (failure is not null)
        {
            return failure;
        }

        if (version != 1)
        {
            return Result<ScanMetadata>.Fail(ScanErrorCodes.MetadataInvalid, $"formatVersion: {version} is not 1.");
        }

        if (!DateTimeOffset.TryParse(taken, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset takenAt) || !taken.Contains('T', StringComparison.Ordinal))
        {
            return Result<ScanMetadata>.Fail(ScanErrorCodes.MetadataInvalid, $"takenAt: '{taken}' is not an ISO 8601 instant.");
        }

        Result<ContainerNumber> c = ContainerNumber.Parse(container);
        if (!c.IsValid)
        {
            return Result<ScanMetadata>.Fail(ScanErrorCodes.ContainerInvalid, $"containerNumber: {c.Failure!.Reason}");
        }

        Result<Mrn> m = Mrn.Parse(mrn);
        if (!m.IsValid)
        {
            return Result<ScanMetadata>.Fail(ScanErrorCodes.MrnUnknown, $"mrn: {m.Failure!.Reason}");
        }

        if (Corridor.FindOffice(office) is null)
        {
            return Result<ScanMetadata>.Fail(ScanErrorCodes.OfficeUnknown, $"office: '{office}' is not a customs office of the corridor ({string.Join(", ", Corridor.Offices.Select(o => o.Code))}).");
        }

        if (low is < 0.1 or > 20 || high is < 0.1 or > 20 || low >= high)
        {
            return Result<ScanMetadata>.Fail(ScanErrorCodes.ValueOutOfRange, string.Create(CultureInfo.InvariantCulture, $"lowEnergyMeV/highEnergyMeV: {low} and {high} must be 0.1 to 20 MeV, low below high."));
        }

        if (pw is < 0.5 or > 250 || ph is < 0.5 or > 250)
        {
            return Result<ScanMetadata>.Fail(ScanErrorCodes.ValueOutOfRange, string.Create(CultureInfo.InvariantCulture, $"pixelWidthMm/pixelHeightMm: {pw} × {ph} mm must be 0.5 to 250 mm."));
        }

        if (width is < ScanSimulator.MinSide or > ScanSimulator.MaxSide || height is < ScanSimulator.MinSide or > ScanSimulator.MaxSide || width != Math.Floor(width) || height != Math.Floor(height))
        {
            return Result<ScanMetadata>.Fail(ScanErrorCodes.ImageSize, string.Create(CultureInfo.InvariantCulture, $"width/height: {width} × {height} must be whole numbers of pixels, {ScanSimulator.MinSide} to {ScanSimulator.MaxSide}."));
        }

        return new ScanMetadata(1, c.Value.Value, m.Value.Value, office, scanner, low, high, pw, ph, (int)width, (int)height, takenAt, lowChannel, highChannel);
    }

    /// <summary>
    /// Decodes the channels and checks them against the metadata and the declaration: <paramref name="declarationContainers"/>
    /// is null when the node holds no declaration with the metadata's MRN (LS946); a declaration that lists containers must
    /// list the scanned one (LS945).
    /// </summary>
    public static Result<ScanImage> Check(ScanMetadata metadata, ReadOnlySpan<byte> low, ReadOnlySpan<byte> high, IReadOnlyList<string>? declarationContainers)
    {
        if (declarationContainers is null)
        {
            return Result<ScanImage>.Fail(ScanErrorCodes.MrnUnknown, $"mrn: the node holds no declaration {metadata.Mrn}.");
        }

        if (declarationContainers.Count > 0 && !declarationContainers.Contains(metadata.ContainerNumber, StringComparer.Ordinal))
        {
            return Result<ScanImage>.Fail(ScanErrorCodes.ContainerInvalid, $"containerNumber: {metadata.ContainerNumber} is not a container of declaration {metadata.Mrn} ({string.Join(", ", declarationContainers)}).");
        }

        Result<ScanPng.Channel> l = ScanPng.Decode(low);
        if (!l.IsValid)
        {
            return Result<ScanImage>.Fail(l.Failure!.Code, "lowChannel: " + l.Failure.Reason);
        }

        Result<ScanPng.Channel> h = ScanPng.Decode(high);
        if (!h.IsValid)
        {
            return Result<ScanImage>.Fail(h.Failure!.Code, "highChannel: " + h.Failure.Reason);
        }

        if (l.Value.Width != metadata.Width || l.Value.Height != metadata.Height || h.Value.Width != metadata.Width || h.Value.Height != metadata.Height)
        {
            return Result<ScanImage>.Fail(ScanErrorCodes.ImageSize, string.Create(CultureInfo.InvariantCulture,
                $"width/height: the metadata says {metadata.Width} × {metadata.Height}; the channels are {l.Value.Width} × {l.Value.Height} (low) and {h.Value.Width} × {h.Value.Height} (high)."));
        }

        return new ScanImage(metadata.Width, metadata.Height, l.Value.Samples, h.Value.Samples, metadata.PixelWidthMm, metadata.PixelHeightMm);
    }

    /// <summary>Lower-case hex SHA-256: the key a blob is stored under, once.</summary>
    public static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The scan's identity: the hash of its metadata and both channels' hashes (the same scan lodged twice is one scan).</summary>
    public static string ScanId(ReadOnlySpan<byte> metadata, string lowHash, string highHash) =>
        Hash([.. SHA256.HashData(metadata), .. Convert.FromHexString(lowHash), .. Convert.FromHexString(highHash)]);
}
