using System.Globalization;
using Landsea.Shared;

namespace Landsea.Scans;

/// <summary>
/// A deterministic, physically based dual-energy scan simulator (docs/scans.md): Beer–Lambert attenuation of a 40 ft
/// container (corrugated walls, floor and cross-members, end wall, doors with locking bars, corner posts, chassis and
/// wheels) and its load at two energies, detector blur, source-pulse and detector-channel striping, and Poisson noise.
/// The same seed, index, scenario and size give the same scan, bit for bit.
/// </summary>
public static class ScanSimulator
{
    /// <summary>Smallest and largest image the simulator and the lodging accept, in pixels per side.</summary>
    public const int MinSide = 64;
    public const int MaxSide = 8192;

    /// <summary>The scenario of scan <paramref name="index"/> in a run: of every 8, 1 empty, 3 as declared and 1 of each other scenario.</summary>
    public static ScanScenario ScenarioOf(long index) => (index % 8) switch
    {
        0 => ScanScenario.Empty,
        1 or 4 or 7 => ScanScenario.AsDeclared,
        2 => ScanScenario.LoadDeclaredEmpty,
        3 => ScanScenario.UndeclaredDense,
        5 => ScanScenario.MassUnderdeclared,
        _ => ScanScenario.MaterialMismatch,
    };

    /// <summary>Scan <paramref name="index"/> of the run <paramref name="seed"/>, with its scenario from <see cref="ScenarioOf"/>.</summary>
    public static SimulatedScan Simulate(long seed, long index, int width, int height) => Simulate(seed, index, ScenarioOf(index), width, height);

    public static SimulatedScan Simulate(long seed, long index, ScanScenario scenario, int width, int height, string? hs = null, ulong purpose = 0)
    {
        if (width is < MinSide or > MaxSide || height is < MinSide or > MaxSide)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"A scan is {MinSide} to {MaxSide} pixels per side.");
        }

        var rng = new ScanRandom(ScanRandom.Derive(seed, index, purpose));
        var layout = new Layout(rng, width, height);
        GoodsKind Pick(Func<GoodsKind, bool> where)
        {
            GoodsKind[] kinds = [.. GoodsCatalogue.All.Where(where)];
            return kinds[rng.Next(kinds.Length)];
        }

        GoodsKind declaredKind = hs is not null ? GoodsCatalogue.Find(hs) ?? throw new ArgumentException($"No simulated goods of HS {hs}.", nameof(hs))
            : scenario == ScanScenario.MaterialMismatch ? Pick(g => g.ExpectedClass != MaterialClass.Mixed) : Pick(_ => true);
        string mrn = Mrn.Create(2026, "CN", string.Create(CultureInfo.InvariantCulture, $"S{(seed & 0xFFFF):X4}{index:0000000}"), 'A').OrThrow().Value;
        string container = ContainerOf(index + seed * 7919);
        var declaredGoods = new List<DeclaredGoods>();
        string? actualHs = null;
        double actualMass = 0;
        PixelRegion? hidden = null;
        string? hiddenWhat = null;
        PixelRegion? cargo = null;

        switch (scenario)
        {
            case ScanScenario.Empty:
                break;
            case ScanScenario.LoadDeclaredEmpty:
            {
                GoodsKind kind = Pick(_ => true);
                double mass = rng.Uniform(300, 8000);
                cargo = layout.Load(kind, mass, rng.Uniform(kind.DensityLow, kind.DensityHigh), rng);
                actualHs = kind.Hs;
                actualMass = mass;
                break;
            }

            default:
            {
                double density = rng.Uniform(declaredKind.DensityLow, declaredKind.DensityHigh);
                double factor = scenario == ScanScenario.MassUnderdeclared ? rng.Uniform(1.3, 2.0) : 1;
                double lengthM = scenario == ScanScenario.MassUnderdeclared ? rng.Uniform(2.0, 5.5) : rng.Uniform(2.0, 11.0);
                double declared = Math.Min(26000, density * 1000 * lengthM * 2.0 * 2.35 * 0.85);
                declared = Math.Min(declared, 30000 / factor);
                double actual = declared * factor * (scenario == ScanScenario.MassUnderdeclared ? 1 : rng.Uniform(0.95, 1.05));
                GoodsKind loaded = declaredKind;
                if (scenario == ScanScenario.MaterialMismatch)
                {
                    loaded = Pick(g => g.ExpectedClass != MaterialClass.Mixed && g.ExpectedClass != declaredKind.ExpectedClass);
                    density = rng.Uniform(loaded.DensityLow, loaded.DensityHigh);
                }

                cargo = layout.Load(loaded, actual, density, rng);
                int packages = Math.Max(1, (int)Math.Round(declared / (density * 1000 * 1.2 * 1.0 * 1.1)));
                declaredGoods.Add(new DeclaredGoods(declaredKind.Hs, declaredKind.Description, Math.Round(declared), packages));
                actualHs = loaded.Hs;
                actualMass = actual;
                if (scenario == ScanScenario.UndeclaredDense)
                {
                    (hidden, hiddenWhat, double hiddenMass) = layout.Hide(rng);
                    actualMass += hiddenMass;
                }

                break;
            }
        }

        ScanImage image = layout.Render(rng);
        return new SimulatedScan(image, new ScanDeclaration(mrn, container, declaredGoods), new ScanTruth(scenario, actualHs, Math.Round(actualMass), hidden, hiddenWhat, cargo));
    }

    /// <summary>A valid ISO 6346 container number "LSCU" + six digits + check digit.</summary>
    public static string ContainerOf(long n)
    {
        string body = string.Create(CultureInfo.InvariantCulture, $"LSCU{Math.Abs(n % 1000000):000000}");
        return body + Iso6346.CheckDigit(body).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A block of goods: extent (m), areal density across the beam (g/cm²), coefficients, and the texture phase of a pallet or, for hidden goods, the share of the beam path they take from the goods around them.</summary>
    private sealed record Block(double X0, double X1, double Y0, double Y1, double Gcm2, double MuL, double MuH, double Phase);

    /// <summary>The container of one scan and what is in it; coordinates in metres (x along from the image's left, y up from the road).</summary>
    private sealed class Layout
    {
        private readonly List<Block> _cargo = [];
        private readonly List<Block> _hidden = [];
        private readonly int _width;
        private readonly int _height;
        private readonly double _front;
        private readonly double _back;
        private readonly double _bottom;
        private readonly double _top;
        private readonly double _wallScale;
        private readonly double _corrugationPhase;
        private readonly double _crossMemberOffset;
        private readonly double _chassisShift;
        private double _cargoX0;
        private double _cargoX1;
        private double _cargoTop;
        private double _cargoPath;

        public Layout(ScanRandom rng, int width, int height)
        {
            _width = width;
            _height = height;
            _front = ScanGeometry.ContainerFrontM + rng.Uniform(-0.15, 0.15);
            _back = _front + ScanGeometry.ContainerLengthM;
            _bottom = ScanGeometry.ContainerBottomM + rng.Uniform(-0.03, 0.03);
            _top = _bottom + ScanGeometry.ContainerHeightM;
            _wallScale = rng.Uniform(0.9, 1.1);
            _corrugationPhase = rng.Uniform(0, 2 * Math.PI);
            _crossMemberOffset = rng.Uniform(0, 0.3);
            _chassisShift = rng.Uniform(-0.2, 0.2);
        }

        private double FloorTop => _bottom + ScanGeometry.FloorM;

        /// <summary>Stows <paramref name="massKg"/> of the goods on pallets from the front wall; returns the load's pixel region.</summary>
        public PixelRegion Load(GoodsKind kind, double massKg, double density, ScanRandom rng)
        {
            double path = rng.Uniform(0.70, 0.95) * ScanGeometry.InternalWidthM;
            double height = rng.Uniform(1.1, 2.2);
            double volume = massKg / (density * 1000);
            double length = volume / (path * height);
            const double MaxLength = 11.8;
            const double MaxHeight = 2.3;
            if (length > MaxLength)
            {
                length = MaxLength;
                height = Math.Min(MaxHeight, volume / (length * path));
            }

            if (length < 0.4)
            {
                length = 0.4;
                height = Math.Max(0.3, volume / (length * path));
                height = Math.Min(MaxHeight, height);
            }

            double x = _front + 0.08 + rng.Uniform(0, 0.05);
            _cargoX0 = x;
            double end = x + length;
            int layers = height > 1.3 ? 2 : 1;
            double layerHeight = height / layers;
            while (x < end - 0.05)
            {
                double blockEnd = Math.Min(end, x + 1.2);
                for (int layer = 0; layer < layers; layer++)
                {
                    double y0 = FloorTop + layer * layerHeight;
                    _cargo.Add(new Block(x, blockEnd, y0, y0 + layerHeight - 0.015, rng.Uniform(0.92, 1.08), kind.MuLow, kind.MuHigh, rng.Uniform(0, 2 * Math.PI)));
                }

                x = blockEnd + rng.Uniform(0.02, 0.06);
            }

            // Scale the blocks' areal densities so that the load weighs exactly massKg.
            double areaM2 = _cargo.Sum(b => (b.X1 - b.X0) * (b.Y1 - b.Y0) * b.Gcm2);
            double gcm2PerUnit = massKg * 1000 / (areaM2 * 10000);
            for (int i = 0; i < _cargo.Count; i++)
            {
                _cargo[i] = _cargo[i] with { Gcm2 = _cargo[i].Gcm2 * gcm2PerUnit };
            }

            _cargoX1 = _cargo.Max(b => b.X1);
            _cargoTop = _cargo.Max(b => b.Y1);
            _cargoPath = path;
            return Pixels(_cargoX0, _cargoX1, FloorTop, _cargoTop);
        }

        /// <summary>Hides a block of dense goods inside the load (it displaces the goods it replaces along the beam).</summary>
        public (PixelRegion Region, string What, double MassKg) Hide(ScanRandom rng)
        {
            var dense = GoodsCatalogue.Dense[rng.Next(GoodsCatalogue.Dense.Count)];
            double mass = rng.Uniform(150, 1200);
            double density = rng.Uniform(dense.DensityLow, dense.DensityHigh);
            double depth = rng.Uniform(0.15, Math.Min(0.5, _cargoPath - 0.1));
            double face = mass / (density * 1000 * depth);
            double aspect = rng.Uniform(0.6, 1.6);
            double w = Math.Min(Math.Sqrt(face * aspect), Math.Max(0.2, _cargoX1 - _cargoX0 - 0.2));
            double h = Math.Min(face / w, Math.Max(0.2, _cargoTop - FloorTop - 0.1));
            double gcm2 = mass * 1000 / (w * h * 10000);
            double x0 = _cargoX0 + 0.1 + rng.NextDouble() * Math.Max(0, _cargoX1 - _cargoX0 - 0.2 - w);
            double y0 = FloorTop + 0.05 + rng.NextDouble() * Math.Max(0, _cargoTop - FloorTop - 0.1 - h);
            double share = depth / _cargoPath;
            _hidden.Add(new Block(x0, x0 + w, y0, y0 + h, gcm2, Attenuation.Low(dense.Zeff), Attenuation.High(dense.Zeff), share));
            double displaced = _cargo.Where(b => b.X0 < x0 + w && b.X1 > x0 && b.Y0 < y0 + h && b.Y1 > y0).Select(b => b.Gcm2).DefaultIfEmpty(0).Average() * share * w * h * 10;
            return (Pixels(x0, x0 + w, y0, y0 + h), string.Create(CultureInfo.InvariantCulture, $"{dense.Name}, {mass:0} kg"), mass - displaced);
        }

        private PixelRegion Pixels(double x0, double x1, double y0, double y1)
        {
            double pw = ScanGeometry.SpanLengthM / _width;
            double ph = ScanGeometry.SpanHeightM / _height;
            int c0 = Math.Clamp((int)(x0 / pw), 0, _width - 1);
            int c1 = Math.Clamp((int)Math.Ceiling(x1 / pw), c0 + 1, _width);
            int r0 = Math.Clamp((int)((ScanGeometry.SpanHeightM - y1) / ph), 0, _height - 1);
            int r1 = Math.Clamp((int)Math.Ceiling((ScanGeometry.SpanHeightM - y0) / ph), r0 + 1, _height);
            return new PixelRegion(c0, r0, c1 - c0, r1 - r0);
        }

        public ScanImage Render(ScanRandom rng)
        {
            int n = _width * _height;
            double pw = ScanGeometry.SpanLengthM / _width;
            double ph = ScanGeometry.SpanHeightM / _height;
            var low = new double[n];
            var high = new double[n];
            double fe = 0, organic = 0;
            double muLFe = Attenuation.Low(Attenuation.IronZ), muHFe = Attenuation.High(Attenuation.IronZ);
            double muLOrg = Attenuation.Low(Attenuation.OrganicZ), muHOrg = Attenuation.High(Attenuation.OrganicZ);
            double[] axles = [_back - 1.6 + _chassisShift, _back - 2.9 + _chassisShift, _back - 4.2 + _chassisShift];
            // Per column: the side walls' corrugation and the blocks the column crosses (at most a few of the load's).
            var corrugation = new double[_width];
            var columnCargo = new Block[_width][];
            var columnHidden = new Block[_width][];
            for (int col = 0; col < _width; col++)
            {
                double x = (col + 0.5) * pw;
                corrugation[col] = ScanGeometry.SideWallsGcm2 * _wallScale * (1 + 0.35 * Math.Cos(2 * Math.PI * x / 0.278 + _corrugationPhase));
                columnCargo[col] = [.. _cargo.Where(b => x >= b.X0 && x < b.X1)];
                columnHidden[col] = [.. _hidden.Where(b => x >= b.X0 && x < b.X1)];
            }

            for (int row = 0; row < _height; row++)
            {
                double y = ScanGeometry.SpanHeightM - (row + 0.5) * ph;
                for (int col = 0; col < _width; col++)
                {
                    double x = (col + 0.5) * pw;
                    fe = 0;
                    organic = 0;
                    double aL = 0, aH = 0;
                    if (x >= _front && x <= _back && y >= _bottom && y <= _top)
                    {
                        fe += corrugation[col];
                        if (y > _top - ScanGeometry.RoofM)
                        {
                            fe += 25;
                        }

                        if (y < _bottom + 0.122)
                        {
                            double f = (x - _front + _crossMemberOffset) / 0.30;
                            fe += 12 + (f - Math.Floor(f) < 0.17 ? 110 : 0);
                        }
                        else if (y < FloorTop)
                        {
                            organic += 0.7 * ScanGeometry.InternalWidthM * 100;
                        }

                        if (x < _front + 0.08)
                        {
                            fe += 60;
                        }

                        if (x > _back - 0.10)
                        {
                            fe += 75;
                        }

                        if (x < _front + 0.15 || x > _back - 0.15)
                        {
                            fe += 20;
                        }

                        foreach (Block b in columnCargo[col])
                        {
                            if (y >= b.Y0 && y < b.Y1)
                            {
                                double texture = 1 + 0.06 * Math.Cos(2 * Math.PI * (x - b.X0) / 0.4 + b.Phase) * Math.Cos(2 * Math.PI * (y - b.Y0) / 0.3 + b.Phase);
                                double g = b.Gcm2 * texture;
                                foreach (Block hb in columnHidden[col])
                                {
                                    if (y >= hb.Y0 && y < hb.Y1)
                                    {
                                        g *= 1 - hb.Phase;
                                    }
                                }

                                aL += b.MuL * g;
                                aH += b.MuH * g;
                            }
                        }

                        foreach (Block hb in columnHidden[col])
                        {
                            if (y >= hb.Y0 && y < hb.Y1)
                            {
                                aL += hb.MuL * hb.Gcm2;
                                aH += hb.MuH * hb.Gcm2;
                            }
                        }
                    }

                    if (y < _bottom && y >= _bottom - 0.30 && x > _front + 0.3 + _chassisShift && x < _back - 0.3 + _chassisShift)
                    {
                        fe += y > _bottom - 0.03 || y < _bottom - 0.27 ? 150 : 13;
                    }

                    foreach (double ax in y < 1.0 ? axles : [])
                    {
                        double r = Math.Sqrt((x - ax) * (x - ax) + (y - 0.5) * (y - 0.5));
                        if (r < 0.5)
                        {
                            if (r > 0.32)
                            {
                                organic += 4 * 30 * 1.15;
                            }
                            else
                            {
                                fe += r > 0.1 ? 35 : 250;
                            }
                        }
                    }

                    int i = row * _width + col;
                    low[i] = ScanGeometry.AirLow * Math.Exp(-(aL + muLFe * fe + muLOrg * organic));
                    high[i] = ScanGeometry.AirHigh * Math.Exp(-(aH + muHFe * fe + muHOrg * organic));
                }
            }

            return new ScanImage(_width, _height, Detect(low, rng), Detect(high, rng), ScanGeometry.PixelWidthMm(_width), ScanGeometry.PixelHeightMm(_height));
        }

        /// <summary>Detector blur (3-tap, both axes), source-pulse (per column) and detector-channel (per row) gain errors, Poisson counting.</summary>
        private ushort[] Detect(double[] intensity, ScanRandom rng)
        {
            int w = _width, h = _height;
            var tmp = new double[intensity.Length];
            for (int r = 0; r < h; r++)
            {
                for (int c = 0; c < w; c++)
                {
                    int i = r * w + c;
                    double left = intensity[c > 0 ? i - 1 : i], right = intensity[c < w - 1 ? i + 1 : i];
                    tmp[i] = 0.2 * left + 0.6 * intensity[i] + 0.2 * right;
                }
            }

            var pulse = new double[w];
            for (int c = 0; c < w; c++)
            {
                pulse[c] = 1 + 0.01 * rng.Normal();
            }

            var gain = new double[h];
            for (int r = 0; r < h; r++)
            {
                gain[r] = 1 + 0.004 * rng.Normal();
            }

            var result = new ushort[intensity.Length];
            for (int r = 0; r < h; r++)
            {
                for (int c = 0; c < w; c++)
                {
                    int i = r * w + c;
                    double up = tmp[r > 0 ? i - w : i], down = tmp[r < h - 1 ? i + w : i];
                    double mean = (0.2 * up + 0.6 * tmp[i] + 0.2 * down) * pulse[c] * gain[r];
                    result[i] = (ushort)Math.Min(65535, rng.Poisson(mean));
                }
            }

            return result;
        }
    }
}
