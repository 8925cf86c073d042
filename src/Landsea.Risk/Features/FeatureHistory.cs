using Landsea.Risk.Declarations;

namespace Landsea.Risk.Features;

/// <summary>
/// What was known about one group of declarations (one importer, one HS code, ...) at some point in time.
/// Invariant: <see cref="Frauds"/> ≤ <see cref="Labelled"/> ≤ <see cref="Count"/> while fitting.
/// </summary>
public sealed class GroupHistory
{
    private List<double>? _logUnitValues = [];
    private double _median = double.NaN;

    /// <summary>Declarations seen (labelled or not).</summary>
    public int Count { get; set; }

    /// <summary>Declarations whose inspection outcome is known.</summary>
    public int Labelled { get; set; }

    /// <summary>Declarations found irregular.</summary>
    public int Frauds { get; set; }

    /// <summary>Median of ln(value per kg) over the declarations seen with a positive mass and value; NaN if none.</summary>
    public double MedianLogUnitValue
    {
        get
        {
            if (_logUnitValues is null)
            {
                return _median;
            }

            int n = _logUnitValues.Count;
            if (n == 0)
            {
                return double.NaN;
            }

            return n % 2 == 1 ? _logUnitValues[n / 2] : 0.5 * (_logUnitValues[(n / 2) - 1] + _logUnitValues[n / 2]);
        }
    }

    internal void AddLogUnitValue(double value)
    {
        if (_logUnitValues is null)
        {
            throw new InvalidOperationException("A frozen history does not take new declarations.");
        }

        int at = _logUnitValues.BinarySearch(value);
        _logUnitValues.Insert(at < 0 ? ~at : at, value);
    }

    /// <summary>Drops the sorted values and keeps only the median: the form stored in a model file.</summary>
    internal void Freeze()
    {
        _median = MedianLogUnitValue;
        _logUnitValues = null;
    }

    internal static GroupHistory Frozen(int count, int labelled, int frauds, double median) =>
        new() { Count = count, Labelled = labelled, Frauds = frauds, _logUnitValues = null, _median = median };
}

/// <summary>
/// The declaration history features are computed from. While fitting, declarations are added in time order
/// (<see cref="Observe"/> as lodged, <see cref="Learn"/> once the outcome is known), and each declaration's
/// features are read <em>before</em> it is observed, so a feature only ever sees earlier declarations and
/// earlier outcomes. Once fitted, the history is frozen and scoring is a pure function of history and declaration.
/// </summary>
public sealed class FeatureHistory
{
    private readonly Dictionary<ulong, GroupHistory>[] _groups;
    private readonly Dictionary<ulong, int>[] _categories;

    public FeatureHistory()
    {
        _groups = new Dictionary<ulong, GroupHistory>[Enum.GetValues<HistoryKey>().Length];
        for (int i = 0; i < _groups.Length; i++)
        {
            _groups[i] = new Dictionary<ulong, GroupHistory>();
        }

        _categories = new Dictionary<ulong, int>[FeatureLayout.CategoricalColumns.Count];
        for (int i = 0; i < _categories.Length; i++)
        {
            _categories[i] = new Dictionary<ulong, int>();
        }
    }

    /// <summary>Declarations observed.</summary>
    public int Count { get; private set; }

    /// <summary>Outcomes learned.</summary>
    public int Labelled { get; private set; }

    /// <summary>Outcomes found irregular.</summary>
    public int Frauds { get; private set; }

    public bool IsFrozen { get; private set; }

    /// <summary>Irregularity rate over all outcomes learned, with one pseudo-observation each way.</summary>
    public double PriorRate => (Frauds + 1.0) / (Labelled + 2.0);

    internal IReadOnlyList<Dictionary<ulong, GroupHistory>> Groups => _groups;

    internal IReadOnlyList<Dictionary<ulong, int>> Categories => _categories;

    internal void Restore(int count, int labelled, int frauds)
    {
        Count = count;
        Labelled = labelled;
        Frauds = frauds;
        IsFrozen = true;
    }

    /// <summary>Records a lodged declaration (no outcome): counts, category codes and unit values.</summary>
    public void Observe(RiskCase d)
    {
        ThrowIfFrozen();
        Count++;
        double logUv = FeatureLayout.LogUnitValue(d);
        Span<ulong> keys = stackalloc ulong[HistoryKeys.Count];
        HistoryKeys.Compute(d, keys);
        for (int k = 0; k < _groups.Length; k++)
        {
            ulong key = keys[k];
            if (!_groups[k].TryGetValue(key, out GroupHistory? g))
            {
                g = new GroupHistory();
                _groups[k][key] = g;
            }

            g.Count++;
            if (!double.IsNaN(logUv) && FeatureLayout.IsUnitValueKey((HistoryKey)k))
            {
                g.AddLogUnitValue(logUv);
            }
        }

        for (int c = 0; c < _categories.Length; c++)
        {
            ulong value = HistoryKeys.Category(c, FeatureLayout.CategoricalColumns[c].Value(d));
            _categories[c].TryAdd(value, _categories[c].Count);
        }
    }

    /// <summary>Records the outcome of a declaration observed earlier.</summary>
    public void Learn(RiskCase d, bool fraud)
    {
        ThrowIfFrozen();
        Labelled++;
        Frauds += fraud ? 1 : 0;
        Span<ulong> keys = stackalloc ulong[HistoryKeys.Count];
        HistoryKeys.Compute(d, keys);
        for (int k = 0; k < _groups.Length; k++)
        {
            GroupHistory g = _groups[k][keys[k]];
            g.Labelled++;
            g.Frauds += fraud ? 1 : 0;
        }
    }

    /// <summary>Ends fitting: keeps only what scoring needs (counts, rates and medians, not every unit value).</summary>
    public void Freeze()
    {
        if (IsFrozen)
        {
            return;
        }

        foreach (Dictionary<ulong, GroupHistory> groups in _groups)
        {
            foreach (GroupHistory g in groups.Values)
            {
                g.Freeze();
            }
        }

        IsFrozen = true;
    }

    internal GroupHistory? Find(HistoryKey key, ulong hash) =>
        _groups[(int)key].TryGetValue(hash, out GroupHistory? g) ? g : null;

    internal int CategoryCode(int column, RiskCase d) =>
        _categories[column].TryGetValue(HistoryKeys.Category(column, FeatureLayout.CategoricalColumns[column].Value(d)), out int code) ? code : -1;

    private void ThrowIfFrozen()
    {
        if (IsFrozen)
        {
            throw new InvalidOperationException("A frozen history does not take new declarations.");
        }
    }
}
