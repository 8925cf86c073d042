namespace Landsea.Measures;

/// <summary>A notification as the CLI and the API give it in JSON.</summary>
public sealed record MeasureView(string Symbol, string Area, string Type, string Member, string Status, DateOnly? Distributed, DateOnly? CommentDeadline,
    int? DaysToComment, DateOnly? EntryIntoForce, string? EntryIntoForceNote, string Title, string Products, IReadOnlyList<string> Hs, IReadOnlyList<string> Ics,
    IReadOnlyList<string> Objectives, IReadOnlyList<string> Keywords, string? Link, string? Changes, IReadOnlyList<string> ChangedBy, string? Source, bool Sample)
{
    public static MeasureView Of(RegisteredMeasure m, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(m);
        Notification n = m.Notification;
        return new(n.Symbol.Text, n.Area.ToString().ToUpperInvariant(), n.Type.ToString().ToLowerInvariant(), n.Member.Value, n.Status(today), n.Distributed,
            n.CommentDeadline, n.DaysToComment(today), n.EntryIntoForce, n.EntryIntoForceNote, n.Title, n.Products, [.. m.EffectiveHs.Select(h => h.Digits)],
            n.IcsCodes, n.Objectives, n.Keywords, n.Link, n.Changes, m.ChangedBy, n.Source, n.Sample);
    }
}
