using System.Data.Common;
using Dapper;
using Landsea.Data;

namespace Landsea.Web.Features.Exchange;

/// <summary>
/// What the node did with partner messages, one row per business effect (<c>exchange_record</c>): a pre-arrival stored and
/// assessed, a decision received, an arrival announced or confirmed, a control result. Rows written for an inbound envelope
/// commit in the same transaction as its hand-over, so each envelope has exactly one "in" row (the demo checks this).
/// </summary>
public static class ExchangeRecords
{
    public const string In = "in";
    public const string Out = "out";

    public static Task<int> AddAsync(DbConnection c, DbTransaction tx, ExchangeRecord r) =>
        c.ExecuteAsync(
            "INSERT INTO exchange_record (envelope_id, direction, partner, type, mrn, seq, state, summary, document, at) VALUES (@EnvelopeId, @Direction, @Partner, @Type, @Mrn, @Sequence, @State, @Summary, @Document, @At)",
            new { r.EnvelopeId, r.Direction, r.Partner, r.Type, r.Mrn, r.Sequence, r.State, r.Summary, r.Document, At = r.At.ToUnixTimeMilliseconds() }, tx);

    public static Task<int> SetStateAsync(DbConnection c, DbTransaction tx, string direction, string type, string mrn, string fromState, string toState) =>
        c.ExecuteAsync("UPDATE exchange_record SET state = @toState WHERE direction = @direction AND type = @type AND mrn = @mrn AND state = @fromState",
            new { direction, type, mrn, fromState, toState }, tx);

    public static async Task<List<ExchangeRecord>> ForMrnAsync(DbConnection c, string mrn) =>
        (await c.QueryAsync<Row>($"SELECT {Columns} FROM exchange_record WHERE mrn = @mrn ORDER BY id", new { mrn })).Select(r => r.ToRecord()).ToList();

    public static async Task<ExchangeRecord?> FindAsync(DbConnection c, DbTransaction? tx, string direction, string type, string mrn) =>
        (await c.QueryAsync<Row>($"SELECT {Columns} FROM exchange_record WHERE direction = @direction AND type = @type AND mrn = @mrn ORDER BY id DESC LIMIT 1",
            new { direction, type, mrn }, tx)).FirstOrDefault()?.ToRecord();

    /// <summary>The latest records of one type and direction, newest first (for the pre-arrival and arrival lists).</summary>
    public static async Task<List<ExchangeRecord>> LatestAsync(DbConnection c, string direction, string type, int limit) =>
        (await c.QueryAsync<Row>($"SELECT {Columns} FROM exchange_record WHERE direction = @direction AND type = @type ORDER BY id DESC LIMIT @limit",
            new { direction, type, limit })).Select(r => r.ToRecord()).ToList();

    private const string Columns = "id, envelope_id, direction, partner, type, mrn, seq, state, summary, document, at";

#pragma warning disable IDE1006, CA1812 // Row type mirrors column names; Dapper instantiates it.
    private sealed class Row
    {
        public long id { get; set; }
        public string? envelope_id { get; set; }
        public string direction { get; set; } = "";
        public string partner { get; set; } = "";
        public string type { get; set; } = "";
        public string mrn { get; set; } = "";
        public long seq { get; set; }
        public string state { get; set; } = "";
        public string summary { get; set; } = "";
        public string? document { get; set; }
        public long at { get; set; }

        public ExchangeRecord ToRecord() => new(envelope_id, direction, partner, type, mrn, seq, state, summary, document, DateTimeOffset.FromUnixTimeMilliseconds(at)) { Id = id };
    }
#pragma warning restore IDE1006, CA1812
}

/// <summary>One business effect of the exchange on this node.</summary>
/// <param name="Direction">"in" (applied from a partner's envelope) or "out" (sent to a partner).</param>
/// <param name="State">pre-arrival: release | hold | inspected; arrival-notice: expected | confirmed; otherwise recorded.</param>
/// <param name="Document">The payload as applied or sent (already filtered by the agreement), JSON.</param>
public sealed record ExchangeRecord(string? EnvelopeId, string Direction, string Partner, string Type, string Mrn, long Sequence, string State, string Summary, string? Document, DateTimeOffset At)
{
    public long Id { get; init; }
}
