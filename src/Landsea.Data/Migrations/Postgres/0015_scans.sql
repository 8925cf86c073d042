-- Issue 12 item 1: container scans, owned by Data/Scans (ScanStore). scan_blobs holds every received byte string once,
-- keyed by its SHA-256 (metadata JSON and both 16-bit PNG channels); it is never updated. scans has one row per distinct
-- lodged scan (scan_id = hash of the metadata and both channels' hashes): status 'lodged', or 'refused' with the code and
-- reason (a refused scan is kept as received and enters no queue). Times are UTC ISO 8601 text.
CREATE TABLE scan_blobs (
    hash TEXT NOT NULL PRIMARY KEY,
    bytes BYTEA NOT NULL,
    size_bytes BIGINT NOT NULL,
    stored_at TEXT NOT NULL
);
CREATE TABLE scans (
    scan_id TEXT NOT NULL PRIMARY KEY,
    status TEXT NOT NULL,
    refusal_code TEXT NULL,
    refusal_reason TEXT NULL,
    mrn TEXT NULL,
    container_number TEXT NULL,
    office TEXT NULL,
    scanner TEXT NULL,
    taken_at TEXT NULL,
    width INTEGER NULL,
    height INTEGER NULL,
    metadata_hash TEXT NOT NULL REFERENCES scan_blobs (hash),
    low_hash TEXT NOT NULL REFERENCES scan_blobs (hash),
    high_hash TEXT NOT NULL REFERENCES scan_blobs (hash),
    lodged_at TEXT NOT NULL,
    lodged_by TEXT NOT NULL
);
CREATE INDEX scans_mrn ON scans (mrn);
CREATE INDEX scans_status ON scans (status, lodged_at);
-- A reviewer's verdict on a lodged scan (issue 12 item 2, first part): 'clear' or 'inspect', the reason, the annotated
-- regions as JSON ([{"x":..,"y":..,"width":..,"height":..,"note":".."}] in pixels), who and at which office, when. Rows are
-- only added: a second review adds a second row.
CREATE TABLE scan_verdicts (
    verdict_id TEXT NOT NULL PRIMARY KEY,
    scan_id TEXT NOT NULL REFERENCES scans (scan_id),
    verdict TEXT NOT NULL,
    reason TEXT NOT NULL,
    regions TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    office TEXT NOT NULL,
    decided_at TEXT NOT NULL
);
CREATE INDEX scan_verdicts_scan ON scan_verdicts (scan_id, decided_at);
