namespace Landsea.Scans;

/// <summary>What reference scans of one HS heading show: the spread of a tile's attenuation around its load's median, and of its ratio.</summary>
/// <param name="Heading">Four-digit HS heading.</param>
/// <param name="RelativeSpread">Upper spread (84th percentile − median) of tile attenuation / local background − 1.</param>
/// <param name="RatioSpread">Upper spread of the tiles' low/high ratio below their local median.</param>
/// <param name="Typical">The first reference scan, shown beside a scan of the heading as "typical".</param>
public sealed record HeadingReference(string Heading, double RelativeSpread, double RatioSpread, SimulatedScan Typical);

/// <summary>
/// Reference scans per HS heading, simulated as declared from a fixed library seed (independent of any evaluation seed),
/// and an empty container's total attenuation for the baseline.
/// </summary>
public sealed class ReferenceLibrary
{
    /// <summary>The library's seed: fixed, so reference statistics do not depend on the scans being checked.</summary>
    public const long LibrarySeed = 20261203;

    /// <summary>
    /// The ratio spread is at least this: tiles at pallet gaps and the load's edges pass the evenness test now and then,
    /// and blur there shifts the ratio by up to a few hundredths (measured on the library's scans, not on a run's).
    /// </summary>
    public const double MinRatioSpread = 0.006;

    private readonly Dictionary<string, HeadingReference> _headings;

    private ReferenceLibrary(Dictionary<string, HeadingReference> headings, double emptyTotalHigh, int width, int height)
    {
        _headings = headings;
        EmptyTotalHigh = emptyTotalHigh;
        Width = width;
        Height = height;
    }

    public double EmptyTotalHigh { get; }

    public int Width { get; }

    public int Height { get; }

    public IEnumerable<HeadingReference> Headings => _headings.Values;

    public HeadingReference? Heading(string heading) => _headings.GetValueOrDefault(heading);

    /// <summary>Builds the library for scans of <paramref name="width"/> × <paramref name="height"/>: <paramref name="perHeading"/> scans per heading (of <paramref name="only"/> these subheadings, or all).</summary>
    public static ReferenceLibrary Build(int width, int height, int perHeading = 6, IReadOnlyCollection<string>? only = null)
    {
        var headings = new Dictionary<string, HeadingReference>(StringComparer.Ordinal);
        long index = 0;
        foreach (GoodsKind kind in GoodsCatalogue.All)
        {
            if (only is not null && !only.Contains(kind.Hs))
            {
                index += perHeading;
                continue;
            }

            var relative = new List<double>();
            var ratios = new List<double>();
            SimulatedScan? first = null;
            for (int i = 0; i < perHeading; i++)
            {
                SimulatedScan s = ScanSimulator.Simulate(LibrarySeed, index++, ScanScenario.AsDeclared, width, height, kind.Hs, purpose: 1);
                first ??= s;
                ScanAnalysis a = ScanAnalysis.Of(s.Image);
                int[] cargo = [.. Enumerable.Range(0, a.TileHigh.Length).Where(t => a.TileHigh[t] > 0.10)];
                if (cargo.Length == 0)
                {
                    continue;
                }

                double median = ScanChecks.Median([.. cargo.Select(t => a.TileHigh[t])]);
                double[] background = ScanChecks.LocalBackground(a, median);
                relative.AddRange(cargo.Select(t => a.TileHigh[t] / background[t] - 1));
                double[] ratio = ScanChecks.LocalRatio(a);
                ratios.AddRange(cargo.Where(t => ScanChecks.Rated(a, t) && !double.IsNaN(ratio[t])).Select(t => ratio[t] - a.Ratio(t)));
            }

            string h = kind.Heading;
            if (!headings.ContainsKey(h) && first is not null)
            {
                headings[h] = new HeadingReference(h, Math.Max(0.02, UpperSpread(relative)), Math.Max(MinRatioSpread, UpperSpread(ratios)), first);
            }
        }

        double empty = 0;
        const int Empties = 4;
        for (int i = 0; i < Empties; i++)
        {
            empty += ScanAnalysis.Of(ScanSimulator.Simulate(LibrarySeed, index++, ScanScenario.Empty, width, height, purpose: 1).Image).TotalHigh;
        }

        return new ReferenceLibrary(headings, empty / Empties, width, height);
    }

    /// <summary>
    /// The upper spread: 84th percentile minus median, a normal sample's standard deviation measured on the side an
    /// anomaly lies (denser, higher Z); gaps between pallets and the load's edges, all on the lower side, do not widen it.
    /// </summary>
    private static double UpperSpread(List<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        double[] sorted = [.. values.Order()];
        return sorted[(int)(0.84 * (sorted.Length - 1))] - sorted[(sorted.Length - 1) / 2];
    }
}
