-- Issue 14 item 5: one row per goods item of an import or export declaration, for foreign-trade statistics (ADR 0402,
-- docs/statistics.md). Owned by Data/Statistics (TradeLines): written in the transaction that accepts, amends or
-- invalidates the declaration; "landsea stats rebuild" fills it for declarations stored before this migration.
-- Values are integer minor units (value_minor in the node's currency, value_usd_minor in US cents) so sums are exact.
-- counted = 1 while the declaration counts in statistics (accepted or later, not invalidated or rejected).
-- hs_code is the declared code's digits (6-10), empty when the item states none. local_day/local_month/local_year are
-- the acceptance day in the office's time zone. rate_month is the month whose FRED average converted the amount.
CREATE TABLE trade_lines (
    declaration_id BIGINT NOT NULL,
    item_sequence INTEGER NOT NULL,
    mrn TEXT NOT NULL,
    flow TEXT NOT NULL,
    hs_code TEXT NOT NULL,
    hs_chapter TEXT NOT NULL,
    hs_section TEXT NOT NULL,
    partner_country TEXT NULL,
    trader_id TEXT NOT NULL,
    office_code TEXT NOT NULL,
    region TEXT NOT NULL,
    local_day TEXT NOT NULL,
    local_month TEXT NOT NULL,
    local_year INTEGER NOT NULL,
    mode TEXT NULL,
    corridor_line TEXT NOT NULL,
    value_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    value_usd_minor BIGINT NOT NULL,
    item_currency TEXT NULL,
    item_amount TEXT NULL,
    rate_month TEXT NULL,
    value_status TEXT NOT NULL,
    counted INTEGER NOT NULL
);
CREATE INDEX ix_trade_lines_declaration ON trade_lines (declaration_id, item_sequence);
-- The measures capability matches products and markets over a period.
CREATE INDEX ix_trade_lines_hs ON trade_lines (hs_chapter, hs_code, partner_country, local_day);

-- The figures read this roll-up, not the lines: the counted lines' integer sums by month and by every key a report
-- breaks down by, kept by TradeLineStore in the same transaction as the lines (the changes of the lines it replaces are
-- subtracted, the new ones added), recomputed from trade_lines by "landsea stats rebuild". Empty text for a key the
-- line does not state (partner, mode).
CREATE TABLE trade_months (
    local_year INTEGER NOT NULL,
    local_month TEXT NOT NULL,
    flow TEXT NOT NULL,
    partner_country TEXT NOT NULL,
    hs_chapter TEXT NOT NULL,
    hs_section TEXT NOT NULL,
    mode TEXT NOT NULL,
    corridor_line TEXT NOT NULL,
    region TEXT NOT NULL,
    value_minor BIGINT NOT NULL,
    value_usd_minor BIGINT NOT NULL,
    lines BIGINT NOT NULL,
    unvalued BIGINT NOT NULL,
    PRIMARY KEY (local_year, local_month, flow, partner_country, hs_chapter, hs_section, mode, corridor_line, region)
);
