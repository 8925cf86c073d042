using System.Globalization;

namespace Landsea.Scans;

/// <summary>What one automated check says of one scan: whether it applies, its score against its threshold, where and why.</summary>
/// <param name="Check">The check's name (<see cref="ScanChecks.EmptyContainer"/>, ...).</param>
/// <param name="Applies">False when the declaration gives the check nothing to compare (an empty container for the mass check, a mixed HS chapter for the material check).</param>
/// <param name="Score">Higher is more suspicious; compared with <paramref name="Threshold"/>.</param>
/// <param name="Threshold">The operating point (docs/scans.md: about 1 % false alarms on simulated clean scans).</param>
/// <param name="Region">The region the reason is about, in pixels; null when the check does not apply.</param>
/// <param name="Reason">The explanation for the reviewer, in words.</param>
public sealed record CheckFinding(string Check, bool Applies, double Score, double Threshold, PixelRegion? Region, string Reason)
{
    public bool Alarm => Applies && Score > Threshold;
}

/// <summary>
/// The automated checks of a scan against its declaration (docs/scans.md), each explaining itself with a region and a
/// reason, and the baseline that reads the total attenuation alone.
/// </summary>
public static class ScanChecks
{
    public const string EmptyContainer = "empty-container";
    public const string MassFill = "mass-fill";
    public const string Material = "material";
    public const string Anomaly = "anomaly";
    public const string Baseline = "total-attenuation";

    public static readonly IReadOnlyList<string> Names = [EmptyContainer, MassFill, Material, Anomaly];

    /// <summary>Operating points, set once from simulated clean scans of a calibration seed (docs/scans.md), not per run.</summary>
    public const double EmptyThreshold = 0.06;
    public const double MassThreshold = 0.16;
    public const double MaterialThreshold = 0.10;
    public const double AnomalyThreshold = 6.0;
    public const double BaselineThreshold = 0.25;

    /// <summary>Tiles whose high-energy attenuation is above this hold cargo.</summary>
    private const double CargoTile = 0.10;

    /// <summary>Tiles above this have a ratio good enough to name a material.</summary>
    private const double MaterialTile = 0.15;

    /// <summary>
    /// Above this high-energy attenuation (0.15 % transmitted: about 90 counts of 60,000 high, 25 low) photon
    /// starvation makes the ratio unreliable: such tiles count for mass and anomaly but name no material.
    /// </summary>
    internal const double RatioReliable = 6.5;

    /// <summary>Tolerance on the low/high ratio at a class boundary (mixtures such as tyres sit near it).</summary>
    private const double RatioTolerance = 0.004;

    /// <summary>Runs the four checks.</summary>
    public static IReadOnlyList<CheckFinding> Run(ScanAnalysis a, ScanDeclaration d, ReferenceLibrary references) =>
        [CheckEmpty(a, d), CheckMass(a, d), CheckMaterial(a, d), CheckAnomaly(a, d, references)];

    /// <summary>Empty-container verification: the most attenuating tile inside a container declared empty.</summary>
    public static CheckFinding CheckEmpty(ScanAnalysis a, ScanDeclaration d)
    {
        if (!d.DeclaredEmpty)
        {
            return new CheckFinding(EmptyContainer, false, 0, EmptyThreshold, null, "The container is declared loaded.");
        }

        int max = ArgMax(a.TileHigh);
        double score = a.TileHigh[max];
        int[] loaded = [.. Enumerable.Range(0, a.TileHigh.Length).Where(t => a.TileHigh[t] > EmptyThreshold)];
        PixelRegion region = loaded.Length > 0 ? a.Bounds(loaded) : a.Bounds([max]);
        if (loaded.Length == 0)
        {
            return new CheckFinding(EmptyContainer, true, score, EmptyThreshold, region, F($"Only the walls attenuate: the strongest tile reads {score:0.000} beyond the side walls (threshold {EmptyThreshold})."));
        }

        double kg = loaded.Sum(t => a.TileHigh[t] / Attenuation.High(a.Zeff(t)) * a.TileAreaCm2) / 1000;
        return new CheckFinding(EmptyContainer, true, score, EmptyThreshold, region,
            F($"Declared empty, but {loaded.Length} tiles ({loaded.Length * a.TileAreaCm2 / 10000:0.0} m²) from {a.MetresFromFront(region.X):0.0} to {a.MetresFromFront(region.X + region.Width):0.0} m behind the front wall attenuate beyond the walls (up to {score:0.00}): about {kg:0} kg of {Attenuation.ClassOf(a.Zeff(max)).ToString().ToLowerInvariant()} material."));
    }

    /// <summary>The scanned mass: each cargo tile's attenuation over its material's coefficient, times its area; the floor margin and end margins are extended from the tiles beside them.</summary>
    public static double ScannedMassKg(ScanAnalysis a)
    {
        double grams = 0;
        double floorMarginTiles = 0.07 / (a.TileH * a.Image.PixelHeightMm / 1000);
        double endMarginTiles = 0.12 / (a.TileW * a.Image.PixelWidthMm / 1000);
        for (int ty = 0; ty < a.TilesY; ty++)
        {
            for (int tx = 0; tx < a.TilesX; tx++)
            {
                int t = ty * a.TilesX + tx;
                double v = a.TileHigh[t];
                if (v < 0.03)
                {
                    continue;
                }

                double z = v > CargoTile && v < RatioReliable && a.TileEven[t] ? a.Zeff(t) : v >= RatioReliable ? Attenuation.InorganicZ : Attenuation.OrganicZ;
                double weight = 1 + (ty == a.TilesY - 1 ? floorMarginTiles : 0);
                weight *= 1 + (tx == 0 || tx == a.TilesX - 1 ? endMarginTiles : 0);
                grams += v / Attenuation.High(z) * a.TileAreaCm2 * weight;
            }
        }

        return grams / 1000;
    }

    /// <summary>Declared against scanned mass and fill: ln(scanned / declared); the fill (length and height the load takes) is stated in the reason.</summary>
    public static CheckFinding CheckMass(ScanAnalysis a, ScanDeclaration d)
    {
        if (d.DeclaredEmpty || d.DeclaredMassKg <= 0)
        {
            return new CheckFinding(MassFill, false, 0, MassThreshold, null, "No declared mass to compare.");
        }

        double scanned = ScannedMassKg(a);
        double score = Math.Log(Math.Max(1, scanned) / d.DeclaredMassKg);
        int[] cargo = [.. Enumerable.Range(0, a.TileHigh.Length).Where(t => a.TileHigh[t] > CargoTile)];
        PixelRegion region = a.Bounds(cargo);
        double length = cargo.Length == 0 ? 0 : region.Width * a.Image.PixelWidthMm / 1000;
        double height = cargo.Length == 0 ? 0 : region.Height * a.Image.PixelHeightMm / 1000;
        string verdict = score > MassThreshold ? "more than declared" : "consistent with the declaration";
        return new CheckFinding(MassFill, true, score, MassThreshold, region,
            F($"Scanned about {scanned:0} kg against {d.DeclaredMassKg:0} kg declared ({Math.Exp(score):0.00}×, {verdict}); the load fills {length:0.0} m of the container's length, up to {height:0.0} m high."));
    }

    /// <summary>Material class against the declared HS chapter's expectation: the attenuation-weighted share of cargo tiles whose dual-energy ratio is outside the expected class.</summary>
    public static CheckFinding CheckMaterial(ScanAnalysis a, ScanDeclaration d)
    {
        if (d.DeclaredEmpty)
        {
            return new CheckFinding(Material, false, 0, MaterialThreshold, null, "No declared goods.");
        }

        int chapter = int.Parse(d.Goods[0].Hs.AsSpan(0, 2), CultureInfo.InvariantCulture);
        MaterialClass expected = Attenuation.ExpectedForChapter(chapter);
        if (expected == MaterialClass.Mixed)
        {
            return new CheckFinding(Material, false, 0, MaterialThreshold, null, F($"HS chapter {chapter:00} goods have no single material class."));
        }

        double rOrganic = Attenuation.Ratio(Attenuation.OrganicLimitZ), rMetal = Attenuation.Ratio(Attenuation.MetalLimitZ);
        bool Outside(double r) => expected switch
        {
            MaterialClass.Organic => r < rOrganic - RatioTolerance,
            MaterialClass.Inorganic => r > rOrganic + RatioTolerance || r < rMetal - RatioTolerance,
            _ => r > rMetal + RatioTolerance,
        };

        int[] tiles = [.. Enumerable.Range(0, a.TileHigh.Length).Where(t => Rated(a, t))];

        // Beyond RatioReliable no material can be named, but no organic goods reach it: the densest stowed organic
        // goods (0.9 t/m³ across 2.35 m) attenuate about 5.9. Such tiles contradict an organic declaration.
        int[] opaque = expected == MaterialClass.Organic ? [.. Enumerable.Range(0, a.TileHigh.Length).Where(t => a.TileHigh[t] >= RatioReliable)] : [];
        double all = tiles.Sum(t => a.TileHigh[t]) + opaque.Sum(t => a.TileHigh[t]);
        int[] wrong = [.. tiles.Where(t => Outside(a.Ratio(t))), .. opaque];
        double score = all > 0 ? wrong.Sum(t => a.TileHigh[t]) / all : 0;
        if (tiles.Length == 0 && opaque.Length == 0)
        {
            bool dense = a.TileHigh.Any(v => v >= RatioReliable);
            return new CheckFinding(Material, true, 0, MaterialThreshold, null, dense
                ? F($"The load is too dense for its material to be named (attenuation over {RatioReliable}); HS chapter {chapter:00} goods can be that dense.")
                : "No load seen whose material could be named.");
        }

        if (wrong.Length == 0)
        {
            return new CheckFinding(Material, true, score, MaterialThreshold, a.Bounds(tiles), F($"The load reads {expected.ToString().ToLowerInvariant()}, as HS chapter {chapter:00} goods should."));
        }

        int[] named = [.. wrong.Where(t => Rated(a, t))];
        string seen = named.Length == 0 ? "denser than any organic goods (the beam barely passes)"
            : F($"{Attenuation.ClassOf(Median([.. named.Select(a.Zeff)])).ToString().ToLowerInvariant()} (median Zeff {Median([.. named.Select(a.Zeff)]):0.0}){(opaque.Length > 0 ? ", and partly denser than any organic goods" : "")}");
        return new CheckFinding(Material, true, score, MaterialThreshold, a.Bounds(wrong),
            F($"{score * 100:0}% of the load (by attenuation) reads {seen}; HS chapter {chapter:00} goods are expected {expected.ToString().ToLowerInvariant()}."));
    }

    /// <summary>
    /// Anomaly against the reference scans of the declared HS heading: the tile most above the load's own median
    /// attenuation, in units of the heading's tile spread, plus its shift towards higher Zeff.
    /// </summary>
    public static CheckFinding CheckAnomaly(ScanAnalysis a, ScanDeclaration d, ReferenceLibrary references)
    {
        if (d.DeclaredEmpty)
        {
            return new CheckFinding(Anomaly, false, 0, AnomalyThreshold, null, "No declared goods.");
        }

        string heading = d.Goods[0].Hs[..4];
        if (references.Heading(heading) is not { } reference)
        {
            return new CheckFinding(Anomaly, false, 0, AnomalyThreshold, null, $"No reference scans of HS heading {heading}.");
        }

        double[] scores = TileAnomalies(a, reference.RelativeSpread, reference.RatioSpread, out double medianHigh);
        if (scores.Length == 0)
        {
            return new CheckFinding(Anomaly, true, 0, AnomalyThreshold, null, "No load seen to compare with the reference scans.");
        }

        int max = ArgMax(scores);
        double score = scores[max];
        int mx = max % a.TilesX, my = max / a.TilesX;
        int[] region = [.. Enumerable.Range(0, scores.Length).Where(t => scores[t] >= Math.Max(AnomalyThreshold, score / 2) && Math.Abs(t % a.TilesX - mx) <= 4 && Math.Abs(t / a.TilesX - my) <= 4)];
        PixelRegion box = a.Bounds(region.Length > 0 ? region : [max]);
        if (score <= AnomalyThreshold)
        {
            return new CheckFinding(Anomaly, true, score, AnomalyThreshold, box, F($"The load is as even as reference scans of heading {heading} (strongest tile {score:0.0} spreads, threshold {AnomalyThreshold})."));
        }

        return new CheckFinding(Anomaly, true, score, AnomalyThreshold, box,
            F($"A region of {Math.Max(1, region.Length) * a.TileAreaCm2 / 10000:0.00} m² at {a.MetresFromFront(box.X):0.0} m behind the front wall, {a.MetresAboveFloor(box.Y + box.Height):0.0}–{a.MetresAboveFloor(box.Y):0.0} m above the floor, attenuates {a.TileHigh[max] / medianHigh:0.0}× the load's median (Zeff {a.Zeff(max):0}); reference scans of heading {heading} vary by ±{reference.RelativeSpread * 100:0}% per tile."));
    }

    /// <summary>Each tile's anomaly score (0 outside the load); <paramref name="medianHigh"/> is the load's median tile attenuation.</summary>
    public static double[] TileAnomalies(ScanAnalysis a, double relativeSpread, double ratioSpread, out double medianHigh)
    {
        int[] cargo = [.. Enumerable.Range(0, a.TileHigh.Length).Where(t => a.TileHigh[t] > CargoTile)];
        medianHigh = 0;
        if (cargo.Length == 0)
        {
            return [];
        }

        medianHigh = Median([.. cargo.Select(t => a.TileHigh[t])]);
        double[] background = LocalBackground(a, medianHigh);
        double[] ratioBackground = LocalRatio(a);
        var scores = new double[a.TileHigh.Length];
        foreach (int t in cargo)
        {
            double zHigh = (a.TileHigh[t] / background[t] - 1) / relativeSpread;
            double zRatio = Rated(a, t) && !double.IsNaN(ratioBackground[t]) ? Math.Max(0, (ratioBackground[t] - a.Ratio(t)) / ratioSpread) : 0;
            scores[t] = zHigh + zRatio;
        }

        return scores;
    }

    /// <summary>A tile whose ratio names a material: enough attenuation, not photon-starved, even.</summary>
    public static bool Rated(ScanAnalysis a, int t) => a.TileHigh[t] > MaterialTile && a.TileHigh[t] < RatioReliable && a.TileEven[t];

    /// <summary>
    /// Each tile's local background: the median attenuation of the load's tiles within ±5 tiles along and ±3 up and down,
    /// leaving out the tile's own 3 × 3 neighbourhood (a hidden object is compared with the goods around it, not with the
    /// whole load, whose pallets differ); the whole load's median where fewer than 6 such tiles exist.
    /// </summary>
    public static double[] LocalBackground(ScanAnalysis a, double medianHigh) => Local(a, t => a.TileHigh[t] > CargoTile, t => a.TileHigh[t], medianHigh);

    /// <summary>Each tile's local median ratio over rated tiles around it (NaN where there are none).</summary>
    public static double[] LocalRatio(ScanAnalysis a) => Local(a, t => Rated(a, t), a.Ratio, double.NaN);

    private static double[] Local(ScanAnalysis a, Func<int, bool> include, Func<int, double> value, double fallback)
    {
        var result = new double[a.TileHigh.Length];
        var window = new List<double>(80);
        for (int ty = 0; ty < a.TilesY; ty++)
        {
            for (int tx = 0; tx < a.TilesX; tx++)
            {
                window.Clear();
                for (int y = Math.Max(0, ty - 3); y <= Math.Min(a.TilesY - 1, ty + 3); y++)
                {
                    for (int x = Math.Max(0, tx - 5); x <= Math.Min(a.TilesX - 1, tx + 5); x++)
                    {
                        int u = y * a.TilesX + x;
                        if ((Math.Abs(x - tx) > 1 || Math.Abs(y - ty) > 1) && include(u))
                        {
                            window.Add(value(u));
                        }
                    }
                }

                result[ty * a.TilesX + tx] = window.Count >= 6 ? Median([.. window]) : fallback;
            }
        }

        return result;
    }

    /// <summary>
    /// The baseline: total high-energy attenuation of the whole image alone, turned into a mass with one generic
    /// coefficient after subtracting an empty container's total. Declared empty: that mass in tonnes; else ln(mass / declared).
    /// </summary>
    public static double BaselineScore(ScanAnalysis a, ScanDeclaration d, ReferenceLibrary references)
    {
        double kg = (a.TotalHigh - references.EmptyTotalHigh) * a.PixelAreaCm2 / Attenuation.High(10) / 1000;
        return d.DeclaredEmpty ? kg / 1000 : Math.Log(Math.Max(1, kg) / d.DeclaredMassKg);
    }

    internal static double Median(double[] values)
    {
        Array.Sort(values);
        return values.Length % 2 == 1 ? values[values.Length / 2] : (values[values.Length / 2 - 1] + values[values.Length / 2]) / 2;
    }

    private static int ArgMax(double[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            best = values[i] > values[best] ? i : best;
        }

        return best;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
