-- What the node did with partner messages, one row per business effect (MessageRecords), and the test-mode raw sink.
CREATE TABLE exchange_record (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    envelope_id TEXT, direction TEXT NOT NULL, partner TEXT NOT NULL, type TEXT NOT NULL, mrn TEXT NOT NULL,
    seq BIGINT NOT NULL, state TEXT NOT NULL, summary TEXT NOT NULL, document TEXT, at BIGINT NOT NULL);
CREATE INDEX exchange_record_mrn ON exchange_record (mrn, id);
CREATE INDEX exchange_record_envelope ON exchange_record (envelope_id);
CREATE TABLE exchange_raw_sink (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    payload BLOB NOT NULL, at BIGINT NOT NULL);
