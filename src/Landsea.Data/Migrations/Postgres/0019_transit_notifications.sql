-- Issue 15 item 8 and issue 10: the notification feed carries transit movements as well as declarations. One row per
-- NCTS message this node sent to a trader (IE928, IE028, IE029, IE051, IE056, IE060, IE043, IE045, ...), written by
-- Data/Transit/TransitStore in the transaction that sent it, read by Data/Declarations/NotificationFeed.
-- The id is a cursor of the one feed: it is drawn from declaration_events' id sequence (NotificationFeed.NextCursorAsync),
-- so one cursor orders declarations and movements alike and the cursors traders already hold stay valid.
-- holder_id is the movement's holder (its trader sees the row); account is the account whose lodged message the row
-- answers (an arrival lodged by the trader at destination). Messages sent before this migration are not in the feed.
CREATE TABLE transit_notifications (
    id BIGINT PRIMARY KEY,
    message_id BIGINT NOT NULL,
    in_reply_to BIGINT NULL,
    movement_id BIGINT NULL,
    mrn TEXT NULL,
    lrn TEXT NULL,
    message_type TEXT NOT NULL,
    state TEXT NULL,
    holder_id TEXT NULL,
    account TEXT NULL,
    office_code TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX ix_transit_notifications_holder ON transit_notifications (holder_id, id);
CREATE INDEX ix_transit_notifications_account ON transit_notifications (account, id);
