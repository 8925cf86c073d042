-- Issue 11 items 5 and 7: the priority lane, pre-clearance and seal incidents (owned by Data/Corridor: CorridorStore).
-- Instants are StoredTime text (UTC).

-- Every change of a consignment's lane, never updated or deleted: flagged (priority = 1) or unflagged, by whom
-- (user, role, trader identifier), why and when.
CREATE TABLE corridor_priority_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    consignment_id TEXT NOT NULL,
    priority INTEGER NOT NULL,
    by_user TEXT NOT NULL,
    role TEXT NOT NULL,
    trader_id TEXT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX ix_corridor_priority_changes_consignment ON corridor_priority_changes (consignment_id, id);

-- Consignments flagged before this migration keep a change naming who flagged them (priority_by), without a reason.
INSERT INTO corridor_priority_changes (consignment_id, priority, by_user, role, trader_id, reason, at)
    SELECT id, 1, COALESCE(priority_by, declared_by), 'unknown', NULL, 'flagged before migration 0020: no reason recorded', created_at
    FROM corridor_consignments WHERE priority = 1;

-- The MRNs covering each consignment (from its model), so that the work queue, the scans review and pre-clearance ask
-- "is this MRN on a priority consignment" with an index. Read by Data/Declarations for the work queue's lane.
CREATE TABLE corridor_consignment_mrns (
    mrn TEXT NOT NULL,
    consignment_id TEXT NOT NULL,
    PRIMARY KEY (mrn, consignment_id)
);
INSERT INTO corridor_consignment_mrns (mrn, consignment_id)
    SELECT DISTINCT j.value, c.id FROM corridor_consignments c, json_each(c.model_json, '$.mrns') j;

-- Pre-clearance: when the node found a priority consignment pre-cleared on pre-arrival data, and the verdict's words.
ALTER TABLE corridor_consignments ADD COLUMN pre_cleared_at TEXT NULL;
ALTER TABLE corridor_consignments ADD COLUMN pre_cleared_note TEXT NULL;
CREATE INDEX ix_corridor_consignments_priority ON corridor_consignments (priority, arrived_at);

-- Seal incidents (IE180-style) sent to the departure office's node, or received from an office of another node:
-- direction 'sent' or 'received'; incident_id is the message's subject, unique per direction so a replay is one row.
CREATE TABLE corridor_incidents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id TEXT NOT NULL,
    direction TEXT NOT NULL,
    consignment_id TEXT NOT NULL,
    office_code TEXT NOT NULL,
    partner_node TEXT NOT NULL,
    equipment_reference TEXT NOT NULL,
    outcome TEXT NOT NULL,
    found TEXT NOT NULL,
    expected TEXT NOT NULL,
    reason TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (incident_id, direction)
);
CREATE INDEX ix_corridor_incidents_consignment ON corridor_incidents (consignment_id, checked_at);
