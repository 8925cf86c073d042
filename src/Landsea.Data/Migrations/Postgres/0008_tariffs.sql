-- Tariff schedules (issue 13, docs/tariffs.md): one row per importer, agreement, schedule, tariff line and effective
-- date; a later effective date is a staging step. Rates and amounts are decimal text (invariant culture), never floats.
-- tariff_loads records each file loaded (all its lines in one transaction).
CREATE TABLE tariff_loads (
    load_id TEXT PRIMARY KEY,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    line_count INTEGER NOT NULL,
    loaded_at TEXT NOT NULL
);
CREATE TABLE tariff_lines (
    importer TEXT NOT NULL,
    agreement TEXT NOT NULL,
    schedule TEXT NOT NULL,
    hs_edition INTEGER NOT NULL,
    tariff_line TEXT NOT NULL,
    rate_kind TEXT NOT NULL,
    ad_valorem_percent TEXT,
    specific_amount TEXT,
    specific_currency TEXT,
    specific_unit TEXT,
    effective_from TEXT NOT NULL,
    sample INTEGER NOT NULL,
    source TEXT NOT NULL,
    load_id TEXT NOT NULL REFERENCES tariff_loads (load_id),
    PRIMARY KEY (importer, agreement, schedule, tariff_line, effective_from)
);
