using System.Data.Common;
using System.Globalization;
using Landsea.Exchange.Delivery;
using Landsea.Exchange.Inbox;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Queries;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Storage;
using Landsea.Exchange.Tests.Infrastructure;

namespace Landsea.Exchange.Tests.Storage;

/// <summary>
/// A node database made before the exchange had versioned migrations (its tables created at start-up with
/// <c>CREATE TABLE IF NOT EXISTS</c>, with or without the inbox's <c>evidence</c> column) upgrades in place: every row kept,
/// readable through the exchange's API, and the exchange keeps working on it. Run on SQLite and PostgreSQL.
/// </summary>
public abstract class SchemaUpgradeSuite<TDatabases>
    where TDatabases : IDatabasePair
{
    private static readonly DateTimeOffset At = new(2026, 10, 1, 8, 0, 0, TimeSpan.Zero);

    protected SchemaUpgradeSuite(TDatabases databases)
    {
        Databases = databases;
    }

    protected TDatabases Databases { get; }

    [StoreFact]
    public async Task Migrate_DatabaseFromStartUpSchemaWithEvidence_RowsKeptAndReadable() => await UpgradeAsync(withEvidence: true);

    [StoreFact]
    public async Task Migrate_DatabaseFromStartUpSchemaWithoutEvidence_ColumnAddedRowsKeptAndReadable() => await UpgradeAsync(withEvidence: false);

    [StoreFact]
    public async Task Migrate_EmptyDatabase_SameTablesAndColumnsAsUpgradedOne()
    {
        await using DbConnection fresh = await OpenWipedAsync();
        await ExchangeMigrations.ApplyAsync(fresh);
        List<string> freshColumns = await ColumnsAsync(fresh);

        await using DbConnection old = await OpenWipedAsync();
        await ExecAsync(old, OldSchema(SqlDialects.Of(old), withEvidence: false));
        await ExchangeMigrations.ApplyAsync(old);

        Assert.Equal(freshColumns, await ColumnsAsync(old));
        Assert.Contains(freshColumns, column => column.StartsWith("exchange_inbox.evidence ", StringComparison.Ordinal));
    }

    private async Task UpgradeAsync(bool withEvidence)
    {
        using NodeIdentity partner = NodeIdentity.Create("SGSIN", "Singapore Customs", TimeProvider.System);
        using NodeIdentity self = NodeIdentity.Create("CNCQI", "Chongqing Customs", TimeProvider.System);
        await using DbConnection c = await OpenWipedAsync();
        SqlDialect dialect = SqlDialects.Of(c);
        await ExecAsync(c, OldSchema(dialect, withEvidence));
        await InsertOldRowsAsync(c, partner);

        IReadOnlyList<string> ran = await ExchangeMigrations.ApplyAsync(c);

        Assert.Equal(withEvidence ? [] : ["exchange/0002_inbox_evidence.sql"], ran);
        Assert.Empty(await ExchangeMigrations.ApplyAsync(c));

        Partner found = Assert.Single(await PartnerRegistry.ListAsync(c, default));
        Assert.Equal(("SGSIN", partner.KeyId), (found.Code, found.KeyId));
        SharingAgreement? agreement = await PartnerRegistry.FindAgreementAsync(c, "SGSIN", default);
        Assert.Equal((1L, "control-result"), (agreement!.Version, Assert.Single(agreement.Outbound).Type));

        DeadLetter dead = Assert.Single(await MessageLog.DeadLettersAsync(c, default));
        Assert.Equal(("dead-1", "C2", 1L, "rejected"), (dead.EnvelopeId, dead.Conversation, dead.Sequence, dead.Reason));

        var inbox = new ExchangeInbox(TimeProvider.System);
        InboundEnvelope ready = Assert.Single(await inbox.TakeReadyAsync(c, 10, default));
        Assert.Equal(("in-1", "C3", 1L, "{}"), (ready.Id, ready.Conversation, ready.Sequence, System.Text.Encoding.UTF8.GetString(ready.Payload.Span)));
        Assert.Equal(At, ready.CreatedAt);

        // The chain written before the upgrade verifies, and new entries continue it.
        var trail = new AuditTrail(self, TimeProvider.System);
        await using (UnitOfWork work = await UnitOfWork.BeginAsync(c, TimeProvider.System, default))
        {
            await trail.AppendAsync(work, new AuditRecord("partner", null, "SGSIN", null, null, "after upgrade"), default);
            await work.CommitAsync(default);
        }

        AuditReport report = await AuditTrail.VerifyAsync(c, null, null, default);
        Assert.Empty(report.Findings);
        Assert.Equal(3, report.Checked);

        // The inbox row handed over after the upgrade, in the new schema.
        await using (UnitOfWork work = await UnitOfWork.BeginAsync(c, TimeProvider.System, default))
        {
            await inbox.MarkHandedOverAsync(work, ready, default);
            await work.CommitAsync(default);
        }

        Assert.Empty(await inbox.TakeReadyAsync(c, 10, default));
        Assert.Equal(1L, await ScalarAsync(c, "SELECT COUNT(*) FROM exchange_record WHERE envelope_id = 'in-1' AND mrn = 'C3'"));
        Assert.Equal(1L, await ScalarAsync(c, "SELECT COUNT(*) FROM exchange_outbox WHERE envelope_id = 'out-1' AND delivered_at IS NOT NULL"));
    }

    /// <summary>One row in each table, as the exchange wrote them before the upgrade (times in Unix milliseconds).</summary>
    private static async Task InsertOldRowsAsync(DbConnection c, NodeIdentity partner)
    {
        long at = At.ToUnixTimeMilliseconds();
        string payload = SqlDialects.Of(c) == SqlDialect.Postgres ? "'\\x7b7d'::bytea" : "x'7b7d'";
        var first = new AuditRecord("partner", null, "SGSIN", null, partner.KeyId, "http://sgsin.test/exchange/envelopes");
        string h1 = AuditChain.ComputeHash(AuditChain.GenesisHash, At, first);
        var second = new AuditRecord("outbound", "out-1", "SGSIN", "RECE", "ab", "control-result v1 conv C1 seq 1");
        string h2 = AuditChain.ComputeHash(h1, At, second);
        await ExecAsync(c, string.Create(CultureInfo.InvariantCulture, $$"""
            INSERT INTO exchange_partner VALUES ('SGSIN', 'Singapore Customs', 'http://sgsin.test/exchange/envelopes', '{{partner.CertificatePem}}', '{{partner.KeyId}}', {{at}});
            INSERT INTO exchange_agreement VALUES ('SGSIN', 1, '{"outbound":[{"type":"control-result","allowedFields":null}],"inbound":["decision"]}', {{at}});
            INSERT INTO exchange_conversation VALUES ('SGSIN', 'C1', 1);
            INSERT INTO exchange_outbox (envelope_id, recipient, conversation, seq, type, digest, wire, created_at, attempts, failures, next_attempt_at, delivered_at, receipt, outcome)
                VALUES ('out-1', 'SGSIN', 'C1', 1, 'control-result', 'ab', {{payload}}, {{at}}, 1, 0, {{at}}, {{at}}, 'receipt', 'RECE');
            INSERT INTO exchange_dead_letter VALUES ('dead-1', 'SGSIN', 'C2', 1, 'control-result', 'cd', {{payload}}, {{at}}, 3, 'rejected', NULL, {{at}});
            INSERT INTO exchange_inbox (envelope_id, sender, conversation, seq, type, version, digest, payload, created_at, received_at, handed_over_at)
                VALUES ('in-1', 'SGSIN', 'C3', 1, 'decision', '1', 'ef', {{payload}}, {{at}}, {{at}}, NULL);
            INSERT INTO exchange_audit VALUES (1, {{at}}, 'partner', NULL, 'SGSIN', NULL, '{{partner.KeyId}}', 'http://sgsin.test/exchange/envelopes', '{{AuditChain.GenesisHash}}', '{{h1}}');
            INSERT INTO exchange_audit VALUES (2, {{at}}, 'outbound', 'out-1', 'SGSIN', 'RECE', 'ab', 'control-result v1 conv C1 seq 1', '{{h1}}', '{{h2}}');
            UPDATE exchange_audit_head SET seq = 2, hash = '{{h2}}' WHERE id = 1;
            INSERT INTO exchange_record (envelope_id, direction, partner, type, mrn, seq, state, summary, document, at)
                VALUES ('in-1', 'in', 'SGSIN', 'decision', 'C3', 1, 'recorded', 'release', '{}', {{at}});
            """));
    }

    /// <summary>
    /// The schema as the exchange and the node's exchange feature created it at start-up before versioned migrations
    /// (<c>ExchangeSchema.Script</c> and <c>ExchangeRecords.Script</c>), kept verbatim; <paramref name="withEvidence"/> false is
    /// the inbox before its evidence column.
    /// </summary>
    private static string OldSchema(SqlDialect dialect, bool withEvidence)
    {
        string blob = dialect == SqlDialect.Postgres ? "BYTEA" : "BLOB";
        string serial = dialect == SqlDialect.Postgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY";
        string auto = dialect == SqlDialect.Postgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT";
        string evidence = withEvidence ? ", evidence TEXT" : "";
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
                created_at BIGINT NOT NULL, received_at BIGINT NOT NULL, handed_over_at BIGINT{evidence},
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
            CREATE TABLE IF NOT EXISTS exchange_record (
                id {auto},
                envelope_id TEXT, direction TEXT NOT NULL, partner TEXT NOT NULL, type TEXT NOT NULL, mrn TEXT NOT NULL,
                seq BIGINT NOT NULL, state TEXT NOT NULL, summary TEXT NOT NULL, document TEXT, at BIGINT NOT NULL);
            CREATE INDEX IF NOT EXISTS exchange_record_mrn ON exchange_record (mrn, id);
            CREATE INDEX IF NOT EXISTS exchange_record_envelope ON exchange_record (envelope_id);
            CREATE TABLE IF NOT EXISTS exchange_raw_sink (
                id {auto},
                payload {blob} NOT NULL, at BIGINT NOT NULL);
            """;
    }

    /// <summary>Node A's database with no exchange table at all.</summary>
    private async Task<DbConnection> OpenWipedAsync()
    {
        DbConnection c = await Databases.A.OpenAsync(default);
        foreach (string table in (string[])[.. ExchangeMigrations.Tables, "exchange_record", "exchange_raw_sink", "exchange_schema_version", "test_business"])
        {
            await ExecAsync(c, $"DROP TABLE IF EXISTS {table}");
        }

        return c;
    }

    /// <summary>Every exchange table's columns with their types, as <c>table.column type</c>, sorted.</summary>
    private static async Task<List<string>> ColumnsAsync(DbConnection c)
    {
        string sql = SqlDialects.Of(c) == SqlDialect.Postgres
            ? "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable FROM information_schema.columns WHERE table_schema = current_schema() AND table_name LIKE 'exchange%'"
            : "SELECT m.name || '.' || p.name || ' ' || p.type || ' ' || p.\"notnull\" FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name LIKE 'exchange%'";
        var columns = new List<string>();
        await using DbCommand command = c.CreateCommand();
        command.CommandText = sql;
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            columns.Add(reader.GetString(0));
        }

        columns.Sort(StringComparer.Ordinal);
        return columns;
    }

    private static async Task ExecAsync(DbConnection c, string sql)
    {
        await using DbCommand command = c.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(DbConnection c, string sql)
    {
        await using DbCommand command = c.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}

public sealed class SqliteSchemaUpgradeTests(SqliteDatabases databases) : SchemaUpgradeSuite<SqliteDatabases>(databases), IClassFixture<SqliteDatabases>;

[RequiresPostgres]
public sealed class PostgresSchemaUpgradeTests(PostgresDatabases databases) : SchemaUpgradeSuite<PostgresDatabases>(databases), IClassFixture<PostgresDatabases>;
