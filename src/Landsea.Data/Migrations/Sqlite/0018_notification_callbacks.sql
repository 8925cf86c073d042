-- Issue 15 item 8: push of the notification feed to a callback URL an account registers (owned by
-- Data/Declarations/NotificationCallbacks). One row per account: where to push, how far the push has delivered (a feed
-- cursor, independent of the account's acknowledged cursor), and the retry state: consecutive failures, when the next
-- attempt is due, the last error, and when and why the callback was parked after repeated failure.
CREATE TABLE notification_callbacks (
    account TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    registered_by TEXT NOT NULL,
    delivered_cursor BIGINT NOT NULL,
    delivered_count BIGINT NOT NULL DEFAULT 0,
    last_delivered_at TEXT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NULL,
    last_error TEXT NULL,
    parked_at TEXT NULL,
    parked_reason TEXT NULL
);
