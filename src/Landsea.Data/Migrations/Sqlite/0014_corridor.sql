-- Issue 11: corridor supervision (owned by Data/Corridor: CorridorStore). Instants are StoredTime text (UTC).
-- A consignment followed across the legs of its route; model_json is the Domain Consignment (containers, seals, MRNs).
CREATE TABLE corridor_consignments (
    id TEXT PRIMARY KEY,
    transport_document TEXT NOT NULL,
    route TEXT NOT NULL,
    departure_at TEXT NOT NULL,
    priority INTEGER NOT NULL,
    priority_by TEXT NULL,
    declared_by TEXT NOT NULL,
    model_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    released_at TEXT NULL,
    arrived_at TEXT NULL
);
CREATE INDEX ix_corridor_consignments_document ON corridor_consignments (transport_document);
CREATE INDEX ix_corridor_consignments_open ON corridor_consignments (arrived_at, departure_at);

-- The containers of each consignment, to join a carrier's equipment event to its consignment.
CREATE TABLE corridor_equipment (
    equipment_reference TEXT NOT NULL,
    consignment_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (equipment_reference, consignment_id)
);

-- Every accepted event, carrier or customs, in DCSA Track & Trace 2.2 shape (body). seq orders the events API, the
-- export and the subscription cursors. A correction is a new row whose retracts_event_id names the one it retracts;
-- no row is ever updated.
CREATE TABLE corridor_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    consignment_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    classifier TEXT NOT NULL,
    type_code TEXT NOT NULL,
    event_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    equipment_reference TEXT NULL,
    transport_document TEXT NOT NULL,
    locode TEXT NULL,
    office_code TEXT NULL,
    source TEXT NOT NULL,
    retracts_event_id TEXT NULL,
    seals TEXT NOT NULL,
    body TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE INDEX ix_corridor_events_consignment ON corridor_events (consignment_id, event_at);
CREATE INDEX ix_corridor_events_equipment ON corridor_events (equipment_reference, seq);
CREATE INDEX ix_corridor_events_document ON corridor_events (transport_document, seq);
CREATE INDEX ix_corridor_events_created ON corridor_events (created_at, seq);

-- Events refused (schema, unknown consignment or equipment, future time), kept as received with the first fault.
CREATE TABLE corridor_refused_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    received_at TEXT NOT NULL,
    code TEXT NOT NULL,
    pointer TEXT NOT NULL,
    reason TEXT NOT NULL,
    body TEXT NOT NULL
);

-- Seal checks at offices: outcome intact, broken or replaced; mismatch = 1 when it differs from departure.
CREATE TABLE corridor_seal_checks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    consignment_id TEXT NOT NULL,
    office_code TEXT NOT NULL,
    equipment_reference TEXT NOT NULL,
    outcome TEXT NOT NULL,
    found TEXT NOT NULL,
    new_seals TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    mismatch INTEGER NOT NULL,
    reason TEXT NOT NULL,
    event_id TEXT NOT NULL
);
CREATE INDEX ix_corridor_seal_checks_consignment ON corridor_seal_checks (consignment_id, checked_at);

-- Alerts: alert_key = consignment|kind|place is the primary key, so the background job never raises one twice, across
-- restarts. notify: the offices told (comma-separated).
CREATE TABLE corridor_alerts (
    alert_key TEXT PRIMARY KEY,
    consignment_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    place TEXT NOT NULL,
    reason TEXT NOT NULL,
    notify TEXT NOT NULL,
    raised_at TEXT NOT NULL,
    acknowledged_at TEXT NULL,
    acknowledged_by TEXT NULL
);
CREATE INDEX ix_corridor_alerts_consignment ON corridor_alerts (consignment_id);

-- Event subscriptions (DCSA push): events with seq above delivered_seq that match the filters are posted to callback_url,
-- signed with secret (HMAC-SHA256), in order; delivered_seq moves only after a 2xx answer.
CREATE TABLE corridor_subscriptions (
    id TEXT PRIMARY KEY,
    callback_url TEXT NOT NULL,
    secret TEXT NOT NULL,
    event_types TEXT NOT NULL,
    equipment_reference TEXT NULL,
    transport_document TEXT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    delivered_seq INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT NULL
);
