-- Transit movements at the office of departure (NCTS phase 5): the movements, every message in and out kept as
-- received or written (rejected ones too), each state transition with its office and actor, and the guarantees.
-- Instants are ISO-8601 UTC text; amounts are invariant decimal text with their ISO 4217 currency (exact, no float).
CREATE TABLE transit_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    movement_id BIGINT,
    direction TEXT NOT NULL,
    message_type TEXT,
    format TEXT NOT NULL,
    sender TEXT,
    message_identification TEXT,
    mrn TEXT,
    valid INTEGER NOT NULL,
    errors_json TEXT NOT NULL,
    body BLOB NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL
);
CREATE INDEX ix_transit_messages_movement ON transit_messages (movement_id, id);

-- A message identification counts once per sender among accepted inbound messages (NCTS functional error 26).
CREATE TABLE transit_message_ids (
    sender TEXT NOT NULL,
    message_identification TEXT NOT NULL,
    message_id BIGINT NOT NULL,
    PRIMARY KEY (sender, message_identification)
);

CREATE TABLE transit_movements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    lrn TEXT NOT NULL,
    mrn TEXT UNIQUE,
    holder_id TEXT NOT NULL,
    departure_office TEXT NOT NULL,
    destination_office TEXT NOT NULL,
    state TEXT NOT NULL,
    amount_to_cover TEXT,
    currency TEXT,
    grn TEXT,
    access_code TEXT,
    submitted_at TEXT NOT NULL,
    time_limit TEXT,
    updated_at TEXT NOT NULL,
    declaration_message_id BIGINT NOT NULL,
    UNIQUE (holder_id, lrn)
);
CREATE INDEX ix_transit_movements_state ON transit_movements (state, submitted_at);
CREATE INDEX ix_transit_movements_departure ON transit_movements (departure_office, submitted_at);

CREATE TABLE transit_transitions (
    movement_id BIGINT NOT NULL REFERENCES transit_movements (id),
    seq INTEGER NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    message TEXT NOT NULL,
    at TEXT NOT NULL,
    office TEXT NOT NULL,
    actor TEXT NOT NULL,
    PRIMARY KEY (movement_id, seq)
);

CREATE TABLE transit_guarantees (
    grn TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    holder_id TEXT NOT NULL,
    access_code TEXT NOT NULL,
    currency TEXT NOT NULL,
    reference_amount TEXT NOT NULL,
    reserved_amount TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- The serial of the next transit MRN per issuing prefix (procedure category J).
CREATE TABLE transit_mrn_counters (
    prefix TEXT PRIMARY KEY,
    next_serial BIGINT NOT NULL
);
