using Landsea.Risk.Declarations;

namespace Landsea.Risk.Features;

/// <summary>A low-cardinality column used as a category code (first-seen order while fitting; -1 when unseen).</summary>
public sealed record CategoricalColumn(string Name, Func<RiskCase, string> Value);

/// <summary>
/// The model's input: one float per feature, in the order of <see cref="Names"/>. Missing values are NaN.
/// Only columns known at lodgement time are used; the outcome of a declaration never is.
/// </summary>
public static class FeatureLayout
{
    /// <summary>Pseudo-observations that pull a group's irregularity rate towards the overall rate (rare groups).</summary>
    public const double RateSmoothing = 5.0;

    public static IReadOnlyList<CategoricalColumn> CategoricalColumns { get; } =
    [
        new("Office ID", d => d.OfficeCode),
        new("Process Type", d => d.ProcessType),
        new("Import Type", d => d.ImportType),
        new("Import Use", d => d.ImportUse),
        new("Payment Type", d => d.PaymentType),
        new("Mode of Transport", d => d.TransportMode),
        new("Courier ID", d => d.CourierId),
        new("Country of Departure", d => d.DepartureCountry),
        new("Country of Origin", d => d.OriginCountry),
        new("Tax Type", d => d.TaxType),
        new("Country of Origin Indicator", d => d.OriginIndicator),
    ];

    /// <summary>Groups whose typical value per kilogram the declared value is compared with.</summary>
    public static IReadOnlyList<HistoryKey> UnitValueKeys { get; } =
        [.. Enum.GetValues<HistoryKey>().Where(IsUnitValueKeyStatic)];

    private static readonly bool[] s_isUnitValueKey = BuildUnitValueMask();
    private static readonly HistoryKey[] s_keys = Enum.GetValues<HistoryKey>();

    private const int DirectCount = 9;

    /// <summary>Feature names, in vector order.</summary>
    public static IReadOnlyList<string> Names { get; } = BuildNames();

    public static int Count => Names.Count;

    internal static bool IsUnitValueKey(HistoryKey key) => s_isUnitValueKey[(int)key];

    /// <summary>ln(value per kg), or NaN when the mass or the value is not positive.</summary>
    public static double LogUnitValue(RiskCase d) =>
        d.NetMassKg > 0 && d.ItemPrice > 0 ? Math.Log(d.ItemPrice / d.NetMassKg) : double.NaN;

    /// <summary>Writes the features of <paramref name="d"/> as <paramref name="history"/> knows the past.</summary>
    public static void Write(RiskCase d, FeatureHistory history, Span<float> features)
    {
        if (features.Length != Count)
        {
            throw new ArgumentException($"Expected {Count} features, got a span of {features.Length}.", nameof(features));
        }

        double logUv = LogUnitValue(d);
        int i = 0;
        features[i++] = (float)logUv;
        features[i++] = (float)Math.Log(1 + d.NetMassKg);
        features[i++] = (float)Math.Log(1 + d.ItemPrice);
        features[i++] = (float)d.TaxRate;
        features[i++] = ParseOrNaN(d.HsCode);
        features[i++] = ParseOrNaN(d.HsHeading);
        features[i++] = ParseOrNaN(d.HsChapter);
        features[i++] = d.DepartureCountry == d.OriginCountry ? 1f : 0f;
        features[i++] = d.SellerId.Length == 0 ? 1f : 0f;

        for (int c = 0; c < CategoricalColumns.Count; c++)
        {
            int code = history.CategoryCode(c, d);
            features[i++] = code < 0 ? float.NaN : code;
        }

        double prior = history.PriorRate;
        Span<ulong> keys = stackalloc ulong[HistoryKeys.Count];
        HistoryKeys.Compute(d, keys);
        foreach (HistoryKey key in s_keys)
        {
            GroupHistory? g = history.Find(key, keys[(int)key]);
            int count = g?.Count ?? 0;
            int labelled = g?.Labelled ?? 0;
            int frauds = g?.Frauds ?? 0;
            features[i++] = (float)Math.Log(1 + count);
            features[i++] = (float)((frauds + (RateSmoothing * prior)) / (labelled + RateSmoothing));
            if (IsUnitValueKey(key))
            {
                double median = g?.MedianLogUnitValue ?? double.NaN;
                features[i++] = (float)(logUv - median);
            }
        }
    }

    private static float ParseOrNaN(string digits)
    {
        long value = 0;
        foreach (char ch in digits)
        {
            if (ch is < '0' or > '9')
            {
                return float.NaN;
            }

            value = (value * 10) + (ch - '0');
        }

        return digits.Length == 0 ? float.NaN : value;
    }

    private static bool[] BuildUnitValueMask()
    {
        var mask = new bool[Enum.GetValues<HistoryKey>().Length];
        foreach (HistoryKey k in Enum.GetValues<HistoryKey>())
        {
            mask[(int)k] = IsUnitValueKeyStatic(k);
        }

        return mask;
    }

    private static List<string> BuildNames()
    {
        var names = new List<string>
        {
            "ln(value per kg)", "ln(1 + net mass)", "ln(1 + item price)", "tax rate", "HS code", "HS heading", "HS chapter",
            "departure = origin", "no seller",
        };
        if (names.Count != DirectCount)
        {
            throw new InvalidOperationException("Feature layout out of step with its names.");
        }

        names.AddRange(CategoricalColumns.Select(c => c.Name));
        foreach (HistoryKey key in Enum.GetValues<HistoryKey>())
        {
            names.Add($"{key}: ln(1 + declarations before)");
            names.Add($"{key}: irregularity rate before");
            if (IsUnitValueKeyStatic(key))
            {
                names.Add($"{key}: ln(value per kg) − typical");
            }
        }

        return names;
    }

    private static bool IsUnitValueKeyStatic(HistoryKey key) =>
        key is HistoryKey.HsCode or HistoryKey.HsHeading or HistoryKey.HsChapter or HistoryKey.HsOrigin
            or HistoryKey.HsDeparture or HistoryKey.ImporterHs or HistoryKey.OfficeHs;
}
