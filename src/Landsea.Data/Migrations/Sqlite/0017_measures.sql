-- Issue 14 part A: the register of WTO TBT/SPS notifications, traders' subscriptions and the alerts they raised (owned by
-- Data/Measures, docs/measures.md). measure_notifications holds one row per document symbol: the checked fields as JSON
-- (model_json, read back through the file reader's checks), the columns the node filters by, a fingerprint of the fields
-- (a reload with other fields is a change: version + 1) and who stored it. changes_symbol is the notification an addendum,
-- corrigendum or revision changes. Dates are calendar days yyyy-MM-dd; instants are UTC text (StoredTime).
CREATE TABLE measure_notifications (
    symbol TEXT PRIMARY KEY,
    area TEXT NOT NULL,
    notification_type TEXT NOT NULL,
    member TEXT NOT NULL,
    changes_symbol TEXT NULL,
    distributed_on TEXT NULL,
    comment_deadline TEXT NULL,
    entry_into_force TEXT NULL,
    model_json TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    version INTEGER NOT NULL,
    stored_at TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    stored_by TEXT NOT NULL
);
CREATE INDEX ix_measure_notifications_member ON measure_notifications (member, distributed_on);

-- The products each notification covers (its own HS codes, or those of the notification it changes), one row per code, for
-- the match with trade_lines by range: hs_code >= hs_prefix AND hs_code < hs_end within hs_chapter, and member =
-- partner_country of exports. No code of one notification covers another of it, so a line matches a notification once.
CREATE TABLE measure_hs (
    symbol TEXT NOT NULL,
    hs_prefix TEXT NOT NULL,
    hs_chapter TEXT NOT NULL,
    hs_end TEXT NOT NULL,
    member TEXT NOT NULL,
    PRIMARY KEY (symbol, hs_prefix)
);
CREATE INDEX ix_measure_hs_chapter ON measure_hs (hs_chapter, hs_prefix);

-- A trader's subscription: HS chapters, headings or codes and markets (';'-separated; no country = every market).
CREATE TABLE measure_subscriptions (
    id TEXT PRIMARY KEY,
    trader_id TEXT NOT NULL,
    hs_codes TEXT NOT NULL,
    countries TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);
CREATE INDEX ix_measure_subscriptions_trader ON measure_subscriptions (trader_id);

-- An alert: a new or changed notification (at its version) that a subscription concerns, raised in the transaction that
-- stored the notification or made the subscription. At most one per subscription, notification and version.
CREATE TABLE measure_alerts (
    id TEXT PRIMARY KEY,
    trader_id TEXT NOT NULL,
    subscription_id TEXT NOT NULL,
    symbol TEXT NOT NULL,
    change TEXT NOT NULL,
    version INTEGER NOT NULL,
    raised_at TEXT NOT NULL,
    UNIQUE (subscription_id, symbol, version)
);
CREATE INDEX ix_measure_alerts_trader ON measure_alerts (trader_id, raised_at);
