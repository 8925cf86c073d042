-- Risk (issue 4), SQLite dialect: officer rules (versioned), channel decisions with reasons, inspection outcomes
-- (local and from partners), the model registry and its promotion log. Instants are ISO-8601 UTC text; days are
-- YYYY-MM-DD in the deciding office's time zone.
CREATE TABLE risk_rules (
    rule_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    title TEXT NOT NULL,
    author TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    rule_json TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (rule_id, version)
);

CREATE TABLE risk_decisions (
    mrn TEXT PRIMARY KEY,
    office_code TEXT NOT NULL,
    local_day TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    channel TEXT NOT NULL,
    basis TEXT NOT NULL,
    score REAL NOT NULL,
    model_score REAL,
    model_id TEXT,
    reasons_json TEXT NOT NULL
);
CREATE INDEX ix_risk_decisions_day ON risk_decisions (office_code, local_day);

CREATE TABLE risk_outcomes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    mrn TEXT NOT NULL,
    found INTEGER NOT NULL,
    what TEXT,
    source TEXT NOT NULL,
    from_partner INTEGER NOT NULL,
    at TEXT NOT NULL,
    recorded_by TEXT NOT NULL
);
CREATE INDEX ix_risk_outcomes_mrn ON risk_outcomes (mrn, id);

CREATE TABLE risk_models (
    model_id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    cases INTEGER NOT NULL,
    irregular INTEGER NOT NULL,
    manifest_json TEXT NOT NULL,
    bytes BLOB NOT NULL
);

CREATE TABLE risk_model_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    model_id TEXT,
    action TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL
);
