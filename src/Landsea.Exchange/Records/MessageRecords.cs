using System.Data.Common;
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
        Sql.ExecuteAsync(work.Connection, work.Transaction,
            "INSERT INTO exchange_record (envelope_id, direction, partner, type, mrn, seq, state, summary, document, at) VALUES (@id, @dir, @partner, @type, @key, @seq, @state, @summary, @doc, @at)",
            ct, ("@id", r.EnvelopeId), ("@dir", r.Direction), ("@partner", r.Partner), ("@type", r.Type), ("@key", r.Key), ("@seq", r.Sequence), ("@state", r.State),
            ("@summary", r.Summary), ("@doc", r.Document), ("@at", Sql.Ms(r.At)));

    /// <summary>Moves the records of one direction, type and key from <paramref name="fromState"/> to <paramref name="toState"/>; returns how many moved.</summary>
    public static Task<int> SetStateAsync(UnitOfWork work, string direction, string type, string key, string fromState, string toState, CancellationToken ct = default) =>
        Sql.ExecuteAsync(work.Connection, work.Transaction, "UPDATE exchange_record SET state = @to WHERE direction = @dir AND type = @type AND mrn = @key AND state = @from", ct,
            ("@to", toState), ("@dir", direction), ("@type", type), ("@key", key), ("@from", fromState));

    /// <summary>Every record about <paramref name="key"/>, oldest first.</summary>
    public static Task<List<MessageRecord>> ForKeyAsync(DbConnection c, string key, CancellationToken ct = default) =>
        Sql.QueryAsync(c, null, $"SELECT {Columns} FROM exchange_record WHERE mrn = @key ORDER BY id", Read, ct, ("@key", key));

    /// <summary>The newest record of one direction, type and key, if any, read inside <paramref name="work"/>.</summary>
    public static async Task<MessageRecord?> FindAsync(UnitOfWork work, string direction, string type, string key, CancellationToken ct = default) =>
        (await Sql.QueryAsync(work.Connection, work.Transaction, $"SELECT {Columns} FROM exchange_record WHERE direction = @dir AND type = @type AND mrn = @key ORDER BY id DESC LIMIT 1", Read, ct,
            ("@dir", direction), ("@type", type), ("@key", key))).FirstOrDefault();

    /// <summary>The latest records of one type and direction, newest first.</summary>
    public static Task<List<MessageRecord>> LatestAsync(DbConnection c, string direction, string type, int limit, CancellationToken ct = default) =>
        Sql.QueryAsync(c, null, $"SELECT {Columns} FROM exchange_record WHERE direction = @dir AND type = @type ORDER BY id DESC LIMIT @limit", Read, ct,
            ("@dir", direction), ("@type", type), ("@limit", (long)limit));

    /// <summary>Every record of one direction, oldest first.</summary>
    public static Task<List<MessageRecord>> ListAsync(DbConnection c, string direction, CancellationToken ct = default) =>
        Sql.QueryAsync(c, null, $"SELECT {Columns} FROM exchange_record WHERE direction = @dir ORDER BY id", Read, ct, ("@dir", direction));

    /// <summary>How many records of one direction each envelope has (the exactly-once check: one "in" record per envelope).</summary>
    public static async Task<Dictionary<string, long>> CountByEnvelopeAsync(DbConnection c, string direction, CancellationToken ct = default) =>
        (await Sql.QueryAsync(c, null, "SELECT envelope_id, COUNT(*) FROM exchange_record WHERE direction = @dir AND envelope_id IS NOT NULL GROUP BY envelope_id",
            r => (Id: r.GetString(0), N: r.Long(1)), ct, ("@dir", direction))).ToDictionary(x => x.Id, x => x.N, StringComparer.Ordinal);

    /// <summary>How many records of one direction there are.</summary>
    public static async Task<long> CountAsync(DbConnection c, string direction, CancellationToken ct = default) =>
        Sql.ToLong(await Sql.ScalarAsync(c, null, "SELECT COUNT(*) FROM exchange_record WHERE direction = @dir", ct, ("@dir", direction)));

    /// <summary>Keeps raw bytes as received (<c>exchange_raw_sink</c>): a test-mode endpoint that stands in for a partner shows what reached it.</summary>
    public static Task<int> AddRawAsync(DbConnection c, ReadOnlyMemory<byte> payload, DateTimeOffset at, CancellationToken ct = default) =>
        Sql.ExecuteAsync(c, null, "INSERT INTO exchange_raw_sink (payload, at) VALUES (@payload, @at)", ct, ("@payload", payload.ToArray()), ("@at", Sql.Ms(at)));

    private static MessageRecord Read(DbDataReader r) =>
        new(r.NullableString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.Long(6), r.GetString(7), r.GetString(8), r.NullableString(9), Sql.Time(r.Long(10)))
        {
            Id = r.Long(0),
        };
}
