-- Landsea node schema, SQLite dialect. Instants are ISO-8601 UTC text (sortable).
CREATE TABLE submissions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    received_at TEXT NOT NULL,
    submitted_by TEXT NOT NULL,
    format TEXT NOT NULL,
    declarant_id TEXT,
    functional_reference TEXT,
    content_sha256 TEXT NOT NULL,
    bytes BLOB NOT NULL,
    outcome TEXT NOT NULL,
    errors_json TEXT NOT NULL,
    declaration_id INTEGER,
    answer_json TEXT NOT NULL
);
CREATE INDEX ix_submissions_reference ON submissions (declarant_id, functional_reference, content_sha256);

CREATE TABLE declarations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    mrn TEXT NOT NULL UNIQUE,
    declarant_id TEXT NOT NULL,
    functional_reference TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    type_code TEXT NOT NULL,
    direction TEXT NOT NULL,
    status TEXT NOT NULL,
    office_code TEXT NOT NULL,
    lodged_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL,
    item_count INTEGER NOT NULL,
    invoice_amount TEXT,
    invoice_currency TEXT,
    model_json TEXT NOT NULL,
    submission_id INTEGER NOT NULL REFERENCES submissions (id),
    UNIQUE (declarant_id, functional_reference)
);
CREATE INDEX ix_declarations_status ON declarations (status, lodged_at);
CREATE INDEX ix_declarations_lodged ON declarations (lodged_at);

CREATE TABLE declaration_parties (
    declaration_id INTEGER NOT NULL REFERENCES declarations (id),
    trader_id TEXT NOT NULL,
    PRIMARY KEY (trader_id, declaration_id)
);

CREATE TABLE declaration_chapters (
    declaration_id INTEGER NOT NULL REFERENCES declarations (id),
    chapter TEXT NOT NULL,
    PRIMARY KEY (chapter, declaration_id)
);

CREATE TABLE declaration_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    declaration_id INTEGER NOT NULL REFERENCES declarations (id),
    event TEXT NOT NULL,
    status TEXT NOT NULL,
    at TEXT NOT NULL,
    office_code TEXT NOT NULL,
    actor TEXT NOT NULL,
    note TEXT,
    submission_id INTEGER
);
CREATE INDEX ix_events_declaration ON declaration_events (declaration_id, id);

CREATE TABLE mrn_counters (
    prefix TEXT PRIMARY KEY,
    next_serial INTEGER NOT NULL
);

CREATE TABLE users (
    username TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    office_code TEXT,
    trader_id TEXT,
    display_name TEXT NOT NULL
);
