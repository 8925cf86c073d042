using System.Globalization;
using System.Text.RegularExpressions;
using Landsea.Shared;

namespace Landsea.Measures;

/// <summary>The WTO agreement a notification is made under.</summary>
public enum MeasureArea
{
    /// <summary>Technical Barriers to Trade (G/TBT/N/...).</summary>
    Tbt,

    /// <summary>Sanitary and Phytosanitary measures (G/SPS/N/...).</summary>
    Sps,
}

/// <summary>The kind of notification, as ePing shows it.</summary>
public enum NotificationType
{
    /// <summary>A new measure (G/TBT/N/THA/712).</summary>
    Regular,

    /// <summary>An addendum to a notification (…/Add.1): adoption, entry into force, a new deadline, withdrawal.</summary>
    Addendum,

    /// <summary>A corrigendum correcting a notification (…/Corr.1).</summary>
    Corrigendum,

    /// <summary>A revision that replaces a notification (…/Rev.1).</summary>
    Revision,

    /// <summary>An emergency measure, notified without (or with a shortened) comment period.</summary>
    Emergency,
}

/// <summary>
/// A WTO document symbol of a TBT or SPS notification: <c>G/TBT/N/THA/712</c>, <c>G/SPS/N/VNM/123/Add.1</c>,
/// <c>G/TBT/N/SGP/50/Rev.1/Add.2</c>. The member part is the ISO 3166-1 alpha-3 code (the EU notifies as EU).
/// </summary>
public sealed partial record NotificationSymbol(string Text, MeasureArea Area, string MemberAlpha3, string? Suffix, string? Changes)
{
    [GeneratedRegex(@"^G/(TBT|SPS)/N/([A-Z]{3})/(\d{1,5})((?:/(?:Add|Corr|Rev)\.\d{1,3})*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>Reads a symbol (spaces around it ignored); <see cref="Changes"/> is the symbol without its last suffix, the notification it changes.</summary>
    public static Result<NotificationSymbol> Parse(string? text)
    {
        string t = (text ?? "").Trim();
        Match m = Pattern().Match(t);
        if (!m.Success)
        {
            return Result<NotificationSymbol>.Fail(MeasureErrorCodes.SymbolInvalid,
                $"'{t}' is not a WTO notification symbol such as G/TBT/N/THA/712 or G/SPS/N/VNM/123/Add.1.");
        }

        string suffixes = m.Groups[4].Value;
        int last = suffixes.LastIndexOf('/');
        string? suffix = last < 0 ? null : suffixes[(last + 1)..];
        string? changes = last < 0 ? null : t[..(t.Length - suffixes.Length + last)];
        return new NotificationSymbol(t, m.Groups[1].Value == "TBT" ? MeasureArea.Tbt : MeasureArea.Sps, m.Groups[2].Value, suffix, changes);
    }

    /// <summary>The type the last suffix implies: Add => addendum, Corr => corrigendum, Rev => revision; null without a suffix (regular or emergency).</summary>
    public NotificationType? ImpliedType => Suffix?.Split('.')[0] switch
    {
        "Add" => NotificationType.Addendum,
        "Corr" => NotificationType.Corrigendum,
        "Rev" => NotificationType.Revision,
        _ => null,
    };

    public override string ToString() => Text;
}

/// <summary>
/// One notified measure, in the fields WTO ePing shows. Dates are calendar days as the notification states them.
/// </summary>
/// <param name="Symbol">The document symbol, e.g. G/TBT/N/THA/712.</param>
/// <param name="Type">Regular, addendum, corrigendum, revision or emergency.</param>
/// <param name="Member">The notifying member (ISO 3166-1 alpha-2): the market the measure applies to.</param>
/// <param name="Distributed">The distribution date of the document; null only when the source does not give it (a sample entry says so).</param>
/// <param name="CommentDeadline">The final date for comments; null when none is stated (often for emergencies and addenda).</param>
/// <param name="EntryIntoForce">The proposed date of entry into force; null when not a date ("to be determined", "6 months after publication").</param>
/// <param name="EntryIntoForceNote">The entry into force in the notification's words when it is not (only) a date.</param>
/// <param name="Title">The title of the notified document.</param>
/// <param name="Products">The products covered, in words.</param>
/// <param name="HsCodes">The HS codes of the products, normalised (no code covered by another); empty when the notification gives none.</param>
/// <param name="IcsCodes">ICS codes, as given (e.g. 67.080).</param>
/// <param name="Objectives">The objectives (protection of human health or safety, food safety, ...).</param>
/// <param name="Keywords">ePing keywords.</param>
/// <param name="Link">Where the full text is; null when none.</param>
/// <param name="Source">The public page the fields were taken from; null when entered by an officer.</param>
/// <param name="Sample">True for the shipped sample (data/measures), not a complete register.</param>
public sealed record Notification(
    NotificationSymbol Symbol,
    NotificationType Type,
    CountryCode Member,
    DateOnly? Distributed,
    DateOnly? CommentDeadline,
    DateOnly? EntryIntoForce,
    string? EntryIntoForceNote,
    string Title,
    string Products,
    IReadOnlyList<HsPrefix> HsCodes,
    IReadOnlyList<string> IcsCodes,
    IReadOnlyList<string> Objectives,
    IReadOnlyList<string> Keywords,
    string? Link,
    string? Source,
    bool Sample)
{
    public MeasureArea Area => Symbol.Area;

    /// <summary>The notification this one changes (addendum, corrigendum, revision); null for a regular or emergency one.</summary>
    public string? Changes => Symbol.Changes;

    /// <summary>Whole days from <paramref name="today"/> to the comment deadline (0 on the day, negative once passed); null without a deadline.</summary>
    public int? DaysToComment(DateOnly today) => CommentDeadline is { } d ? d.DayNumber - today.DayNumber : null;

    /// <summary>"in force" once the stated date of entry into force is reached, else "proposed" (also when no date is stated).</summary>
    public string Status(DateOnly today) => EntryIntoForce is { } e && e <= today ? "in force" : "proposed";

    /// <summary>A text that changes when any field changes: a stored notification loaded again with other fields counts as changed.</summary>
    public string Fingerprint() => string.Join('\u001f', Symbol.Text, Type, Member.Value, Day(Distributed), Day(CommentDeadline), Day(EntryIntoForce),
        EntryIntoForceNote, Title, Products, string.Join(';', HsCodes.Select(h => h.Digits)), string.Join(';', IcsCodes), string.Join(';', Objectives),
        string.Join(';', Keywords), Link, Source, Sample);

    internal static string Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
