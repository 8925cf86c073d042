-- Issue 12 item 2: the review centre's workflow, owned by Data/Scans/ReviewStore.
-- Times are UTC ISO 8601 text.
--
-- scan_reviewers: the officers who review scans, with their skills (HS chapters as two digits, or '*' for every chapter,
-- comma-separated). Workload is not stored: it is counted from scan_reviews (assigned, no verdict yet).
CREATE TABLE scan_reviewers (
    reviewer TEXT NOT NULL PRIMARY KEY,
    office TEXT NOT NULL,
    skills TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    registered_by TEXT NOT NULL
);
-- scan_reviews: one row per lodged scan, its stage (queued, assigned, second-queued, second-assigned, decided), since when
-- it is in that stage (the timers run from it), who holds it, the first reviewer, the deciding verdict. chapters are the
-- declared goods' HS chapters (for the reviewers' skills). The queue's order is computed (ReviewCentre.Order) from the
-- priority lane, the risk decision stored for the MRN (risk_decisions, read only) and queued_at. A scan received from another
-- node over the exchange (scan-part messages) names it in origin_node and carries what the centre does not hold of the
-- declaration: its risk channel and score, and the declared goods (JSON) for the machine checks. At a scanning node a scan
-- sent to the centre has stage 'sent-to-centre' until the centre's verdict comes back (scan-verdict).
CREATE TABLE scan_reviews (
    scan_id TEXT NOT NULL PRIMARY KEY REFERENCES scans (scan_id),
    stage TEXT NOT NULL,
    queued_at TEXT NOT NULL,
    stage_since TEXT NOT NULL,
    chapters TEXT NOT NULL,
    assigned_to TEXT NULL,
    first_reviewer TEXT NULL,
    first_verdict_id TEXT NULL,
    decided_verdict_id TEXT NULL,
    decided_at TEXT NULL,
    origin_node TEXT NULL,
    risk_channel TEXT NULL,
    risk_score REAL NULL,
    declared_goods TEXT NULL
);
CREATE INDEX scan_reviews_stage ON scan_reviews (stage, queued_at);
CREATE INDEX scan_reviews_assigned ON scan_reviews (assigned_to, stage);
-- Every action of the workflow, with who and when: queued, assigned, verdict, second-review-requested, decided, alert,
-- reviewer-registered (scan_id null). Rows are only added.
CREATE TABLE scan_review_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    scan_id TEXT NULL,
    action TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX scan_review_events_scan ON scan_review_events (scan_id, id);
-- Service-level alerts: one per scan and kind (unassigned, undecided, second-unassigned, second-undecided), so a restarted
-- node raises none twice.
CREATE TABLE scan_review_alerts (
    scan_id TEXT NOT NULL REFERENCES scans (scan_id),
    kind TEXT NOT NULL,
    due_at TEXT NOT NULL,
    raised_at TEXT NOT NULL,
    PRIMARY KEY (scan_id, kind)
);
-- Parts of scans received from other nodes, kept until all have arrived and the whole has the announced SHA-256; then the
-- scan is stored once by content hash (scan_blobs, scans) and its parts deleted.
CREATE TABLE scan_transfer_parts (
    sender TEXT NOT NULL,
    scan_id TEXT NOT NULL,
    part INTEGER NOT NULL,
    parts INTEGER NOT NULL,
    bundle_sha256 TEXT NOT NULL,
    mrn TEXT NOT NULL,
    data BLOB NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (sender, scan_id, part)
);
-- Scans lodged before this migration enter the queue as of their lodging (decided when they already have a verdict).
INSERT INTO scan_reviews (scan_id, stage, queued_at, stage_since, chapters)
SELECT s.scan_id, CASE WHEN EXISTS (SELECT 1 FROM scan_verdicts v WHERE v.scan_id = s.scan_id) THEN 'decided' ELSE 'queued' END,
    s.lodged_at, s.lodged_at, ''
FROM scans s WHERE s.status = 'lodged';
