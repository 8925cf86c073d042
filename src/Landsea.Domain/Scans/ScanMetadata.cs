using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Landsea.Scans;

/// <summary>
/// A scan's metadata, the JSON beside its two PNG channels (docs/scans.md, formatVersion 1). The office is a customs
/// office code of the corridor (Offices/CustomsOffice), whose UN/LOCODE and time zone say where and in which local day.
/// </summary>
public sealed record ScanMetadata(
    int FormatVersion,
    string ContainerNumber,
    string Mrn,
    string Office,
    string Scanner,
    double LowEnergyMeV,
    double HighEnergyMeV,
    double PixelWidthMm,
    double PixelHeightMm,
    int Width,
    int Height,
    DateTimeOffset TakenAt,
    string LowChannel,
    string HighChannel)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>The offices whose scanners the simulator names, in turn: Qinzhou, Pingxiang, Mohan, Guoyuan.</summary>
    public static readonly IReadOnlyList<string> SimulatedOffices = ["CN720001", "CN720002", "CN860001", "CN800001"];

    /// <summary>The metadata of a simulated scan: deterministic (time from the index, office in turn).</summary>
    public static ScanMetadata ForSimulated(SimulatedScan s, long index, string name) => new(
        1,
        s.Declaration.ContainerNumber,
        s.Declaration.Mrn,
        SimulatedOffices[(int)(index % SimulatedOffices.Count)],
        "LANDSEA-SIM-DE46",
        Attenuation.LowEnergyMeV,
        Attenuation.HighEnergyMeV,
        Math.Round(s.Image.PixelWidthMm, 4),
        Math.Round(s.Image.PixelHeightMm, 4),
        s.Image.Width,
        s.Image.Height,
        new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(index * 7),
        name + ".low.png",
        name + ".high.png");

    public static string FileName(long index) => string.Create(CultureInfo.InvariantCulture, $"scan-{index:000000}");
}

/// <summary>The label file of a simulated scan: its declaration and what was really loaded.</summary>
public sealed record ScanLabel(string Scenario, ScanDeclaration Declaration, ScanTruth Truth, bool Simulated = true);
