-- The exchange's own tables (prefix exchange_). Times are Unix milliseconds; hashes and digests are lower-case hex.
-- A database made before the exchange had migrations already has these tables: the runner records this version as applied
-- without running it (ExchangeMigrations.AdoptedAsync).
CREATE TABLE exchange_partner (
    code TEXT PRIMARY KEY, name TEXT NOT NULL, endpoint TEXT NOT NULL, certificate_pem TEXT NOT NULL,
    key_id TEXT NOT NULL, updated_at BIGINT NOT NULL);
CREATE TABLE exchange_agreement (
    partner_code TEXT NOT NULL, version BIGINT NOT NULL, document TEXT NOT NULL, recorded_at BIGINT NOT NULL,
    PRIMARY KEY (partner_code, version));
CREATE TABLE exchange_conversation (
    recipient TEXT NOT NULL, conversation TEXT NOT NULL, last_seq BIGINT NOT NULL,
    PRIMARY KEY (recipient, conversation));
CREATE TABLE exchange_outbox (
    envelope_id TEXT PRIMARY KEY, recipient TEXT NOT NULL, conversation TEXT NOT NULL, seq BIGINT NOT NULL,
    type TEXT NOT NULL, digest TEXT NOT NULL, wire BYTEA NOT NULL, created_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL, failures BIGINT NOT NULL, next_attempt_at BIGINT NOT NULL, last_error TEXT,
    delivered_at BIGINT, receipt TEXT, outcome TEXT);
CREATE INDEX exchange_outbox_due_order ON exchange_outbox (next_attempt_at, created_at) WHERE delivered_at IS NULL;
CREATE TABLE exchange_dead_letter (
    envelope_id TEXT PRIMARY KEY, recipient TEXT NOT NULL, conversation TEXT NOT NULL, seq BIGINT NOT NULL,
    type TEXT NOT NULL, digest TEXT NOT NULL, wire BYTEA NOT NULL, created_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL, reason TEXT NOT NULL, receipt TEXT, dead_at BIGINT NOT NULL);
CREATE TABLE exchange_withdrawn (
    envelope_id TEXT PRIMARY KEY, filler_id TEXT NOT NULL, reason TEXT NOT NULL, withdrawn_at BIGINT NOT NULL);
CREATE TABLE exchange_inbox (
    envelope_id TEXT PRIMARY KEY, sender TEXT NOT NULL, conversation TEXT NOT NULL, seq BIGINT NOT NULL,
    type TEXT NOT NULL, version TEXT NOT NULL, digest TEXT NOT NULL, payload BYTEA NOT NULL,
    created_at BIGINT NOT NULL, received_at BIGINT NOT NULL, handed_over_at BIGINT,
    UNIQUE (sender, conversation, seq));
CREATE INDEX exchange_inbox_ready ON exchange_inbox (received_at, envelope_id) WHERE handed_over_at IS NULL;
CREATE TABLE exchange_inbox_cursor (
    sender TEXT NOT NULL, conversation TEXT NOT NULL, next_seq BIGINT NOT NULL,
    PRIMARY KEY (sender, conversation));
CREATE TABLE exchange_audit (
    seq BIGINT PRIMARY KEY, recorded_at BIGINT NOT NULL, kind TEXT NOT NULL, envelope_id TEXT, partner TEXT,
    outcome TEXT, digest TEXT, detail TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TABLE exchange_audit_head (
    id INTEGER PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL);
-- The genesis hash (AuditChain.GenesisHash): the chain's first entry links to it.
INSERT INTO exchange_audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
CREATE TABLE exchange_audit_checkpoint (
    seq BIGINT PRIMARY KEY, hash TEXT NOT NULL, signed_head TEXT NOT NULL, recorded_at BIGINT NOT NULL);
CREATE TABLE exchange_audit_pending (
    id BIGSERIAL PRIMARY KEY, recorded_at BIGINT NOT NULL, kind TEXT NOT NULL, envelope_id TEXT, partner TEXT,
    outcome TEXT, digest TEXT, detail TEXT);
CREATE INDEX exchange_outbox_conversation ON exchange_outbox (conversation, seq);
CREATE INDEX exchange_outbox_created ON exchange_outbox (created_at);
CREATE INDEX exchange_dead_letter_conversation ON exchange_dead_letter (conversation);
CREATE INDEX exchange_inbox_conversation ON exchange_inbox (conversation, seq);
CREATE INDEX exchange_inbox_received ON exchange_inbox (received_at);
CREATE INDEX exchange_audit_envelope ON exchange_audit (envelope_id);
CREATE INDEX exchange_audit_refusals ON exchange_audit (recorded_at) WHERE kind = 'inbound' AND outcome <> 'RECE';
-- The inbox and outbox are updated row by row as envelopes are handed over or delivered, and their partial "pending"
-- indexes keep dead entries until vacuum runs; the default (20 % of the table changed) lets the hand-over query read
-- thousands of dead heap pages on a busy node. Vacuum them after 1 % instead.
ALTER TABLE exchange_inbox SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000, autovacuum_analyze_scale_factor = 0.02);
ALTER TABLE exchange_outbox SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000, autovacuum_analyze_scale_factor = 0.02);
