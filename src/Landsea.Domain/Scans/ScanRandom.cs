namespace Landsea.Scans;

/// <summary>
/// xoshiro256** (Blackman and Vigna), seeded through SplitMix64: the simulator's only source of randomness, so a seed
/// gives the same scans on every .NET version and machine (System.Random's seeded sequence is not guaranteed to stay).
/// </summary>
public sealed class ScanRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;
    private double? _spareNormal;

    public ScanRandom(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>A seed for stream <paramref name="index"/> of <paramref name="seed"/>: streams of one seed do not overlap in practice.</summary>
    public static ulong Derive(long seed, long index, ulong purpose = 0)
    {
        ulong x = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)index * 0xD1B54A32D192ED03UL ^ purpose * 0xABCDEF0123456789UL);
        return SplitMix(ref x);
    }

    public ulong NextUInt64()
    {
        ulong result = unchecked(RotateLeft(_s1 * 5, 7) * 9);
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1), 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [low, high).</summary>
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>Uniform integer in [0, n).</summary>
    public int Next(int n) => (int)(NextDouble() * n);

    /// <summary>Standard normal (Marsaglia's polar method; the second value is kept for the next call).</summary>
    public double Normal()
    {
        if (_spareNormal is { } spare)
        {
            _spareNormal = null;
            return spare;
        }

        double u, v, s;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            s = u * u + v * v;
        }
        while (s >= 1 || s == 0);

        double f = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareNormal = v * f;
        return u * f;
    }

    /// <summary>A Poisson count of mean <paramref name="lambda"/>: exact (Knuth) below 30, normal approximation above (error under 1 % of σ there).</summary>
    public int Poisson(double lambda)
    {
        if (lambda <= 0)
        {
            return 0;
        }

        if (lambda < 30)
        {
            double limit = Math.Exp(-lambda);
            int k = 0;
            double p = NextDouble();
            while (p > limit)
            {
                k++;
                p *= NextDouble();
            }

            return k;
        }

        double n = lambda + Math.Sqrt(lambda) * Normal() + 0.5;
        return n < 0 ? 0 : (int)n;
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong x)
    {
        unchecked
        {
            x += 0x9E3779B97F4A7C15UL;
            ulong z = x;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
