using System.Data.Common;
using Landsea.Exchange.Records;
using Landsea.Exchange.Storage;

namespace Landsea.Web.Features.Exchange;

/// <summary>
/// What the node did with partner messages, one row per business effect (stored by <see cref="MessageRecords"/>, keyed by
/// MRN): a pre-arrival stored and assessed, a decision received, an arrival announced or confirmed, a control result. Rows
/// written for an inbound envelope commit in the same transaction as its hand-over, so each envelope has exactly one "in"
/// row (the demo checks this).
/// </summary>
public static class ExchangeRecords
{
    public const string In = MessageRecords.In;
    public const string Out = MessageRecords.Out;

    public static Task<int> AddAsync(UnitOfWork work, ExchangeRecord r) =>
        MessageRecords.AddAsync(work, new MessageRecord(r.EnvelopeId, r.Direction, r.Partner, r.Type, r.Mrn, r.Sequence, r.State, r.Summary, r.Document, r.At));

    public static Task<int> SetStateAsync(UnitOfWork work, string direction, string type, string mrn, string fromState, string toState) =>
        MessageRecords.SetStateAsync(work, direction, type, mrn, fromState, toState);

    public static async Task<List<ExchangeRecord>> ForMrnAsync(DbConnection c, string mrn) =>
        (await MessageRecords.ForKeyAsync(c, mrn)).Select(ToRecord).ToList();

    public static async Task<ExchangeRecord?> FindAsync(UnitOfWork work, string direction, string type, string mrn) =>
        await MessageRecords.FindAsync(work, direction, type, mrn) is { } r ? ToRecord(r) : null;

    /// <summary>The latest records of one type and direction, newest first (for the pre-arrival and arrival lists).</summary>
    public static async Task<List<ExchangeRecord>> LatestAsync(DbConnection c, string direction, string type, int limit) =>
        (await MessageRecords.LatestAsync(c, direction, type, limit)).Select(ToRecord).ToList();

    private static ExchangeRecord ToRecord(MessageRecord r) =>
        new(r.EnvelopeId, r.Direction, r.Partner, r.Type, r.Key, r.Sequence, r.State, r.Summary, r.Document, r.At) { Id = r.Id };
}

/// <summary>One business effect of the exchange on this node.</summary>
/// <param name="Direction">"in" (applied from a partner's envelope) or "out" (sent to a partner).</param>
/// <param name="State">pre-arrival: release | hold | inspected; arrival-notice: expected | confirmed; otherwise recorded.</param>
/// <param name="Document">The payload as applied or sent (already filtered by the agreement), JSON.</param>
public sealed record ExchangeRecord(string? EnvelopeId, string Direction, string Partner, string Type, string Mrn, long Sequence, string State, string Summary, string? Document, DateTimeOffset At)
{
    public long Id { get; init; }
}
