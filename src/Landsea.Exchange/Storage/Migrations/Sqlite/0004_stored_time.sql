-- One stored-time encoding with the node's tables (StoredTime.Iso): every time column of every exchange table becomes ISO-8601
-- UTC text with 7 fractional digits, converted in place from Unix milliseconds, rows kept. A millisecond value converts exactly
-- (1700000000123 -> 2023-11-14T22:13:20.1230000Z): whole seconds by strftime, the millisecond digits by integer arithmetic;
-- NULL stays NULL. SQLite cannot change a column's declared type, so each table is rebuilt: the old one is renamed (its
-- indexes go with it), the new one is created as 0001-0003 made it with TEXT time columns, the rows are copied, the old table is
-- dropped and the indexes are created again as 0001-0003 wrote them. The AUTOINCREMENT counters of exchange_record and
-- exchange_raw_sink are carried over, so ids are never reused.
ALTER TABLE exchange_partner RENAME TO exchange_partner_ms;
CREATE TABLE exchange_partner (
    code TEXT PRIMARY KEY, name TEXT NOT NULL, endpoint TEXT NOT NULL, certificate_pem TEXT NOT NULL,
    key_id TEXT NOT NULL, updated_at TEXT NOT NULL);
INSERT INTO exchange_partner (code, name, endpoint, certificate_pem, key_id, updated_at)
    SELECT code, name, endpoint, certificate_pem, key_id, strftime('%Y-%m-%dT%H:%M:%S', updated_at / 1000, 'unixepoch') || printf('.%03d0000Z', updated_at % 1000)
    FROM exchange_partner_ms;
DROP TABLE exchange_partner_ms;
ALTER TABLE exchange_agreement RENAME TO exchange_agreement_ms;
CREATE TABLE exchange_agreement (
    partner_code TEXT NOT NULL, version BIGINT NOT NULL, document TEXT NOT NULL, recorded_at TEXT NOT NULL,
    PRIMARY KEY (partner_code, version));
INSERT INTO exchange_agreement (partner_code, version, document, recorded_at)
    SELECT partner_code, version, document, strftime('%Y-%m-%dT%H:%M:%S', recorded_at / 1000, 'unixepoch') || printf('.%03d0000Z', recorded_at % 1000)
    FROM exchange_agreement_ms;
DROP TABLE exchange_agreement_ms;
ALTER TABLE exchange_outbox RENAME TO exchange_outbox_ms;
CREATE TABLE exchange_outbox (
    envelope_id TEXT PRIMARY KEY, recipient TEXT NOT NULL, conversation TEXT NOT NULL, seq BIGINT NOT NULL,
    type TEXT NOT NULL, digest TEXT NOT NULL, wire BLOB NOT NULL, created_at TEXT NOT NULL,
    attempts BIGINT NOT NULL, failures BIGINT NOT NULL, next_attempt_at TEXT NOT NULL, last_error TEXT,
    delivered_at TEXT, receipt TEXT, outcome TEXT);
INSERT INTO exchange_outbox (envelope_id, recipient, conversation, seq, type, digest, wire, created_at, attempts, failures, next_attempt_at, last_error, delivered_at, receipt, outcome)
    SELECT envelope_id, recipient, conversation, seq, type, digest, wire, strftime('%Y-%m-%dT%H:%M:%S', created_at / 1000, 'unixepoch') || printf('.%03d0000Z', created_at % 1000), attempts, failures, strftime('%Y-%m-%dT%H:%M:%S', next_attempt_at / 1000, 'unixepoch') || printf('.%03d0000Z', next_attempt_at % 1000), last_error, strftime('%Y-%m-%dT%H:%M:%S', delivered_at / 1000, 'unixepoch') || printf('.%03d0000Z', delivered_at % 1000), receipt, outcome
    FROM exchange_outbox_ms;
DROP TABLE exchange_outbox_ms;
CREATE INDEX exchange_outbox_due_order ON exchange_outbox (next_attempt_at, created_at) WHERE delivered_at IS NULL;
CREATE INDEX exchange_outbox_conversation ON exchange_outbox (conversation, seq);
CREATE INDEX exchange_outbox_created ON exchange_outbox (created_at);
ALTER TABLE exchange_dead_letter RENAME TO exchange_dead_letter_ms;
CREATE TABLE exchange_dead_letter (
    envelope_id TEXT PRIMARY KEY, recipient TEXT NOT NULL, conversation TEXT NOT NULL, seq BIGINT NOT NULL,
    type TEXT NOT NULL, digest TEXT NOT NULL, wire BLOB NOT NULL, created_at TEXT NOT NULL,
    attempts BIGINT NOT NULL, reason TEXT NOT NULL, receipt TEXT, dead_at TEXT NOT NULL);
INSERT INTO exchange_dead_letter (envelope_id, recipient, conversation, seq, type, digest, wire, created_at, attempts, reason, receipt, dead_at)
    SELECT envelope_id, recipient, conversation, seq, type, digest, wire, strftime('%Y-%m-%dT%H:%M:%S', created_at / 1000, 'unixepoch') || printf('.%03d0000Z', created_at % 1000), attempts, reason, receipt, strftime('%Y-%m-%dT%H:%M:%S', dead_at / 1000, 'unixepoch') || printf('.%03d0000Z', dead_at % 1000)
    FROM exchange_dead_letter_ms;
DROP TABLE exchange_dead_letter_ms;
CREATE INDEX exchange_dead_letter_conversation ON exchange_dead_letter (conversation);
ALTER TABLE exchange_withdrawn RENAME TO exchange_withdrawn_ms;
CREATE TABLE exchange_withdrawn (
    envelope_id TEXT PRIMARY KEY, filler_id TEXT NOT NULL, reason TEXT NOT NULL, withdrawn_at TEXT NOT NULL);
INSERT INTO exchange_withdrawn (envelope_id, filler_id, reason, withdrawn_at)
    SELECT envelope_id, filler_id, reason, strftime('%Y-%m-%dT%H:%M:%S', withdrawn_at / 1000, 'unixepoch') || printf('.%03d0000Z', withdrawn_at % 1000)
    FROM exchange_withdrawn_ms;
DROP TABLE exchange_withdrawn_ms;
ALTER TABLE exchange_inbox RENAME TO exchange_inbox_ms;
CREATE TABLE exchange_inbox (
    envelope_id TEXT PRIMARY KEY, sender TEXT NOT NULL, conversation TEXT NOT NULL, seq BIGINT NOT NULL,
    type TEXT NOT NULL, version TEXT NOT NULL, digest TEXT NOT NULL, payload BLOB NOT NULL,
    created_at TEXT NOT NULL, received_at TEXT NOT NULL, handed_over_at TEXT, evidence TEXT,
    UNIQUE (sender, conversation, seq));
INSERT INTO exchange_inbox (envelope_id, sender, conversation, seq, type, version, digest, payload, created_at, received_at, handed_over_at, evidence)
    SELECT envelope_id, sender, conversation, seq, type, version, digest, payload, strftime('%Y-%m-%dT%H:%M:%S', created_at / 1000, 'unixepoch') || printf('.%03d0000Z', created_at % 1000), strftime('%Y-%m-%dT%H:%M:%S', received_at / 1000, 'unixepoch') || printf('.%03d0000Z', received_at % 1000), strftime('%Y-%m-%dT%H:%M:%S', handed_over_at / 1000, 'unixepoch') || printf('.%03d0000Z', handed_over_at % 1000), evidence
    FROM exchange_inbox_ms;
DROP TABLE exchange_inbox_ms;
CREATE INDEX exchange_inbox_ready ON exchange_inbox (received_at, envelope_id) WHERE handed_over_at IS NULL;
CREATE INDEX exchange_inbox_conversation ON exchange_inbox (conversation, seq);
CREATE INDEX exchange_inbox_received ON exchange_inbox (received_at);
ALTER TABLE exchange_audit RENAME TO exchange_audit_ms;
CREATE TABLE exchange_audit (
    seq BIGINT PRIMARY KEY, recorded_at TEXT NOT NULL, kind TEXT NOT NULL, envelope_id TEXT, partner TEXT,
    outcome TEXT, digest TEXT, detail TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
INSERT INTO exchange_audit (seq, recorded_at, kind, envelope_id, partner, outcome, digest, detail, prev_hash, hash)
    SELECT seq, strftime('%Y-%m-%dT%H:%M:%S', recorded_at / 1000, 'unixepoch') || printf('.%03d0000Z', recorded_at % 1000), kind, envelope_id, partner, outcome, digest, detail, prev_hash, hash
    FROM exchange_audit_ms;
DROP TABLE exchange_audit_ms;
CREATE INDEX exchange_audit_envelope ON exchange_audit (envelope_id);
CREATE INDEX exchange_audit_refusals ON exchange_audit (recorded_at) WHERE kind = 'inbound' AND outcome <> 'RECE';
ALTER TABLE exchange_audit_checkpoint RENAME TO exchange_audit_checkpoint_ms;
CREATE TABLE exchange_audit_checkpoint (
    seq BIGINT PRIMARY KEY, hash TEXT NOT NULL, signed_head TEXT NOT NULL, recorded_at TEXT NOT NULL);
INSERT INTO exchange_audit_checkpoint (seq, hash, signed_head, recorded_at)
    SELECT seq, hash, signed_head, strftime('%Y-%m-%dT%H:%M:%S', recorded_at / 1000, 'unixepoch') || printf('.%03d0000Z', recorded_at % 1000)
    FROM exchange_audit_checkpoint_ms;
DROP TABLE exchange_audit_checkpoint_ms;
ALTER TABLE exchange_audit_pending RENAME TO exchange_audit_pending_ms;
CREATE TABLE exchange_audit_pending (
    id INTEGER PRIMARY KEY, recorded_at TEXT NOT NULL, kind TEXT NOT NULL, envelope_id TEXT, partner TEXT,
    outcome TEXT, digest TEXT, detail TEXT);
INSERT INTO exchange_audit_pending (id, recorded_at, kind, envelope_id, partner, outcome, digest, detail)
    SELECT id, strftime('%Y-%m-%dT%H:%M:%S', recorded_at / 1000, 'unixepoch') || printf('.%03d0000Z', recorded_at % 1000), kind, envelope_id, partner, outcome, digest, detail
    FROM exchange_audit_pending_ms;
DROP TABLE exchange_audit_pending_ms;
ALTER TABLE exchange_record RENAME TO exchange_record_ms;
CREATE TABLE exchange_record (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    envelope_id TEXT, direction TEXT NOT NULL, partner TEXT NOT NULL, type TEXT NOT NULL, mrn TEXT NOT NULL,
    seq BIGINT NOT NULL, state TEXT NOT NULL, summary TEXT NOT NULL, document TEXT, at TEXT NOT NULL);
INSERT INTO exchange_record (id, envelope_id, direction, partner, type, mrn, seq, state, summary, document, at)
    SELECT id, envelope_id, direction, partner, type, mrn, seq, state, summary, document, strftime('%Y-%m-%dT%H:%M:%S', at / 1000, 'unixepoch') || printf('.%03d0000Z', at % 1000)
    FROM exchange_record_ms;
INSERT INTO sqlite_sequence (name, seq) SELECT 'exchange_record', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'exchange_record');
UPDATE sqlite_sequence SET seq = MAX(seq, COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'exchange_record_ms'), 0)) WHERE name = 'exchange_record';
DROP TABLE exchange_record_ms;
CREATE INDEX exchange_record_mrn ON exchange_record (mrn, id);
CREATE INDEX exchange_record_envelope ON exchange_record (envelope_id);
ALTER TABLE exchange_raw_sink RENAME TO exchange_raw_sink_ms;
CREATE TABLE exchange_raw_sink (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    payload BLOB NOT NULL, at TEXT NOT NULL);
INSERT INTO exchange_raw_sink (id, payload, at)
    SELECT id, payload, strftime('%Y-%m-%dT%H:%M:%S', at / 1000, 'unixepoch') || printf('.%03d0000Z', at % 1000)
    FROM exchange_raw_sink_ms;
INSERT INTO sqlite_sequence (name, seq) SELECT 'exchange_raw_sink', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'exchange_raw_sink');
UPDATE sqlite_sequence SET seq = MAX(seq, COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'exchange_raw_sink_ms'), 0)) WHERE name = 'exchange_raw_sink';
DROP TABLE exchange_raw_sink_ms;
