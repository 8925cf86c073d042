namespace Landsea.Scans;

/// <summary>
/// The measurements every check reads, taken once per scan: attenuation −ln(I/I₀) per channel with I₀ from each column's
/// air above the container (which removes source-pulse striping), the container's ends found in the image, the side
/// walls subtracted, and the interior averaged in tiles of about 25 × 25 cm.
/// </summary>
public sealed class ScanAnalysis
{
    private double[] _ratio = [];

    private ScanAnalysis(ScanImage image)
    {
        Image = image;
    }

    public ScanImage Image { get; }

    /// <summary>Tile grid over the interior: first column and row of the interior, tile size in pixels, tile counts.</summary>
    public int Col0 { get; private set; }

    public int Row0 { get; private set; }

    public int TileW { get; private set; }

    public int TileH { get; private set; }

    public int TilesX { get; private set; }

    public int TilesY { get; private set; }

    /// <summary>Mean wall-subtracted high-energy attenuation of each tile, row-major over the tile grid.</summary>
    public double[] TileHigh { get; private set; } = [];

    /// <summary>Mean wall-subtracted low-energy attenuation of each tile.</summary>
    public double[] TileLow { get; private set; } = [];

    /// <summary>
    /// True for a tile whose pixels are even (standard deviation of the high-energy attenuation under 12 % of its mean
    /// plus 0.03): only even tiles give a material. At an edge, blur mixes intensities, not attenuations, and pulls the
    /// low/high ratio of the lighter side towards 1 (a metal's), a partial-volume artefact of real dual-energy images too.
    /// </summary>
    public bool[] TileEven { get; private set; } = [];

    /// <summary>Sum of the high-energy attenuation over the whole image (the baseline's only measurement).</summary>
    public double TotalHigh { get; private set; }

    /// <summary>Front and back of the container found in the image, in columns.</summary>
    public int FrontColumn { get; private set; }

    public int BackColumn { get; private set; }

    /// <summary>Area of one tile, cm².</summary>
    public double TileAreaCm2 => TileW * Image.PixelWidthMm / 10 * (TileH * Image.PixelHeightMm / 10);

    /// <summary>Pixel area, cm².</summary>
    public double PixelAreaCm2 => Image.PixelWidthMm / 10 * (Image.PixelHeightMm / 10);

    /// <summary>The low/high ratio of a tile (meaningful where its high-energy attenuation is above about 0.1).</summary>
    public double Ratio(int tile) => _ratio[tile];

    public double Zeff(int tile) => Attenuation.ZeffFromRatio(Ratio(tile));

    /// <summary>The pixels a tile covers.</summary>
    public PixelRegion TileRegion(int tx, int ty) => new(Col0 + tx * TileW, Row0 + ty * TileH, TileW, TileH);

    /// <summary>The bounding box of tiles, in pixels.</summary>
    public PixelRegion Bounds(IEnumerable<int> tiles)
    {
        int x0 = int.MaxValue, y0 = int.MaxValue, x1 = -1, y1 = -1;
        foreach (int t in tiles)
        {
            int tx = t % TilesX, ty = t / TilesX;
            x0 = Math.Min(x0, tx);
            y0 = Math.Min(y0, ty);
            x1 = Math.Max(x1, tx);
            y1 = Math.Max(y1, ty);
        }

        return x1 < 0 ? new PixelRegion(Col0, Row0, TilesX * TileW, TilesY * TileH)
            : new PixelRegion(Col0 + x0 * TileW, Row0 + y0 * TileH, (x1 - x0 + 1) * TileW, (y1 - y0 + 1) * TileH);
    }

    /// <summary>Metres from the container's front wall to a pixel column.</summary>
    public double MetresFromFront(int column) => (column - FrontColumn) * Image.PixelWidthMm / 1000;

    /// <summary>Metres above the container floor of a pixel row.</summary>
    public double MetresAboveFloor(int row) => (ScanGeometry.SpanHeightM - row * Image.PixelHeightMm / 1000) - (ScanGeometry.ContainerBottomM + ScanGeometry.FloorM);

    public static ScanAnalysis Of(ScanImage image)
    {
        var a = new ScanAnalysis(image);
        a.Measure();
        return a;
    }

    private void Measure()
    {
        int w = Image.Width, h = Image.Height;
        double pw = Image.PixelWidthMm / 1000, ph = Image.PixelHeightMm / 1000;
        int Row(double metresUp) => Math.Clamp((int)((ScanGeometry.SpanHeightM - metresUp) / ph), 0, h - 1);
        int airRows = Math.Max(1, Row(ScanGeometry.ContainerBottomM + ScanGeometry.ContainerHeightM + 0.12));
        var airLow = new double[w];
        var airHigh = new double[w];
        for (int c = 0; c < w; c++)
        {
            double sl = 0, sh = 0;
            for (int r = 0; r < airRows; r++)
            {
                sl += Image.Low[r * w + c];
                sh += Image.High[r * w + c];
            }

            airLow[c] = Math.Max(1, sl / airRows);
            airHigh[c] = Math.Max(1, sh / airRows);
        }

        var aH = new double[w * h];
        var aL = new double[w * h];
        double total = 0;
        for (int r = 0; r < h; r++)
        {
            for (int c = 0; c < w; c++)
            {
                int i = r * w + c;
                aH[i] = -Math.Log(Math.Max(0.5, Image.High[i]) / airHigh[c]);
                aL[i] = -Math.Log(Math.Max(0.5, Image.Low[i]) / airLow[c]);
                total += aH[i];
            }
        }

        TotalHigh = total;

        // The ends: the first and last columns whose mid-height attenuation reads like an end wall (about 80 g/cm² of steel).
        int midTop = Row(ScanGeometry.ContainerBottomM + 2.0), midBottom = Row(ScanGeometry.ContainerBottomM + 0.5);
        double ColumnMean(int c)
        {
            double s = 0;
            for (int r = midTop; r <= midBottom; r++)
            {
                s += aH[r * w + c];
            }

            return s / (midBottom - midTop + 1);
        }

        int nominalFront = (int)(ScanGeometry.ContainerFrontM / pw);
        int nominalBack = (int)((ScanGeometry.ContainerFrontM + ScanGeometry.ContainerLengthM) / pw);
        int front = -1, back = -1;
        for (int c = 0; c < w && front < 0; c++)
        {
            front = ColumnMean(c) > 1.0 ? c : -1;
        }

        for (int c = w - 1; c >= 0 && back < 0; c--)
        {
            back = ColumnMean(c) > 1.0 ? c : -1;
        }

        FrontColumn = front < 0 || Math.Abs(front - nominalFront) * pw > 0.5 ? nominalFront : front;
        BackColumn = back < 0 || Math.Abs(back - nominalBack) * pw > 0.5 ? nominalBack : back;

        const double EndMargin = 0.20, FloorMargin = 0.07, RoofMargin = 0.07;
        Col0 = FrontColumn + (int)Math.Ceiling(EndMargin / pw);
        int col1 = BackColumn - (int)Math.Ceiling(EndMargin / pw);
        Row0 = Row(ScanGeometry.ContainerBottomM + ScanGeometry.ContainerHeightM - ScanGeometry.RoofM - RoofMargin) + 1;
        int row1 = Row(ScanGeometry.ContainerBottomM + ScanGeometry.FloorM + FloorMargin);
        TileW = Math.Max(2, (int)Math.Round(0.25 / pw));
        TileH = Math.Max(2, (int)Math.Round(0.25 / ph));
        TilesX = Math.Max(1, (col1 - Col0) / TileW);
        TilesY = Math.Max(1, (row1 - Row0) / TileH);
        // Tiles are laid from the floor up, so the lowest row of tiles sits on the floor margin.
        Row0 = row1 - TilesY * TileH;
        double wallH = ScanGeometry.SideWallsGcm2 * Attenuation.High(Attenuation.IronZ);
        double wallL = ScanGeometry.SideWallsGcm2 * Attenuation.Low(Attenuation.IronZ);
        TileHigh = new double[TilesX * TilesY];
        TileLow = new double[TilesX * TilesY];
        TileEven = new bool[TilesX * TilesY];
        _ratio = new double[TilesX * TilesY];
        for (int ty = 0; ty < TilesY; ty++)
        {
            for (int tx = 0; tx < TilesX; tx++)
            {
                double sh = 0, sl = 0, sq = 0;
                for (int r = Row0 + ty * TileH; r < Row0 + (ty + 1) * TileH; r++)
                {
                    for (int c = Col0 + tx * TileW; c < Col0 + (tx + 1) * TileW; c++)
                    {
                        int i = r * w + c;
                        sh += aH[i];
                        sl += aL[i];
                        sq += aH[i] * aH[i];
                    }
                }

                // The tile's attenuation is the mean of its pixels' (a hidden object a quarter of a tile wide still
                // counts, and a linear mixture keeps the ratio a weighted mean of its materials'); the log of a Poisson
                // count is biased by about 1 / (2 × counts), under 0.5 % of the ratio where ratios are read.
                int n = TileW * TileH;
                double mean = sh / n;
                int t = ty * TilesX + tx;
                TileHigh[t] = mean - wallH;
                TileLow[t] = sl / n - wallL;
                _ratio[t] = TileHigh[t] > 1e-6 ? TileLow[t] / TileHigh[t] : Attenuation.Ratio(Attenuation.OrganicZ);
                TileEven[t] = Math.Sqrt(Math.Max(0, sq / n - mean * mean)) < 0.12 * mean + 0.03;
            }
        }
    }
}
