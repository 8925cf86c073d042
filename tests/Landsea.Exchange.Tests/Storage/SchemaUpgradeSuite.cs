using System.Data.Common;
using System.Globalization;
using Landsea.Exchange.Delivery;
using Landsea.Exchange.Inbox;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Queries;
using Landsea.Exchange.Records;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Storage;
using Landsea.Exchange.Tests.Infrastructure;

namespace Landsea.Exchange.Tests.Storage;

/// <summary>
/// A node database made before the exchange had versioned migrations (its tables created at start-up with
/// <c>CREATE TABLE IF NOT EXISTS</c>, with or without the inbox's <c>evidence</c> column), or by the versioned scripts up to
/// 0003 (instants in Unix milliseconds), upgrades in place: every row kept with its instants, readable through the exchange's
/// API, the audit chain still verifies, and the exchange keeps working on it. Run on SQLite and PostgreSQL.
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
        List<string> freshSchema = await SchemaAsync(fresh);

        await using DbConnection old = await OpenWipedAsync();
        await ExecAsync(old, OldSchema(SqlDialects.Of(old), withEvidence: false));
        await ExchangeMigrations.ApplyAsync(old);

        Assert.Equal(freshColumns, await ColumnsAsync(old));
        Assert.Equal(freshSchema, await SchemaAsync(old));
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

        Assert.Equal(withEvidence
            ? ["exchange/0004_stored_time.sql", "exchange/0005_inbox_quarantine.sql", "exchange/0006_signed_head.sql", "exchange/0007_partner_keys.sql"]
            : ["exchange/0002_inbox_evidence.sql", "exchange/0004_stored_time.sql", "exchange/0005_inbox_quarantine.sql", "exchange/0006_signed_head.sql", "exchange/0007_partner_keys.sql"], ran);
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

    /// <summary>Every time column of every exchange table: Unix milliseconds up to 0003, StoredTime text from 0004.</summary>
    private static readonly (string Table, string Key, string[] Columns)[] TimeColumns =
    [
        ("exchange_partner", "code", ["updated_at"]),
        ("exchange_agreement", "version", ["recorded_at"]),
        ("exchange_outbox", "envelope_id", ["created_at", "next_attempt_at", "delivered_at"]),
        ("exchange_dead_letter", "envelope_id", ["created_at", "dead_at"]),
        ("exchange_withdrawn", "envelope_id", ["withdrawn_at"]),
        ("exchange_inbox", "envelope_id", ["created_at", "received_at", "handed_over_at"]),
        ("exchange_audit", "seq", ["recorded_at"]),
        ("exchange_audit_checkpoint", "seq", ["recorded_at"]),
        ("exchange_audit_pending", "id", ["recorded_at"]),
        ("exchange_record", "id", ["at"]),
        ("exchange_raw_sink", "id", ["at"]),
    ];

    [StoreFact]
    public async Task Migrate_MillisecondRowsFromVersion3_EveryInstantKeptSchemaOtherwiseIdenticalChainVerifies()
    {
        using NodeIdentity partner = NodeIdentity.Create("SGSIN", "Singapore Customs", TimeProvider.System);
        using NodeIdentity self = NodeIdentity.Create("CNCQI", "Chongqing Customs", TimeProvider.System);
        await using DbConnection c = await OpenWipedAsync();
        SqlDialect dialect = SqlDialects.Of(c);
        var upTo3 = new MigrationSet(ExchangeMigrations.Set.Owner, ExchangeMigrations.Set.VersionTable,
            d => [.. ExchangeMigrations.Set.Scripts(d).Where(m => m.Version <= 3)]);
        Assert.Equal(["exchange/0001_exchange.sql", "exchange/0002_inbox_evidence.sql", "exchange/0003_records.sql"], await MigrationRunner.RunAsync(c, [upTo3]));
        List<string> schemaBefore = await SchemaAsync(c);
        List<string> columnsBefore = await ColumnsAsync(c);
        await InsertVersion3RowsAsync(c, partner);
        Dictionary<string, long?> before = await InstantsAsync(c, text: false);

        var upTo4 = new MigrationSet(ExchangeMigrations.Set.Owner, ExchangeMigrations.Set.VersionTable,
            d => [.. ExchangeMigrations.Set.Scripts(d).Where(m => m.Version <= 4)]);
        IReadOnlyList<string> ran = await MigrationRunner.RunAsync(c, [upTo4]);

        Assert.Equal(["exchange/0004_stored_time.sql"], ran);
        Dictionary<string, long?> after = await InstantsAsync(c, text: true);
        Assert.Equal(before.Count, after.Count);
        Assert.True(before.Count >= 20, $"only {before.Count} instants written");
        Assert.Equal(before, after);
        Assert.Contains(before.Values, v => v is null);
        Assert.Equal("2023-11-14T22:13:20.1230000Z", await TextAsync(c, "SELECT created_at FROM exchange_outbox WHERE envelope_id = 'out-1'"));
        Assert.Equal("1970-01-01T00:00:00.0000000Z", await TextAsync(c, "SELECT withdrawn_at FROM exchange_withdrawn"));
        Assert.Equal("9999-12-31T23:59:59.9990000Z", await TextAsync(c, "SELECT at FROM exchange_raw_sink"));

        // Only the time columns changed type; indexes (partial ones included), keys, uniques and table options are as before.
        string text = dialect == SqlDialect.Postgres ? "text" : "TEXT";
        string bigint = dialect == SqlDialect.Postgres ? "bigint" : "BIGINT";
        var timeColumns = TimeColumns.SelectMany(t => t.Columns.Select(col => $"{t.Table}.{col} ")).ToHashSet(StringComparer.Ordinal);
        List<string> expectedColumns = [.. columnsBefore.Select(line => timeColumns.Any(line.StartsWith) ? line.Replace($" {bigint} ", $" {text} ", StringComparison.Ordinal) : line)];
        Assert.Equal(timeColumns.Count, columnsBefore.Count(line => timeColumns.Any(line.StartsWith) && line.Contains($" {bigint} ", StringComparison.Ordinal)));
        Assert.Equal(expectedColumns.Order(StringComparer.Ordinal), (await ColumnsAsync(c)).Order(StringComparer.Ordinal));
        Assert.Equal(schemaBefore, await SchemaAsync(c));

        // Read through the exchange's API (at the newest version): the instants the 0003 rows held.
        Assert.Equal(["exchange/0005_inbox_quarantine.sql", "exchange/0006_signed_head.sql", "exchange/0007_partner_keys.sql"], await ExchangeMigrations.ApplyAsync(c));
        Assert.Equal(Ms(1700000000123), (await PartnerRegistry.FindAgreementAsync(c, "SGSIN", default))!.RecordedAt);
        OutboxEntry delivered = Assert.Single(await MessageLog.OutboxAsync(c, default), e => e.EnvelopeId == "out-1");
        Assert.Equal((Ms(1700000000123), Ms(1700000002125)), (delivered.CreatedAt, delivered.DeliveredAt!.Value));
        Assert.Equal(Ms(1700000009999), Assert.Single(await MessageLog.DeadLettersAsync(c, default)).DeadAt);
        InboundEnvelope ready = Assert.Single(await new ExchangeInbox(TimeProvider.System).TakeReadyAsync(c, 10, default));
        Assert.Equal(("in-2", Ms(1700000020001)), (ready.Id, ready.CreatedAt));
        Assert.Equal(Ms(1700000040040), Assert.Single(await MessageRecords.ForKeyAsync(c, "C3", default)).At);

        // Text comparison is time comparison: an inclusive window around one instant finds exactly the rows at it.
        List<MessageEntry> window = await MessageLog.SearchAsync(c, new MessageFilter(From: Ms(1700000021002), To: Ms(1700000021002)), default);
        Assert.Equal(["in-2"], window.Select(e => e.EnvelopeId));
        List<MessageEntry> newest = await MessageLog.SearchAsync(c, new MessageFilter(Limit: 3), default);
        Assert.Equal(newest.Select(e => e.At).OrderByDescending(t => t), newest.Select(e => e.At));

        // The chain written in milliseconds verifies as text, the staged entry is chained with its own instant, and it goes on.
        var trail = new AuditTrail(self, TimeProvider.System);
        await using (UnitOfWork work = await UnitOfWork.BeginAsync(c, TimeProvider.System, default))
        {
            await trail.AppendAsync(work, new AuditRecord("partner", null, "SGSIN", null, null, "after upgrade"), default);
            await work.CommitAsync(default);
        }

        AuditReport report = await AuditTrail.VerifyAsync(c, null, null, default);
        Assert.Empty(report.Findings);
        Assert.Equal(5, report.Checked);
        AuditEntry staged = Assert.Single(await AuditTrail.ReadAllAsync(c, default), e => e.Sequence == 4);
        Assert.Equal(("staged", Ms(1700000050505)), (staged.Record.Detail, staged.RecordedAt));

        // Ids keep counting past every id ever given (exchange_record's counter carried over, on SQLite AUTOINCREMENT).
        await using (UnitOfWork work = await UnitOfWork.BeginAsync(c, TimeProvider.System, default))
        {
            await MessageRecords.AddAsync(work, new MessageRecord("in-9", "in", "SGSIN", "decision", "C9", 1, "recorded", "release", null, Ms(1700000060606)), default);
            await work.CommitAsync(default);
        }

        Assert.Equal(3L, Assert.Single(await MessageRecords.ForKeyAsync(c, "C9", default)).Id);
    }

    [StoreFact]
    public async Task Migrate_RowsFromVersion4_InboxRowsKeepTheirPlaceWithNoAttemptsAndCanBeQuarantined()
    {
        using NodeIdentity partner = NodeIdentity.Create("SGSIN", "Singapore Customs", TimeProvider.System);
        using NodeIdentity self = NodeIdentity.Create("CNCQI", "Chongqing Customs", TimeProvider.System);
        await using DbConnection c = await OpenWipedAsync();
        var upTo3 = new MigrationSet(ExchangeMigrations.Set.Owner, ExchangeMigrations.Set.VersionTable,
            d => [.. ExchangeMigrations.Set.Scripts(d).Where(m => m.Version <= 3)]);
        var upTo4 = new MigrationSet(ExchangeMigrations.Set.Owner, ExchangeMigrations.Set.VersionTable,
            d => [.. ExchangeMigrations.Set.Scripts(d).Where(m => m.Version <= 4)]);
        await MigrationRunner.RunAsync(c, [upTo3]);
        await InsertVersion3RowsAsync(c, partner);
        await MigrationRunner.RunAsync(c, [upTo4]);
        long rows = await ScalarAsync(c, "SELECT COUNT(*) FROM exchange_inbox");

        IReadOnlyList<string> ran = await ExchangeMigrations.ApplyAsync(c);

        Assert.Equal(["exchange/0005_inbox_quarantine.sql", "exchange/0006_signed_head.sql", "exchange/0007_partner_keys.sql"], ran);
        Assert.Equal(rows, await ScalarAsync(c, "SELECT COUNT(*) FROM exchange_inbox WHERE attempts = 0 AND out_of_line = 0 AND quarantined_at IS NULL"));
        Assert.Equal(0L, await ScalarAsync(c, "SELECT COUNT(*) FROM exchange_quarantine"));
        var inbox = new ExchangeInbox(TimeProvider.System, options: new InboxOptions { MaxAttempts = 1 }, audit: new AuditTrail(self, TimeProvider.System));
        InboundEnvelope ready = Assert.Single(await inbox.TakeReadyAsync(c, 10, default));
        Assert.Equal("in-2", ready.Id);

        // The upgraded row goes the new way: one failed attempt (MaxAttempts 1) quarantines it, audited; nothing is ready after.
        await inbox.HandOverAsync(Databases.A, (_, _, _) => throw new InvalidOperationException("broken"), default);

        Assert.Equal(1L, await ScalarAsync(c, "SELECT COUNT(*) FROM exchange_quarantine WHERE envelope_id = 'in-2' AND attempts = 1"));
        Assert.Empty(await inbox.TakeReadyAsync(c, 10, default));
        Assert.Empty((await AuditTrail.VerifyAsync(c, null, null, default)).Findings);
    }

    private static DateTimeOffset Ms(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    /// <summary>
    /// Rows as the exchange wrote them at version 0003, instants in Unix milliseconds: every table with a time column, nullable
    /// ones both set and null, the epoch and the last millisecond of 9999, an audit chain hashed over milliseconds with a
    /// checkpoint, a staged audit entry, and a deleted record (so its id must not come back).
    /// </summary>
    private static async Task InsertVersion3RowsAsync(DbConnection c, NodeIdentity partner)
    {
        string payload = SqlDialects.Of(c) == SqlDialect.Postgres ? "'\\x7b7d'::bytea" : "x'7b7d'";
        var first = new AuditRecord("partner", null, "SGSIN", null, partner.KeyId, "http://sgsin.test/exchange/envelopes");
        string h1 = AuditChain.ComputeHash(AuditChain.GenesisHash, Ms(1700000030001), first);
        var second = new AuditRecord("outbound", "out-1", "SGSIN", null, "ab", "control-result v1 conv C1 seq 1");
        string h2 = AuditChain.ComputeHash(h1, Ms(1700000030999), second);
        var third = new AuditRecord("inbound", "bad-1", "SGSIN", "BSIG", null, "signature does not verify");
        string h3 = AuditChain.ComputeHash(h2, Ms(1700000031002), third);
        await ExecAsync(c, $$"""
            INSERT INTO exchange_partner VALUES ('SGSIN', 'Singapore Customs', 'http://sgsin.test/exchange/envelopes', '{{partner.CertificatePem}}', '{{partner.KeyId}}', 1700000000001);
            INSERT INTO exchange_agreement VALUES ('SGSIN', 1, '{"outbound":[{"type":"control-result","allowedFields":null}],"inbound":["decision"]}', 1700000000123);
            INSERT INTO exchange_conversation VALUES ('SGSIN', 'C1', 2);
            INSERT INTO exchange_outbox (envelope_id, recipient, conversation, seq, type, digest, wire, created_at, attempts, failures, next_attempt_at, delivered_at, receipt, outcome)
                VALUES ('out-1', 'SGSIN', 'C1', 1, 'control-result', 'ab', {{payload}}, 1700000000123, 1, 0, 1700000001124, 1700000002125, 'receipt', 'RECE');
            INSERT INTO exchange_outbox (envelope_id, recipient, conversation, seq, type, digest, wire, created_at, attempts, failures, next_attempt_at, last_error, delivered_at, receipt, outcome)
                VALUES ('out-2', 'SGSIN', 'C1', 2, 'control-result', 'ac', {{payload}}, 1700000003000, 2, 2, 1700000004999, 'HTTP 503', NULL, NULL, NULL);
            INSERT INTO exchange_dead_letter VALUES ('dead-1', 'SGSIN', 'C2', 1, 'control-result', 'cd', {{payload}}, 1700000008008, 3, 'rejected', NULL, 1700000009999);
            INSERT INTO exchange_withdrawn VALUES ('dead-1', 'fill-1', 'given up', 0);
            INSERT INTO exchange_inbox (envelope_id, sender, conversation, seq, type, version, digest, payload, created_at, received_at, handed_over_at, evidence)
                VALUES ('in-1', 'SGSIN', 'C3', 1, 'decision', '1', 'ef', {{payload}}, 1700000010010, 1700000011011, 1700000012012, 'jws');
            INSERT INTO exchange_inbox (envelope_id, sender, conversation, seq, type, version, digest, payload, created_at, received_at, handed_over_at, evidence)
                VALUES ('in-2', 'SGSIN', 'C3', 2, 'decision', '1', 'eg', {{payload}}, 1700000020001, 1700000021002, NULL, NULL);
            INSERT INTO exchange_inbox_cursor VALUES ('SGSIN', 'C3', 2);
            INSERT INTO exchange_audit VALUES (1, 1700000030001, 'partner', NULL, 'SGSIN', NULL, '{{partner.KeyId}}', 'http://sgsin.test/exchange/envelopes', '{{AuditChain.GenesisHash}}', '{{h1}}');
            INSERT INTO exchange_audit VALUES (2, 1700000030999, 'outbound', 'out-1', 'SGSIN', NULL, 'ab', 'control-result v1 conv C1 seq 1', '{{h1}}', '{{h2}}');
            INSERT INTO exchange_audit VALUES (3, 1700000031002, 'inbound', 'bad-1', 'SGSIN', 'BSIG', NULL, 'signature does not verify', '{{h2}}', '{{h3}}');
            UPDATE exchange_audit_head SET seq = 3, hash = '{{h3}}' WHERE id = 1;
            INSERT INTO exchange_audit_checkpoint VALUES (2, '{{h2}}', 'signed', 1700000032000);
            INSERT INTO exchange_audit_pending (recorded_at, kind, envelope_id, partner, outcome, digest, detail) VALUES (1700000050505, 'outbound', 'out-2', 'SGSIN', NULL, 'ac', 'staged');
            INSERT INTO exchange_record (envelope_id, direction, partner, type, mrn, seq, state, summary, document, at)
                VALUES ('in-1', 'in', 'SGSIN', 'decision', 'C3', 1, 'recorded', 'release', '{}', 1700000040040);
            INSERT INTO exchange_record (envelope_id, direction, partner, type, mrn, seq, state, summary, document, at)
                VALUES ('in-0', 'in', 'SGSIN', 'decision', 'C0', 1, 'recorded', 'deleted', NULL, 1700000040041);
            DELETE FROM exchange_record WHERE mrn = 'C0';
            INSERT INTO exchange_raw_sink (payload, at) VALUES ({{payload}}, 253402300799999);
            """);
    }

    /// <summary>
    /// Every instant in every time column, keyed <c>table.column[key]</c>, as Unix milliseconds: read as integers before the
    /// upgrade, and after it as text, which must be exactly <see cref="StoredTime.Iso"/> of a whole millisecond.
    /// </summary>
    private static async Task<Dictionary<string, long?>> InstantsAsync(DbConnection c, bool text)
    {
        var instants = new Dictionary<string, long?>(StringComparer.Ordinal);
        foreach ((string table, string key, string[] columns) in TimeColumns)
        {
            foreach (string column in columns)
            {
                await using DbCommand command = c.CreateCommand();
                command.CommandText = $"SELECT {key}, {column} FROM {table}";
                await using DbDataReader reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    string name = $"{table}.{column}[{Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)}]";
                    if (reader.IsDBNull(1))
                    {
                        instants[name] = null;
                    }
                    else if (text)
                    {
                        string stored = reader.GetString(1);
                        DateTimeOffset at = StoredTime.Parse(stored);
                        Assert.Equal(StoredTime.Iso(at), stored);
                        Assert.Equal(StoredTime.ToMilliseconds(at), at);
                        instants[name] = at.ToUnixTimeMilliseconds();
                    }
                    else
                    {
                        instants[name] = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
                    }
                }
            }
        }

        return instants;
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

    /// <summary>
    /// Every exchange table's keys, uniques, indexes (with their definitions and predicates) and table options, one line each,
    /// sorted: what a table rebuild must recreate identically.
    /// </summary>
    private static async Task<List<string>> SchemaAsync(DbConnection c)
    {
        string[] queries = SqlDialects.Of(c) == SqlDialect.Postgres
            ?
            [
                "SELECT tablename || ': ' || indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename LIKE 'exchange%'",
                """
                SELECT t.relname || ': ' || k.conname || ' ' || pg_get_constraintdef(k.oid) FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid
                WHERE t.relnamespace = current_schema()::regnamespace AND t.relname LIKE 'exchange%'
                """,
                "SELECT relname || ' ' || array_to_string(reloptions, ',') FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relname LIKE 'exchange%' AND reloptions IS NOT NULL",
                "SELECT table_name || '.' || column_name || ' default ' || column_default FROM information_schema.columns WHERE table_schema = current_schema() AND table_name LIKE 'exchange%' AND column_default IS NOT NULL",
            ]
            :
            [
                """
                SELECT m.name || ': ' || i.name || ' unique ' || i."unique" || ' ' || i.origin || ' partial ' || i.partial || ' ('
                    || (SELECT group_concat(x.name, ', ') FROM pragma_index_info(i.name) x) || ') ' || COALESCE(s.sql, '')
                FROM sqlite_master m, pragma_index_list(m.name) i LEFT JOIN sqlite_master s ON s.type = 'index' AND s.name = i.name
                WHERE m.type = 'table' AND m.name LIKE 'exchange%'
                """,
                "SELECT m.name || ': pk ' || p.name || ' ' || p.pk FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name LIKE 'exchange%' AND p.pk > 0",
                "SELECT name || ' autoincrement' FROM sqlite_master WHERE type = 'table' AND name LIKE 'exchange%' AND sql LIKE '%AUTOINCREMENT%'",
            ];
        var lines = new List<string>();
        foreach (string sql in queries)
        {
            await using DbCommand command = c.CreateCommand();
            command.CommandText = sql;
            await using DbDataReader reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static async Task<string> TextAsync(DbConnection c, string sql)
    {
        await using DbCommand command = c.CreateCommand();
        command.CommandText = sql;
        return (string)(await command.ExecuteScalarAsync())!;
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
