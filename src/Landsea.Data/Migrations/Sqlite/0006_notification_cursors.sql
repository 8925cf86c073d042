-- The notification feed (issue 15): how far each account has acknowledged the feed of status changes it may see.
-- The feed itself is declaration_events in id order; this table holds one cursor per account, never moving back.
CREATE TABLE notification_cursors (
    account TEXT PRIMARY KEY,
    acknowledged BIGINT NOT NULL,
    acknowledged_at TEXT NOT NULL
);
