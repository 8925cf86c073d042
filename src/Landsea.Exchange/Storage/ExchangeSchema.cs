using System.Data.Common;

namespace Landsea.Exchange.Storage;

/// <summary>
/// The exchange's own tables (prefix <c>exchange_</c>), for SQLite and PostgreSQL. Idempotent: every statement is
/// <c>IF NOT EXISTS</c>. Times are Unix milliseconds; hashes and digests are lower-case hex.
/// </summary>
public static class ExchangeSchema
{
    /// <summary>The names of every exchange table, in an order safe for deletes.</summary>
    public static readonly IReadOnlyList<string> Tables =
    [
        "exchange_partner", "exchange_agreement", "exchange_conversation", "exchange_outbox", "exchange_dead_letter",
        "exchange_inbox", "exchange_inbox_cursor", "exchange_audit", "exchange_audit_head", "exchange_audit_checkpoint",
        "exchange_audit_pending", "exchange_withdrawn",
    ];

    /// <summary>
    /// PostgreSQL: the inbox and outbox are updated row by row as envelopes are handed over or delivered, and their partial
    /// "pending" indexes keep dead entries until vacuum runs; the default (20 % of the table changed) lets the hand-over query
    /// read thousands of dead heap pages on a busy node. Vacuum them after 1 % instead.
    /// </summary>
    private const string Vacuum = """
        ALTER TABLE exchange_inbox SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000, autovacuum_analyze_scale_factor = 0.02);
        ALTER TABLE exchange_outbox SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000, autovacuum_analyze_scale_factor = 0.02);
        """;

    /// <summary>The DDL for one provider, for a host that keeps its own migration scripts.</summary>
    public static string Script(ExchangeDialect dialect)
    {
        string blob = dialect == ExchangeDialect.Postgres ? "BYTEA" : "BLOB";
        string serial = dialect == ExchangeDialect.Postgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY";
        return $"""
            CREATE TABLE IF NOT EXISTS exchange_partner (
                code TEXT PRIMARY KEY, name TEXT NOT NULL, endpoint TEXT NOT NULL, certificate_pem TEXT NOT NULL,
                key_id TEXT NOT NULL, updated_at BIGINT NOT NULL);
            CREATE TABLE IF NOT EXISTS exchange_agreement (
                partner_code TEXT NOT NULL, version BIGINT NOT NULL, document TEXT NOT NULL, recorded_at BIGINT NOT NULL,
                PRIMARY KEY (partner_code, version));
            CREATE TABLE IF NOT EXISTS exchange_conversation (
                recipient TEXT NOT NULL, conversation TEXT NOT NULL, last_seq BIGINT NOT NULL,
                PRIMARY KEY (recipient, conversation));
            CREATE TABLE IF NOT EXISTS exchange_outbox (
                envelope_id TEXT PRIMARY KEY, recipient TEXT NOT NULL, conversation TEXT NOT NULL, seq BIGINT NOT NULL,
                type TEXT NOT NULL, digest TEXT NOT NULL, wire {blob} NOT NULL, created_at BIGINT NOT NULL,
                attempts BIGINT NOT NULL, failures BIGINT NOT NULL, next_attempt_at BIGINT NOT NULL, last_error TEXT,
                delivered_at BIGINT, receipt TEXT, outcome TEXT);
            DROP INDEX IF EXISTS exchange_outbox_due;
            CREATE INDEX IF NOT EXISTS exchange_outbox_due_order ON exchange_outbox (next_attempt_at, created_at) WHERE delivered_at IS NULL;
            CREATE TABLE IF NOT EXISTS exchange_dead_letter (
                envelope_id TEXT PRIMARY KEY, recipient TEXT NOT NULL, conversation TEXT NOT NULL, seq BIGINT NOT NULL,
                type TEXT NOT NULL, digest TEXT NOT NULL, wire {blob} NOT NULL, created_at BIGINT NOT NULL,
                attempts BIGINT NOT NULL, reason TEXT NOT NULL, receipt TEXT, dead_at BIGINT NOT NULL);
            CREATE TABLE IF NOT EXISTS exchange_withdrawn (
                envelope_id TEXT PRIMARY KEY, filler_id TEXT NOT NULL, reason TEXT NOT NULL, withdrawn_at BIGINT NOT NULL);
            CREATE TABLE IF NOT EXISTS exchange_inbox (
                envelope_id TEXT PRIMARY KEY, sender TEXT NOT NULL, conversation TEXT NOT NULL, seq BIGINT NOT NULL,
                type TEXT NOT NULL, version TEXT NOT NULL, digest TEXT NOT NULL, payload {blob} NOT NULL,
                created_at BIGINT NOT NULL, received_at BIGINT NOT NULL, handed_over_at BIGINT, evidence TEXT,
                UNIQUE (sender, conversation, seq));
            DROP INDEX IF EXISTS exchange_inbox_pending;
            CREATE INDEX IF NOT EXISTS exchange_inbox_ready ON exchange_inbox (received_at, envelope_id) WHERE handed_over_at IS NULL;
            CREATE TABLE IF NOT EXISTS exchange_inbox_cursor (
                sender TEXT NOT NULL, conversation TEXT NOT NULL, next_seq BIGINT NOT NULL,
                PRIMARY KEY (sender, conversation));
            CREATE TABLE IF NOT EXISTS exchange_audit (
                seq BIGINT PRIMARY KEY, recorded_at BIGINT NOT NULL, kind TEXT NOT NULL, envelope_id TEXT, partner TEXT,
                outcome TEXT, digest TEXT, detail TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS exchange_audit_head (
                id INTEGER PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL);
            INSERT INTO exchange_audit_head (id, seq, hash) VALUES (1, 0, '{AuditChain.GenesisHash}') ON CONFLICT DO NOTHING;
            CREATE TABLE IF NOT EXISTS exchange_audit_checkpoint (
                seq BIGINT PRIMARY KEY, hash TEXT NOT NULL, signed_head TEXT NOT NULL, recorded_at BIGINT NOT NULL);
            CREATE TABLE IF NOT EXISTS exchange_audit_pending (
                id {serial}, recorded_at BIGINT NOT NULL, kind TEXT NOT NULL, envelope_id TEXT, partner TEXT,
                outcome TEXT, digest TEXT, detail TEXT);
            CREATE INDEX IF NOT EXISTS exchange_outbox_conversation ON exchange_outbox (conversation, seq);
            CREATE INDEX IF NOT EXISTS exchange_outbox_created ON exchange_outbox (created_at);
            CREATE INDEX IF NOT EXISTS exchange_dead_letter_conversation ON exchange_dead_letter (conversation);
            CREATE INDEX IF NOT EXISTS exchange_inbox_conversation ON exchange_inbox (conversation, seq);
            CREATE INDEX IF NOT EXISTS exchange_inbox_received ON exchange_inbox (received_at);
            CREATE INDEX IF NOT EXISTS exchange_audit_envelope ON exchange_audit (envelope_id);
            CREATE INDEX IF NOT EXISTS exchange_audit_refusals ON exchange_audit (recorded_at) WHERE kind = 'inbound' AND outcome <> 'RECE';
            {(dialect == ExchangeDialect.Postgres ? Vacuum : "")}
            """;
    }

    /// <summary>Creates the exchange tables on an open SQLite or PostgreSQL connection (and switches SQLite to WAL).</summary>
    public static async Task EnsureCreatedAsync(DbConnection connection, CancellationToken ct = default)
    {
        ExchangeDialect dialect = Dialects.Of(connection);
        if (dialect == ExchangeDialect.Sqlite)
        {
            await Sql.ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", ct);
        }

        await Sql.ExecuteAsync(connection, null, Script(dialect), ct);

        // Columns added after a table was first created (CREATE TABLE IF NOT EXISTS leaves an existing table as it is).
        bool hasEvidence = dialect == ExchangeDialect.Postgres
            ? Sql.ToLong(await Sql.ScalarAsync(connection, null, "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'exchange_inbox' AND column_name = 'evidence'", ct)) > 0
            : Sql.ToLong(await Sql.ScalarAsync(connection, null, "SELECT COUNT(*) FROM pragma_table_info('exchange_inbox') WHERE name = 'evidence'", ct)) > 0;
        if (!hasEvidence)
        {
            await Sql.ExecuteAsync(connection, null, "ALTER TABLE exchange_inbox ADD COLUMN evidence TEXT", ct);
        }
    }
}
