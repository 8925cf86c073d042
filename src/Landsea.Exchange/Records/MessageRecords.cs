using System.Data.Common;
using Dapper;
using Landsea.Exchange.Storage;

namespace Landsea.Exchange.Records;

/// <summary>One business effect of a message on this node (<c>exchange_record</c>).</summary>
/// <param name="Direction">"in" (applied from a partner's envelope) or "out" (sent to a partner).</param>
/// <param name="Key">The business key the message is about, as the host names it (the customs node: the MRN).</param>
/// <param name="State">A host-defined state of the effect, for example <c>expected</c> then <c>confirmed</c>.</param>
/// <param name="Document">The payload as applied or sent (already filtered by the agreement), JSON.</param>
public sealed record MessageRecord(string? EnvelopeId, string Direction, string Partner, string Type, string Key, long Sequence, string State, string Summary,
    string? Document, DateTimeOffset At)
{
    /// <summary>Insertion order; 0 until stored.</summary>
    public long Id { get; init; }
}

/// <summary>
/// What the host did with each message, one row per business effect. Rows written for an inbound envelope join the
/// transaction of its hand-over, so each envelope has exactly one "in" row when the host writes one per envelope.
/// </summary>
public static class MessageRecords
{
    /// <summary>The direction of a record for a received envelope.</summary>
    public const string In = "in";

    /// <summary>The direction of a record for a sent envelope.</summary>
    public const string Out = "out";

    private const string Columns = "id, envelope_id, direction, partner, type, mrn, seq, state, summary, document, at";

    /// <summary>Stores <paramref name="r"/> in the caller's transaction.</summary>
    public static Task<int> AddAsync(UnitOfWork work, MessageRecord r, CancellationToken ct = default) =>
        work.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO exchange_record (envelope_id, direction, partner, type, mrn, seq, state, summary, document, at) VALUES (@id, @dir, @partner, @type, @key, @seq, @state, @summary, @doc, @at)",
            new { id = r.EnvelopeId, dir = r.Direction, partner = r.Partner, type = r.Type, key = r.Key, seq = r.Sequence, state = r.State, summary = r.Summary, doc = r.Document,
                at = StoredTime.IsoMilliseconds(r.At) }, work.Transaction, cancellationToken: ct));

    /// <summary>Moves the records of one direction, type and key from <paramref name="fromState"/> to <paramref name="toState"/>; returns how many moved.</summary>
    public static Task<int> SetStateAsync(UnitOfWork work, string direction, string type, string key, string fromState, string toState, CancellationToken ct = default) =>
        work.Connection.ExecuteAsync(new CommandDefinition("UPDATE exchange_record SET state = @to WHERE direction = @dir AND type = @type AND mrn = @key AND state = @from",
            new { to = toState, dir = direction, type, key, from = fromState }, work.Transaction, cancellationToken: ct));

    /// <summary>Sets the state of the records one envelope left (in <paramref name="direction"/>); returns how many changed.</summary>
    public static Task<int> SetStateForEnvelopeAsync(UnitOfWork work, string direction, string envelopeId, string toState, CancellationToken ct = default) =>
        work.Connection.ExecuteAsync(new CommandDefinition("UPDATE exchange_record SET state = @to WHERE direction = @dir AND envelope_id = @id",
            new { to = toState, dir = direction, id = envelopeId }, work.Transaction, cancellationToken: ct));

    /// <summary>Every record about <paramref name="key"/>, oldest first.</summary>
    public static Task<List<MessageRecord>> ForKeyAsync(DbConnection c, string key, CancellationToken ct = default) =>
        ReadAsync(c, null, $"SELECT {Columns} FROM exchange_record WHERE mrn = @key ORDER BY id", new { key }, ct);

    /// <summary>The newest record of one direction, type and key, if any, read inside <paramref name="work"/>.</summary>
    public static async Task<MessageRecord?> FindAsync(UnitOfWork work, string direction, string type, string key, CancellationToken ct = default) =>
        (await ReadAsync(work.Connection, work.Transaction, $"SELECT {Columns} FROM exchange_record WHERE direction = @dir AND type = @type AND mrn = @key ORDER BY id DESC LIMIT 1",
            new { dir = direction, type, key }, ct)).FirstOrDefault();

    /// <summary>The latest records of one type and direction, newest first.</summary>
    public static Task<List<MessageRecord>> LatestAsync(DbConnection c, string direction, string type, int limit, CancellationToken ct = default) =>
        ReadAsync(c, null, $"SELECT {Columns} FROM exchange_record WHERE direction = @dir AND type = @type ORDER BY id DESC LIMIT @limit",
            new { dir = direction, type, limit = (long)limit }, ct);

    /// <summary>Every record of one direction, oldest first.</summary>
    public static Task<List<MessageRecord>> ListAsync(DbConnection c, string direction, CancellationToken ct = default) =>
        ReadAsync(c, null, $"SELECT {Columns} FROM exchange_record WHERE direction = @dir ORDER BY id", new { dir = direction }, ct);

    /// <summary>How many records of one direction each envelope has (the exactly-once check: one "in" record per envelope).</summary>
    public static async Task<Dictionary<string, long>> CountByEnvelopeAsync(DbConnection c, string direction, CancellationToken ct = default) =>
        (await c.QueryAsync<(string Id, long N)>(new CommandDefinition(
            "SELECT envelope_id, COUNT(*) FROM exchange_record WHERE direction = @dir AND envelope_id IS NOT NULL GROUP BY envelope_id", new { dir = direction }, cancellationToken: ct)))
        .ToDictionary(x => x.Id, x => x.N, StringComparer.Ordinal);

    /// <summary>Whether any record of one direction and type is in <paramref name="state"/> (goods announced and still expected, say).</summary>
    public static async Task<bool> AnyInStateAsync(DbConnection c, string direction, string type, string state, CancellationToken ct = default) =>
        await c.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT 1 FROM exchange_record WHERE direction = @dir AND type = @type AND state = @state LIMIT 1", new { dir = direction, type, state }, cancellationToken: ct)) is not null;

    /// <summary>How many records of one direction there are.</summary>
    public static Task<long> CountAsync(DbConnection c, string direction, CancellationToken ct = default) =>
        c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM exchange_record WHERE direction = @dir", new { dir = direction }, cancellationToken: ct));

    /// <summary>Keeps raw bytes as received (<c>exchange_raw_sink</c>): a test-mode endpoint that stands in for a partner shows what reached it.</summary>
    public static Task<int> AddRawAsync(DbConnection c, ReadOnlyMemory<byte> payload, DateTimeOffset at, CancellationToken ct = default) =>
        c.ExecuteAsync(new CommandDefinition("INSERT INTO exchange_raw_sink (payload, at) VALUES (@payload, @at)",
            new { payload = payload.ToArray(), at = StoredTime.IsoMilliseconds(at) }, cancellationToken: ct));

    private static async Task<List<MessageRecord>> ReadAsync(DbConnection c, DbTransaction? transaction, string sql, object args, CancellationToken ct) =>
        (await c.QueryAsync<RecordRow>(new CommandDefinition(sql, args, transaction, cancellationToken: ct))).Select(r => r.ToRecord()).ToList();

#pragma warning disable IDE1006, CA1812 // Dapper row type: column names as in SQL; instantiated by Dapper.
    private sealed class RecordRow
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
        public string at { get; set; } = "";

        public MessageRecord ToRecord() => new(envelope_id, direction, partner, type, mrn, seq, state, summary, document, StoredTime.Parse(at)) { Id = id };
    }
#pragma warning restore IDE1006, CA1812
}
