using Landsea.Shared;

namespace Landsea.Measures;

/// <summary>The sample register shipped in data/measures/asean-sample.json (embedded): real ASEAN notifications, marked as a sample.</summary>
public static class ShippedMeasures
{
    private static readonly Lazy<IReadOnlyList<Notification>> s_sample = new(() =>
    {
        NotificationFileRead read = NotificationFile.Parse(SampleText);
        return read.IsValid ? read.Notifications : throw new InvalidOperationException($"The shipped sample does not read: {string.Join("; ", read.Errors)}");
    });

    /// <summary>The file's text, as shipped.</summary>
    public static string SampleText => EmbeddedData.ReadText("Landsea.data.measures.asean-sample.json");

    /// <summary>The sample's notifications.</summary>
    public static IReadOnlyList<Notification> Sample => s_sample.Value;
}
