using System.Text;
using Landsea.Shared;

namespace Landsea.Risk.Features;

/// <summary>Binary form of a frozen <see cref="FeatureHistory"/> (one entry of the model file).</summary>
internal static class FeatureHistoryFile
{
    private const int FormatVersion = 2;

    public static void Write(FeatureHistory history, Stream stream)
    {
        if (!history.IsFrozen)
        {
            throw new InvalidOperationException("Only a frozen history is stored.");
        }

        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(FormatVersion);
        w.Write(history.Count);
        w.Write(history.Labelled);
        w.Write(history.Frauds);
        w.Write(history.Groups.Count);
        foreach (Dictionary<ulong, GroupHistory> groups in history.Groups)
        {
            w.Write(groups.Count);
            foreach ((ulong key, GroupHistory g) in groups)
            {
                w.Write(key);
                w.Write(g.Count);
                w.Write(g.Labelled);
                w.Write(g.Frauds);
                w.Write(g.MedianLogUnitValue);
            }
        }

        w.Write(history.Categories.Count);
        foreach (Dictionary<ulong, int> codes in history.Categories)
        {
            w.Write(codes.Count);
            foreach ((ulong value, int code) in codes)
            {
                w.Write(value);
                w.Write(code);
            }
        }
    }

    public static Result<FeatureHistory> Read(Stream stream)
    {
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            int version = r.ReadInt32();
            if (version != FormatVersion)
            {
                return new Failure(RiskErrors.ModelHistoryVersion, $"feature history format {version} is not supported (expected {FormatVersion})");
            }

            var history = new FeatureHistory();
            int count = r.ReadInt32();
            int labelled = r.ReadInt32();
            int frauds = r.ReadInt32();
            int groupKinds = r.ReadInt32();
            if (groupKinds != history.Groups.Count)
            {
                return new Failure(RiskErrors.ModelHistoryLayout, $"the model has {groupKinds} history keys, this program knows {history.Groups.Count}");
            }

            foreach (Dictionary<ulong, GroupHistory> groups in history.Groups)
            {
                int n = r.ReadInt32();
                groups.EnsureCapacity(n);
                for (int i = 0; i < n; i++)
                {
                    ulong key = r.ReadUInt64();
                    groups[key] = GroupHistory.Frozen(r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadDouble());
                }
            }

            int categoryColumns = r.ReadInt32();
            if (categoryColumns != history.Categories.Count)
            {
                return new Failure(RiskErrors.ModelHistoryLayout, $"the model has {categoryColumns} category columns, this program knows {history.Categories.Count}");
            }

            foreach (Dictionary<ulong, int> codes in history.Categories)
            {
                int n = r.ReadInt32();
                for (int i = 0; i < n; i++)
                {
                    ulong value = r.ReadUInt64();
                    codes[value] = r.ReadInt32();
                }
            }

            history.Restore(count, labelled, frauds);
            return history;
        }
        catch (EndOfStreamException)
        {
            return new Failure(RiskErrors.ModelHistoryTruncated, "the feature history in the model file is truncated");
        }
    }
}
