using System.Globalization;

namespace Landsea.Scans;

/// <summary>What a scan is generated from, and what the checks compare it against: the declaration's view of one container.</summary>
/// <param name="Mrn">The declaration's MRN.</param>
/// <param name="ContainerNumber">ISO 6346 container number.</param>
/// <param name="Goods">The declared goods; empty for a container declared empty.</param>
public sealed record ScanDeclaration(string Mrn, string ContainerNumber, IReadOnlyList<DeclaredGoods> Goods)
{
    public bool DeclaredEmpty => Goods.Count == 0;

    public double DeclaredMassKg => Goods.Sum(g => g.GrossMassKg);
}

/// <summary>One declared goods item: HS subheading, description, gross mass (kg) and number of packages.</summary>
public sealed record DeclaredGoods(string Hs, string Description, double GrossMassKg, int Packages);

/// <summary>The scenario a simulated scan was made for (its label).</summary>
public enum ScanScenario
{
    /// <summary>An empty container, declared empty.</summary>
    Empty,

    /// <summary>The declared goods, as declared (mass within 5 %).</summary>
    AsDeclared,

    /// <summary>A load in a container declared empty.</summary>
    LoadDeclaredEmpty,

    /// <summary>Undeclared dense goods behind legitimate cargo.</summary>
    UndeclaredDense,

    /// <summary>The real mass is 1.3 to 2 times the declared mass.</summary>
    MassUnderdeclared,

    /// <summary>The goods are of another material class than the declared HS chapter's.</summary>
    MaterialMismatch,
}

/// <summary>Scenario names as the CLI and JSON spell them.</summary>
public static class ScanScenarios
{
    public static readonly IReadOnlyList<ScanScenario> All = Enum.GetValues<ScanScenario>();

    public static string Name(ScanScenario s) => s switch
    {
        ScanScenario.Empty => "empty",
        ScanScenario.AsDeclared => "as-declared",
        ScanScenario.LoadDeclaredEmpty => "load-declared-empty",
        ScanScenario.UndeclaredDense => "undeclared-dense",
        ScanScenario.MassUnderdeclared => "mass-underdeclared",
        ScanScenario.MaterialMismatch => "material-mismatch",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    /// <summary>Clean scenarios are what a check must not alarm on (the false-alarm side of its ROC).</summary>
    public static bool IsClean(ScanScenario s) => s is ScanScenario.Empty or ScanScenario.AsDeclared;
}

/// <summary>A rectangle of an image in pixels: column, row (0 = top), width and height.</summary>
public readonly record struct PixelRegion(int X, int Y, int Width, int Height)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"x {X}, y {Y}, {Width}×{Height} px");
}

/// <summary>
/// A dual-energy scan: two 16-bit channels of transmitted intensity, row-major, row 0 at the top, column 0 at the front
/// of the container (the lorry drives left to right). A value is the detector's count; unattenuated air reads about
/// <see cref="ScanGeometry.AirLow"/> / <see cref="ScanGeometry.AirHigh"/>.
/// </summary>
public sealed class ScanImage
{
    public ScanImage(int width, int height, ushort[] low, ushort[] high, double pixelWidthMm, double pixelHeightMm)
    {
        if (low.Length != width * height || high.Length != width * height)
        {
            throw new ArgumentException("Both channels must have width × height samples.", nameof(low));
        }

        Width = width;
        Height = height;
        Low = low;
        High = high;
        PixelWidthMm = pixelWidthMm;
        PixelHeightMm = pixelHeightMm;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Low-energy channel (4 MeV effective).</summary>
    public ushort[] Low { get; }

    /// <summary>High-energy channel (6 MeV effective).</summary>
    public ushort[] High { get; }

    /// <summary>Pixel size along the container, mm.</summary>
    public double PixelWidthMm { get; }

    /// <summary>Pixel size in height, mm.</summary>
    public double PixelHeightMm { get; }
}

/// <summary>The scanner's geometry, shared by the simulator and the checks (a real scanner calibrates these).</summary>
public static class ScanGeometry
{
    /// <summary>Length the image covers along the lorry, m.</summary>
    public const double SpanLengthM = 13.0;

    /// <summary>Height the image covers from the road up, m.</summary>
    public const double SpanHeightM = 4.2;

    /// <summary>Mean air reading of the low-energy channel (counts).</summary>
    public const int AirLow = 50000;

    /// <summary>Mean air reading of the high-energy channel (counts).</summary>
    public const int AirHigh = 60000;

    /// <summary>External length of a 40 ft container, m.</summary>
    public const double ContainerLengthM = 12.19;

    /// <summary>External height of a 40 ft standard container, m.</summary>
    public const double ContainerHeightM = 2.59;

    /// <summary>Internal width the beam crosses, m.</summary>
    public const double InternalWidthM = 2.35;

    /// <summary>Nominal height of the container's underside above the road, m.</summary>
    public const double ContainerBottomM = 1.25;

    /// <summary>Nominal front of the container from the image's left edge, m.</summary>
    public const double ContainerFrontM = 0.40;

    /// <summary>Floor thickness (cross-members and plywood), m.</summary>
    public const double FloorM = 0.15;

    /// <summary>Roof structure, m.</summary>
    public const double RoofM = 0.05;

    /// <summary>Both side walls together: 2 × 1.6 mm of corrugated steel, g/cm² (the corrugation adds up to 35 %).</summary>
    public const double SideWallsGcm2 = 2 * 0.16 * 7.85;

    public static double PixelWidthMm(int width) => SpanLengthM * 1000 / width;

    public static double PixelHeightMm(int height) => SpanHeightM * 1000 / height;
}

/// <summary>What the simulator put in the container: the truth a label states.</summary>
/// <param name="Scenario">The scenario.</param>
/// <param name="ActualHs">The goods really loaded (null for none).</param>
/// <param name="ActualMassKg">Mass really loaded (goods and hidden goods), kg.</param>
/// <param name="Hidden">The hidden dense goods' region (undeclared-dense only).</param>
/// <param name="HiddenDescription">What the hidden goods are.</param>
/// <param name="Cargo">The loaded goods' region (none when empty).</param>
public sealed record ScanTruth(ScanScenario Scenario, string? ActualHs, double ActualMassKg, PixelRegion? Hidden, string? HiddenDescription, PixelRegion? Cargo);

/// <summary>A simulated scan with its declaration and label.</summary>
public sealed record SimulatedScan(ScanImage Image, ScanDeclaration Declaration, ScanTruth Truth);
