using System.Text.Json;
using System.Text.Json.Serialization;
using Landsea.Declarations;

namespace Landsea.Data.Declarations;

/// <summary>What the node answers to a submission. A duplicate submission gets the first answer again.</summary>
public sealed record LodgeAnswer(
    string Outcome,
    long SubmissionId,
    string? FunctionalReference,
    string? Mrn,
    DeclarationStatus? Status,
    IReadOnlyList<DeclarationError> Errors,
    IReadOnlyList<DeclarationError> Warnings)
{
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string Conflict = "conflict";

    /// <summary>True when this answer repeats the one given to an identical earlier submission.</summary>
    public bool Duplicate { get; init; }
}

/// <summary>One row of the declarations list.</summary>
public sealed record DeclarationSummary(
    string Mrn,
    string FunctionalReference,
    string DeclarantId,
    string TypeCode,
    DeclarationDirection Direction,
    DeclarationStatus Status,
    string OfficeCode,
    DateTimeOffset LodgedAt,
    DateTimeOffset UpdatedAt,
    int Version,
    int ItemCount,
    decimal? InvoiceAmount,
    string? InvoiceCurrency)
{
    /// <summary>The risk channel, score and whether the goods wait for a control outcome: officers and auditors only (null for a trader).</summary>
    public ControlView? Control { get; init; }
}

/// <summary>What the officer's work queue shows of a declaration's risk decision.</summary>
/// <param name="Channel">Red (inspection), Yellow (documents) or Green; null when risk took no decision.</param>
/// <param name="Score">The combined risk score, 0 to 1.</param>
/// <param name="AwaitingOutcome">Red or yellow, not yet released, and no control outcome recorded: the goods are held.</param>
/// <param name="Reasons">Why risk chose the channel, in words.</param>
public sealed record ControlView(Landsea.Risk.Channel? Channel, double? Score, bool AwaitingOutcome, IReadOnlyList<string> Reasons);

/// <summary>How the declarations list is ordered.</summary>
public enum DeclarationSort
{
    /// <summary>Newest lodged first.</summary>
    Newest,

    /// <summary>
    /// The officer's work queue: open declarations covering a priority-lane consignment first (issue 11 item 7), then goods
    /// held for a control outcome (red, then yellow, highest score, longest waiting), then the rest.
    /// </summary>
    Queue,

    /// <summary>Highest risk score first.</summary>
    Score,

    /// <summary>Oldest lodged first (longest waiting).</summary>
    Oldest,
}

/// <summary>Declarations per channel among those a filter selects (the channel filter aside): how many, and how many wait for a control outcome.</summary>
public sealed record ChannelCount(Landsea.Risk.Channel? Channel, long Total, long Awaiting);

/// <summary>A declaration with its parties, goods items and status history.</summary>
public sealed record DeclarationDetail(DeclarationSummary Summary, Declaration Declaration, IReadOnlyList<StatusChange> History, long SubmissionId);

/// <summary>
/// Filters of the declarations list; all optional, combined with AND. <c>From</c> and <c>To</c> are inclusive local days
/// of each declaration's own office (a declaration lodged at 22:34 UTC at a UTC+8 office belongs to the next day).
/// </summary>
public sealed record DeclarationFilter(
    DeclarationStatus? Status = null,
    string? TraderId = null,
    string? Chapter = null,
    DateOnly? From = null,
    DateOnly? To = null,
    int Page = 1,
    int PageSize = 25)
{
    /// <summary>Only declarations whose status or content changed at or after this instant (for polling).</summary>
    public DateTimeOffset? UpdatedSince { get; init; }

    /// <summary>Only declarations risk put in this channel (officers and auditors).</summary>
    public Landsea.Risk.Channel? Channel { get; init; }

    /// <summary>Only declarations held by this customs office.</summary>
    public string? Office { get; init; }

    /// <summary>Only declarations whose goods wait for a control outcome (officers and auditors).</summary>
    public bool AwaitingControl { get; init; }

    public DeclarationSort Sort { get; init; } = DeclarationSort.Newest;

    /// <summary>Only declarations covering a consignment in the corridor's priority lane (true) or not (false); null: both.</summary>
    public bool? PriorityLane { get; init; }
}

/// <summary>One page of results with the total count.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Number, int PageSize, long Total)
{
    public int PageCount => (int)Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>A stored submission: the bytes exactly as received and what was decided about them.</summary>
public sealed record SubmissionRecord(long Id, DateTimeOffset ReceivedAt, string SubmittedBy, string Format, string? DeclarantId,
    string? FunctionalReference, string ContentSha256, byte[] Bytes, string Outcome, IReadOnlyList<DeclarationError> Errors, string? Mrn);

/// <summary>JSON settings for stored models and answers.</summary>
public static class StoreJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
