using System.Globalization;

namespace Landsea.Shared;

/// <summary>
/// The one bound on error lists, for every reader (issue 16 item 5): at most <see cref="MaxListed"/> errors per
/// document are listed, and one last entry (<see cref="SecurityErrorCodes.MoreErrors"/>) counts the others, so a
/// document with a thousand faults gets a short answer that still says how bad it is.
/// </summary>
public static class ErrorCap
{
    /// <summary>Errors listed per document.</summary>
    public const int MaxListed = 100;

    /// <summary>The longest text value a reader takes (a JSON string, a CSV field): 64 KiB, far above any customs field.</summary>
    public const int MaxTextBytes = 64 * 1024;

    /// <summary>The reason of the entry that stands for <paramref name="more"/> errors not listed.</summary>
    public static string MoreReason(int more) =>
        string.Create(CultureInfo.InvariantCulture, $"and {more:N0} more errors not listed (at most {MaxListed} are listed per document)");

    /// <summary>
    /// The list as it is when it has at most <see cref="MaxListed"/> ordinary entries; else the first
    /// <see cref="MaxListed"/> of them, the count of the others as one entry made by <paramref name="more"/>, then any
    /// counting entries the list already had (<paramref name="isMore"/>, such as a lower reader's own count).
    /// </summary>
    public static IReadOnlyList<T> Apply<T>(IReadOnlyList<T> items, Func<T, bool> isMore, Func<int, T> more)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(isMore);
        ArgumentNullException.ThrowIfNull(more);
        if (items.Count <= MaxListed)
        {
            return items;
        }

        var listed = new List<T>(MaxListed + 2);
        var counts = new List<T>();
        int omitted = 0;
        foreach (T item in items)
        {
            if (isMore(item))
            {
                counts.Add(item);
            }
            else if (listed.Count < MaxListed)
            {
                listed.Add(item);
            }
            else
            {
                omitted++;
            }
        }

        if (omitted > 0)
        {
            listed.Add(more(omitted));
        }

        listed.AddRange(counts);
        return listed;
    }
}
