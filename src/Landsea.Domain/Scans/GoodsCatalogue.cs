namespace Landsea.Scans;

/// <summary>
/// Goods the simulator loads into containers: an HS subheading, its material (Zeff of the goods with their packaging
/// and the share of mass in a second material), and its bulk density range as stowed (t/m³ = g/cm³, packaging included).
/// </summary>
/// <param name="Hs">Six-digit HS 2022 subheading.</param>
/// <param name="Description">What the declaration says.</param>
/// <param name="Zeff">Effective atomic number of the main material.</param>
/// <param name="SecondZeff">Zeff of a second material (steel belts in tyres), or 0.</param>
/// <param name="SecondShare">Share of the mass in the second material, 0 to 1.</param>
/// <param name="DensityLow">Lowest bulk density as stowed, t/m³.</param>
/// <param name="DensityHigh">Highest bulk density as stowed, t/m³.</param>
public sealed record GoodsKind(string Hs, string Description, double Zeff, double SecondZeff, double SecondShare, double DensityLow, double DensityHigh)
{
    public int Chapter => int.Parse(Hs.AsSpan(0, 2), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The four-digit HS heading, the key of reference scans.</summary>
    public string Heading => Hs[..4];

    public MaterialClass ExpectedClass => Attenuation.ExpectedForChapter(Chapter);

    /// <summary>The mass-weighted low-energy attenuation coefficient, cm²/g.</summary>
    public double MuLow => (1 - SecondShare) * Attenuation.Low(Zeff) + SecondShare * Attenuation.Low(SecondZeff == 0 ? Zeff : SecondZeff);

    /// <summary>The mass-weighted high-energy attenuation coefficient, cm²/g.</summary>
    public double MuHigh => (1 - SecondShare) * Attenuation.High(Zeff) + SecondShare * Attenuation.High(SecondZeff == 0 ? Zeff : SecondZeff);
}

/// <summary>The goods of simulated declarations; documented in docs/scans.md.</summary>
public static class GoodsCatalogue
{
    public static readonly IReadOnlyList<GoodsKind> All =
    [
        new("080390", "Bananas, fresh, in cartons", 7.4, 0, 0, 0.40, 0.55),
        new("440710", "Sawn coniferous wood", 7.0, 0, 0, 0.45, 0.60),
        new("610910", "T-shirts of cotton, knitted", 7.2, 0, 0, 0.18, 0.30),
        new("392010", "Polyethylene film in rolls", 6.0, 0, 0, 0.45, 0.70),
        new("401110", "New pneumatic car tyres", 6.5, 26, 0.12, 0.28, 0.40),
        new("940360", "Wooden furniture, flat-packed", 7.0, 26, 0.03, 0.20, 0.35),
        new("252329", "Portland cement in bags", 15.5, 0, 0, 1.00, 1.30),
        new("690721", "Ceramic floor tiles", 12.5, 0, 0, 1.10, 1.50),
        new("700529", "Float glass sheets", 12.0, 0, 0, 1.00, 1.40),
        new("760110", "Aluminium ingots, not alloyed", 13.0, 0, 0, 0.90, 1.40),
        new("730890", "Steel structures and parts", 26.0, 0, 0, 0.50, 0.90),
        new("732690", "Articles of iron, forged", 26.0, 7.0, 0.05, 0.60, 1.00),
        new("847130", "Laptop computers, boxed", 12.0, 26, 0.25, 0.20, 0.32),
        new("851712", "Mobile telephones, boxed", 11.0, 26, 0.20, 0.25, 0.40),
    ];

    public static GoodsKind? Find(string hs) => All.FirstOrDefault(g => string.Equals(g.Hs, hs, StringComparison.Ordinal));

    /// <summary>Undeclared dense goods hidden behind a load: steel parts, copper, lead.</summary>
    public static readonly IReadOnlyList<(string Name, double Zeff, double DensityLow, double DensityHigh)> Dense =
    [
        ("steel parts", 26, 2.0, 4.5),
        ("copper wire", 29, 2.5, 5.0),
        ("lead ingots", 82, 4.0, 7.0),
    ];
}
