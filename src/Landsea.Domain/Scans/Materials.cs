namespace Landsea.Scans;

/// <summary>The material classes of dual-energy colouring, by effective atomic number: organic Zeff &lt; 10, inorganic 10 to 18, metal above 18.</summary>
public enum MaterialClass
{
    /// <summary>No single expectation (machinery, mixed goods).</summary>
    Mixed = 0,

    /// <summary>Zeff below 10: food, wood, paper, textiles, plastics, rubber.</summary>
    Organic = 1,

    /// <summary>Zeff 10 to 18: salt, cement, glass, ceramics, and aluminium (Z 13, although HS chapter 76 is a base metal).</summary>
    Inorganic = 2,

    /// <summary>Zeff above 18: iron, copper, lead.</summary>
    Metal = 3,
}

/// <summary>
/// Mass attenuation coefficients (cm²/g) at the two effective energies of the simulated dual-energy linac, 4 MeV (low)
/// and 6 MeV (high), from NIST XCOM (total with coherent scattering) for water (Zeff 7.4), aluminium (13), iron (26) and
/// lead (82); between those, linear in Z. At these energies the low/high ratio falls with Z (pair production grows with Z),
/// which is what tells materials apart.
/// </summary>
public static class Attenuation
{
    public const double LowEnergyMeV = 4.0;
    public const double HighEnergyMeV = 6.0;

    private static readonly double[] Z = [7.4, 13, 26, 82];
    private static readonly double[] MuLow = [0.03403, 0.03103, 0.03311, 0.04197];
    private static readonly double[] MuHigh = [0.02770, 0.02625, 0.02951, 0.04391];

    /// <summary>Representative Zeff of each class for simulation: organic 7.4, inorganic 13, metal 26, heavy metal 82.</summary>
    public const double OrganicZ = 7.4;
    public const double InorganicZ = 13;
    public const double IronZ = 26;
    public const double LeadZ = 82;

    /// <summary>Organic below this Zeff.</summary>
    public const double OrganicLimitZ = 10;

    /// <summary>Metal above this Zeff.</summary>
    public const double MetalLimitZ = 18;

    public static double Low(double z) => Interpolate(MuLow, z);

    public static double High(double z) => Interpolate(MuHigh, z);

    /// <summary>The ratio ln(T_low) / ln(T_high) of a single material: μ_low / μ_high, decreasing in Z.</summary>
    public static double Ratio(double z) => Low(z) / High(z);

    /// <summary>The Zeff whose ratio is <paramref name="ratio"/>, clamped to 5..90 (bisection; the ratio is monotonic in Z).</summary>
    public static double ZeffFromRatio(double ratio)
    {
        double lo = 5, hi = 90;
        if (ratio >= Ratio(lo))
        {
            return lo;
        }

        if (ratio <= Ratio(hi))
        {
            return hi;
        }

        for (int i = 0; i < 40; i++)
        {
            double mid = (lo + hi) / 2;
            if (Ratio(mid) > ratio)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return (lo + hi) / 2;
    }

    public static MaterialClass ClassOf(double zeff) => zeff < OrganicLimitZ ? MaterialClass.Organic : zeff <= MetalLimitZ ? MaterialClass.Inorganic : MaterialClass.Metal;

    /// <summary>The expected material class of an HS chapter's goods; <see cref="MaterialClass.Mixed"/> where a chapter holds several (machinery, vehicles, instruments, chemicals).</summary>
    public static MaterialClass ExpectedForChapter(int chapter) => chapter switch
    {
        >= 1 and <= 24 => MaterialClass.Organic,
        >= 25 and <= 27 => MaterialClass.Inorganic,
        >= 39 and <= 67 => MaterialClass.Organic,
        >= 68 and <= 70 => MaterialClass.Inorganic,
        76 => MaterialClass.Inorganic,
        >= 72 and <= 83 => MaterialClass.Metal,
        94 => MaterialClass.Organic,
        _ => MaterialClass.Mixed,
    };

    private static double Interpolate(double[] values, double z)
    {
        if (z <= Z[0])
        {
            return values[0];
        }

        for (int i = 1; i < Z.Length; i++)
        {
            if (z <= Z[i])
            {
                double t = (z - Z[i - 1]) / (Z[i] - Z[i - 1]);
                return values[i - 1] + t * (values[i] - values[i - 1]);
            }
        }

        return values[^1];
    }
}
