-- Issue 15: the notification feed must never skip a status change. On PostgreSQL, event ids come from a sequence, so
-- event 10 can commit before event 9 does; a reader that saw 10 and moved its cursor past it would never see 9.
-- Each event now records the transaction that wrote it (tx, xid8); the feed reads only events whose transaction is
-- older than every transaction still running (pg_snapshot_xmin), or later than any this cluster has started (a row
-- restored from another cluster). Rows written before this migration have tx NULL and are read as before.
-- No table rewrite: the column is added without a default, then the default is set for new rows.
ALTER TABLE declaration_events ADD COLUMN tx xid8 NULL;
ALTER TABLE declaration_events ALTER COLUMN tx SET DEFAULT pg_current_xact_id();
